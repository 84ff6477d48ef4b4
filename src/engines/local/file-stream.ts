/**
 * One scan's stream of log files, read ahead by the reading threads (reading-threads.ts), and what it hands
 * DuckDB: each file's JSON, or why it could not be read.
 */

export interface FileToRead {
  /** The engine's number for the file, carried through to DuckDB. */
  readonly file: number;
  readonly path: string;
  /** Compressed size, to size the requests. */
  readonly bytes: number;
  /** Rewrite lone surrogate escapes, which DuckDB's parser refuses (see log-file-bytes.js). */
  readonly repair: boolean;
}

/** A scan's files, described one at a time as the threads are asked for them. */
export interface FilesToRead {
  readonly count: number;
  describe(index: number): FileToRead;
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

/** A stretch of a ring, in the order the thread wrote it; freed in that order once released. */
export interface Stretch {
  readonly span: number;
  released: boolean;
}

/** A file read, and the stretch of a ring it holds until DuckDB has copied it. */
export interface Held {
  read: FileRead;
  stretch?: { thread: number; stretch: Stretch };
}

/** What a stream needs of the reading threads. */
export interface StreamHost {
  readonly count: number;
  ask(thread: number, request: { stream: number; files: readonly FileToRead[]; limit: number }): void;
  /** Hands each message the threads posted to its stream; throws once a thread has ended. */
  poll(): void;
  /** Waits up to `ms` for the threads to post more, then hands out what they posted. */
  waitForAnswer(ms: number): void;
  release(held: readonly Held[]): void;
  forget(stream: FileStream): void;
}

/** JSON per answer: enough to keep a thread busy for a few milliseconds, and DuckDB a chunk's worth. */
export const ANSWER_BYTES = 4 << 20;
/** Compressed bytes per request: JSON is several times larger, so an answer rarely leaves files unread. */
const REQUEST_BYTES = ANSWER_BYTES / 4;
const REQUEST_FILES = 256;
const ANSWERS_AHEAD = 2;

/**
 * One scan's files, read ahead by the threads; `next` waits a little for a file when none is ready. A thread is
 * asked for more once DuckDB has taken all of its previous answer, and the ring space goes back once DuckDB has
 * copied it (`release`). Nothing is asked before the first `next`: a scan DuckDB has not started yet takes
 * nothing.
 */
export class FileStream {
  /** The next file never asked for. */
  private nextIndex = 0;
  /** Files a thread was asked for but did not reach, asked again first. */
  private readonly returned: FileToRead[] = [];
  /** Requests sent, per thread, each with its files, in the order the thread answers them. */
  private readonly asked: FileToRead[][][];
  private readonly ready: Array<Held & { left?: { thread: number } }> = [];
  private readonly taken: Held[] = [];
  private started = false;

  constructor(
    readonly id: number,
    private readonly files: FilesToRead,
    readonly limit: number,
    private readonly threads: StreamHost,
  ) {
    this.asked = Array.from({ length: threads.count }, () => []);
  }

  private ask(thread: number): void {
    const files: FileToRead[] = [];
    let bytes = 0;
    while (files.length < REQUEST_FILES && bytes < REQUEST_BYTES) {
      const file = this.returned.pop() ?? this.fresh();
      if (!file) break;
      files.push(file);
      bytes += file.bytes;
    }
    if (files.length === 0) return;
    this.asked[thread]!.push(files);
    this.threads.ask(thread, { stream: this.id, files, limit: this.limit });
  }

  private fresh(): FileToRead | undefined {
    return this.nextIndex < this.files.count ? this.files.describe(this.nextIndex++) : undefined;
  }

  /** What a thread posted: part of its answer to the oldest request it was sent, or (with `read`) the rest. */
  receive(held: readonly Held[], thread: number, read: number | undefined): void {
    this.ready.push(...held);
    if (read === undefined) return;
    const files = this.asked[thread]!.shift()!;
    // Files the thread did not reach come back first in line.
    this.returned.push(...files.slice(read).reverse());
    const last = this.ready.at(-1);
    if (held.length > 0 && last) last.left = { thread };
    else this.ask(thread);
  }

  /**
   * The next file read (a large file comes in several pieces); undefined once every file has been; null when
   * none is ready within `waitMs`.
   */
  next(waitMs: number): FileRead | undefined | null {
    if (!this.started) {
      this.started = true;
      for (let i = 0; i < ANSWERS_AHEAD; i++) this.asked.forEach((_, thread) => this.ask(thread));
    }
    this.threads.poll();
    for (let waited = false; ; waited = true) {
      const item = this.ready.shift();
      if (item) {
        this.taken.push(item);
        if (item.left) this.ask(item.left.thread);
        return item.read;
      }
      if (this.asked.every((requests) => requests.length === 0)) {
        if (this.returned.length === 0 && this.nextIndex >= this.files.count) return undefined;
        this.asked.forEach((_, thread) => this.ask(thread));
      }
      if (waited || waitMs <= 0) return null;
      this.threads.waitForAnswer(waitMs);
    }
  }

  /** After DuckDB has copied the files taken so far: their ring space is free again. */
  release(): void {
    this.threads.release(this.taken.splice(0));
  }

  close(): void {
    this.threads.release([...this.taken.splice(0), ...this.ready.splice(0)]);
    this.threads.forget(this);
  }
}
