/**
 * The baseline, rule by rule: each way a file can fail to be one names its reason; a baseline of other accounts,
 * another organization or a later window is not compared; coverage regressions by region; what an older
 * summary.json (without `touched` or `history`) still says; and the history and `touched` stay bounded.
 */
import { describe, expect, it } from 'vitest';
import { baselineFromText, unreadableBaseline, type BaselineInput } from '../src/core/baseline.js';
import {
  HISTORY_RUNS,
  TOUCHED_NAMES,
  type BaselineFile,
  type HistoryEntry,
} from '../src/core/contract/baseline.js';
import { addDays } from '../src/core/dates.js';
import { historyAfter, touchedAfter, touchedBy, touchedOfBaseline } from '../src/core/history.js';
import { compareWithBaseline, type RunFacts } from '../src/core/since.js';
import { renderSummaryJson } from '../src/report/json.js';
import { historyEntry, runFacts as run } from './helpers/baseline-factory.js';
import { auditResult, supportEvent, WINDOW } from './helpers/result-factory.js';

const PATH = 'previous/summary.json';

/** A real summary.json of three support calls in 2025-01-01 to 2025-01-07, as a baseline. */
function baselineText(change: (summary: Record<string, unknown>) => void = () => {}): string {
  const summary = JSON.parse(renderSummaryJson(auditResult())) as Record<string, unknown>;
  change(summary);
  return JSON.stringify(summary);
}

function used(input: BaselineInput): BaselineFile {
  if ('problem' in input) throw new Error(`expected a usable baseline: ${input.problem}`);
  return input.file;
}

const problemOf = (text: string) => {
  const input = baselineFromText(PATH, text);
  return 'problem' in input ? input.problem : null;
};

describe('a file that is not a baseline', () => {
  it('names why, for each way', () => {
    expect(problemOf('{"schemaVersion": 1,')).toMatch(
      /^it is not JSON, so it is damaged or not a summary\.json \(/,
    );
    expect(problemOf('[1, 2]')).toBe('it is not a summary.json of support-audit: it has no schemaVersion');
    for (const notAnObject of ['null', '42', '"summary.json"', 'true']) {
      expect(problemOf(notAnObject)).toBe(
        'it is not a summary.json of support-audit: it has no schemaVersion',
      );
    }
    expect(problemOf('{"Records": []}')).toBe(
      'it is not a summary.json of support-audit: it has no schemaVersion',
    );
    expect(problemOf(baselineText((s) => (s.schemaVersion = 2)))).toBe(
      'it is summary.json schema version 2; this version of support-audit reads version 1',
    );
    expect(
      problemOf(
        JSON.stringify({
          schemaVersion: 1,
          generatedAt: '2025-01-08T09:00:00.000Z',
          status: 'failed',
          complete: false,
        }),
      ),
    ).toBe('it is the summary.json of a run that did not finish (status "failed"): it holds no result');
    expect(problemOf(baselineText((s) => (s.window = { start: 'yesterday', end: '2025-01-07' })))).toMatch(
      /^it does not fit summary\.json's schema \(window\.start: /,
    );
  });

  it('a missing file is the first run: said so, not an error', () => {
    const missing = Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT' });
    expect(unreadableBaseline(PATH, missing)).toEqual({
      path: PATH,
      problem: 'there is no such file (a first run has none): continuity and what is new were not checked',
    });
    const denied = Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    expect(unreadableBaseline(PATH, denied)).toEqual({
      path: PATH,
      problem: 'it could not be read (EACCES)',
    });
  });

  it('a summary.json of this version is read', () => {
    expect(used(baselineFromText(PATH, baselineText())).window).toEqual({
      start: WINDOW.start,
      end: WINDOW.end,
    });
  });
});

describe('a baseline that belongs elsewhere', () => {
  const compare = (text: string, facts: Partial<RunFacts> = {}) =>
    compareWithBaseline(baselineFromText(PATH, text), run(facts));

  it('a later window is not compared', () => {
    const { since, used: kept } = compare(baselineText(), {
      window: { start: '2024-12-25', end: '2024-12-31', lateDeliveryDays: 1 },
    });
    expect(kept).toBeNull();
    expect(since!.problem).toBe(
      'it is newer than this window: it audited 2025-01-01 to 2025-01-07, this run audits 2024-12-25 to ' +
        '2024-12-31; give the summary.json of the run before this one',
    );
    expect(since!.new).toBeNull();
  });

  it('other accounts are not compared', () => {
    const { since } = compare(baselineText(), { accounts: ['444455556666'] });
    expect(since!.problem).toBe("it audited other accounts (111122223333), none of this run's");
  });

  it('another organization is not compared', () => {
    const text = baselineText((s) => {
      const [entry] = s.history as HistoryEntry[];
      s.history = [{ ...entry!, organizationId: 'o-aaaaaaaaaa' }];
    });
    expect(compare(text, { organizationId: 'o-bbbbbbbbbb' }).since!.problem).toBe(
      'it audited organization o-aaaaaaaaaa, this run o-bbbbbbbbbb',
    );
    expect(compare(text, { organizationId: 'o-aaaaaaaaaa' }).since!.problem).toBeNull();
  });

  it('a window starting the day after joins; one starting a day later leaves a gap of that day', () => {
    const week = (start: string) => ({ start, end: addDays(start, 6), lateDeliveryDays: 1 });
    expect(compare(baselineText(), { window: week('2025-01-08') }).since!.continuity).toEqual({
      status: 'joined',
      gap: null,
      overlap: null,
    });
    expect(compare(baselineText(), { window: week('2025-01-09') }).since!.continuity).toEqual({
      status: 'gap',
      gap: { start: '2025-01-08', end: '2025-01-08', days: 1 },
      overlap: null,
    });
    expect(compare(baselineText(), { window: week('2025-01-01') }).since!.continuity).toEqual({
      status: 'same-window',
      gap: null,
      overlap: { start: '2025-01-01', end: '2025-01-07', days: 7 },
    });
  });

  it('an overlap is said, with its days', () => {
    const { since } = compare(baselineText(), {
      window: { start: '2025-01-06', end: '2025-01-12', lateDeliveryDays: 1 },
    });
    expect(since!.continuity).toEqual({
      status: 'overlap',
      gap: null,
      overlap: { start: '2025-01-06', end: '2025-01-07', days: 2 },
    });
  });
});

describe('coverage regressions', () => {
  const cells = (region: string, records: number, start: string) =>
    Array.from({ length: 7 }, (_, i) => ({
      account: '111122223333',
      region,
      day: addDays(start, i),
      records,
      files: 1,
      layouts: [],
    }));

  it('a region with logs in the baseline and none now is named; one still delivering is not', () => {
    const text = baselineText((s) => {
      const coverage = s.coverage as Record<string, unknown>;
      coverage.cells = [...cells('us-east-1', 50, '2025-01-01'), ...cells('eu-west-1', 5, '2025-01-01')];
    });
    const coverage = {
      read: { records: 350, files: 7 },
      cells: [...cells('us-east-1', 50, '2025-01-08'), ...cells('eu-west-1', 0, '2025-01-08')],
      accountsWithoutLogs: [],
      regionsWithoutLogs: [{ account: '111122223333', region: 'eu-west-1' }],
      daysWithoutLogs: [],
    };
    const { since } = compareWithBaseline(baselineFromText(PATH, text), run({ coverage }));
    expect(since!.coverageRegressions).toEqual({
      accounts: [],
      regions: [{ account: '111122223333', region: 'eu-west-1' }],
      lowDays: [],
    });
  });

  it('a day under a tenth of the median is named; a day at a tenth is not', () => {
    const text = baselineText((s) => {
      (s.coverage as Record<string, unknown>).cells = cells('us-east-1', 30, '2025-01-01');
    });
    const now = cells('us-east-1', 30, '2025-01-08').map((cell, i) => ({
      ...cell,
      records: i === 1 ? 3 : i === 2 ? 2 : cell.records,
    }));
    const coverage = {
      read: { records: 185, files: 7 },
      cells: now,
      accountsWithoutLogs: [],
      regionsWithoutLogs: [],
      daysWithoutLogs: [],
    };
    const { since } = compareWithBaseline(baselineFromText(PATH, text), run({ coverage }));
    expect(since!.coverageRegressions!.lowDays).toEqual([
      { account: '111122223333', day: '2025-01-10', records: 2, baselineMedian: 30 },
    ]);
  });
});

describe('a baseline written before touched and history', () => {
  const text = baselineText((s) => {
    delete s.touched;
    delete s.history;
    s.sessions = [
      {
        account: '111122223333',
        roleSession: 'support-session',
        firstCall: '2025-01-02T08:00:00Z',
        services: ['ec2.amazonaws.com', 'iam.amazonaws.com', 's3.amazonaws.com'],
        actions: [
          { action: 'ec2:DescribeInstances' },
          { action: 'iam:GetRole' },
          { action: 's3:ListBuckets' },
        ],
        resources: ['planted-role'],
        explanation: { rule: 'none' },
      },
    ];
  });

  it('says what it can: accounts and regions, and the sessions’ services, calls and resources', () => {
    const touched = touchedOfBaseline(used(baselineFromText(PATH, text)));
    expect(touched.accounts.map((s) => s.name)).toEqual(['111122223333']);
    expect(touched.regions.map((s) => s.name)).toEqual(['us-east-1']);
    expect(touched.eventSources.map((s) => s.name)).toEqual([
      'ec2.amazonaws.com',
      'iam.amazonaws.com',
      's3.amazonaws.com',
    ]);
    expect(touched.apis.map((s) => s.name)).toEqual([
      'ec2:DescribeInstances',
      'iam:GetRole',
      's3:ListBuckets',
    ]);
    expect(touched.resources.map((s) => s.name)).toEqual(['planted-role']);
    expect(touched.writeApis).toEqual([]);
  });

  it('a known call is not new; a write call is, as the baseline lists none', () => {
    const events = [
      supportEvent({ eventSource: 'iam.amazonaws.com', eventName: 'GetRole' }),
      supportEvent({ eventSource: 'iam.amazonaws.com', eventName: 'DeleteRole', readOnly: 'false' }),
    ];
    const { since } = compareWithBaseline(
      baselineFromText(PATH, text),
      run({ events, touched: touchedBy(events, undefined) }),
    );
    expect(since!.new).toEqual({
      accounts: [],
      regions: [],
      eventSources: [],
      apis: ['iam:DeleteRole'],
      resources: [],
      writeCalls: [{ api: 'iam:DeleteRole', calls: 1 }],
      unexplainedSessions: [],
      total: 2,
    });
  });

  it('becomes the first entry of the history', () => {
    const history = historyAfter(used(baselineFromText(PATH, text)), entry(10));
    expect(history.map((h) => [h.window.end, h.supportCalls])).toEqual([
      [WINDOW.end, 3],
      [entry(10).window.end, 10],
    ]);
  });
});

/** A week's run, `week` weeks after the baseline's, with as many support calls as its number. */
function entry(week: number): HistoryEntry {
  return historyEntry(addDays('2025-01-08', 7 * week), 7, week);
}

describe('bounded', () => {
  it(`the history keeps the last ${HISTORY_RUNS} runs, oldest first`, () => {
    let baseline = used(baselineFromText(PATH, baselineText()));
    for (let week = 0; week < 70; week += 1) {
      baseline = { ...baseline, history: historyAfter(baseline, entry(week)) };
    }
    expect(baseline.history).toHaveLength(HISTORY_RUNS);
    expect(baseline.history!.map((h) => h.supportCalls)).toEqual(
      Array.from({ length: HISTORY_RUNS }, (_, i) => 70 - HISTORY_RUNS + i),
    );
  });

  it(`touched keeps the ${TOUCHED_NAMES} names of each kind seen most recently`, () => {
    const names = (prefix: string, count: number) =>
      new Set(Array.from({ length: count }, (_, i) => `${prefix}-${String(i).padStart(5, '0')}`));
    const none = touchedBy([], undefined);
    const first = touchedAfter(null, { ...none, resources: names('old', TOUCHED_NAMES) }, '2025-01-07');
    const second = touchedAfter(first, { ...none, resources: names('new', 10) }, '2025-01-14');
    expect(second.resources).toHaveLength(TOUCHED_NAMES);
    expect(second.resources.filter((s) => s.name.startsWith('new-'))).toHaveLength(10);
    // The oldest by name among the least recently seen are the ones forgotten.
    expect(second.resources.at(-1)!.name).toBe(`old-${String(TOUCHED_NAMES - 11).padStart(5, '0')}`);
    const seenAgain = touchedAfter(second, { ...none, resources: new Set(['old-00000']) }, '2025-01-21');
    expect(seenAgain.resources.find((s) => s.name === 'old-00000')).toEqual({
      name: 'old-00000',
      firstSeen: '2025-01-07',
      lastSeen: '2025-01-21',
    });
  });
});
