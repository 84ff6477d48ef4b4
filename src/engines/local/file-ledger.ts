/**
 * The local engine's ledger of the log files it lists: for each prepared table, its files with their sizes,
 * and for each file how it is read now (as it is, leniently, with lone surrogates rewritten) or why it is not.
 * Files are numbered across tables; the number travels with a file's JSON through DuckDB.
 */
import type { UnreadableFile } from '../../core/engine.js';
import type { TableLayout } from '../../core/layout.js';
import type { FileVerdict } from './closer-look.js';
import type { LogFile } from './files.js';
import { directSize } from './direct-read.js';
import type { LogFileRow } from './log-file-table.js';

interface FileState {
  readonly file: LogFile;
  readonly set: number;
  /** Its size decompressed, while DuckDB reads it directly (direct-read.ts); else the reading threads do. */
  direct: number | undefined;
  lenient: boolean;
  repair: boolean;
  unreadable: boolean;
}

export class FileLedger {
  /** Each set's file numbers; set n is at n - 1. */
  private readonly sets: number[][] = [];
  private readonly files: FileState[] = [];
  private readonly unreadable: UnreadableFile[] = [];
  /** Each set's rows for the reading threads, as long as no file changes how it is read. */
  private readonly rowsOf = new Map<number, LogFileRow[]>();

  /** Adds a table's files as a new set, with what the listing could not read; returns the set's number. */
  add(files: readonly LogFile[], listedUnreadable: readonly UnreadableFile[], limit: number): number {
    this.unreadable.push(...listedUnreadable);
    const set = this.sets.length + 1;
    this.sets.push(
      files.map((file) => {
        const direct = directSize(file.absolutePath, file.bytes, limit);
        return this.files.push({ file, set, direct, lenient: false, repair: false, unreadable: false }) - 1;
      }),
    );
    return set;
  }

  /** A set's files with their numbers, whether read or not. */
  listed(set: number): Array<{ n: number; file: LogFile }> {
    return (this.sets[set - 1] ?? []).map((n) => ({ n, file: this.files[n]!.file }));
  }

  /** A set's files the reading threads read, as the table function reads them. */
  rows(set: number): readonly LogFileRow[] {
    const known = this.rowsOf.get(set);
    if (known) return known;
    const rows: LogFileRow[] = [];
    for (const n of this.sets[set - 1] ?? []) {
      const { file, direct, lenient, repair, unreadable } = this.files[n]!;
      if (!unreadable && direct === undefined) {
        rows.push({ file: n, path: file.absolutePath, bytes: file.bytes, lenient, repair });
      }
    }
    this.rowsOf.set(set, rows);
    return rows;
  }

  /** A set's files DuckDB reads directly, with their size decompressed. */
  direct(set: number): Array<{ n: number; path: string; size: number; bytes: number }> {
    return (this.sets[set - 1] ?? []).flatMap((n) => {
      const { file, direct, unreadable } = this.files[n]!;
      return unreadable || direct === undefined
        ? []
        : [{ n, path: file.absolutePath, size: direct, bytes: file.bytes }];
    });
  }

  /** Sends files DuckDB failed on to the reading threads; false when none was read directly. */
  toReadingThreads(numbers: readonly number[]): boolean {
    let moved = false;
    for (const n of numbers) {
      const state = this.files[n]!;
      moved ||= state.direct !== undefined;
      state.direct = undefined;
      this.rowsOf.delete(state.set);
    }
    return moved;
  }

  /** The sets with a file still read. */
  setsRead(): number[] {
    return [...new Set(this.files.filter((f) => !f.unreadable).map((f) => f.set))];
  }

  setAside(n: number, reason: string): void {
    const state = this.files[n]!;
    if (state.unreadable) return;
    state.unreadable = true;
    this.rowsOf.delete(state.set);
    const { key, absolutePath } = state.file;
    this.unreadable.push({ path: key, reason: reason.replaceAll(absolutePath, key) });
  }

  /** Applies the closer look's verdicts; false when none changes how a file is read. */
  apply(verdicts: readonly FileVerdict[]): boolean {
    let changed = false;
    for (const { file, kind, reason } of verdicts) {
      const state = this.files[file]!;
      if (state.unreadable) continue;
      changed = true;
      this.rowsOf.delete(state.set);
      if (kind === 'lenient') state.lenient = true;
      else if (kind === 'repair' && !state.repair) state.repair = true;
      else this.setAside(file, reason);
    }
    return changed;
  }

  /** The compressed bytes of the files still read: what the engine scans, as Athena counts it. */
  readBytes(): number {
    return this.files.reduce((sum, f) => sum + (f.unreadable ? 0 : f.file.bytes), 0);
  }

  lenientFiles(): number {
    return this.files.filter((f) => f.lenient && !f.unreadable).length;
  }

  unreadableFiles(): UnreadableFile[] {
    return [...this.unreadable].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }
}

/** A file's partition value in the layout's column. */
export function partitionValue(file: LogFile, partition: TableLayout['partitions'][number]): string {
  return partition === 'timestamp' ? file.timestamp : file[partition];
}
