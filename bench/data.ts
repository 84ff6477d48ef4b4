/** The benchmark's generated logs, under the git-ignored bench/data, and what a window of them holds. */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateLogs, type GenerateLogsResult } from '../scripts/generate-logs/index.js';
import { addDays, eachDay, partitionDay } from '../src/core/dates.js';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const DATA = path.join(ROOT, 'bench', 'data');

/** The trail the Athena and local groups audit: two accounts, two regions. */
export const ACCOUNTS = ['111122223333', '444455556666'];
export const REGIONS = ['us-east-1', 'eu-west-1'];

export interface Window {
  readonly start: string;
  readonly end: string;
}

/**
 * Logs generated into bench/data/NAME, with a fixed seed. Generating a gigabyte takes minutes, so a folder
 * generated with the same options by an earlier run is used again.
 */
export async function generate(
  name: string,
  options: Omit<Parameters<typeof generateLogs>[0], 'outDir' | 'seed' | 'clean'>,
): Promise<{ dir: string; result: GenerateLogsResult }> {
  const dir = path.join(DATA, name);
  const stamp = path.join(dir, 'generated.json');
  const key = JSON.stringify(options);
  if (existsSync(stamp)) {
    const saved = JSON.parse(readFileSync(stamp, 'utf8')) as { key: string; result: GenerateLogsResult };
    if (saved.key === key) return { dir, result: saved.result };
  }
  console.error(`Generating ${name} logs…`);
  const result = await generateLogs({ ...options, outDir: dir, seed: 42, clean: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(stamp, JSON.stringify({ key, result }));
  return { dir, result };
}

/** The CloudTrail log files under a bucket's folder, sorted. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter(
      (e) =>
        e.isFile() &&
        e.name.endsWith('.json.gz') &&
        e.parentPath.includes(`${path.sep}CloudTrail${path.sep}`),
    )
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

export function totalBytes(files: readonly string[]): number {
  return files.reduce((sum, f) => sum + statSync(f).size, 0);
}

/** The files in the partitions a window's queries read (start to the day after the end), and their bytes. */
export function windowFiles(
  root: string,
  window: Window,
  lateDeliveryDays = 1,
): { bytes: number; files: string[] } {
  const days = new Set(eachDay(window.start, addDays(window.end, lateDeliveryDays)).map(partitionDay));
  const files = filesUnder(root).filter((f) =>
    days.has(/(\d{4}\/\d{2}\/\d{2})\/[^/]+$/.exec(f.split(path.sep).join('/'))![1]!),
  );
  return { bytes: totalBytes(files), files };
}
