/**
 * This audit against its baseline, the previous run's summary.json (docs/baseline.md): whether the two windows
 * join, which logs the baseline had that this audit lacks, and what AWS Support did for the first time. A
 * baseline that belongs to other accounts, another organization or a later window is not compared: the reports
 * say why.
 */
import type {
  BaselineFile,
  CoverageRegressions,
  NewAccess,
  SinceBaseline,
  Touched,
} from './contract/baseline.js';
import type { SessionRecord } from './contract/explanation.js';
import type { BaselineInput } from './baseline.js';
import { addDays, eachDay } from './dates.js';
import { apiName, isWriteCall, type SupportEvent } from './events.js';
import { touchedOfBaseline, TOUCHED_KINDS, type TouchedNames } from './history.js';
import type { Coverage } from './result.js';
import type { AuditWindow } from './types.js';
import { listed } from './wording.js';

/** What the comparison reads of this run. */
export interface RunFacts {
  readonly window: AuditWindow;
  readonly organizationId: string | null;
  readonly accounts: readonly string[];
  readonly coverage: Coverage | null;
  readonly events: readonly SupportEvent[];
  readonly eventsComplete: boolean;
  readonly sessions: readonly SessionRecord[] | null;
  readonly touched: TouchedNames;
}

export interface Comparison {
  readonly since: SinceBaseline | null;
  /** The baseline, when it was used. */
  readonly used: BaselineFile | null;
}

/** The organization and accounts the baseline audited: its history's last entry says, or its table. */
function auditedBy(baseline: BaselineFile): { organizationId: string | null; accounts: readonly string[] } {
  const last = baseline.history?.at(-1);
  return last ?? { organizationId: null, accounts: baseline.table.accounts };
}

/** Why the baseline cannot be compared with this run, or null. */
function foreign(baseline: BaselineFile, run: RunFacts): string | null {
  const { window } = baseline;
  if (window.end > run.window.end) {
    return (
      `it is newer than this window: it audited ${window.start} to ${window.end}, this run audits ` +
      `${run.window.start} to ${run.window.end}; give the summary.json of the run before this one`
    );
  }
  const audited = auditedBy(baseline);
  if (audited.organizationId !== null && audited.organizationId !== run.organizationId) {
    return `it audited organization ${audited.organizationId}, this run ${run.organizationId ?? 'none'}`;
  }
  if (!audited.accounts.some((account) => run.accounts.includes(account))) {
    return `it audited other accounts (${listed([...audited.accounts])}), none of this run's`;
  }
  return null;
}

function span(start: string, end: string) {
  return { start, end, days: eachDay(start, end).length };
}

function continuity(baseline: BaselineFile, window: AuditWindow): SinceBaseline['continuity'] {
  const before = baseline.window;
  const overlap =
    window.start <= before.end
      ? span(window.start < before.start ? before.start : window.start, before.end)
      : null;
  if (window.start === before.start && window.end === before.end) {
    return { status: 'same-window', gap: null, overlap };
  }
  if (window.start > addDays(before.end, 1)) {
    return { status: 'gap', gap: span(addDays(before.end, 1), addDays(window.start, -1)), overlap: null };
  }
  return { status: overlap === null ? 'joined' : 'overlap', gap: null, overlap };
}

/** Records per account and day, all regions together, over the days given; and per account and region. */
function recordsOf(
  cells: ReadonlyArray<{ account: string; region: string; day: string; records: number }>,
  days: ReadonlySet<string>,
) {
  const byDay = new Map<string, Map<string, number>>();
  const byRegion = new Map<string, number>();
  for (const cell of cells) {
    if (!days.has(cell.day)) continue;
    const account = byDay.get(cell.account) ?? new Map<string, number>();
    account.set(cell.day, (account.get(cell.day) ?? 0) + cell.records);
    byDay.set(cell.account, account);
    const place = JSON.stringify([cell.account, cell.region]);
    byRegion.set(place, (byRegion.get(place) ?? 0) + cell.records);
  }
  return { byDay, byRegion };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : Math.floor((sorted[middle - 1]! + sorted[middle]!) / 2);
}

function total(days: ReadonlyMap<string, number> | undefined): number {
  return [...(days?.values() ?? [])].reduce((sum, n) => sum + n, 0);
}

/** The logs the baseline had that this audit lacks. */
function regressions(
  baseline: BaselineFile,
  coverage: Coverage,
  window: AuditWindow,
): CoverageRegressions | null {
  if (baseline.coverage === null) return null;
  const before = recordsOf(
    baseline.coverage.cells,
    new Set(eachDay(baseline.window.start, baseline.window.end)),
  );
  const now = recordsOf(coverage.cells, new Set(eachDay(window.start, window.end)));
  const silent = [...before.byDay].filter(
    ([account, days]) => total(days) > 0 && total(now.byDay.get(account)) === 0,
  );
  const accounts = silent.map(([account]) => account).sort();
  const regions = [...before.byRegion]
    .filter(([place, records]) => records > 0 && (now.byRegion.get(place) ?? 0) === 0)
    .map(([place]) => JSON.parse(place) as [string, string])
    .filter(([account]) => !accounts.includes(account))
    .map(([account, region]) => ({ account, region }));
  const lowDays: Array<CoverageRegressions['lowDays'][number]> = [];
  for (const [account, days] of now.byDay) {
    const baselineDays = before.byDay.get(account);
    if (baselineDays === undefined) continue;
    const baselineMedian = median([...baselineDays.values()]);
    for (const [day, records] of [...days].sort()) {
      if (records > 0 && records * 10 < baselineMedian)
        lowDays.push({ account, day, records, baselineMedian });
    }
  }
  return { accounts, regions, lowDays };
}

/** A session as both runs name it: its account, role session and first call. */
function sessionKey(session: Pick<SessionRecord, 'account' | 'roleSession' | 'firstCall'>): string {
  return JSON.stringify([session.account, session.roleSession, session.firstCall]);
}

function newAccess(baseline: BaselineFile, before: Touched, run: RunFacts): NewAccess {
  const fresh = (kind: (typeof TOUCHED_KINDS)[number]) => {
    const known = new Set(before[kind].map((seen) => seen.name));
    return [...run.touched[kind]].filter((name) => !known.has(name)).sort();
  };
  const newWriteApis = new Set(fresh('writeApis'));
  const writeCalls = new Map<string, number>();
  for (const event of run.events) {
    const api = apiName(event);
    if (isWriteCall(event) && newWriteApis.has(api)) writeCalls.set(api, (writeCalls.get(api) ?? 0) + 1);
  }
  const known = new Set((baseline.sessions ?? []).map(sessionKey));
  const unexplainedSessions = (run.sessions ?? [])
    .filter((s) => s.explanation.rule === 'none' && !known.has(sessionKey(s)))
    .map((s) => s.id);
  const found = {
    accounts: fresh('accounts'),
    regions: fresh('regions'),
    eventSources: fresh('eventSources'),
    apis: fresh('apis'),
    resources: fresh('resources'),
    writeCalls: [...writeCalls].sort().map(([api, calls]) => ({ api, calls })),
    unexplainedSessions,
  };
  const counted = Object.values(found).reduce((sum, items) => sum + items.length, 0);
  return { ...found, total: counted };
}

/** The warning an adapter shows when the baseline given was not used; null when it was, or none was given. */
export function baselineWarning(since: SinceBaseline | null): string | null {
  return since?.problem ? `The baseline ${since.path} was not used: ${since.problem}.` : null;
}

/** This run against the baseline given; null when none was. */
export function compareWithBaseline(input: BaselineInput | undefined, run: RunFacts): Comparison {
  if (input === undefined) return { since: null, used: null };
  const unused = (problem: string): Comparison => ({
    since: {
      path: input.path,
      problem,
      baseline: null,
      continuity: null,
      coverageRegressions: null,
      new: null,
    },
    used: null,
  });
  if ('problem' in input) return unused(input.problem);
  const baseline = input.file;
  const problem = foreign(baseline, run);
  if (problem !== null) return unused(problem);
  return {
    since: {
      path: input.path,
      problem: null,
      baseline: { generatedAt: baseline.generatedAt, window: baseline.window },
      continuity: continuity(baseline, run.window),
      coverageRegressions: run.coverage === null ? null : regressions(baseline, run.coverage, run.window),
      new: run.eventsComplete ? newAccess(baseline, touchedOfBaseline(baseline), run) : null,
    },
    used: baseline,
  };
}
