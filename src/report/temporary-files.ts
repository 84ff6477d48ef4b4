/**
 * The temporary files a run writes its result files through (`.NAME.RANDOM.tmp`, beside NAME). A run that was
 * killed at once (SIGKILL, a second signal, a power cut) leaves them behind; the next run into the folder removes
 * them, and nothing else.
 */
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { REPORT_FILE_NAMES } from './files.js';

const NAMES = new Set<string>(Object.values(REPORT_FILE_NAMES));

/** Whether `name` is a temporary file a run writes a result file through. */
export function isTemporaryResultFile(name: string): boolean {
  const match = /^\.(.+)\.[^.]+\.tmp$/.exec(name);
  return match !== null && NAMES.has(match[1]!);
}

/** Removes the temporary result files an earlier run left in `dir` (a real path, from prepareOutputDir). */
export async function removeStaleTemporaryFiles(dir: string): Promise<void> {
  const names = await readdir(dir);
  await Promise.all(
    names.filter(isTemporaryResultFile).map((name) => rm(path.join(dir, name), { force: true })),
  );
}
