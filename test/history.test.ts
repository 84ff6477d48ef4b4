/**
 * What summary.json carries from run to run, rule by rule: the names a run's support calls touched, what an
 * older baseline without `touched` still says, which names `touched` keeps when it is full, and how the history
 * turns an older baseline into its first entry and replaces a rerun of the same window.
 */
import { describe, expect, it } from 'vitest';
import { TOUCHED_NAMES, type BaselineFile, type Seen, type Touched } from '../src/core/contract/baseline.js';
import { historyAfter, touchedAfter, touchedBy, touchedOfBaseline } from '../src/core/history.js';
import { historyEntry } from './helpers/baseline-factory.js';
import { supportEvent } from './helpers/result-factory.js';

const ACCOUNT = '111122223333';

type BaselineSession = NonNullable<BaselineFile['sessions']>[number];

function session(firstCall: string, rule: string, overrides: Partial<BaselineSession> = {}): BaselineSession {
  return {
    account: ACCOUNT,
    roleSession: 'support-session',
    firstCall,
    services: ['ec2.amazonaws.com'],
    actions: [{ action: 'ec2:DescribeInstances' }],
    resources: [],
    explanation: { rule },
    ...overrides,
  };
}

/** A baseline as an earlier release wrote it: no `history`, no `touched`. */
function olderBaseline(overrides: Partial<BaselineFile> = {}): BaselineFile {
  return {
    schemaVersion: 1,
    generatedAt: '2025-01-08T09:00:00.000Z',
    window: { start: '2025-01-01', end: '2025-01-07' },
    table: { accounts: [ACCOUNT], regions: ['us-east-1'] },
    totals: { supportCalls: 7, writeCalls: 2 },
    byAccountAndRegion: [{ account: ACCOUNT, region: 'us-east-1', count: 7 }],
    coverage: null,
    complete: true,
    ...overrides,
  };
}

const seen = (name: string, firstSeen: string, lastSeen: string): Seen => ({ name, firstSeen, lastSeen });

describe('the names a run touched', () => {
  it('leave out the accounts and regions a call does not name', () => {
    const events = [
      supportEvent({ recipientAccountId: '444455556666', awsRegion: 'eu-west-1' }),
      supportEvent({ recipientAccountId: null, awsRegion: null }),
    ];
    const touched = touchedBy(events, undefined);
    expect([...touched.accounts]).toEqual(['444455556666']);
    expect([...touched.regions]).toEqual(['eu-west-1']);
  });

  it('count as write APIs only the calls not recorded as read-only', () => {
    const events = [
      supportEvent({ eventSource: 'iam.amazonaws.com', eventName: 'GetRole', readOnly: 'true' }),
      supportEvent({ eventSource: 'iam.amazonaws.com', eventName: 'DeleteRole', readOnly: 'false' }),
    ];
    const touched = touchedBy(events, undefined);
    expect([...touched.apis].sort()).toEqual(['iam:DeleteRole', 'iam:GetRole']);
    expect([...touched.writeApis]).toEqual(['iam:DeleteRole']);
  });
});

describe('what a baseline had touched', () => {
  it('is its own `touched` when it has one', () => {
    const touched: Touched = {
      accounts: [seen('999988887777', '2024-12-01', '2024-12-31')],
      regions: [],
      eventSources: [],
      apis: [],
      writeApis: [seen('iam:DeleteRole', '2024-12-01', '2024-12-01')],
      resources: [],
    };
    expect(touchedOfBaseline(olderBaseline({ touched }))).toBe(touched);
  });

  it('without one: its accounts and regions, sorted, each seen on its last day; no session, no call named', () => {
    const baseline = olderBaseline({
      byAccountAndRegion: [
        { account: '444455556666', region: 'us-west-2', count: 1 },
        { account: ACCOUNT, region: 'eu-west-1', count: 2 },
        { account: null, region: null, count: 3 },
      ],
    });
    const touched = touchedOfBaseline(baseline);
    const onLastDay = (name: string) => seen(name, baseline.window.end, baseline.window.end);
    expect(touched.accounts).toEqual([ACCOUNT, '444455556666'].map(onLastDay));
    expect(touched.regions).toEqual(['eu-west-1', 'us-west-2'].map(onLastDay));
    expect(touched.eventSources).toEqual([]);
    expect(touched.apis).toEqual([]);
    expect(touched.resources).toEqual([]);
  });
});

describe('touched when it is full', () => {
  const none = touchedBy([], undefined);
  const nothing: Touched = {
    accounts: [],
    regions: [],
    eventSources: [],
    apis: [],
    writeApis: [],
    resources: [],
  };
  const pad = (i: number) => String(i).padStart(5, '0');

  it('forgets the least recently seen, the last by name among them first, and keeps the rest sorted by name', () => {
    // The recent names sort after the old ones, and are given in reverse order of name.
    const recent = Array.from({ length: TOUCHED_NAMES - 1 }, (_, i) =>
      seen(`z-${pad(TOUCHED_NAMES - i)}`, '2025-01-01', '2025-01-14'),
    );
    const old = ['a-3', 'a-1', 'a-2'].map((name) => seen(name, '2024-12-01', '2024-12-31'));
    const before = { ...nothing, resources: [...recent.slice(0, 700), ...old, ...recent.slice(700)] };
    const after = touchedAfter(before, none, '2025-01-21');
    const expected = [old[1]!, ...[...recent].reverse()];
    expect(after.resources).toEqual(expected);
  });

  it('keeps the most recently seen even when they sort last by name', () => {
    const old = Array.from({ length: TOUCHED_NAMES }, (_, i) =>
      seen(`b-${pad(i)}`, '2024-12-01', '2024-12-31'),
    );
    const recent = [seen('a-0', '2025-01-01', '2025-01-07'), seen('c-0', '2025-01-01', '2025-01-14')];
    const before = { ...nothing, resources: [recent[1]!, ...old, recent[0]!] };
    const after = touchedAfter(before, none, '2025-01-21');
    expect(after.resources).toHaveLength(TOUCHED_NAMES);
    expect(after.resources[0]).toEqual(recent[0]);
    expect(after.resources.at(-1)).toEqual(recent[1]);
    expect(after.resources.slice(1, -1)).toEqual(old.slice(0, TOUCHED_NAMES - 2));
  });
});

describe('the history', () => {
  it('of a first run is that run alone', () => {
    const now = historyEntry('2025-01-08', 7, 4);
    expect(historyAfter(null, now)).toEqual([now]);
  });

  it('turns an older baseline into its first entry, with its sessions, the unexplained ones, and its coverage', () => {
    const baseline = olderBaseline({
      sessions: [
        session('2025-01-02T08:00:00Z', 'none'),
        session('2025-01-03T08:00:00Z', 'support-case'),
        session('2025-01-04T08:00:00Z', 'none'),
      ],
      coverage: {
        read: { records: 840 },
        cells: [],
        daysWithoutLogs: [
          { account: ACCOUNT, day: '2025-01-05' },
          { account: ACCOUNT, day: '2025-01-06' },
        ],
      },
      complete: false,
    });
    const now = historyEntry('2025-01-08', 7, 4);
    expect(historyAfter(baseline, now)).toEqual([
      {
        generatedAt: baseline.generatedAt,
        window: baseline.window,
        organizationId: null,
        accounts: baseline.table.accounts,
        supportCalls: 7,
        writeCalls: 2,
        sessions: 3,
        unexplainedSessions: 2,
        records: 840,
        daysWithoutLogs: 2,
        complete: false,
      },
      now,
    ]);
  });

  it('of an older seed baseline, without sessions or coverage, leaves those figures unknown', () => {
    const [first] = historyAfter(olderBaseline(), historyEntry('2025-01-08', 7, 4));
    expect(first).toMatchObject({
      sessions: null,
      unexplainedSessions: null,
      records: null,
      daysWithoutLogs: null,
    });
  });

  it('replaces its last run by a rerun of the same window, and only of the same window', () => {
    const runs = [
      historyEntry('2024-12-18', 7, 1),
      historyEntry('2024-12-25', 7, 2),
      historyEntry('2025-01-01', 7, 3),
    ];
    const baseline = olderBaseline({ history: runs });
    const rerun = historyEntry('2025-01-01', 7, 30);
    expect(historyAfter(baseline, rerun)).toEqual([runs[0], runs[1], rerun]);
    const sameEndLongerWindow = historyEntry('2024-12-25', 14, 31);
    expect(historyAfter(baseline, sameEndLongerWindow)).toEqual([...runs, sameEndLongerWindow]);
    const sameStartLongerWindow = historyEntry('2025-01-01', 14, 32);
    expect(historyAfter(baseline, sameStartLongerWindow)).toEqual([...runs, sameStartLongerWindow]);
  });
});
