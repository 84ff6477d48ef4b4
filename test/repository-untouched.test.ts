/**
 * The check around the whole suite (test/helpers/repository-untouched.ts, vitest's global setup) sees every
 * write inside a checkout: a new file, a rewritten ignored file (a report over the user's last one), a changed
 * committed file, a removed one. Here it watches a throwaway checkout.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { differences, uncommittedFiles } from './helpers/repository-untouched.js';

let checkout: string;

beforeEach(async () => {
  checkout = await mkdtemp(path.join(os.tmpdir(), 'support-audit-untouched-'));
  await writeFile(path.join(checkout, '.gitignore'), 'support-audit-report/\nnode_modules/\n');
  await writeFile(path.join(checkout, 'committed.txt'), 'committed\n');
  await writeFile(path.join(checkout, 'removed.txt'), 'removed\n');
  await mkdir(path.join(checkout, 'support-audit-report'));
  await writeFile(path.join(checkout, 'support-audit-report', 'summary.json'), '{"status":"passed"}');
  const git = (...args: string[]) => execFileSync('git', args, { cwd: checkout, stdio: 'ignore' });
  git('init', '--quiet');
  git('add', '.gitignore', 'committed.txt', 'removed.txt');
  git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '--quiet', '-m', 'start');
});

afterEach(async () => {
  await rm(checkout, { recursive: true, force: true });
});

describe('the check that the suite wrote nothing inside the repository', () => {
  it('finds nothing when nothing was written, and ignores node_modules', async () => {
    const before = uncommittedFiles(checkout);
    await mkdir(path.join(checkout, 'node_modules', '.vite'), { recursive: true });
    await writeFile(path.join(checkout, 'node_modules', '.vite', 'results.json'), '{}');
    expect(differences(before, uncommittedFiles(checkout))).toEqual([]);
  });

  it('names a new file, a rewritten ignored file, a changed committed file and a removed one', async () => {
    const before = uncommittedFiles(checkout);
    await writeFile(path.join(checkout, 'left-behind.txt'), 'x');
    const summary = path.join(checkout, 'support-audit-report', 'summary.json');
    await writeFile(summary, '{"status":"failed"}');
    await utimes(summary, new Date('2030-01-01T00:00:00Z'), new Date('2030-01-01T00:00:00Z'));
    await writeFile(path.join(checkout, 'committed.txt'), 'changed\n');
    await rm(path.join(checkout, 'removed.txt'));
    const changed = differences(before, uncommittedFiles(checkout)).map((line) => line.split(':')[0]);
    expect(changed).toEqual([
      'committed.txt',
      'left-behind.txt',
      'removed.txt',
      'support-audit-report/summary.json',
    ]);
  });
});
