/**
 * The CLI on the local engine. Exit codes 0, 1 and 2 and the default output folder are checked on a child
 * process, as a user runs it (`npm start` from the sources with no options, the compiled CLI the package
 * installs for the others); the other cases run `runCli` in this process, which is the
 * whole CLI but for bin.ts handing it argv and the streams and setting the exit code.
 */
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateSample, type SampleManifest } from '../scripts/generate-logs/index.js';
import { runCliInProcess } from './helpers/cli-in-process.js';
import { dayAfter, listFiles, totalsOf } from './helpers/count-logs.js';
import { runCli, runCliFromSources } from './helpers/run-cli.js';
import { readSummary, validSummary } from './helpers/summary-schema.js';

let manifest: SampleManifest;
let work: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'support-audit-cli-'));
  manifest = await generateSample(path.join(work, 'sample-copy'));
});

describe('the CLI on the sample logs (npm start with no options)', () => {
  let run: Awaited<ReturnType<typeof runCliFromSources>>;
  let cwd: string;

  beforeAll(async () => {
    cwd = await mkdtemp(path.join(work, 'no-options-'));
    run = await runCliFromSources([], { cwd });
  });

  it('exits 0 and prints the markdown report', () => {
    expect(run.stderr).toContain('auditing the synthetic sample');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`${manifest.expected.supportCalls} support calls`);
  });

  it('writes the five result files into ./support-audit-report, and then names report.html', async () => {
    const dir = path.join(cwd, 'support-audit-report');
    const lines = run.stderr.split('\n');
    expect(lines[lines.indexOf(`Report files written to ${dir}`) + 1]).toBe(
      `Open the report in a browser: ${path.join(dir, 'report.html')}`,
    );
    for (const name of ['report.md', 'report.html', 'summary.json', 'events.json', 'events.csv']) {
      expect((await stat(path.join(dir, name))).size, name).toBeGreaterThan(0);
    }
    const summary = await readSummary(path.join(dir, 'summary.json'));
    const { expected } = manifest;
    expect(summary.schemaVersion).toBe(1);
    expect(summary.window).toEqual(manifest.window);
    expect(summary.totals).toEqual(totalsOf(expected));
    expect(summary.context).toEqual({
      supportApiCalls: expected.supportApiCalls,
      supportAuthorizationEvents: expected.supportAuthorizationEvents,
      trailChanges: expected.trailChanges,
    });
    expect(summary.unreadableFiles.map((f: { path: string }) => f.path)).toEqual(manifest.unreadableFiles);
    expect(summary.complete).toBe(false);
    const events = JSON.parse(await readFile(path.join(dir, 'events.json'), 'utf8'));
    expect(events.events).toHaveLength(expected.supportCalls);
  });
});

/** The options auditing the copy of the sample over its window, into `outputDir` (a fresh folder by default). */
function sample(
  args: readonly string[] = [],
  outputDir = path.join(work, `out-${Math.random().toString(36).slice(2)}`),
) {
  return [
    '--logs',
    path.join(work, 'sample-copy'),
    '--start-date',
    manifest.window.start,
    '--end-date',
    manifest.window.end,
    '--output-dir',
    outputDir,
    ...args,
  ];
}

describe('the CLI process', () => {
  it('exits 1 above the threshold and says by how much', async () => {
    const run = await runCli(sample(['--threshold', '2']));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${manifest.expected.supportCalls - 2} over the threshold of 2`);
  });

  it('exits 2 with one message naming the input, the value and the rule, and no stack trace', async () => {
    const run = await runCli([
      '--engine',
      'athena',
      '--bucket',
      'b_b',
      '--account',
      '1',
      '--region',
      'us-east-1',
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'support-audit: Invalid account "1": must be 12-digit AWS account ids, separated by commas or newlines\n',
    );
  });
});

describe('the CLI', () => {
  it('exits 0 at the threshold', async () => {
    const run = await runCliInProcess(
      sample(['--threshold', String(manifest.expected.supportCalls), '--no-require-complete']),
    );
    expect(run.code, run.stderr).toBe(0);
  });

  it('exits 1 on write calls when asked to', async () => {
    const run = await runCliInProcess(sample(['--fail-on-write-calls']));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('1 write (non-read-only) support call; fail-on-write-calls is on.');
    expect(manifest.expected.writeCalls).toBe(1);
  });

  it('prints summary.json with --format json', async () => {
    // The copy holds an unreadable file: the audit is incomplete, and require-complete fails it.
    const run = await runCliInProcess(sample(['--format', 'json']));
    expect(run.code).toBe(1);
    expect(validSummary(run.stdout).totals.supportCalls).toBe(manifest.expected.supportCalls);
  });

  it('prints every Athena statement with --dry-run and runs nothing', async () => {
    const out = path.join(work, 'dry-run-out');
    const run = await runCliInProcess([
      '--dry-run',
      '--engine',
      'athena',
      '--bucket',
      'trail-bucket',
      '--account',
      '111122223333',
      '--region',
      'us-east-1,eu-west-1',
      '--start-date',
      '2026-11-01',
      '--end-date',
      '2026-11-07',
      '--output-dir',
      out,
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const statements = run.stdout
      .split(';\n')
      .map((s) => s.trim())
      .filter(Boolean);
    expect(statements).toHaveLength(3);
    expect(statements[0]).toMatch(
      /^-- create-table: .*\nCREATE EXTERNAL TABLE IF NOT EXISTS `default`.`cloudtrail_logs_pp`/,
    );
    expect(statements[1]).toContain("-- parameters: '2026/11/01', '2026/11/08', 'us-east-1', 'eu-west-1'");
    // The case lead-in: the 30 days before the window, in the regions of the Support API's endpoints.
    expect(statements[2]).toMatch(/^-- case-lead-in: /);
    expect(statements[2]).toContain("-- parameters: '2026/10/02', '2026/10/31', 'eu-west-1', 'us-east-1'");
    await expect(stat(out)).rejects.toThrow();
  });

  it('prints the five seed queries with --dry-run --query-set seed', async () => {
    const run = await runCliInProcess(sample(['--dry-run', '--query-set', 'seed', '--no-require-logs']));
    expect(run.code).toBe(0);
    expect(run.stdout.match(/^-- seed-\d-[a-z-]+: /gm)).toHaveLength(5);
    expect(run.stdout).toMatch(/^-- create-table: Local view over the log files .*\n-- [\d,]+ log files /m);
  });

  it('summarises the files a local dry run would read: how many, how large, the first and last three', async () => {
    const run = await runCliInProcess(sample(['--dry-run', '--no-require-logs']));
    expect(run.code).toBe(0);
    // The trail's log files in the window's day folders and the day after it, listed apart from the engine.
    const days = new Set([manifest.window.start, manifest.window.end, dayAfter(manifest.window.end)]);
    for (let d = manifest.window.start; d < manifest.window.end; d = dayAfter(d)) days.add(d);
    const folders = [...days].map((d) => `/${d.replaceAll('-', '/')}/`);
    const copy = path.join(work, 'sample-copy');
    const keys = (await listFiles(copy)).filter(
      (key) =>
        key.endsWith('.json.gz') && key.includes('/CloudTrail/') && folders.some((f) => key.includes(f)),
    );
    let bytes = 0;
    for (const key of keys) bytes += (await stat(path.join(copy, key))).size;
    expect(keys.length).toBeGreaterThan(7);
    const summary = [
      `-- ${keys.length} log files (${(bytes / 1024).toFixed(2)} KB):`,
      ...keys.slice(0, 3).map((k) => `--   ${k}`),
      `--   … ${keys.length - 6} more …`,
      ...keys.slice(-3).map((k) => `--   ${k}`),
      'CREATE VIEW ',
    ].join('\n');
    expect(run.stdout).toContain(summary);
    expect(keys.slice(3, -3).filter((key) => run.stdout.includes(key))).toEqual([]);
  });

  it('summarises the Security Lake objects a local dry run would read, naming none in the SQL', async () => {
    const run = await runCliInProcess(['--dry-run', '--source', 'security-lake']);
    expect(run.code).toBe(0);
    const [, count] = /^-- (\d+) Security Lake objects \(/m.exec(run.stdout) ?? [];
    expect(Number(count)).toBeGreaterThan(0);
    expect(run.stdout).toContain(
      '-- each object above checked (its footer, row count and column types), then read through a view;',
    );
    expect(run.stdout).toMatch(/^CREATE OR REPLACE TABLE "[a-z0-9_]+"\."[a-z0-9_]+" \("metadata" STRUCT/m);
    expect(run.stdout).not.toMatch(/'[^']*\.parquet'/);
  });

  it('prints the version of the package with --version', async () => {
    const run = await runCliInProcess(['--version']);
    const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`${pkg.version}\n`);
  });

  it('exits 2 on an unknown option', async () => {
    const run = await runCliInProcess(['--treshold', '3']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^support-audit: Unknown option --treshold\./);
  });

  it('exits 2 when the output folder cannot be written', async () => {
    const file = path.join(work, 'a-file');
    await writeFile(file, 'x');
    const run = await runCliInProcess(sample([], path.join(file, 'report')));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/Invalid output-dir/);
  });
});

describe('a relative folder on the command line', () => {
  it('under npm start means one where the command was typed (INIT_CWD), not the package folder', async () => {
    const typedIn = await mkdtemp(path.join(work, 'typed-in-'));
    const run = await runCliFromSources(['--out', 'relative-report'], {
      env: { npm_package_name: 'support-audit', INIT_CWD: typedIn },
    });
    expect(run.code, run.stderr).toBe(0);
    expect((await stat(path.join(typedIn, 'relative-report', 'summary.json'))).isFile()).toBe(true);
  });
});
