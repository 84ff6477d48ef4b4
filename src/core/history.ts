/**
 * What summary.json carries from run to run: the history of the last runs (the trend the reports draw) and what
 * AWS Support has touched so far (what the next run calls new). Both are carried forward from the baseline and
 * stay bounded: HISTORY_RUNS runs, TOUCHED_NAMES names of each kind.
 */
import {
  HISTORY_RUNS,
  TOUCHED_NAMES,
  type BaselineFile,
  type HistoryEntry,
  type Seen,
  type Touched,
} from './contract/baseline.js';
import { apiName, isWriteCall, type SupportEvent } from './events.js';
import type { Evidence } from './explain/evidence.js';
import { resourcesOf } from './explain/sessions.js';

export type TouchedKind = keyof Touched;
export const TOUCHED_KINDS: readonly TouchedKind[] = [
  'accounts',
  'regions',
  'eventSources',
  'apis',
  'writeApis',
  'resources',
];

/** The names this run's support calls touched, by kind. */
export type TouchedNames = Readonly<Record<TouchedKind, ReadonlySet<string>>>;

function names(values: ReadonlyArray<string | null>): Set<string> {
  return new Set(values.filter((value): value is string => value !== null));
}

/** What the window's support calls touched; resources come from the evidence, which the seed set does not gather. */
export function touchedBy(events: readonly SupportEvent[], evidence: Evidence | undefined): TouchedNames {
  return {
    accounts: names(events.map((e) => e.recipientAccountId)),
    regions: names(events.map((e) => e.awsRegion)),
    eventSources: names(events.map((e) => e.eventSource)),
    apis: new Set(events.map(apiName)),
    writeApis: new Set(events.filter(isWriteCall).map(apiName)),
    resources: new Set((evidence?.calls ?? []).flatMap(resourcesOf)),
  };
}

/**
 * What a baseline had touched. One written before `touched` existed says less: its accounts and regions with
 * support calls, and its sessions' event sources, API calls and listed resources; no write calls, so every
 * write call of this run is new against it.
 */
export function touchedOfBaseline(baseline: BaselineFile): Touched {
  if (baseline.touched) return baseline.touched;
  const sessions = baseline.sessions ?? [];
  const seen = (values: ReadonlyArray<string | null>): Seen[] =>
    [...names(values)].sort().map((name) => ({
      name,
      firstSeen: baseline.window.end,
      lastSeen: baseline.window.end,
    }));
  return {
    accounts: seen(baseline.byAccountAndRegion.map((r) => r.account)),
    regions: seen(baseline.byAccountAndRegion.map((r) => r.region)),
    eventSources: seen(sessions.flatMap((s) => s.services)),
    apis: seen(sessions.flatMap((s) => s.actions.map((a) => a.action))),
    writeApis: [],
    resources: seen(sessions.flatMap((s) => s.resources)),
  };
}

/** The kept names: the most recently seen, sorted by name. */
function bounded(seen: readonly Seen[]): Seen[] {
  const recent = [...seen].sort((a, b) =>
    a.lastSeen === b.lastSeen ? (a.name < b.name ? -1 : 1) : a.lastSeen > b.lastSeen ? -1 : 1,
  );
  // Names are unique (a Map's keys), so no two compare equal.
  return recent.slice(0, TOUCHED_NAMES).sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** The baseline's `touched` with this run's names added, seen on `day` (this window's last). */
export function touchedAfter(before: Touched | null, now: TouchedNames, day: string): Touched {
  const merge = (kind: TouchedKind): Seen[] => {
    const byName = new Map((before?.[kind] ?? []).map((seen) => [seen.name, seen]));
    for (const name of now[kind]) {
      const earlier = byName.get(name);
      byName.set(name, { name, firstSeen: earlier?.firstSeen ?? day, lastSeen: day });
    }
    return bounded([...byName.values()]);
  };
  return Object.fromEntries(TOUCHED_KINDS.map((kind) => [kind, merge(kind)])) as unknown as Touched;
}

/** A baseline written before `history` existed, as one entry of it. */
function entryOfBaseline(baseline: BaselineFile): HistoryEntry {
  const coverage = baseline.coverage;
  return {
    generatedAt: baseline.generatedAt,
    window: baseline.window,
    organizationId: null,
    accounts: baseline.table.accounts,
    supportCalls: baseline.totals.supportCalls,
    writeCalls: baseline.totals.writeCalls,
    sessions: baseline.sessions?.length ?? null,
    unexplainedSessions: baseline.sessions?.filter((s) => s.explanation.rule === 'none').length ?? null,
    records: coverage?.read.records ?? null,
    daysWithoutLogs: coverage?.daysWithoutLogs.length ?? null,
    complete: baseline.complete,
  };
}

/** The history with this run last: a run of the same window as the last replaces it; the oldest fall off. */
export function historyAfter(baseline: BaselineFile | null, entry: HistoryEntry): HistoryEntry[] {
  const before = baseline === null ? [] : (baseline.history ?? [entryOfBaseline(baseline)]);
  const last = before.at(-1);
  const kept =
    last && last.window.start === entry.window.start && last.window.end === entry.window.end
      ? before.slice(0, -1)
      : before;
  return [...kept, entry].slice(-HISTORY_RUNS);
}
