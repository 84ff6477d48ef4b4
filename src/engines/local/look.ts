/**
 * The first look at each log file of the window: its size, whether it opens as a delivered log file does, and
 * its size decompressed. Enough to size DuckDB's buffer and to pick which files need a closer look.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { constants, gunzipSync } from 'node:zlib';
import type { LogFile } from './files.js';

/** Deflate cannot shrink data more than about 1,032 times: a larger claimed size is not a real trailer. */
const MAX_DEFLATE_RATIO = 1032;
/** How a delivered log file begins; anything else is looked at closely before it is trusted. */
const LOG_FILE_START = /^\s*\{\s*"Records"\s*:\s*\[/;
const HEAD_BYTES = 256;

/** A log file of the window with its size, as the first look at it finds them. */
export interface SizedLogFile extends LogFile {
  readonly bytes: number;
}

export interface FileLook {
  readonly file: SizedLogFile;
  /** The file opens as a delivered log file does. */
  readonly startsLikeLogFile: boolean;
  /** Its size once decompressed: gzip's trailer records it (modulo 4 GiB). */
  readonly uncompressedBytes: number;
}

/**
 * Reads only the size, the first bytes and the gzip trailer: enough to see `{"Records":[` and the size
 * decompressed. Synchronous on purpose: thousands of tiny reads cost more in promise round-trips than in I/O.
 * A file that cannot even be opened is left to the close look, which names the reason.
 */
export function lookAt(listed: LogFile): FileLook {
  let descriptor: number | undefined;
  try {
    descriptor = openSync(listed.absolutePath, 'r');
    const file = { ...listed, bytes: fstatSync(descriptor).size };
    const head = Buffer.alloc(HEAD_BYTES);
    const headBytes = readSync(descriptor, head, 0, HEAD_BYTES, 0);
    if (!file.absolutePath.endsWith('.gz')) {
      const text = head.subarray(0, headBytes).toString('utf8');
      return { file, startsLikeLogFile: LOG_FILE_START.test(text), uncompressedBytes: file.bytes };
    }
    const trailer = Buffer.alloc(4);
    readSync(descriptor, trailer, 0, 4, Math.max(0, file.bytes - 4));
    const size = trailer.readUInt32LE(0);
    const text = gunzipSync(head.subarray(0, headBytes), { finishFlush: constants.Z_SYNC_FLUSH }).toString(
      'utf8',
    );
    return {
      file,
      startsLikeLogFile: LOG_FILE_START.test(text),
      uncompressedBytes: size <= file.bytes * MAX_DEFLATE_RATIO ? size : 0,
    };
  } catch {
    return { file: { ...listed, bytes: 0 }, startsLikeLogFile: false, uncompressedBytes: 0 };
  } finally {
    if (descriptor !== undefined) closeSync(descriptor);
  }
}
