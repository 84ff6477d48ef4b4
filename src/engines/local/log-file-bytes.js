// @ts-check
/**
 * A log file's bytes as DuckDB is given them (see reading-thread.js): opened once and checked
 * (log-file-open.js), decompressed when gzip, a byte order mark dropped, lone surrogate escapes rewritten when
 * asked. A small file is read whole; a file whose JSON is larger than WHOLE_BYTES is left to stream
 * (log-file-stream.js), so that memory is bounded whatever its size. Whatever makes a file unreadable is named
 * here (gzip-faults.js): a gzip stream that is truncated or followed by bytes that are not gzip, an empty file.
 * A file that is not gzip at all is read as the plain JSON it may be, as Athena reads it.
 */
import { readSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { gzipProblem } from './gzip-faults.js';
import { closeLogFile, openLogFile } from './log-file-open.js';

const BYTE_ORDER_MARK = Buffer.from([0xef, 0xbb, 0xbf]);
/** How a delivered log file begins; anything else is looked at closely by the engine before it is trusted. */
const LOG_FILE_START = /^\s*\{\s*"Records"\s*:\s*\[/;
const HEAD_BYTES = 64;
const ESCAPE = Buffer.from('\\u');
const REPLACEMENT_CHARACTER = Buffer.from('fffd');

/** JSON up to this size is handed to DuckDB whole; a larger file streams in pieces of about this size. */
export const WHOLE_BYTES = 4 << 20;
/** A file read whole, compressed, at most: a larger one streams from its descriptor. */
const WHOLE_FILE_BYTES = 1 << 20;

/** Reused for every file that fits, so a small file costs no allocation of its own. */
const scratch = Buffer.allocUnsafe(WHOLE_FILE_BYTES + 1);

/** A group read at once: small gzip files in it decompress together. */
const GROUP_FILES = 64;
const GROUP_BYTES = 256 * 1024;

/**
 * @typedef {{ body: Buffer, suspect: boolean } | { problem: string } | { stream: Streaming }} FileContent
 * @typedef {{ fd?: number, data?: Buffer }} Streaming a file to stream: from its descriptor, or the bytes read
 */

/**
 * The first files of the list, in order: each one's JSON ready for DuckDB with whether it begins otherwise than
 * a delivered log file, why it cannot be read, or what to stream; and how many files that was. Small gzip
 * files decompress together: concatenated, gzip members are one stream to zlib, which spares its set-up per
 * file, and each member's trailer (which zlib checks against what it inflated) says where its JSON ends.
 * Should anything not add up, each is decompressed alone.
 * @param {ReadonlyArray<{ path: string, repair: boolean }>} files
 * @param {string} root the logs folder, a real path
 * @returns {{ results: FileContent[], read: number }}
 */
export function readLogFiles(files, root) {
  /** @type {Array<Buffer | { problem: string } | { stream: Streaming }>} */
  const raw = [];
  let rawBytes = 0;
  while (raw.length < files.length && raw.length < GROUP_FILES && rawBytes < GROUP_BYTES) {
    const read = readRaw(/** @type {{ path: string }} */ (files[raw.length]).path, root);
    raw.push(read);
    if (Buffer.isBuffer(read)) rawBytes += read.length;
  }
  const decoded = decodeTogether(raw);
  const results = decoded.map((content, i) =>
    Buffer.isBuffer(content)
      ? finish(content, /** @type {{ repair: boolean }} */ (files[i]).repair)
      : content,
  );
  return { results, read: raw.length };
}

/**
 * A small file's bytes (a copy: the group holds them all), a large one's descriptor to stream from, or why it
 * cannot be read.
 * @param {string} path
 * @param {string} root
 * @returns {Buffer | { problem: string } | { stream: Streaming }}
 */
function readRaw(path, root) {
  const opened = openLogFile(path, root);
  if ('problem' in opened) return opened;
  if (opened.size > WHOLE_FILE_BYTES) return { stream: { fd: opened.fd } };
  try {
    let length = 0;
    for (let n = 1; n > 0 && length < scratch.length; length += n) {
      n = readSync(opened.fd, scratch, length, scratch.length - length, null);
    }
    // Grown past what fstat said since: streamed from the start like any large file.
    if (length > WHOLE_FILE_BYTES)
      return { stream: { data: Buffer.from(scratch.subarray(0, length)), fd: opened.fd } };
    closeLogFile(opened.fd);
    return Buffer.from(scratch.subarray(0, length));
  } catch (error) {
    closeLogFile(opened.fd);
    const { code, message } = /** @type {NodeJS.ErrnoException} */ (error);
    return { problem: `could not be read: ${code ?? message}` };
  }
}

/**
 * Each file's content decompressed: gzip files small enough in one zlib stream, the others alone; a file
 * whose JSON is larger than WHOLE_BYTES is left to stream.
 * @param {Array<Buffer | { problem: string } | { stream: Streaming }>} raw
 * @returns {Array<Buffer | { problem: string } | { stream: Streaming }>}
 */
function decodeTogether(raw) {
  const together = raw.flatMap((data, i) =>
    Buffer.isBuffer(data) && isGzip(data) && data.length >= 18
      ? [{ i, size: data.readUInt32LE(data.length - 4) }]
      : [],
  );
  const total = together.reduce((sum, { size }) => sum + size, 0);
  /** @type {Array<Buffer | undefined>} */
  const decoded = raw.map(() => undefined);
  if (together.length > 1 && total <= WHOLE_BYTES) {
    try {
      const input = Buffer.concat(together.map(({ i }) => /** @type {Buffer} */ (raw[i])));
      const output = gunzipSync(input, {
        maxOutputLength: Math.max(1, total),
        chunkSize: Math.max(64, total + 1),
      });
      if (output.length === total) {
        let start = 0;
        for (const { i, size } of together) {
          decoded[i] = output.subarray(start, start + size);
          start += size;
        }
      }
    } catch {
      // One of them is at fault, or larger than it claims: each is decompressed alone below.
    }
  }
  return raw.map((data, i) => decoded[i] ?? (Buffer.isBuffer(data) ? decode(data) : data));
}

/** @param {Buffer} data */
export function isGzip(data) {
  return data[0] === 0x1f && data[1] === 0x8b;
}

/**
 * One file's content decompressed when gzip, as it is when not (a plain JSON file under a .gz name is read,
 * as Athena reads it), left to stream when its JSON is larger than WHOLE_BYTES, or why it cannot be read.
 * @param {Buffer} data
 * @returns {Buffer | { problem: string } | { stream: Streaming }}
 */
function decode(data) {
  if (!isGzip(data)) return data.length > WHOLE_BYTES ? { stream: { data } } : data;
  try {
    return gunzipSync(data, { maxOutputLength: WHOLE_BYTES, chunkSize: sizeHint(data) });
  } catch (error) {
    const problem = /** @type {NodeJS.ErrnoException} */ (error);
    if (problem.code === 'ERR_BUFFER_TOO_LARGE') return { stream: { data } };
    return { problem: gzipProblem(data, problem) };
  }
}

/**
 * A file's JSON as DuckDB is given it: without a byte order mark, lone surrogates rewritten when asked; or why
 * there is none.
 * @param {Buffer} body
 * @param {boolean} repair
 * @returns {{ body: Buffer, suspect: boolean } | { problem: string }}
 */
function finish(body, repair) {
  const json = body.subarray(0, 3).equals(BYTE_ORDER_MARK) ? body.subarray(3) : body;
  const head = json.toString('latin1', 0, HEAD_BYTES);
  if (head.trim() === '' && json.toString('latin1').trim() === '') {
    return { problem: 'empty file: no JSON object' };
  }
  if (repair) replaceLoneSurrogates(json);
  return { body: json, suspect: !LOG_FILE_START.test(head) };
}

/**
 * gzip's trailer holds the size decompressed: one output buffer of that size spares zlib its growing and
 * copying. Deflate cannot shrink data more than about 1,032 times, so a larger claim is not believed.
 * @param {Buffer} data
 */
function sizeHint(data) {
  const claimed = data.length >= 18 ? data.readUInt32LE(data.length - 4) : 0;
  return Math.max(64, Math.min(claimed + 1, data.length * 1032, WHOLE_BYTES + 1));
}

/**
 * Rewrites, in place, each `\uD800`-`\uDFFF` escape that is not half of a surrogate pair as `\uFFFD`, the
 * replacement character, of the same length: JSON allows such an escape, DuckDB's parser does not, and Athena
 * reads the record. Only for a file DuckDB refused for it.
 * @param {Buffer} body
 */
export function replaceLoneSurrogates(body) {
  for (let at = body.indexOf(ESCAPE); at !== -1; at = body.indexOf(ESCAPE, at + 2)) {
    let backslashes = 0;
    while (at - backslashes >= 0 && body[at - backslashes] === 0x5c) backslashes++;
    if (backslashes % 2 === 0) continue;
    const unit = hexUnit(body, at + 2);
    const high = unit >= 0xd800 && unit <= 0xdbff;
    if (high && body[at + 6] === 0x5c && body[at + 7] === 0x75) {
      const next = hexUnit(body, at + 8);
      if (next >= 0xdc00 && next <= 0xdfff) {
        at += 6;
        continue;
      }
    }
    if (high || (unit >= 0xdc00 && unit <= 0xdfff)) REPLACEMENT_CHARACTER.copy(body, at + 2);
  }
}

/**
 * The four hex digits at `at` as a number, or -1.
 * @param {Buffer} body
 * @param {number} at
 */
function hexUnit(body, at) {
  const digits = body.toString('latin1', at, at + 4);
  return /^[0-9a-fA-F]{4}$/.test(digits) ? Number.parseInt(digits, 16) : -1;
}
