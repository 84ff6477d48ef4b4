// @ts-check
/**
 * A reading thread of the local engine (started by reading-threads.ts): reads log files and hands back their
 * JSON (log-file-bytes.js), so that the engine's main thread only copies bytes into DuckDB. Plain JavaScript,
 * as its sibling, because a worker thread's entry must load as it is under tsx, vitest and the compiled lib/.
 *
 * A request names files; the thread reads them in order until it has about `bytes` of JSON (always at least
 * one file), answers once, and says how many it read: the main thread asks again for the rest only once
 * DuckDB has taken the answer, which is what bounds the memory in flight.
 */
import { workerData } from 'node:worker_threads';
import { readLogFiles, recordPieces } from './log-file-bytes.js';

/** @typedef {{ file: number, path: string, repair: boolean }} FileRequest */
/** @typedef {{ stream: number, files: FileRequest[], limit: number, bytes: number }} Request */

/** @type {{ port: import('node:worker_threads').MessagePort, signal: SharedArrayBuffer, ring: SharedArrayBuffer, used: SharedArrayBuffer }} */
const { port, signal, ring, used } = workerData;
const answered = new Int32Array(signal);
/** The ring this thread writes JSON into, and the bytes of it in use, which the main thread frees. */
const ringBytes = new Uint8Array(ring);
const inUse = new Int32Array(used);
let cursor = 0;

port.on('message', (/** @type {Request} */ request) => {
  /** @type {object[]} */
  const results = [];
  /** @type {ArrayBuffer[]} */
  const own = [];
  let bytes = 0;
  let read = 0;
  while (read < request.files.length && (read === 0 || bytes < request.bytes)) {
    const group = readLogFiles(request.files.slice(read), request.limit);
    group.results.forEach((result, i) => {
      const { file } = /** @type {FileRequest} */ (request.files[read + i]);
      if ('problem' in result) {
        results.push({ file, problem: result.problem });
        return;
      }
      for (const body of recordPieces(result.body, request.bytes)) {
        const { suspect } = result;
        if (body.length > ringBytes.length / 2) {
          const buffer = Uint8Array.from(body).buffer;
          own.push(buffer);
          results.push({ file, own: buffer, suspect });
        } else results.push({ file, ...place(body), suspect });
        bytes += body.length;
      }
    });
    read += group.read;
  }
  port.postMessage({ stream: request.stream, read, results }, own);
  Atomics.add(answered, 0, 1);
  Atomics.notify(answered, 0);
});

/**
 * Copies a file's JSON into the ring, after the last one or, when it does not fit before the end, at the start
 * (the end skipped counts as in use until it is freed); waits for the main thread to free enough first.
 * @param {Buffer} body
 */
function place(body) {
  const skipped = cursor + body.length > ringBytes.length ? ringBytes.length - cursor : 0;
  const span = skipped + body.length;
  for (let now = Atomics.load(inUse, 0); now + span > ringBytes.length; now = Atomics.load(inUse, 0)) {
    Atomics.wait(inUse, 0, now, 1000);
  }
  if (skipped > 0) cursor = 0;
  ringBytes.set(body, cursor);
  const start = cursor;
  cursor += body.length;
  Atomics.add(inUse, 0, span);
  return { start, end: cursor, span };
}
