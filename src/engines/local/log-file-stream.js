// @ts-check
/**
 * A large log file's JSON, streamed (see log-file-bytes.js, which hands over the files to stream): read from
 * its descriptor a megabyte at a time, inflated when gzip, counted against the expansion limit as it is
 * inflated, and cut into documents of whole records (record-pieces.js), so that memory is bounded whatever
 * the file's size.
 */
import { readSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { streamProblem, tooLarge } from './gzip-faults.js';
import { isGzip, replaceLoneSurrogates, WHOLE_BYTES } from './log-file-bytes.js';
import { closeLogFile } from './log-file-open.js';
import { PieceProblem, RecordPieces } from './record-pieces.js';

/** How much of a streaming file is read at once, and zlib's output buffer. */
const STREAM_CHUNK_BYTES = 1 << 20;
/** How much compressed data zlib is fed at once: it inflates to at most about 32 MiB. */
const WRITE_BYTES = 32 * 1024;

/** @typedef {import('./log-file-bytes.js').Streaming} Streaming */

/**
 * Streams a large file's JSON in pieces of whole records to `emit`, inflating as it goes and counting what it
 * inflates against the limit; closes its descriptor. Resolves to why the file cannot be read, if it cannot:
 * the pieces before the fault have been emitted.
 * @param {Streaming} source
 * @param {{ limit: number, repair: boolean }} options
 * @param {(piece: Buffer) => Promise<void>} emit
 * @returns {Promise<{ problem: string } | { bytes: number }>}
 */
export async function streamLogFile(source, { limit, repair }, emit) {
  const pieces = new RecordPieces(WHOLE_BYTES);
  let inflated = 0;
  try {
    const json = isGzip(firstBytes(source))
      ? gunzipped(compressedChunks(source))
      : plain(compressedChunks(source));
    for await (const chunk of json) {
      inflated += chunk.length;
      if (inflated > limit) return { problem: tooLarge(limit) };
      for (const piece of pieces.push(chunk)) await emit(repair ? replaced(piece) : piece);
    }
    for (const piece of pieces.end()) await emit(piece);
    return { bytes: inflated };
  } catch (error) {
    if (error instanceof PieceProblem) return { problem: error.message };
    const fault = /** @type {NodeJS.ErrnoException} */ (error);
    if (fault.code?.startsWith('Z_')) return { problem: streamProblem(fault, inflated) };
    if (fault.code) return { problem: `could not be read: ${fault.code}` };
    throw error;
  } finally {
    closeStreaming(source);
  }
}

/**
 * A plain JSON file's chunks, as they are.
 * @param {Iterable<Buffer>} chunks
 */
async function* plain(chunks) {
  yield* chunks;
}

/**
 * The JSON a gzip file inflates to, in the order zlib gives it. zlib is fed a little at a time (WRITE_BYTES)
 * and what it gave is handed on before more is fed, so that nothing it inflated is lost when it then fails
 * (a stream's buffered output would be), and one write inflates to at most about 1,032 times its size.
 * @param {Iterable<Buffer>} chunks
 * @returns {AsyncGenerator<Buffer>}
 */
async function* gunzipped(chunks) {
  const gunzip = createGunzip({ chunkSize: STREAM_CHUNK_BYTES });
  /** @type {Buffer[]} */
  let output = [];
  /** @type {Error | undefined} */
  let failure;
  gunzip.on('data', (/** @type {Buffer} */ chunk) => output.push(chunk));
  gunzip.on('error', (/** @type {Error} */ error) => (failure ??= error));
  /** @param {(done: () => void) => void} start */
  const settled = (start) =>
    new Promise((resolve) => {
      const done = () => {
        gunzip.off('error', done).off('close', done).off('end', done);
        resolve(undefined);
      };
      gunzip.once('error', done).once('close', done).once('end', done);
      start(done);
    });
  try {
    for (const chunk of chunks) {
      for (let at = 0; at < chunk.length && !failure; at += WRITE_BYTES) {
        await settled((done) => gunzip.write(chunk.subarray(at, at + WRITE_BYTES), () => done()));
        yield* output;
        output = [];
      }
      if (failure) throw failure;
    }
    await settled(() => gunzip.end());
    yield* output;
    if (failure) throw failure;
  } finally {
    gunzip.destroy();
  }
}

/**
 * The first two bytes of a streaming file, which say whether it is gzip.
 * @param {Streaming} source
 */
function firstBytes({ data, fd }) {
  if (data) return data;
  const head = Buffer.alloc(2);
  if (fd !== undefined) readSync(fd, head, 0, 2, 0);
  return head;
}

/**
 * What a streaming file holds compressed: the bytes already read, then the rest from its descriptor.
 * @param {Streaming} source
 */
function* compressedChunks({ data, fd }) {
  if (data) yield data;
  if (fd === undefined) return;
  for (;;) {
    const chunk = Buffer.allocUnsafe(STREAM_CHUNK_BYTES);
    const length = readSync(fd, chunk, 0, chunk.length, null);
    if (length === 0) return;
    yield chunk.subarray(0, length);
  }
}

/**
 * Lets go of a file left to stream, unread.
 * @param {Streaming} source
 */
export function closeStreaming({ fd }) {
  if (fd !== undefined) closeLogFile(fd);
}

/** @param {Buffer} piece */
function replaced(piece) {
  replaceLoneSurrogates(piece);
  return piece;
}
