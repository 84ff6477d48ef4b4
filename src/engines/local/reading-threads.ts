/**
 * The local engine's reading threads (reading-thread.js): they read and decompress log files, on every core,
 * while DuckDB parses what they have read. Each thread writes the JSON into a ring of shared memory and posts
 * where; the main thread hands DuckDB views of the ring and frees the space once DuckDB has copied them, so no
 * file costs an allocation or a garbage collection on the main thread. A scan takes the results synchronously,
 * because DuckDB asks for each chunk of a table function on the main thread and waits for it: the main thread
 * polls the threads' ports and sleeps on a shared counter they bump after each message, but never longer than
 * the caller says (log-file-table.ts hands DuckDB an empty row rather than wait on).
 *
 * Memory stays bounded whatever the window and whatever a file's size: each thread's ring is RING_BYTES and it
 * waits for space; a scan asks each thread at most ANSWERS_AHEAD answers ahead of what DuckDB took; a large
 * file streams through the ring in pieces of whole records (log-file-bytes.js). Nothing waits in a circle: a
 * thread waits for space only once everything it wrote is posted, and the main thread never waits long.
 */
import { availableParallelism } from 'node:os';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import {
  ANSWER_BYTES,
  FileStream,
  type FilesToRead,
  type FileToRead,
  type Held,
  type Stretch,
  type StreamHost,
} from './file-stream.js';

/** Where a thread put a file's JSON in its ring (`span` counts the ring's unused end skipped before it). */
type ThreadResult =
  | { file: number; start: number; end: number; span: number; suspect: boolean }
  | { file: number; problem: string };

interface Message {
  readonly stream: number;
  /** Once the request is answered: how many of its files the thread read (it stops at about ANSWER_BYTES of JSON). */
  readonly read: number | undefined;
  readonly results: readonly ThreadResult[];
}

/** Each thread's ring of shared memory. */
export const RING_BYTES = 8 * ANSWER_BYTES;
/** The shared control words: the last stream given up, and whether the engine stopped. */
const GIVEN_UP = 0;
const STOPPED = 1;

interface Thread {
  readonly worker: Worker;
  readonly port: MessagePort;
  readonly ring: SharedArrayBuffer;
  /** Bytes of the ring in use, which the thread waits on. */
  readonly used: Int32Array;
  readonly written: Stretch[];
}

export class ReadingThreads implements StreamHost {
  private readonly streams = new Map<number, FileStream>();
  private lastStream = 0;
  /** Why a thread ended, when one did: every scan then fails with it. */
  private failure: Error | undefined;

  private constructor(
    private readonly threads: readonly Thread[],
    private readonly answered: Int32Array,
    private readonly controls: Int32Array,
  ) {
    for (const { worker } of threads) {
      worker.on('error', (error) => (this.failure ??= error));
      worker.on('exit', (code) => {
        this.failure ??= new Error(`a reading thread stopped (exit code ${code})`);
      });
    }
  }

  /** Threads that read files inside `root` (a real path) only. */
  static start(root: string, count = availableParallelism()): ReadingThreads {
    const signal = new SharedArrayBuffer(4);
    const control = new SharedArrayBuffer(8);
    const threads = Array.from({ length: Math.max(1, count) }, () => {
      const { port1, port2 } = new MessageChannel();
      const ring = new SharedArrayBuffer(RING_BYTES);
      const used = new SharedArrayBuffer(4);
      const worker = new Worker(new URL('./reading-thread.js', import.meta.url), {
        workerData: { port: port2, signal, ring, used, control, root },
        // Plain JavaScript: none of the parent's loaders (tsx under `npm start` boots its hooks in every thread).
        execArgv: [],
        transferList: [port2],
      });
      worker.unref();
      return { worker, port: port1, ring, used: new Int32Array(used), written: [] };
    });
    return new ReadingThreads(threads, new Int32Array(signal), new Int32Array(control));
  }

  get count(): number {
    return this.threads.length;
  }

  /** A stream of the files' contents, in the order the threads read them; `limit` caps each file's JSON. */
  open(files: FilesToRead, limit: number): FileStream {
    const stream = new FileStream(++this.lastStream, files, limit, this);
    this.streams.set(stream.id, stream);
    return stream;
  }

  forget(stream: FileStream): void {
    this.streams.delete(stream.id);
  }

  /**
   * Gives up every open stream: once a statement has ended, a scan DuckDB stopped pulling (a LIMIT, an error)
   * holds no ring space and keeps no thread reading for it.
   */
  giveUpOpenStreams(): void {
    Atomics.store(this.controls, GIVEN_UP, this.lastStream);
    for (const stream of [...this.streams.values()]) stream.close();
    Atomics.notify(this.controls, GIVEN_UP);
    this.threads.forEach(({ used }) => Atomics.notify(used, 0));
    this.collect();
  }

  ask(thread: number, request: { stream: number; files: readonly FileToRead[]; limit: number }): void {
    const files = request.files.map(({ file, path, repair }) => ({ file, path, repair }));
    this.threads[thread]!.port.postMessage({ ...request, files, bytes: ANSWER_BYTES });
  }

  /** Hands each message the threads posted to its stream; throws once a thread has ended. */
  poll(): void {
    if (this.failure) throw this.failure;
    this.collect();
  }

  /** Waits up to `ms` for the threads to post more, then hands out what they posted. */
  waitForAnswer(ms: number): void {
    const seen = Atomics.load(this.answered, 0);
    this.poll();
    if (ms > 0) Atomics.wait(this.answered, 0, seen, ms);
    this.poll();
  }

  private collect(): void {
    this.threads.forEach(({ port, ring, written }, thread) => {
      for (let message = receiveMessageOnPort(port); message; message = receiveMessageOnPort(port)) {
        const { stream: id, read, results } = message.message as Message;
        const held = results.map((result): Held => {
          if ('problem' in result) return { read: result };
          const { file, suspect } = result;
          const stretch = { span: result.span, released: false };
          written.push(stretch);
          const body = new Uint8Array(ring, result.start, result.end - result.start);
          return { read: { file, body, suspect }, stretch: { thread, stretch } };
        });
        const stream = this.streams.get(id);
        if (stream) stream.receive(held, thread, read);
        else this.release(held);
      }
    });
  }

  /** Frees the ring space of files DuckDB has copied, in the order each thread wrote it. */
  release(held: readonly Held[]): void {
    const threads = new Set<number>();
    for (const { stretch } of held) {
      if (!stretch) continue;
      stretch.stretch.released = true;
      threads.add(stretch.thread);
    }
    for (const index of threads) {
      const { written, used } = this.threads[index]!;
      let freed = 0;
      while (written[0]?.released) freed += written.shift()!.span;
      Atomics.sub(used, 0, freed);
      Atomics.notify(used, 0);
    }
  }

  /** Stops every thread, even one waiting for ring space or in the middle of a file. */
  async close(): Promise<void> {
    Atomics.store(this.controls, STOPPED, 1);
    this.threads.forEach(({ used }) => Atomics.notify(used, 0));
    this.failure ??= new Error('the reading threads were stopped');
    await Promise.all(this.threads.map(({ worker }) => worker.terminate()));
  }
}
