/**
 * The window's day folders of a trail's region folders, and the log files in them: only folders that exist are
 * listed (a region's year folders, then the months and days of those in the window), so a listing costs what
 * the copy holds, not the window's calendar days times its accounts and regions. What a day folder holds
 * besides log files is passed over by name or listed as unreadable with its reason, never in silence. The
 * listing says how far it has got at least every progress interval, and stops when the signal aborts.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { partitionDay } from '../../core/dates.js';
import type { UnreadableFile } from '../../core/engine.js';
import { byteSize, plural } from '../../core/wording.js';
import { listFolder, type FolderEntry } from './folders.js';
import { LogFileList } from './log-file-list.js';

/** How CloudTrail names a log file; a copy may hold it decompressed. */
const LOG_FILE = /\.json(\.gz)?$/;

export /** How a listing reports its progress and learns it must stop. */
interface ListingWatch {
  readonly log?: (message: string) => void;
  readonly intervalMs: number;
  readonly signal?: AbortSignal;
}

/** A trail's region folder to list. */
export interface Source {
  readonly account: string;
  readonly region: string;
  /** The `CloudTrail/REGION` folder, relative to the logs root. */
  readonly folder: string;
}

/** The log files in the window's day folders, what those folders hold besides, and what could not be listed. */
export async function windowFiles(
  root: string,
  sources: readonly Source[],
  days: { readonly first: string; readonly last: string },
  watch: ListingWatch,
): Promise<{ files: LogFileList; unreadable: UnreadableFile[]; passedOver: string[]; besideGzip: string[] }> {
  const files = new LogFileList();
  const unreadable: UnreadableFile[] = [];
  const passedOver: string[] = [];
  const besideGzip: string[] = [];
  const range = { first: partitionDay(days.first), last: partitionDay(days.last) };
  const progress = listingProgress(watch, files);
  for (const source of sources) {
    for await (const { folder, timestamp } of dayFolders(root, source.folder, range, unreadable, progress)) {
      const listing = listFolder(root, folder);
      if ('error' in listing) {
        unreadable.push({ path: `${folder}/`, reason: listing.error });
        continue;
      }
      const names = new Set(listing.entries.map((e) => e.name));
      let index: number | undefined;
      for (const entry of listing.entries) {
        const key = `${folder}/${entry.name}`;
        if ('reason' in entry) unreadable.push({ path: key, reason: entry.reason });
        else if (!LOG_FILE.test(entry.name)) passedOver.push(describe(key, entry));
        else if (entry.kind !== 'file')
          unreadable.push({ path: key, reason: notAFile(entry.kind, entry.absolutePath) });
        else {
          index ??= files.addFolder({
            key: folder,
            absolutePath: path.dirname(entry.absolutePath),
            account: source.account,
            region: source.region,
            timestamp,
          });
          files.add(index, entry.name, sizeOf(entry.absolutePath));
          if (!entry.name.endsWith('.gz') && names.has(`${entry.name}.gz`)) besideGzip.push(key);
        }
      }
      await progress.folderDone();
    }
  }
  progress.done();
  return { files, unreadable, passedOver, besideGzip };
}

/**
 * The day folders of a region folder that exist and fall in the range, in order: its year folders, then the
 * months and days of those in the range. An entry in the range that cannot be a folder of logs (a file, a link
 * out of the logs folder or to nothing) is listed as unreadable.
 */
async function* dayFolders(
  root: string,
  regionFolder: string,
  range: { readonly first: string; readonly last: string },
  unreadable: UnreadableFile[],
  progress: ListingProgress,
): AsyncGenerator<{ folder: string; timestamp: string }> {
  const inRange = (value: string) =>
    value >= range.first.slice(0, value.length) && value <= range.last.slice(0, value.length);
  const children = (folder: string, parent: string, pattern: RegExp): string[] => {
    const listing = listFolder(root, folder);
    if ('error' in listing) {
      unreadable.push({ path: `${folder}/`, reason: listing.error });
      return [];
    }
    return listing.entries.flatMap((entry) => {
      if (!pattern.test(entry.name) || !inRange(parent + entry.name)) return [];
      if (entry.kind === 'folder') return [entry.name];
      const reason = 'reason' in entry ? entry.reason : 'a file where a folder of logs belongs: not read';
      unreadable.push({ path: `${folder}/${entry.name}/`, reason });
      return [];
    });
  };
  for (const year of children(regionFolder, '', /^\d{4}$/)) {
    for (const month of children(`${regionFolder}/${year}`, `${year}/`, /^\d{2}$/)) {
      for (const day of children(`${regionFolder}/${year}/${month}`, `${year}/${month}/`, /^\d{2}$/)) {
        yield { folder: `${regionFolder}/${year}/${month}/${day}`, timestamp: `${year}/${month}/${day}` };
      }
      await progress.folderDone();
    }
  }
}

interface ListingProgress {
  /** After each folder: says how far the listing has got once an interval has passed, and lets a signal in. */
  folderDone(): Promise<void>;
  done(): void;
}

/** How long the listing runs before it lets other work (a signal's handler) run: it is synchronous between. */
const TURN_MS = 50;

function listingProgress(watch: ListingWatch, files: LogFileList): ListingProgress {
  const started = Date.now();
  let said = started;
  let turned = started;
  let folders = 0;
  return {
    async folderDone() {
      folders++;
      const now = Date.now();
      if (now - said >= watch.intervalMs) {
        said = now;
        watch.log?.(
          `Listing the window's day folders: ${plural(folders, 'folder')} and ${plural(files.count, 'log file')} (${byteSize(files.totalBytes)}) so far, in ${Math.round((now - started) / 1000)} s`,
        );
      }
      if (now - turned >= TURN_MS) {
        turned = now;
        await nextTurn();
        watch.signal?.throwIfAborted();
      }
    },
    done() {
      watch.signal?.throwIfAborted();
    },
  };
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

/** Why an entry named as a log file is not read: it is not a regular file. */
function notAFile(kind: 'folder' | 'other', absolutePath: string): string {
  if (kind === 'folder') return 'a folder where a log file belongs: not read';
  try {
    const stats = statSync(absolutePath);
    if (stats.isFIFO()) return 'a FIFO (named pipe), not a regular file: not read';
    if (stats.isSocket()) return 'a socket, not a regular file: not read';
    if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device, not a regular file: not read';
  } catch (error) {
    return `could not be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`;
  }
  return 'not a regular file: not read';
}

function describe(key: string, entry: FolderEntry): string {
  return entry.kind === 'folder' ? `${key}/` : key;
}
