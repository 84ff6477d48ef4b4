/**
 * What a local copy of the bucket holds, said when the audit asks for an account, a region or days it does not
 * hold: its accounts, their regions and the first and last of their day folders. Only the edges of each
 * region's year, month and day folders are listed, so this costs a few folder reads per region.
 */
import { listed } from '../../core/wording.js';
import { listFolder } from './folders.js';

/** A trail's region folder, relative to the logs root. */
export interface HeldFolder {
  readonly account: string;
  readonly region: string;
  readonly folder: string;
}

/** The names of a folder's sub-folders that match the pattern, in order. */
function subfolders(root: string, folder: string, pattern: RegExp): string[] {
  const listing = listFolder(root, folder);
  if ('error' in listing) return [];
  return listing.entries
    .filter((entry) => entry.kind === 'folder' && pattern.test(entry.name))
    .map((entry) => entry.name)
    .sort();
}

/** The first or the last day folder under a region folder, as YYYY-MM-DD, or undefined when it holds none. */
function edgeDay(root: string, folder: string, last: boolean): string | undefined {
  const pick = (names: string[]) => (last ? names.reverse() : names);
  for (const year of pick(subfolders(root, folder, /^\d{4}$/))) {
    for (const month of pick(subfolders(root, `${folder}/${year}`, /^\d{2}$/))) {
      const days = pick(subfolders(root, `${folder}/${year}/${month}`, /^\d{2}$/));
      if (days.length > 0) return `${year}-${month}-${days[0]}`;
    }
  }
  return undefined;
}

/** One sentence: the copy's accounts, regions and the span of its day folders. */
export function describeCopy(root: string, folders: readonly HeldFolder[]): string {
  const accounts = [...new Set(folders.map((f) => f.account))].sort();
  const regions = [...new Set(folders.map((f) => f.region))].sort();
  const firsts = folders.flatMap((f) => edgeDay(root, f.folder, false) ?? []).sort();
  const lasts = folders.flatMap((f) => edgeDay(root, f.folder, true) ?? []).sort();
  const days =
    firsts.length === 0 ? 'no day folders' : `day folders from ${firsts[0]} to ${lasts[lasts.length - 1]}`;
  const accountWord = accounts.length === 1 ? 'account' : 'accounts';
  const regionWord = regions.length === 1 ? 'region' : 'regions';
  return `The copy holds ${accountWord} ${listed(accounts)}, ${regionWord} ${listed(regions)}, ${days}.`;
}
