/** What a first run is told about the sample and the result files, against what the tool does. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI_OPTIONS, USAGE } from '../src/cli/usage.js';
import { DEFAULTS } from '../src/core/inputs.js';
import { parseSettings } from '../src/core/settings.js';
import { SAMPLE_ACCOUNTS, SAMPLE_REGIONS } from '../src/core/sample.js';
import { REPORT_FILE_NAMES } from '../src/report/files.js';
import { runCliInProcess } from './helpers/cli-in-process.js';
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

describe('the command line, generated from the input list', () => {
  it('--help and -h print the same usage, listing every option with its default', async () => {
    const [long, short] = await Promise.all([runCliInProcess(['--help']), runCliInProcess(['-h'])]);
    expect(long.code).toBe(0);
    expect(short.stdout).toBe(long.stdout);
    for (const option of CLI_OPTIONS) {
      const line = long.stdout.split('\n').findIndex((text) => text.startsWith(`  --${option.name}`));
      expect(line, option.name).toBeGreaterThan(0);
      const preset = DEFAULTS[option.name as keyof typeof DEFAULTS];
      if (preset === undefined || option.flag) continue;
      // The default is said on the option's line or the lines its description continues on.
      const described = long.stdout
        .split('\n')
        .slice(line, line + 3)
        .join(' ')
        .replace(/\s+/g, ' ');
      expect(described, option.name).toContain(`(default ${preset})`);
    }
    expect(long.stdout).toContain('--require-complete / --no-require-complete');
  });

  it.each([
    ['--treshold', '--threshold'],
    ['--acount', '--account'],
    ['--lookbak-days', '--lookback-days'],
    ['--output', '--output-dir'],
    ['--no-requre-complete', '--require-complete'],
  ])('%s gets a hint: %s, and exit 2', async (typo, meant) => {
    const run = await runCliInProcess([typo, '1']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`Unknown option ${typo}. Did you mean ${meant}?`);
  });

  it('gives no hint when nothing is near', async () => {
    const run = await runCliInProcess(['--zzzzzz']);
    expect(run.code).toBe(2);
    expect(run.stderr).not.toContain('Did you mean');
  });

  it('resolves a relative folder against where the command was typed, not the package folder', () => {
    const settings = parseSettings({ logs: 'copy', 'output-dir': 'report' }, new Date(), {
      cwd: '/home/me/audits',
    });
    expect(settings.logsDir).toBe('/home/me/audits/copy');
    expect(settings.outputDir).toBe('/home/me/audits/report');
    expect(parseSettings({ logs: '/abs/copy' }, new Date(), { cwd: '/home/me' }).logsDir).toBe('/abs/copy');
  });
});

describe('the README', () => {
  it('shows --help as the command prints it', () => {
    const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const shown = /<!-- usage: support-audit --help -->\n\n```text\n([\s\S]*?)```\n/.exec(readme)?.[1];
    expect(shown).toBe(USAGE);
  });
});
