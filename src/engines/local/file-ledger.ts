/**
 * The local engine's ledger of the log files it lists: for each prepared table, its files (a set), and for each
 * file how it is read now (by the reading threads, by DuckDB directly through a descriptor the engine holds,
 * leniently, with lone surrogates rewritten) or why it is not. Files are numbered across sets; the number
 * travels with a file's JSON through DuckDB. A window can hold a million files: a file's state is a byte.
 */
import type { DeliveredFiles, UnreadableFile } from '../../core/engine.js';
import type { FileVerdict } from './closer-look.js';
import type { HeldFile } from './direct-read.js';
import type { LogFileList } from './log-file-list.js';
import type { FilesToRead } from './file-stream.js';
import type { DirectFiles } from './view.js';

const LENIENT = 1;
const REPAIR = 2;
const UNREADABLE = 4;

interface FileSet {
  readonly list: LogFileList;
  /** The number of its first file. */
  readonly first: number;
}

export class FileLedger {
  /** Set n is at n - 1. */
  private readonly sets: FileSet[] = [];
  private state = new Uint8Array(1024);
  private count = 0;
  /** Files held open for DuckDB's reader (direct-read.ts), or, once moved, for the reading threads. */
  private readonly held = new Map<number, HeldFile & { direct: boolean }>();
  private readonly unreadable: UnreadableFile[] = [];

  /** Adds a table's files as a new set, with what the listing could not read; returns the set's number. */
  add(list: LogFileList, listedUnreadable: readonly UnreadableFile[]): number {
    this.unreadable.push(...listedUnreadable);
    this.sets.push({ list, first: this.count });
    this.count += list.count;
    if (this.state.length < this.count) {
      const grown = new Uint8Array(Math.max(this.count, this.state.length * 2));
      grown.set(this.state);
      this.state = grown;
    }
    return this.sets.length;
  }

  /** The numbers of a set's files, first and last + 1. */
  range(set: number): { first: number; end: number } {
    const { first, list } = this.sets[set - 1]!;
    return { first, end: first + list.count };
  }

  private locate(n: number): { list: LogFileList; index: number } {
    for (const { list, first } of this.sets) {
      if (n < first + list.count) return { list, index: n - first };
    }
    throw new Error(`no log file numbered ${n}`);
  }

  key(n: number): string {
    const { list, index } = this.locate(n);
    return list.key(index);
  }

  absolutePath(n: number): string {
    const { list, index } = this.locate(n);
    return list.absolutePath(index);
  }

  bytes(n: number): number {
    const { list, index } = this.locate(n);
    return list.bytes(index);
  }

  /** The number of the file's day folder in its set (see listFiles). */
  folder(n: number): number {
    const { list, index } = this.locate(n);
    return list.folder(index);
  }

  lenient(n: number): boolean {
    return (this.state[n]! & LENIENT) !== 0;
  }

  /** Holds a file open: DuckDB reads it directly, or the reading threads through the descriptor's name. */
  hold(n: number, file: HeldFile): void {
    this.held.set(n, { ...file });
  }

  /** A set's files the reading threads read (only those named, when `only` is given), as the table function reads them. */
  files(set: number, only?: ReadonlySet<number>): FilesToRead {
    const { first, end } = this.range(set);
    const numbers: number[] = [];
    for (let n = first; n < end; n++) {
      if (this.state[n]! & UNREADABLE || this.held.get(n)?.direct || (only && !only.has(n))) continue;
      numbers.push(n);
    }
    return {
      count: numbers.length,
      describe: (index) => {
        const n = numbers[index]!;
        // A file held open is read through its descriptor: it is the file that was checked.
        const path = this.held.get(n)?.path ?? this.absolutePath(n);
        return { file: n, path, bytes: this.bytes(n), repair: (this.state[n]! & REPAIR) !== 0 };
      },
    };
  }

  /** A set's files DuckDB reads directly, through the descriptors the engine holds. */
  direct(set: number): DirectFiles {
    const { first, end } = this.range(set);
    const direct: DirectFiles[number][] = [];
    for (const [n, file] of this.held) {
      if (n >= first && n < end && file.direct && !(this.state[n]! & UNREADABLE))
        direct.push({ n, path: file.path, folder: this.folder(n), filePath: this.absolutePath(n) });
    }
    return direct;
  }

  /** Sends files DuckDB failed on to the reading threads; false when none was read directly. */
  toReadingThreads(numbers: readonly number[]): boolean {
    let moved = false;
    for (const n of numbers) {
      const file = this.held.get(n);
      moved ||= file?.direct === true;
      if (file) file.direct = false;
    }
    return moved;
  }

  /** The descriptors held, to close with the engine. */
  heldDescriptors(): number[] {
    return [...this.held.values()].map((file) => file.fd);
  }

  /** The sets with a file still read. */
  setsRead(): number[] {
    return this.sets.flatMap(({ first, list }, i) => {
      for (let n = first; n < first + list.count; n++) if (!(this.state[n]! & UNREADABLE)) return [i + 1];
      return [];
    });
  }

  setAside(n: number, reason: string): void {
    if (this.state[n]! & UNREADABLE) return;
    this.state[n]! |= UNREADABLE;
    const path = this.key(n);
    const named = [this.absolutePath(n), this.held.get(n)?.path].filter((p): p is string => p !== undefined);
    this.unreadable.push({ path, reason: named.reduce((text, p) => text.replaceAll(p, path), reason) });
  }

  /** Applies the closer look's verdicts; false when none changes how a file is read. */
  apply(verdicts: readonly FileVerdict[]): boolean {
    let changed = false;
    for (const { file, kind, reason } of verdicts) {
      if (this.state[file]! & UNREADABLE) continue;
      changed = true;
      if (kind === 'lenient') this.state[file]! |= LENIENT;
      else if (kind === 'repair' && !(this.state[file]! & REPAIR)) this.state[file]! |= REPAIR;
      else this.setAside(file, reason);
    }
    return changed;
  }

  /** The compressed bytes of a set's files still read: what a query of its table scans, as Athena counts it. */
  readBytes(set: number): number {
    const { first, list } = this.sets[set - 1]!;
    let total = 0;
    for (let i = 0; i < list.count; i++) if (!(this.state[first + i]! & UNREADABLE)) total += list.bytes(i);
    return total;
  }

  /**
   * The files read per account, region and delivery day: every file listed there and not set aside, one whose
   * Records array is empty included, which no query row stands for.
   */
  delivered(): DeliveredFiles[] {
    const cells = new Map<string, DeliveredFiles & { files: number }>();
    for (const { first, list } of this.sets) {
      for (let i = 0; i < list.count; i++) {
        if (this.state[first + i]! & UNREADABLE) continue;
        const { account, region, timestamp } = list.folders[list.folder(i)]!;
        const key = `${account}/${region}/${timestamp}`;
        const cell = cells.get(key) ?? { account, region, day: timestamp.replaceAll('/', '-'), files: 0 };
        cells.set(key, cell);
        cell.files += 1;
      }
    }
    return [...cells.values()];
  }

  lenientFiles(): number {
    let count = 0;
    for (let n = 0; n < this.count; n++) if ((this.state[n]! & (LENIENT | UNREADABLE)) === LENIENT) count++;
    return count;
  }

  /** Each file that could not be read, once, even when two tables' sets both list it. */
  unreadableFiles(): UnreadableFile[] {
    const once = new Map(this.unreadable.map((file) => [file.path, file]));
    return [...once.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }
}
