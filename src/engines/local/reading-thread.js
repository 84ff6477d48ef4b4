// @ts-check
/**
 * A reading thread of the local engine (started by reading-threads.ts): reads log files and hands back their
 * JSON (log-file-bytes.js), so that the engine's main thread only copies bytes into DuckDB. Plain JavaScript,
 * as its siblings, because a worker thread's entry must load as it is under tsx, vitest and the compiled lib/.
 *
 * A request names files; the thread reads them in order until it has about `bytes` of JSON (always at least
 * one file), and says how many it read: the main thread asks again for the rest only once DuckDB has taken
 * the answer, which is what bounds the memory in flight. A large file streams in pieces, each written to the
 * ring as it comes.
 *
 * The one rule that keeps the threads and the engine from waiting on each other in a circle: the thread waits
 * for ring space only after it has posted everything it wrote, so whatever holds the ring is in the main
 * thread's hands, which frees it as DuckDB takes it (and never itself waits long for a thread: see
 * log-file-table.ts). A stream the engine has given up (its statement ended, or was stopped) is abandoned at
 * once, even mid-file.
 */
import { workerData } from 'node:worker_threads';
import { readLogFiles } from './log-file-bytes.js';
import { closeStreaming, streamLogFile } from './log-file-stream.js';

/** @typedef {import('./log-file-bytes.js').FileContent} FileContent */

/** @typedef {{ file: number, path: string, repair: boolean }} FileRequest */
/** @typedef {{ stream: number, files: FileRequest[], limit: number, bytes: number }} Request */

/** @type {{ port: import('node:worker_threads').MessagePort, signal: SharedArrayBuffer, ring: SharedArrayBuffer, used: SharedArrayBuffer, control: SharedArrayBuffer, root: string }} */
const { port, signal, ring, used, control, root } = workerData;
const answered = new Int32Array(signal);
/** The ring this thread writes JSON into, and the bytes of it in use, which the main thread frees. */
const ringBytes = new Uint8Array(ring);
const inUse = new Int32Array(used);
/** [the last stream given up, 1 once the engine stops]: see reading-threads.ts. */
const controls = new Int32Array(control);
/** How long one wait for ring space lasts before the thread looks again whether its stream was given up. */
const WAIT_MS = 50;
/** Atomics.waitAsync, which TypeScript's ES2022 library does not declare. */
const waitAsync =
  /** @type {(array: Int32Array, index: number, value: number, timeout: number) => { async: boolean, value: Promise<string> | string }} */ (
    /** @type {{ waitAsync: Function }} */ (/** @type {unknown} */ (Atomics)).waitAsync.bind(Atomics)
  );
let cursor = 0;

class GivenUp extends Error {}

/** @type {Request[]} */
const queue = [];
let busy = false;

port.on('message', (/** @type {Request} */ request) => {
  queue.push(request);
  if (!busy) void answerAll();
});

async function answerAll() {
  busy = true;
  while (queue.length > 0) await answer(/** @type {Request} */ (queue.shift()));
  busy = false;
}

/** @param {number} stream */
function givenUp(stream) {
  return stream <= Atomics.load(controls, 0) || Atomics.load(controls, 1) !== 0;
}

/** @param {Request} request */
async function answer(request) {
  const batch = new Batch(request.stream);
  let bytes = 0;
  let read = 0;
  try {
    while (read < request.files.length && (read === 0 || bytes < request.bytes)) {
      if (givenUp(request.stream)) throw new GivenUp();
      const group = readLogFiles(request.files.slice(read), root);
      let at = 0;
      try {
        for (; at < group.results.length; at++) {
          const result = /** @type {FileContent} */ (group.results[at]);
          const { file, repair } = /** @type {FileRequest} */ (request.files[read + at]);
          if ('problem' in result) batch.results.push({ file, problem: result.problem });
          else if ('body' in result) {
            await batch.add(file, result.body, result.suspect);
            bytes += result.body.length;
          } else {
            // It closes the file's descriptor, whatever happens.
            const streamed = await streamLogFile(result.stream, { limit: request.limit, repair }, (piece) =>
              batch.add(file, piece, false),
            );
            if ('problem' in streamed) batch.results.push({ file, problem: streamed.problem });
            else bytes += streamed.bytes;
          }
        }
      } finally {
        // Files after the one the stream was given up at keep no descriptor open.
        for (const result of group.results.slice(at + 1))
          if ('stream' in result) closeStreaming(result.stream);
      }
      read += group.read;
    }
  } catch (error) {
    if (!(error instanceof GivenUp)) throw error;
    read = request.files.length;
  }
  batch.post(read);
}

/** One request's answer, posted in parts whenever the thread must wait for ring space. */
class Batch {
  /** @type {object[]} */
  results = [];

  /** @param {number} stream */
  constructor(stream) {
    this.stream = stream;
  }

  /**
   * Copies a file's JSON (at most MAX_PENDING_BYTES, well under half the ring) into the ring, after the last
   * one or, when it does not fit before the end, at the start (the end skipped counts as in use until it is
   * freed); when the ring is full, posts what the batch holds first, then waits.
   * @param {number} file
   * @param {Buffer} body
   * @param {boolean} suspect
   */
  async add(file, body, suspect) {
    // Whether it starts over at the ring's beginning: also when the last one ended exactly at the end, where
    // nothing is skipped.
    const wraps = cursor + body.length > ringBytes.length;
    const skipped = wraps ? ringBytes.length - cursor : 0;
    const span = skipped + body.length;
    if (Atomics.load(inUse, 0) + span > ringBytes.length) {
      this.post(undefined);
      await waitForSpace(span, this.stream);
    }
    if (wraps) cursor = 0;
    ringBytes.set(body, cursor);
    const start = cursor;
    cursor += body.length;
    Atomics.add(inUse, 0, span);
    this.results.push({ file, start, end: cursor, span, suspect });
  }

  /**
   * Posts what the batch holds; `read`, the files of the request read, once the request is answered.
   * @param {number | undefined} read
   */
  post(read) {
    if (read === undefined && this.results.length === 0) return;
    port.postMessage({ stream: this.stream, read, results: this.results });
    this.results = [];
    Atomics.add(answered, 0, 1);
    Atomics.notify(answered, 0);
  }
}

/**
 * Waits until the main thread has freed `span` bytes of the ring, or the stream is given up.
 * @param {number} span
 * @param {number} stream
 */
async function waitForSpace(span, stream) {
  for (let now = Atomics.load(inUse, 0); now + span > ringBytes.length; now = Atomics.load(inUse, 0)) {
    if (givenUp(stream)) throw new GivenUp();
    const wait = waitAsync(inUse, 0, now, WAIT_MS);
    if (wait.async) await wait.value;
  }
}
