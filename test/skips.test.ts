/**
 * A test skipped for want of something on the machine (Chromium, the real CloudTrail records outside the
 * repository, CI) must say why where a person reads it: vitest's default reporter shows how many tests were
 * skipped, not which or why. So tests skip only through the helpers that print the reason on stderr.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers/run-cli.js';

const TEST_DIR = path.join(REPO_ROOT, 'test');
/** The helpers that skip, each printing why: skipSaying for skipIf, requireRealLogs for a running test. */
const SKIPPING_HELPERS = ['test/helpers/skip.ts', 'test/helpers/real-logs.ts'];
const SELF = 'test/skips.test.ts';

/** Where a test is skipped, or run only sometimes, without one of the helpers that say why. */
const SILENT_SKIP = [
  /\b(?:it|test|describe)(?:\.\w+)*\.(?:skipIf|runIf)\((?!\s*skipSaying\()/g,
  /\b(?:it|test|describe)(?:\.\w+)*\.todo\(/g,
  /\.skip\(/g,
];

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'fixtures' ? [] : testFiles(file);
    return entry.name.endsWith('.ts') ? [path.relative(REPO_ROOT, file).split(path.sep).join('/')] : [];
  });
}

describe('skipped tests', () => {
  it('skip only through the helpers that print why', () => {
    const silent = testFiles(TEST_DIR)
      .filter((file) => file !== SELF && !SKIPPING_HELPERS.includes(file))
      .flatMap((file) => {
        const text = readFileSync(path.join(REPO_ROOT, file), 'utf8');
        return SILENT_SKIP.flatMap((pattern) =>
          [...text.matchAll(pattern)].map(
            (match) => `${file}:${text.slice(0, match.index).split('\n').length}: ${match[0]}`,
          ),
        );
      });
    expect(silent).toEqual([]);
  });
});
