/**
 * The log files a listing found, held compactly: a window can hold a million files, so each costs its name and
 * two numbers, and what its day folder says (the folder's key and path, account, region and day) is held once
 * per folder.
 */
import { sep } from 'node:path';

export interface LogFolder {
  /** Relative to the logs root, with forward slashes, as the S3 prefix. */
  readonly key: string;
  /** The folder's real path. */
  readonly absolutePath: string;
  readonly account: string;
  readonly region: string;
  /** The delivery-day partition value, `YYYY/MM/DD`. */
  readonly timestamp: string;
}

/** One log file, as the plan and the tests see it. */
export interface LogFile {
  /** Relative to the logs root, with forward slashes, as the S3 key. */
  readonly key: string;
  readonly absolutePath: string;
  readonly bytes: number;
}

export class LogFileList {
  readonly folders: LogFolder[] = [];
  private readonly names: string[] = [];
  private readonly folderOf: number[] = [];
  private readonly sizes: number[] = [];
  private total = 0;

  addFolder(folder: LogFolder): number {
    return this.folders.push(folder) - 1;
  }

  /** Adds a file of a folder added before; `bytes` is its compressed size, 0 when it cannot be looked at. */
  add(folder: number, name: string, bytes: number): void {
    this.names.push(name);
    this.folderOf.push(folder);
    this.sizes.push(bytes);
    this.total += bytes;
  }

  get count(): number {
    return this.names.length;
  }

  get totalBytes(): number {
    return this.total;
  }

  name(index: number): string {
    return this.names[index]!;
  }

  folder(index: number): number {
    return this.folderOf[index]!;
  }

  bytes(index: number): number {
    return this.sizes[index]!;
  }

  key(index: number): string {
    return `${this.folders[this.folderOf[index]!]!.key}/${this.names[index]!}`;
  }

  absolutePath(index: number): string {
    return `${this.folders[this.folderOf[index]!]!.absolutePath}${sep}${this.names[index]!}`;
  }

  file(index: number): LogFile {
    return { key: this.key(index), absolutePath: this.absolutePath(index), bytes: this.bytes(index) };
  }
}
