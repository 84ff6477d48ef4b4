/**
 * What the timelines of both reports show: the cases, permits and sessions of the window as bars on one time
 * axis, clipped to the window, at most TIMELINE_ROWS of them (cases and permits first, then unexplained
 * sessions, then the rest), with how many were left out.
 */
import { addDays } from '../core/dates.js';
import type { AuditResult } from '../core/result.js';
import { permitWindow } from '../core/explain/permits.js';

export const TIMELINE_ROWS = 40;

export type TimelineKind = 'case' | 'permit' | 'explained' | 'unexplained';

export interface TimelineBar {
  readonly kind: TimelineKind;
  readonly label: string;
  /** ISO times, clipped to the window. */
  readonly from: string;
  readonly until: string;
}

export interface Timeline {
  readonly start: string;
  readonly end: string;
  readonly bars: readonly TimelineBar[];
  readonly omitted: number;
}

function iso(time: string): number {
  return Date.parse(time);
}

/** The timeline of the result, or null when there is none to draw (seed, or nothing in the window). */
export function timelineOf(result: AuditResult): Timeline | null {
  if (result.sessions === null || result.cases === null || result.permits === null) return null;
  const start = `${result.window.start}T00:00:00Z`;
  const end = `${addDays(result.window.end, 1)}T00:00:00Z`;
  const clip = (from: string, until: string | null): { from: string; until: string } | null => {
    const a = Math.max(iso(from), iso(start));
    const b = Math.min(until === null ? iso(end) : iso(until), iso(end));
    if (Number.isNaN(a) || Number.isNaN(b) || b < a) return null;
    return { from: new Date(a).toISOString(), until: new Date(b).toISOString() };
  };
  const bars: TimelineBar[] = [];
  for (const c of result.cases) {
    for (const open of c.open) {
      const span = clip(open.from, open.until);
      if (span) bars.push({ kind: 'case', label: c.displayId ?? `case ...${c.caseId.slice(-12)}`, ...span });
    }
  }
  for (const p of result.permits) {
    const window = permitWindow(p);
    const span = clip(window.from, window.until);
    if (span) bars.push({ kind: 'permit', label: p.name ?? p.arn ?? 'permit', ...span });
  }
  const sessions = result.sessions.map((s) => ({
    kind: s.explanation.rule === 'none' ? ('unexplained' as const) : ('explained' as const),
    label: `${s.id} ${s.account ?? ''}`.trim(),
    from: s.firstCall,
    until: s.lastCall,
  }));
  const ordered = [
    ...bars,
    ...sessions.filter((s) => s.kind === 'unexplained'),
    ...sessions.filter((s) => s.kind === 'explained'),
  ];
  const shown = ordered.slice(0, TIMELINE_ROWS);
  return { start, end, bars: shown, omitted: ordered.length - shown.length };
}
