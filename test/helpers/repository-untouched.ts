/**
 * Vitest's global setup: the suite never writes inside the repository. Before the first test file runs, this
 * records every file git sees beyond the committed tree (changed, untracked and ignored, each with its size and
 * modification time); after the last, it fails the run naming each file the suite added, changed or removed.
 * Checked once around the whole run, so test files running side by side cannot hide each other's writes.
 * node_modules is left out: the tools the suite runs keep their caches there. So is bench/data, the benchmark's
 * generated logs (a million files after a full run), which only `npm run bench` writes.
 */
import { execFileSync } from 'node:child_process';
import { lstatSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Each path beyond the committed tree, with what can tell a rewrite of it. */
export function uncommittedFiles(root: string = REPO_ROOT): Map<string, string> {
  const listing = execFileSync(
    'git',
    [
      '--no-optional-locks',
      'status',
      '--porcelain=v1',
      '-z',
      '--ignored=traditional',
      '--untracked-files=all',
      '--',
      '.',
      ':(exclude)node_modules',
      ':(exclude)bench/data',
    ],
    { cwd: root, encoding: 'utf8', maxBuffer: 256 * 2 ** 20 },
  );
  const files = new Map<string, string>();
  for (const entry of listing.split('\0')) {
    if (entry.length < 4) continue;
    const name = entry.slice(3);
    let state = 'absent';
    try {
      const stats = lstatSync(path.join(root, name));
      state = `${stats.size} bytes, modified ${stats.mtime.toISOString()}`;
    } catch {
      // Removed: "absent" says so.
    }
    files.set(name, `${entry.slice(0, 2)} ${state}`);
  }
  return files;
}

/** The files whose state differs between two listings, each with both states. */
export function differences(before: Map<string, string>, after: Map<string, string>): string[] {
  const names = new Set([...before.keys(), ...after.keys()]);
  return [...names]
    .filter((name) => before.get(name) !== after.get(name))
    .sort()
    .map((name) => `${name}: ${before.get(name) ?? 'committed'} -> ${after.get(name) ?? 'committed'}`);
}

function isGitCheckout(): boolean {
  try {
    execFileSync('git', ['rev-parse', '--is-inside-work-tree'], { cwd: REPO_ROOT, stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function setup(): (() => void) | undefined {
  if (!isGitCheckout()) {
    console.log(
      'repository-untouched: not a git checkout, so the suite is not checked for writes inside it.',
    );
    return undefined;
  }
  const before = uncommittedFiles();
  return () => {
    const changed = differences(before, uncommittedFiles());
    if (changed.length === 0) return;
    // Vitest only logs an error thrown here; the exit code is what fails the run.
    process.exitCode = 1;
    console.error(
      `The suite wrote inside the repository (tests must use temporary folders):\n  ${changed.join('\n  ')}`,
    );
  };
}
