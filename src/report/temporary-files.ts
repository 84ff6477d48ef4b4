/**
 * The temporary files a run writes its result files through (`.NAME.RANDOM.tmp`, beside NAME). A run that was
 * killed at once (SIGKILL, a second signal, a power cut) leaves them behind; the next run into the folder removes
 * them, and nothing else.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { REPORT_FILE_NAMES } from './files.js';
import { renderRunRecord } from './run-record.js';

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

/**
 * For a process about to exit at once (a second signal): records in `dir` that the run was interrupted and removes
 * its other result files and every temporary one, synchronously, since no later turn of the event loop will run.
 */
export function recordInterruptedNow(dir: string, reason: string, now: Date = new Date()): void {
  for (const name of readdirSync(dir)) {
    const evidence = NAMES.has(name) && name !== REPORT_FILE_NAMES.summaryJson;
    if (evidence || isTemporaryResultFile(name)) rmSync(path.join(dir, name), { force: true });
  }
  const summaryJson = path.join(dir, REPORT_FILE_NAMES.summaryJson);
  const temporary = path.join(dir, `.${REPORT_FILE_NAMES.summaryJson}.${randomBytes(6).toString('hex')}.tmp`);
  writeFileSync(
    temporary,
    renderRunRecord({ status: 'interrupted', generatedAt: now.toISOString(), error: reason }),
    { flag: 'wx' },
  );
  renameSync(temporary, summaryJson);
}
