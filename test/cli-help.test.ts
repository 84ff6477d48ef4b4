/** What a first run is told about the sample and the result files, against what the tool does. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SAMPLE_ACCOUNTS, SAMPLE_REGIONS } from '../src/core/sample.js';
import { REPORT_FILE_NAMES } from '../src/report/files.js';
import { REPO_ROOT, runCli } from './helpers/run-cli.js';

const NUMBERS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six'];

describe('what a first run is told', () => {
  it('--help names every result file the output folder receives', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    const line = run.stdout.split('\n').find((text) => text.includes('--output-dir DIR'));
    for (const name of Object.values(REPORT_FILE_NAMES)) expect(line, name).toContain(name);
  });

  it("the README counts the sample's accounts and regions right", () => {
    const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const [, accounts, regions] =
      /the sample \(a week in (\w+) accounts and (\w+) regions/.exec(readme) ?? [];
    expect(NUMBERS.indexOf(accounts!)).toBe(Object.keys(SAMPLE_ACCOUNTS).length);
    expect(NUMBERS.indexOf(regions!)).toBe(SAMPLE_REGIONS.length);
  });
});
