/**
 * What both reports say of the audit against its baseline (docs/baseline.md): the findings, each a sentence of
 * the report's own words and the names it concerns (values from the logs, which each renderer escapes), and the
 * trend of the last runs. Nothing is shown without a baseline, nor a trend of one run.
 */
import { dayRanges, eachDay } from '../core/dates.js';
import type { AuditResult } from '../core/result.js';
import { plural } from '../core/wording.js';

/** `ok` passed, `warn` a gap or a regression, `new` something new, `info` said for context. */
export type FindingKind = 'ok' | 'warn' | 'new' | 'info';

export interface Finding {
  readonly kind: FindingKind;
  /** The report's own words. */
  readonly text: string;
  /** What it concerns, from the logs or the inputs: listed after the text, each escaped by the renderer. */
  readonly names: readonly string[];
}

/** Names listed under one finding before the rest are counted: summary.json has them all. */
export const NAMED_IN_REPORT = 20;

/** The names as the reports list them: the first NAMED_IN_REPORT, then how many more. */
export function shownNames(names: readonly string[]): { shown: readonly string[]; more: number } {
  return { shown: names.slice(0, NAMED_IN_REPORT), more: Math.max(0, names.length - NAMED_IN_REPORT) };
}

const finding = (kind: FindingKind, text: string, names: readonly string[] = []): Finding => ({
  kind,
  text,
  names,
});

function continuity(since: NonNullable<AuditResult['sinceBaseline']>): Finding[] {
  const { continuity: joined } = since;
  if (joined === null) return [];
  const overlap = joined.overlap;
  const overlapText = overlap && `${plural(overlap.days, 'day')} (${overlap.start} to ${overlap.end})`;
  switch (joined.status) {
    case 'joined':
      return [
        finding(
          'ok',
          "This window starts the day after the baseline's ended: no day missed, none audited twice",
        ),
      ];
    case 'gap':
      return [
        finding(
          'warn',
          `Gap: no audit covered ${plural(joined.gap!.days, 'day')} between the two windows ` +
            `(${dayRanges(eachDay(joined.gap!.start, joined.gap!.end))}); the audit is incomplete`,
        ),
      ];
    case 'overlap':
      return [finding('info', `Overlap: both audits covered ${overlapText}`)];
    case 'same-window':
      return [finding('info', "The same window as the baseline's: a run again of the same days")];
  }
}

function regressions(since: NonNullable<AuditResult['sinceBaseline']>): Finding[] {
  const found = since.coverageRegressions;
  if (found === null) return [];
  const lines = [
    ...(found.accounts.length > 0
      ? [finding('warn', 'Accounts with logs in the baseline and none in this window', found.accounts)]
      : []),
    ...(found.regions.length > 0
      ? [
          finding(
            'warn',
            'Regions with logs in the baseline and none in this window',
            found.regions.map((r) => `${r.account} ${r.region}`),
          ),
        ]
      : []),
    ...(found.lowDays.length > 0
      ? [
          finding(
            'warn',
            "Days with fewer than a tenth of the account's median daily records in the baseline",
            found.lowDays.map(
              (d) =>
                `${d.account} ${d.day}: ${plural(d.records, 'record')} (median ${d.baselineMedian.toLocaleString('en-US')})`,
            ),
          ),
        ]
      : []),
  ];
  return lines.length > 0
    ? lines
    : [
        finding(
          'ok',
          'No coverage regression: every account and region with logs in the baseline has logs now',
        ),
      ];
}

const NEW_KINDS = [
  ['accounts', 'Accounts AWS Support called in for the first time'],
  ['regions', 'Regions it called in for the first time'],
  ['eventSources', 'Event sources it called for the first time'],
  ['apis', 'API calls it made for the first time'],
  ['resources', 'Resources it touched for the first time'],
] as const;

function newAccess(since: NonNullable<AuditResult['sinceBaseline']>): Finding[] {
  const found = since.new;
  if (found === null) {
    return [finding('info', 'What is new was not compared: the query set lists no support calls')];
  }
  if (found.total === 0) {
    return [
      finding(
        'ok',
        'Nothing new: no account, region, event source, API call or resource AWS Support had not touched before, ' +
          'no new kind of write call, no new unexplained session',
      ),
    ];
  }
  return [
    ...NEW_KINDS.filter(([kind]) => found[kind].length > 0).map(([kind, words]) =>
      finding('new', words, found[kind]),
    ),
    ...(found.writeCalls.length > 0
      ? [
          finding(
            'new',
            'Write (non-read-only) calls of an API never made as a write call before',
            found.writeCalls.map((w) => `${w.api} (${plural(w.calls, 'call')})`),
          ),
        ]
      : []),
    ...(found.unexplainedSessions.length > 0
      ? [finding('new', 'Sessions nothing explains, new since the baseline', found.unexplainedSessions)]
      : []),
  ];
}

/** The findings against the baseline, in the order the reports list them; null without a baseline. */
export function sinceFindings(result: AuditResult): Finding[] | null {
  const since = result.sinceBaseline;
  if (since === null) return null;
  if (since.problem !== null) {
    return [finding('warn', `The baseline was not used: ${since.problem}`, [since.path])];
  }
  const baseline = since.baseline!;
  return [
    finding(
      'info',
      `Compared with the audit of ${baseline.window.start} to ${baseline.window.end} (generated ${baseline.generatedAt}) in`,
      [since.path],
    ),
    ...continuity(since),
    ...regressions(since),
    ...newAccess(since),
  ];
}

export interface TrendPoint {
  /** The last day of the run's window. */
  readonly label: string;
  readonly window: string;
  readonly supportCalls: number;
  readonly sessions: number | null;
  readonly unexplainedSessions: number | null;
  readonly records: number | null;
  readonly complete: boolean;
}

/** The runs of the history, oldest first; null when it holds this run alone. */
export function trend(result: AuditResult): TrendPoint[] | null {
  if (result.history.length < 2) return null;
  return result.history.map((run) => ({
    label: run.window.end,
    window: `${run.window.start} to ${run.window.end}`,
    supportCalls: run.supportCalls,
    sessions: run.sessions,
    unexplainedSessions: run.unexplainedSessions,
    records: run.records,
    complete: run.complete,
  }));
}

/** The lines of the trend chart, in the order both reports draw and name them. */
export const TREND_LINES = [
  ['supportCalls', 'support calls'],
  ['sessions', 'sessions'],
  ['unexplainedSessions', 'unexplained sessions'],
] as const;
