/**
 * This run against its baseline, rule by rule: which baselines are compared, how two windows meet, which logs the
 * baseline had that this run lacks (silent accounts and regions, thin days against the baseline's median), and
 * what is new (write calls of a new write API, sessions nothing explains that the baseline did not hold).
 */
import { describe, expect, it } from 'vitest';
import type { BaselineFile } from '../src/core/contract/baseline.js';
import type { SessionRecord } from '../src/core/contract/explanation.js';
import { addDays } from '../src/core/dates.js';
import { touchedBy } from '../src/core/history.js';
import type { Coverage } from '../src/core/result.js';
import { baselineWarning, compareWithBaseline, type RunFacts } from '../src/core/since.js';
import { RUN_WEEK, runFacts as run } from './helpers/baseline-factory.js';
import { supportEvent } from './helpers/result-factory.js';

const PATH = 'previous/summary.json';
const A = '111122223333';
const B = '444455556666';
const C = '777788889999';
const BASELINE_WEEK = { start: '2025-01-01', end: '2025-01-07' };

type Cell = { account: string; region: string; day: string; records: number };

function baselineFile(overrides: Partial<BaselineFile> = {}): BaselineFile {
  return {
    schemaVersion: 1,
    generatedAt: '2025-01-08T09:00:00.000Z',
    window: BASELINE_WEEK,
    table: { accounts: [A], regions: ['us-east-1'] },
    totals: { supportCalls: 0, writeCalls: 0 },
    byAccountAndRegion: [],
    coverage: { read: { records: 0 }, cells: [], daysWithoutLogs: [] },
    sessions: [],
    complete: true,
    ...overrides,
  };
}

function withCells(cells: Cell[]): BaselineFile {
  const records = cells.reduce((sum, cell) => sum + cell.records, 0);
  return baselineFile({ coverage: { read: { records }, cells, daysWithoutLogs: [] } });
}

function coverageOf(cells: Cell[]): Coverage {
  return {
    read: { records: cells.reduce((sum, cell) => sum + cell.records, 0), files: cells.length },
    cells: cells.map((cell) => ({ ...cell, files: 1, layouts: [] })),
    accountsWithoutLogs: [],
    regionsWithoutLogs: [],
    daysWithoutLogs: [],
  };
}

const compare = (file: BaselineFile, facts: Partial<RunFacts> = {}) =>
  compareWithBaseline({ path: PATH, file }, run(facts)).since!;

/** Cells of one account and region, one a day from `start`, with these records. */
function daily(account: string, region: string, start: string, records: readonly number[]): Cell[] {
  return records.map((n, i) => ({ account, region, day: addDays(start, i), records: n }));
}

describe('which baseline is compared', () => {
  it('none given: nothing to say', () => {
    expect(compareWithBaseline(undefined, run())).toEqual({ since: null, used: null });
  });

  it('one that could not be read: its problem, and nothing compared', () => {
    const problem = 'it could not be read (EACCES)';
    expect(compareWithBaseline({ path: PATH, problem }, run())).toEqual({
      since: { path: PATH, problem, baseline: null, continuity: null, coverageRegressions: null, new: null },
      used: null,
    });
  });

  it('a used one is named by when it ran and what it audited', () => {
    const file = baselineFile();
    const comparison = compareWithBaseline({ path: PATH, file }, run());
    expect(comparison.used).toBe(file);
    expect(comparison.since!.baseline).toEqual({ generatedAt: file.generatedAt, window: BASELINE_WEEK });
  });

  it('one of no organization is compared with a run of one', () => {
    expect(compare(baselineFile(), { organizationId: 'o-aaaaaaaaaa' }).problem).toBeNull();
  });

  it("one of an organization is not compared with a run of none, and the problem says this run's is none", () => {
    const file = baselineFile({
      history: [
        {
          generatedAt: '2025-01-08T09:00:00.000Z',
          window: BASELINE_WEEK,
          organizationId: 'o-aaaaaaaaaa',
          accounts: [A],
          supportCalls: 0,
          writeCalls: 0,
          sessions: 0,
          unexplainedSessions: 0,
          records: 0,
          daysWithoutLogs: 0,
          complete: true,
        },
      ],
    });
    expect(compare(file, { organizationId: null }).problem).toBe(
      'it audited organization o-aaaaaaaaaa, this run none',
    );
  });

  it('one that audited some of this run’s accounts and others is compared', () => {
    const file = baselineFile({ table: { accounts: [A, B], regions: ['us-east-1'] } });
    expect(compare(file, { accounts: [B, C] }).problem).toBeNull();
  });
});

describe('how the windows meet', () => {
  const window = (start: string, end: string) => ({ start, end, lateDeliveryDays: 1 });

  it('a window starting on the baseline’s last day overlaps it by that day', () => {
    expect(compare(baselineFile(), { window: window('2025-01-07', '2025-01-13') }).continuity).toEqual({
      status: 'overlap',
      gap: null,
      overlap: { start: '2025-01-07', end: '2025-01-07', days: 1 },
    });
  });

  it('a longer window around the baseline’s overlaps it by all its days', () => {
    expect(compare(baselineFile(), { window: window('2024-12-25', '2025-01-07') }).continuity).toEqual({
      status: 'overlap',
      gap: null,
      overlap: { start: '2025-01-01', end: '2025-01-07', days: 7 },
    });
    expect(compare(baselineFile(), { window: window('2025-01-01', '2025-01-14') }).continuity).toEqual({
      status: 'overlap',
      gap: null,
      overlap: { start: '2025-01-01', end: '2025-01-07', days: 7 },
    });
  });
});

describe('the logs the baseline had that this run lacks', () => {
  it('are not compared against a baseline without coverage', () => {
    const file = baselineFile({ coverage: null });
    expect(compare(file, { coverage: coverageOf([]) }).coverageRegressions).toBeNull();
  });

  it('an account with records in the baseline and none now is named, sorted, without its regions', () => {
    const file = withCells([
      ...daily(C, 'eu-west-1', BASELINE_WEEK.start, [5, 5]),
      ...daily(B, 'us-east-1', BASELINE_WEEK.start, [5, 5]),
      ...daily(B, 'eu-west-1', BASELINE_WEEK.start, [1]),
      ...daily(A, 'us-east-1', BASELINE_WEEK.start, [10, 10]),
      ...daily(A, 'us-west-2', BASELINE_WEEK.start, [0, 0]),
    ]);
    // B read nothing this week (its cells say 0); C has no cell at all; A still delivers, not in us-west-2.
    const coverage = coverageOf([
      ...daily(A, 'us-east-1', RUN_WEEK.start, [10, 10]),
      ...daily(B, 'us-east-1', RUN_WEEK.start, [0, 0]),
    ]);
    expect(compare(file, { accounts: [A, B, C], coverage }).coverageRegressions).toEqual({
      accounts: [B, C],
      regions: [],
      lowDays: [],
    });
  });

  it('an account with no records in the baseline either is not named', () => {
    const file = withCells(daily(B, 'us-east-1', BASELINE_WEEK.start, [0, 0, 0]));
    const coverage = coverageOf(daily(A, 'us-east-1', RUN_WEEK.start, [10]));
    expect(compare(file, { accounts: [A, B], coverage }).coverageRegressions!.accounts).toEqual([]);
  });

  it('records outside either window do not count', () => {
    // Before its window, the baseline's region had records; after this window, this run's region has some.
    const file = withCells([
      ...daily(A, 'us-east-1', BASELINE_WEEK.start, [20, 20]),
      ...daily(A, 'eu-west-1', addDays(BASELINE_WEEK.start, -2), [9, 9]),
      ...daily(B, 'us-east-1', BASELINE_WEEK.start, [20]),
    ]);
    const coverage = coverageOf([
      ...daily(A, 'us-east-1', RUN_WEEK.start, [20, 20]),
      ...daily(B, 'us-east-1', addDays(RUN_WEEK.end, 1), [20]),
    ]);
    expect(compare(file, { accounts: [A, B], coverage }).coverageRegressions).toEqual({
      accounts: [B],
      regions: [],
      lowDays: [],
    });
  });

  it("thin days: under a tenth of the baseline's median of an even number of days, sorted; none for a day without records", () => {
    // The baseline's daily records sorted are 100, 200, 300, 400: the median is 250, a tenth of it 25.
    const file = withCells(daily(A, 'us-east-1', BASELINE_WEEK.start, [400, 100, 300, 200]));
    const now = daily(A, 'us-east-1', RUN_WEEK.start, [24, 26, 0, 25, 300, 2, 100]).reverse();
    const lowDays = compare(file, { coverage: coverageOf(now) }).coverageRegressions!.lowDays;
    expect(lowDays).toEqual([
      { account: A, day: '2025-01-08', records: 24, baselineMedian: 250 },
      { account: A, day: '2025-01-13', records: 2, baselineMedian: 250 },
    ]);
  });

  it('thin days against the median of an odd number of days, the middle one; an account new to the baseline has none', () => {
    const file = withCells(daily(A, 'us-east-1', BASELINE_WEEK.start, [50, 10, 30]));
    const now = [
      ...daily(A, 'us-east-1', RUN_WEEK.start, [2, 3]),
      ...daily(B, 'us-east-1', RUN_WEEK.start, [1]),
    ];
    const lowDays = compare(file, { accounts: [A, B], coverage: coverageOf(now) }).coverageRegressions!
      .lowDays;
    expect(lowDays).toEqual([{ account: A, day: '2025-01-08', records: 2, baselineMedian: 30 }]);
  });
});

function sessionRecord(id: string, firstCall: string, rule: string): SessionRecord {
  return {
    id,
    account: A,
    groupedBy: 'role-session',
    roleSession: 'support-session',
    regions: ['us-east-1'],
    firstCall,
    lastCall: firstCall,
    calls: 1,
    writeCalls: 0,
    failedCalls: [],
    services: ['ec2.amazonaws.com'],
    actions: [{ action: 'ec2:DescribeInstances', count: 1 }],
    resources: [],
    explanation: { rule },
  } as unknown as SessionRecord;
}

describe('what is new', () => {
  it('names, sorted, what the baseline had not touched', () => {
    const events = [
      supportEvent({ recipientAccountId: C, awsRegion: 'us-west-2', eventSource: 's3.amazonaws.com' }),
      supportEvent({ recipientAccountId: B, awsRegion: 'eu-west-1', eventSource: 'iam.amazonaws.com' }),
    ];
    const found = compare(baselineFile(), {
      accounts: [A, B, C],
      events,
      touched: touchedBy(events, undefined),
    }).new!;
    expect(found.accounts).toEqual([B, C]);
    expect(found.regions).toEqual(['eu-west-1', 'us-west-2']);
    expect(found.eventSources).toEqual(['iam.amazonaws.com', 's3.amazonaws.com']);
  });

  it('write calls only of a write API never made as one before, counted and sorted; not its read calls', () => {
    const call = (eventName: string, readOnly: string) =>
      supportEvent({ eventSource: 'iam.amazonaws.com', eventName, readOnly });
    const events = [
      call('PutRolePolicy', 'false'),
      call('DeleteRole', 'false'),
      call('DeleteRole', 'true'),
      call('DeleteRole', 'false'),
      call('DetachRolePolicy', 'false'),
    ];
    const seen = (name: string) => ({ name, firstSeen: '2025-01-07', lastSeen: '2025-01-07' });
    const file = baselineFile({
      touched: {
        accounts: [seen(A)],
        regions: [seen('us-east-1')],
        eventSources: [seen('iam.amazonaws.com')],
        apis: [seen('iam:DetachRolePolicy')],
        writeApis: [seen('iam:DetachRolePolicy')],
        resources: [],
      },
    });
    const found = compare(file, { events, touched: touchedBy(events, undefined) }).new!;
    expect(found.writeCalls).toEqual([
      { api: 'iam:DeleteRole', calls: 2 },
      { api: 'iam:PutRolePolicy', calls: 1 },
    ]);
    expect(found.apis).toEqual(['iam:DeleteRole', 'iam:PutRolePolicy']);
    expect(found.total).toBe(2 + 2);
  });

  it('sessions nothing explains that the baseline did not hold, by account, role session and first call', () => {
    const held = '2025-01-06T08:00:00Z';
    const file = baselineFile({
      sessions: [
        {
          account: A,
          roleSession: 'support-session',
          firstCall: held,
          services: ['ec2.amazonaws.com'],
          actions: [{ action: 'ec2:DescribeInstances' }],
          resources: [],
          explanation: { rule: 'none' },
        },
      ],
    });
    const sessions = [
      sessionRecord('S1', held, 'none'),
      sessionRecord('S2', '2025-01-09T08:00:00Z', 'support-case'),
      sessionRecord('S3', '2025-01-10T08:00:00Z', 'none'),
    ];
    const found = compare(file, { sessions }).new!;
    expect(found.unexplainedSessions).toEqual(['S3']);
    expect(found.total).toBe(1);
  });

  it('no session when the run has none to compare', () => {
    expect(compare(baselineFile(), { sessions: null }).new!.unexplainedSessions).toEqual([]);
  });
});

describe('the warning of a baseline not used', () => {
  it('names the file and why; none when it was used or none was given', () => {
    const unused = compareWithBaseline({ path: PATH, problem: 'it is not JSON' }, run()).since;
    expect(baselineWarning(unused)).toBe(`The baseline ${PATH} was not used: it is not JSON.`);
    expect(baselineWarning(compare(baselineFile()))).toBeNull();
    expect(baselineWarning(null)).toBeNull();
  });
});
