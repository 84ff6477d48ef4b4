/**
 * The local engine's reading threads (reading-thread.js): they read and decompress log files, on every core,
 * while DuckDB parses what they have read. Each thread writes the JSON into a ring of shared memory and posts
 * where; the main thread hands DuckDB views of the ring and frees the space once DuckDB has copied them, so no
 * file costs an allocation or a garbage collection on the main thread. A scan takes the results synchronously,
 * because DuckDB asks for each chunk of a table function on the main thread and waits for it: the main thread
 * polls the threads' ports and sleeps on a shared counter they bump after each answer.
 *
 * Memory stays bounded whatever the window: each thread's ring is RING_BYTES and it waits for space; a scan
 * asks each thread at most ANSWERS_AHEAD answers ahead of what DuckDB took; no file expands beyond the limit
 * the engine gives, and a large file comes in pieces of whole records (log-file-bytes.js).
 */
import { availableParallelism } from 'node:os';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';

export interface FileToRead {
  /** The engine's number for the file, carried through to DuckDB. */
  readonly file: number;
  readonly path: string;
  /** Compressed size, to size the requests. */
  readonly bytes: number;
  /** Rewrite lone surrogate escapes, which DuckDB's parser refuses (see log-file-bytes.js). */
  readonly repair: boolean;
}

export type FileRead =
  | {
      readonly file: number;
      /** Valid until the stream's `release`: the bytes may live in a thread's ring. */
      readonly body: Uint8Array;
      /** It does not begin as a delivered log file does: the view checks it holds a Records array. */
      readonly suspect: boolean;
    }
  | { readonly file: number; readonly problem: string };

/** Where a thread put a file's JSON: its ring (`span` counts the ring's unused end skipped before it), or a buffer of its own. */
type ThreadResult =
  | { file: number; start: number; end: number; span: number; suspect: boolean }
  | { file: number; own: ArrayBuffer; suspect: boolean }
  | { file: number; problem: string };

interface Answer {
  readonly stream: number;
  /** How many of the files asked the thread read: it stops at about ANSWER_BYTES of JSON. */
  readonly read: number;
  readonly results: readonly ThreadResult[];
}

/** JSON per answer: enough to keep a thread busy for a few milliseconds, and DuckDB a chunk's worth. */
export const ANSWER_BYTES = 4 << 20;
const RING_BYTES = 8 * ANSWER_BYTES;
/** Compressed bytes per request: JSON is several times larger, so an answer rarely leaves files unread. */
const REQUEST_BYTES = ANSWER_BYTES / 4;
const REQUEST_FILES = 256;
const ANSWERS_AHEAD = 2;

/** A stretch of a ring, in the order the thread wrote it; freed in that order once released. */
interface Stretch {
  readonly span: number;
  released: boolean;
}

interface Thread {
  readonly worker: Worker;
  readonly port: MessagePort;
  readonly ring: SharedArrayBuffer;
  /** Bytes of the ring in use, which the thread waits on. */
  readonly used: Int32Array;
  readonly written: Stretch[];
}

/** A file read, and the stretch of a ring it holds until DuckDB has copied it. */
interface Held {
  read: FileRead;
  stretch?: { thread: number; stretch: Stretch };
}

export class ReadingThreads {
  private readonly streams = new Map<number, FileStream>();
  private lastStream = 0;

  private constructor(
    private readonly threads: readonly Thread[],
    private readonly answered: Int32Array,
  ) {}

  static start(count = availableParallelism()): ReadingThreads {
    const signal = new SharedArrayBuffer(4);
    const threads = Array.from({ length: Math.max(1, count) }, () => {
      const { port1, port2 } = new MessageChannel();
      const ring = new SharedArrayBuffer(RING_BYTES);
      const used = new SharedArrayBuffer(4);
      const worker = new Worker(new URL('./reading-thread.js', import.meta.url), {
        workerData: { port: port2, signal, ring, used },
        transferList: [port2],
      });
      worker.unref();
      return { worker, port: port1, ring, used: new Int32Array(used), written: [] };
    });
    return new ReadingThreads(threads, new Int32Array(signal));
  }

  get count(): number {
    return this.threads.length;
  }

  /** A stream of the files' contents, in the order the threads read them; `limit` caps each file's JSON. */
  open(files: readonly FileToRead[], limit: number): FileStream {
    const stream = new FileStream(++this.lastStream, files, limit, this);
    this.streams.set(stream.id, stream);
    return stream;
  }

  forget(stream: FileStream): void {
    this.streams.delete(stream.id);
  }

  ask(thread: number, request: { stream: number; files: readonly FileToRead[]; limit: number }): void {
    const files = request.files.map(({ file, path, repair }) => ({ file, path, repair }));
    this.threads[thread]!.port.postMessage({ ...request, files, bytes: ANSWER_BYTES });
  }

  /**
   * Waits until some thread has answered, and hands each answer to its stream. Before sleeping, the files
   * other scans hold in the rings are copied out, so that a thread never waits for space the waiting scan
   * cannot free.
   */
  waitForAnswer(waiting: FileStream): void {
    const seen = Atomics.load(this.answered, 0);
    if (this.collect()) return;
    for (const stream of this.streams.values()) if (stream !== waiting) stream.copyOutOfRings();
    Atomics.wait(this.answered, 0, seen);
    this.collect();
  }

  private collect(): boolean {
    let collected = false;
    this.threads.forEach(({ port, ring, written }, thread) => {
      for (let message = receiveMessageOnPort(port); message; message = receiveMessageOnPort(port)) {
        collected = true;
        const answer = message.message as Answer;
        const held = answer.results.map((result): Held => {
          if ('problem' in result) return { read: result };
          const { file, suspect } = result;
          if ('own' in result) return { read: { file, body: new Uint8Array(result.own), suspect } };
          const stretch = { span: result.span, released: false };
          written.push(stretch);
          const body = new Uint8Array(ring, result.start, result.end - result.start);
          return { read: { file, body, suspect }, stretch: { thread, stretch } };
        });
        const stream = this.streams.get(answer.stream);
        if (stream) stream.receive(answer.read, held, thread);
        else this.release(held);
      }
    });
    return collected;
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

  async close(): Promise<void> {
    await Promise.all(this.threads.map(({ worker }) => worker.terminate()));
  }
}

/**
 * One scan's files, read ahead by the threads; `next` blocks until a file is ready. A thread is asked for more
 * once DuckDB has taken all of its previous answer, and the ring space goes back once DuckDB has copied it
 * (`release`). Nothing is asked before the first `next`: a scan DuckDB has not started yet takes nothing.
 */
export class FileStream {
  private readonly pending: FileToRead[];
  /** Requests sent, per thread, each with its files, in the order the thread answers them. */
  private readonly asked: FileToRead[][][];
  private readonly ready: Array<Held & { left?: { thread: number } }> = [];
  private readonly taken: Held[] = [];
  private started = false;

  constructor(
    readonly id: number,
    files: readonly FileToRead[],
    readonly limit: number,
    private readonly threads: ReadingThreads,
  ) {
    this.pending = [...files].reverse();
    this.asked = Array.from({ length: threads.count }, () => []);
  }

  private ask(thread: number): void {
    const files: FileToRead[] = [];
    let bytes = 0;
    while (this.pending.length > 0 && files.length < REQUEST_FILES && bytes < REQUEST_BYTES) {
      const file = this.pending.pop()!;
      files.push(file);
      bytes += file.bytes;
    }
    if (files.length === 0) return;
    this.asked[thread]!.push(files);
    this.threads.ask(thread, { stream: this.id, files, limit: this.limit });
  }

  receive(read: number, held: readonly Held[], thread: number): void {
    const files = this.asked[thread]!.shift()!;
    // Files the thread did not reach come back first in line.
    this.pending.push(...files.slice(read).reverse());
    held.forEach((item, index) =>
      this.ready.push(index === held.length - 1 ? { ...item, left: { thread } } : item),
    );
  }

  /** The next file read (a large file may come in several pieces), or undefined once every file has been. */
  next(): FileRead | undefined {
    if (!this.started) {
      this.started = true;
      for (let i = 0; i < ANSWERS_AHEAD; i++) this.asked.forEach((_, thread) => this.ask(thread));
    }
    for (;;) {
      const item = this.ready.shift();
      if (item) {
        this.taken.push(item);
        if (item.left) this.ask(item.left.thread);
        return item.read;
      }
      if (this.asked.every((requests) => requests.length === 0)) return undefined;
      this.threads.waitForAnswer(this);
    }
  }

  /** Whether a file is ready without waiting. */
  hasReady(): boolean {
    return this.ready.length > 0;
  }

  /** After DuckDB has copied the files taken so far: their ring space is free again. */
  release(): void {
    this.threads.release(this.taken.splice(0));
  }

  /** Copies the files waiting here out of the rings, freeing them for another scan. */
  copyOutOfRings(): void {
    const inRings = this.ready.filter((item) => item.stretch);
    for (const item of inRings)
      item.read = { ...item.read, body: Uint8Array.from((item.read as { body: Uint8Array }).body) };
    this.threads.release(inRings);
    for (const item of inRings) delete item.stretch;
  }

  close(): void {
    this.threads.release([...this.taken.splice(0), ...this.ready.splice(0)]);
    this.threads.forget(this);
  }
}
