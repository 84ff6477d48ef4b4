/**
 * Since the last audit, over a sequence of weekly audits of one generated trail, each given the previous run's
 * summary.json as its baseline: a new service planted in the second week, a schedule that skips the fourth week,
 * a day of thin logs in the fifth, and an account that goes silent in the sixth. Each is reported once, in the
 * run where it happens, by the local engine in process (the run sequence the CLI and the action share), by the
 * CLI as a user runs it, and on Athena through its emulator. The records are synthetic (test/emulator/fixtures.ts).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, eachDay } from '../src/core/dates.js';
import type { RawInputs } from '../src/core/inputs.js';
import type { AuditResult } from '../src/core/result.js';
import { SAMPLE_WINDOW, sampleLogsDir } from '../src/core/sample.js';
import { parseSettings } from '../src/core/settings.js';
import { renderMarkdown } from '../src/report/markdown/index.js';
import { renderHtml } from '../src/report/html/index.js';
import { run } from '../src/main.js';
import { auditToFiles } from '../src/run/audit-to-files.js';
import { supportCall, userCall, writeTrailFile } from './emulator/fixtures.js';
import { TODAY } from './helpers/audit-local.js';
import { runCliInProcess } from './helpers/cli-in-process.js';
import { startEmulatedAthena, type EmulatedAthena } from './helpers/emulated-athena.js';
import { runCli } from './helpers/run-cli.js';
import { readSummary } from './helpers/summary-schema.js';

const A = '111122223333';
const B = '444455556666';
const BUCKET = 'sequence-bucket';

/** Six weekly windows; the fourth is the week the schedule skipped. */
const WEEKS = [0, 1, 2, 3, 4, 5].map((i) => ({
  start: addDays('2026-10-05', 7 * i),
  end: addDays('2026-10-05', 7 * i + 6),
}));
const SKIPPED = 3;
const THIN_DAY = '2026-11-04';
const SILENT_FROM = '2026-11-09';
/** A's ordinary records a day, and on the thin day: below a tenth of the median. */
const DAILY = 30;
const THIN = 1;

/** The support calls planted, by day: EC2 from the start, IAM (a service never called before) from week two. */
function supportCallsOn(day: string, account: string): object[] {
  if (account !== A) return [];
  const at = (time: string, id: string, extra: object = {}) => ({
    ...supportCall({
      account: A,
      region: 'us-east-1',
      eventTime: `${day}T${time}Z`,
      eventId: `${id}-${day}`,
    }),
    ...extra,
  });
  const week = WEEKS.findIndex((w) => day >= w.start && day <= w.end);
  if (week < 0) return [];
  const calls: object[] = [];
  if (day === addDays(WEEKS[week]!.start, 2)) calls.push(at('08:00:00', 'ec2'));
  if (week >= 1 && day === addDays(WEEKS[week]!.start, 3)) {
    calls.push(
      at('09:00:00', 'iam', {
        eventSource: 'iam.amazonaws.com',
        eventName: 'GetRole',
        requestParameters: { roleName: 'planted-role' },
      }),
    );
  }
  return calls;
}

async function writeTrail(bucketsDir: string): Promise<void> {
  const days = eachDay(WEEKS[0]!.start, addDays(WEEKS.at(-1)!.end, 1));
  for (const day of days) {
    for (const account of [A, B]) {
      if (account === B && day >= SILENT_FROM) continue;
      const ordinary = account === A && day === THIN_DAY ? THIN : DAILY;
      const records = [
        ...Array.from({ length: ordinary }, (_, i) =>
          userCall({ account, region: 'us-east-1', eventTime: `${day}T06:00:00Z`, eventId: `u${i}-${day}` }),
        ),
        ...supportCallsOn(day, account),
      ];
      await writeTrailFile(bucketsDir, { bucket: BUCKET, account, region: 'us-east-1', day, records });
    }
  }
}

let root: string;
let logs: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'support-audit-baseline-'));
  await writeTrail(path.join(root, 'buckets'));
  logs = path.join(root, 'buckets', BUCKET);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const windowOf = (week: number): RawInputs => ({
  'start-date': WEEKS[week]!.start,
  'end-date': WEEKS[week]!.end,
  account: `${A},${B}`,
  'case-lookback-days': '0',
});

/** One scheduled run: the local engine through the run sequence, its files in `out`. */
async function scheduledRun(week: number, out: string, baseline?: string, extra: RawInputs = {}) {
  const settings = parseSettings(
    {
      logs,
      ...windowOf(week),
      'output-dir': out,
      ...(baseline === undefined ? {} : { baseline }),
      ...extra,
    },
    TODAY,
  );
  const { result } = await auditToFiles(settings, { log: () => {}, now: () => TODAY });
  return result;
}

/** The weekly runs in order, each with the last one's summary.json as its baseline. */
async function sequence(options: RawInputs = {}): Promise<AuditResult[]> {
  const results: AuditResult[] = [];
  let previous: string | undefined;
  for (const [week] of WEEKS.entries()) {
    if (week === SKIPPED) continue;
    const out = path.join(root, `run-${week}-${Object.keys(options).length}`);
    results.push(await scheduledRun(week, out, previous, options));
    previous = path.join(out, 'summary.json');
  }
  return results;
}

/** Each finding of a kind, with the index of the run that reported it. */
function reported(results: readonly AuditResult[], find: (result: AuditResult) => readonly string[]) {
  return results.flatMap((result, run) => find(result).map((name) => [run, name] as const));
}

describe('a sequence of weekly audits, each against the last', () => {
  let runs: AuditResult[];
  beforeAll(async () => {
    runs = await sequence();
  });

  it('the first has no baseline and says nothing of one; each later one names its baseline', () => {
    expect(runs[0]!.sinceBaseline).toBeNull();
    for (const run of runs.slice(1)) expect(run.sinceBaseline!.problem).toBeNull();
    expect(runs.map((r) => r.sinceBaseline?.baseline?.window.end ?? null)).toEqual([
      null,
      WEEKS[0]!.end,
      WEEKS[1]!.end,
      WEEKS[2]!.end,
      WEEKS[4]!.end,
    ]);
  });

  it('the new service, its API and its resource are new in the second week only', () => {
    expect(reported(runs, (r) => r.sinceBaseline?.new?.eventSources ?? [])).toEqual([
      [1, 'iam.amazonaws.com'],
    ]);
    expect(reported(runs, (r) => r.sinceBaseline?.new?.apis ?? [])).toEqual([[1, 'iam:GetRole']]);
    expect(reported(runs, (r) => r.sinceBaseline?.new?.resources ?? [])).toEqual([[1, 'planted-role']]);
    expect(reported(runs, (r) => r.sinceBaseline?.new?.accounts ?? [])).toEqual([]);
  });

  it('the skipped week is a gap in the run after it, and makes that audit incomplete', () => {
    expect(runs.map((r) => r.sinceBaseline?.continuity?.status ?? null)).toEqual([
      null,
      'joined',
      'joined',
      'gap',
      'joined',
    ]);
    const gap = runs[3]!.sinceBaseline!.continuity!.gap!;
    expect(gap).toEqual({ start: WEEKS[SKIPPED]!.start, end: WEEKS[SKIPPED]!.end, days: 7 });
    const gapReasons = runs.map((r) =>
      r.incompleteReasons.filter((reason) => reason.startsWith('no audit covered')),
    );
    expect(gapReasons.map((reasons) => reasons.length)).toEqual([0, 0, 0, 1, 0]);
    expect(gapReasons[3]![0]).toContain(`${WEEKS[SKIPPED]!.start} to ${WEEKS[SKIPPED]!.end}`);
    expect(runs[3]!.verdict.gates.find((g) => g.name === 'require-complete')!.outcome).toBe('failed');
  });

  it('the thin day is named in its week only, against the median of the week before', () => {
    expect(
      reported(runs, (r) => (r.sinceBaseline?.coverageRegressions?.lowDays ?? []).map((d) => d.day)),
    ).toEqual([[3, THIN_DAY]]);
    expect(runs[3]!.sinceBaseline!.coverageRegressions!.lowDays[0]).toEqual({
      account: A,
      day: THIN_DAY,
      records: THIN + 1,
      baselineMedian: DAILY,
    });
  });

  it('the account that goes silent is named in the first week without its logs, not again', () => {
    expect(reported(runs, (r) => r.sinceBaseline?.coverageRegressions?.accounts ?? [])).toEqual([[4, B]]);
    // Its regions are not named again, one by one.
    expect(
      reported(runs, (r) => (r.sinceBaseline?.coverageRegressions?.regions ?? []).map((x) => x.region)),
    ).toEqual([]);
  });

  it('report.md and report.html say each finding once, in its run', () => {
    const md = runs.map((r) => renderMarkdown(r));
    const html = runs.map((r) => renderHtml(r));
    const runsSaying = (pages: readonly string[], words: string) =>
      pages.flatMap((page, run) => (page.includes(words) ? [run] : []));
    for (const pages of [md, html]) {
      expect(runsSaying(pages, 'Event sources it called for the first time')).toEqual([1]);
      expect(runsSaying(pages, 'Gap: no audit covered 7 days')).toEqual([3]);
      expect(runsSaying(pages, 'Accounts with logs in the baseline and none in this window')).toEqual([4]);
    }
    expect(md[0]).not.toContain('Since the last audit');
    expect(md[1]).toContain('```mermaid\nxychart-beta');
    expect(html[1]).toContain('data-chart="trend"');
  });

  it('the history grows by one run each week, oldest first, and the trend counts the calls planted', () => {
    expect(runs.map((r) => r.history.length)).toEqual([1, 2, 3, 4, 5]);
    expect(runs.at(-1)!.history.map((h) => h.window.end)).toEqual([0, 1, 2, 4, 5].map((w) => WEEKS[w]!.end));
    expect(runs.at(-1)!.history.map((h) => h.supportCalls)).toEqual([1, 2, 2, 2, 2]);
  });
});

describe('fail-on-new-access', () => {
  it('fails the week of the new service and passes a week with nothing new', async () => {
    const out = (label: string) => path.join(root, `gate-${label}`);
    await scheduledRun(0, out('0'));
    const first = await scheduledRun(1, out('1'), path.join(out('0'), 'summary.json'), {
      'fail-on-new-access': 'true',
      'require-complete': 'false',
    });
    const gate = first.verdict.gates.find((g) => g.name === 'new-access')!;
    expect(gate.outcome).toBe('failed');
    // The service, its API, its resource and its session, which no case explains.
    expect(gate.measured).toBe(4);
    expect(first.verdict.status).toBe('failed');
    // Compared with itself, the same week has nothing new but the sessions, which nothing explains either way.
    const again = await scheduledRun(1, out('1b'), path.join(out('1'), 'summary.json'), {
      'fail-on-new-access': 'true',
    });
    expect(again.sinceBaseline!.continuity!.status).toBe('same-window');
    expect(again.sinceBaseline!.new!.total).toBe(0);
    expect(again.verdict.gates.find((g) => g.name === 'new-access')!.outcome).toBe('passed');
    // A run of the same window replaces the last one in the history.
    expect(again.history.map((h) => h.window.end)).toEqual([WEEKS[0]!.end, WEEKS[1]!.end]);
  });

  it('fails, saying why, when the baseline given cannot be used', async () => {
    const damaged = path.join(root, 'damaged.json');
    await writeFile(damaged, '{"schemaVersion": 1, "generatedAt": ');
    const result = await scheduledRun(1, path.join(root, 'gate-damaged'), damaged, {
      'fail-on-new-access': 'true',
    });
    const gate = result.verdict.gates.find((g) => g.name === 'new-access')!;
    expect(gate.outcome).toBe('failed');
    expect(gate.reason).toContain('the baseline was not used (it is not JSON');
  });
});

describe('both sources', () => {
  it("a Security Lake audit of the CloudTrail sample's week compares with the CloudTrail audit of it", async () => {
    const window = {
      'start-date': SAMPLE_WINDOW.start,
      'end-date': SAMPLE_WINDOW.end,
      'require-complete': 'false',
    };
    const audit = async (source: 'cloudtrail' | 'security-lake', out: string, baseline?: string) => {
      const settings = parseSettings(
        {
          logs: sampleLogsDir(source),
          source,
          ...window,
          'output-dir': out,
          ...(baseline === undefined ? {} : { baseline }),
        },
        TODAY,
      );
      return (await auditToFiles(settings, { log: () => {}, now: () => TODAY })).result;
    };
    const trail = path.join(root, 'sources-cloudtrail');
    const first = await audit('cloudtrail', trail);
    const lake = await audit(
      'security-lake',
      path.join(root, 'sources-lake'),
      path.join(trail, 'summary.json'),
    );
    const since = lake.sinceBaseline!;
    expect(since.problem).toBeNull();
    expect(since.continuity!.status).toBe('same-window');
    // The same support calls: nothing AWS Support touched is new, and no session is.
    expect(since.new).toMatchObject({
      accounts: [],
      regions: [],
      eventSources: [],
      apis: [],
      writeCalls: [],
      unexplainedSessions: [],
    });
    expect(lake.touched.apis).toEqual(first.touched.apis);
    expect(lake.history).toHaveLength(1);
  });
});

describe('the CLI with a baseline', () => {
  it('a damaged baseline is a warning; the audit runs and writes its report', async () => {
    const damaged = path.join(root, 'cli-damaged.json');
    await writeFile(damaged, '{"Records": [');
    const out = path.join(root, 'cli-damaged-out');
    const run = await runCliInProcess(
      ['--logs', logs, ...flags(windowOf(1)), '--baseline', damaged, '--out', out, '--no-require-complete'],
      { now: () => TODAY },
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`Warning: The baseline ${damaged} was not used: it is not JSON`);
    const summary = await readSummary(path.join(out, 'summary.json'));
    expect(summary.sinceBaseline!.problem).toMatch(/^it is not JSON/);
    expect(summary.history).toHaveLength(1);
    expect(await readFile(path.join(out, 'report.md'), 'utf8')).toContain('⚠️ The baseline was not used');
  });

  it('a baseline in the output folder it writes to is read before the folder is claimed', async () => {
    const out = path.join(root, 'cli-same-folder');
    await scheduledRun(0, out);
    const run = await runCliInProcess(
      ['--logs', logs, ...flags(windowOf(1)), '--baseline', path.join(out, 'summary.json'), '--out', out],
      { now: () => TODAY },
    );
    expect(run.stderr).not.toContain('Warning: The baseline');
    const summary = await readSummary(path.join(out, 'summary.json'));
    expect(summary.sinceBaseline!.continuity!.status).toBe('joined');
  });

  it('as a user runs it, the gap fails require-complete with exit code 1', async () => {
    const before = path.join(root, 'cli-before');
    await scheduledRun(2, before);
    const out = path.join(root, 'cli-after');
    const run = await runCli(
      [
        '--logs',
        logs,
        ...flags({ ...windowOf(4), account: A }),
        '--baseline',
        path.join(before, 'summary.json'),
        '--out',
        out,
      ],
      { env: { ...process.env } },
    );
    expect(run.stderr).toContain('no audit covered 7 days');
    expect(run.code).toBe(1);
    const summary = await readSummary(path.join(out, 'summary.json'));
    expect(summary.sinceBaseline!.continuity!.gap!.start).toBe(WEEKS[SKIPPED]!.start);
  });
});

describe('on Athena, through its emulator', () => {
  let emulated: EmulatedAthena;
  beforeAll(async () => {
    emulated = await startEmulatedAthena();
    await writeTrail(emulated.bucketsDir);
  });
  afterAll(async () => {
    await emulated.close();
  });

  it('finds what the local engine finds against the same baseline', async () => {
    const baseline = path.join(root, 'athena-baseline');
    const local = await scheduledRun(2, path.join(root, 'athena-local'), undefined);
    await scheduledRun(1, baseline);
    const out = await emulated.tempDir('baseline-athena');
    const run = await runCli(
      [
        '--engine',
        'athena',
        '--bucket',
        BUCKET,
        '--region',
        'us-east-1',
        ...flags(windowOf(2)),
        '--baseline',
        path.join(baseline, 'summary.json'),
        '--out',
        out,
      ],
      { env: emulated.env },
    );
    expect(run.stderr).not.toContain('Warning: The baseline');
    expect(run.code).toBe(0);
    const summary = await readSummary(path.join(out, 'summary.json'));
    const localSince = await scheduledRun(
      2,
      path.join(root, 'athena-local-2'),
      path.join(baseline, 'summary.json'),
    );
    expect(summary.sinceBaseline!.continuity).toEqual(localSince.sinceBaseline!.continuity);
    expect(summary.sinceBaseline!.coverageRegressions).toEqual(localSince.sinceBaseline!.coverageRegressions);
    expect(summary.sinceBaseline!.new!.unexplainedSessions).toHaveLength(1);
    expect(summary.history.map((h) => h.supportCalls)).toEqual([2, local.totals.supportCalls]);
  });

  it('the action, in this process, shows the trend in its job summary and warns of a damaged baseline', async () => {
    const workspace = await emulated.tempDir('action-workspace');
    await scheduledRun(1, path.join(workspace, 'previous'));
    const summaryFile = path.join(workspace, 'step-summary.md');
    const outputFile = path.join(workspace, 'output');
    await writeFile(summaryFile, '');
    await writeFile(outputFile, '');
    const inputs = {
      bucket: BUCKET,
      account: `${A},${B}`,
      region: 'us-east-1',
      'start-date': WEEKS[2]!.start,
      'end-date': WEEKS[2]!.end,
      'case-lookback-days': '0',
      'output-dir': 'report',
    };
    const action = async (baseline: string) => {
      const env = {
        ...emulated.env,
        ...Object.fromEntries(
          Object.entries({ ...inputs, baseline }).map(([name, value]) => [
            `INPUT_${name.toUpperCase()}`,
            value,
          ]),
        ),
        GITHUB_WORKSPACE: workspace,
        GITHUB_STEP_SUMMARY: summaryFile,
        GITHUB_OUTPUT: outputFile,
      };
      const saved = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
      const written: string[] = [];
      const write = process.stdout.write.bind(process.stdout);
      const cwd = process.cwd();
      for (const [name, value] of Object.entries(env)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      process.stdout.write = ((chunk: string) =>
        written.push(String(chunk)) > 0) as typeof process.stdout.write;
      process.chdir(workspace);
      try {
        await writeFile(summaryFile, '');
        const listening = process.listenerCount('SIGTERM') + process.listenerCount('SIGINT');
        await run();
        // Its signal handlers end with it: a process that runs it again holds none of this run's.
        expect(process.listenerCount('SIGTERM') + process.listenerCount('SIGINT')).toBe(listening);
        return {
          log: written.join(''),
          summary: await readFile(summaryFile, 'utf8'),
          outputs: await readFile(outputFile, 'utf8'),
          exitCode: process.exitCode,
        };
      } finally {
        process.chdir(cwd);
        process.stdout.write = write;
        process.exitCode = undefined;
        for (const [name, value] of Object.entries(saved)) {
          if (value === undefined) delete process.env[name];
          else process.env[name] = value;
        }
      }
    };
    const output = (written: string, name: string) =>
      new RegExp(`^${name}<<(\\S+)\\n(.*)\\n\\1$`, 'm').exec(written)?.[2];
    await writeFile(outputFile, '');
    const joined = await action('previous/summary.json');
    const since = (await readSummary(path.join(workspace, 'report', 'summary.json'))).sinceBaseline!;
    expect(output(joined.outputs, 'continuity')).toBe(since.continuity!.status);
    expect(output(joined.outputs, 'new-access')).toBe(String(since.new!.total));
    expect(joined.exitCode).toBeUndefined();
    expect(joined.log).not.toContain('::warning::');
    expect(joined.summary).toContain('## Since the last audit');
    expect(joined.summary).toContain('```mermaid\nxychart-beta');
    await writeFile(path.join(workspace, 'damaged.json'), '{"schemaVersion": 1, "window": {');
    await writeFile(outputFile, '');
    const damaged = await action('damaged.json');
    expect(output(damaged.outputs, 'continuity')).toBe('');
    expect(output(damaged.outputs, 'new-access')).toBe('');
    expect(damaged.log).toContain('::warning::The baseline damaged.json was not used: it is not JSON');
    expect(damaged.summary).toContain('⚠️ The baseline was not used: it is not JSON');
    expect(damaged.exitCode).toBeUndefined();
  });
});

function flags(raw: RawInputs): string[] {
  return Object.entries(raw).flatMap(([name, value]) => [`--${name}`, value!]);
}
