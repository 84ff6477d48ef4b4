/**
 * Folders of the local copy as S3 would list the bucket: a link is followed to what it points at, as a copy
 * made with links is still the bucket, but only to places inside the logs folder; what lies outside it, or
 * cannot be listed, is reported with the reason, never followed or dropped.
 */
import { readdirSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';

export type FolderEntry =
  | { readonly name: string; readonly kind: 'folder' | 'file' | 'other'; readonly absolutePath: string }
  | { readonly name: string; readonly kind: 'outside' | 'broken'; readonly reason: string };

export type FolderListing = { readonly entries: readonly FolderEntry[] } | { readonly error: string };

function inside(root: string, real: string): boolean {
  return real === root || real.startsWith(`${root}${path.sep}`);
}

function reasonOf(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  if (code === 'ELOOP') return 'a link that leads back to itself (ELOOP): not read';
  if (code === 'EACCES' || code === 'EPERM') return `no permission to read it (${code}): not read`;
  return `could not be read: ${code ?? message}`;
}

/**
 * The entries of `relative` below `root` (itself a real path), sorted by name. A folder that does not exist
 * lists nothing: an account or day without logs is not an error. Synchronous on purpose: a window has
 * thousands of day folders and tens of thousands of files, and each promise costs more than the call.
 */
export function listFolder(root: string, relative: string): FolderListing {
  let folder: string;
  try {
    folder = realpathSync(path.join(root, relative));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [] };
    return { error: reasonOf(error) };
  }
  if (!inside(root, folder)) return { error: `a link to ${folder}, outside the logs folder: not read` };
  let dirents;
  try {
    dirents = readdirSync(folder, { withFileTypes: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR') return { error: 'a file where a folder belongs: not read' };
    return { error: reasonOf(error) };
  }
  const entries = dirents.map((dirent): FolderEntry => {
    const absolutePath = `${folder}${path.sep}${dirent.name}`;
    if (dirent.isDirectory()) return { name: dirent.name, kind: 'folder', absolutePath };
    if (dirent.isFile()) return { name: dirent.name, kind: 'file', absolutePath };
    if (!dirent.isSymbolicLink()) return { name: dirent.name, kind: 'other', absolutePath };
    return followLink(root, dirent.name, absolutePath);
  });
  return { entries: entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)) };
}

/**
 * A link inside the logs folder stands for what it points at, under its own name, as the object S3 would list
 * at that key: a log file is read through the link, so its name (`.json.gz`) says how, whatever the target's.
 */
function followLink(root: string, name: string, link: string): FolderEntry {
  try {
    const target = realpathSync(link);
    if (!inside(root, target)) {
      return { name, kind: 'outside', reason: `a link to ${target}, outside the logs folder: not read` };
    }
    const stats = statSync(target);
    const kind = stats.isDirectory() ? 'folder' : stats.isFile() ? 'file' : 'other';
    return { name, kind, absolutePath: link };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      name,
      kind: 'broken',
      reason: code === 'ENOENT' ? 'a link to nothing: not read' : reasonOf(error),
    };
  }
}
