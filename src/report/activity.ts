/**
 * What the charts of every report show, computed once from the result: support calls over the window (per day,
 * or per week or month when the window is long), and the busiest event sources and places. The charts of
 * report.md and report.html read these, so they cannot disagree.
 */
import { eachDay } from '../core/dates.js';
import { isWriteCall } from '../core/events.js';
import type { AuditResult } from '../core/result.js';
import type { AuditWindow } from '../core/types.js';

/** More bars than this cannot be told apart on a page: a longer window is charted per week, then per month. */
export const MAX_TIME_BARS = 62;

export type TimeUnit = 'day' | 'week' | 'month';

/** A stretch of the window, first and last day included. */
export interface TimeBucket {
  readonly first: string;
  readonly last: string;
  /** Short enough for an axis: `11-02` for a day or the week starting that day, `2026-11` for a month. */
  readonly label: string;
}

export interface TimeAxis {
  readonly unit: TimeUnit;
  readonly buckets: readonly TimeBucket[];
}

export interface CallsInBucket extends TimeBucket {
  readonly calls: number;
  readonly writeCalls: number;
}

export interface Ranked {
  readonly name: string | null;
  readonly count: number;
}

/** The first `limit` entries, and how many entries and how much count the rest hold. */
export interface TopRanked {
  readonly top: readonly Ranked[];
  readonly rest: { readonly entries: number; readonly count: number };
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The window cut into at most MAX_TIME_BARS stretches: days, else weeks from its first day, else months. */
export function timeAxis(window: AuditWindow): TimeAxis {
  const days = eachDay(window.start, window.end);
  const stretch = (group: readonly string[], label: string): TimeBucket => ({
    first: group[0]!,
    last: group.at(-1)!,
    label,
  });
  if (days.length <= MAX_TIME_BARS) {
    return { unit: 'day', buckets: days.map((day) => stretch([day], day.slice(5))) };
  }
  if (days.length <= MAX_TIME_BARS * 7) {
    return { unit: 'week', buckets: chunks(days, 7).map((week) => stretch(week, week[0]!.slice(5))) };
  }
  const months = new Map<string, string[]>();
  for (const day of days) months.set(day.slice(0, 7), [...(months.get(day.slice(0, 7)) ?? []), day]);
  return { unit: 'month', buckets: [...months].map(([month, group]) => stretch(group, month)) };
}

/** The index of the bucket holding each day of the window. */
export function bucketOfDay(axis: TimeAxis): Map<string, number> {
  const index = new Map<string, number>();
  axis.buckets.forEach((bucket, i) => {
    for (const day of eachDay(bucket.first, bucket.last)) index.set(day, i);
  });
  return index;
}

/** Support calls and write calls per stretch of the window; null when the query set lists no events. */
export function callsOverTime(result: AuditResult): { unit: TimeUnit; buckets: CallsInBucket[] } | null {
  if (!result.eventsComplete) return null;
  const axis = timeAxis(result.window);
  const index = bucketOfDay(axis);
  const calls = axis.buckets.map(() => 0);
  const writes = axis.buckets.map(() => 0);
  for (const event of result.events) {
    const i = index.get(event.eventTime?.slice(0, 10) ?? '');
    if (i === undefined) continue;
    calls[i]! += 1;
    if (isWriteCall(event)) writes[i]! += 1;
  }
  return {
    unit: axis.unit,
    buckets: axis.buckets.map((bucket, i) => ({ ...bucket, calls: calls[i]!, writeCalls: writes[i]! })),
  };
}

/**
 * Most first, then by name, so equal counts always come out in the same order. A single entry past the limit
 * is shown rather than folded into a rest of one.
 */
export function rank(entries: Iterable<Ranked>, limit: number): TopRanked {
  const sorted = [...entries].sort(
    (a, b) => b.count - a.count || (a.name ?? '').localeCompare(b.name ?? '', 'en'),
  );
  const shown = sorted.length === limit + 1 ? sorted.length : limit;
  const rest = sorted.slice(shown);
  return {
    top: sorted.slice(0, shown),
    rest: { entries: rest.length, count: rest.reduce((sum, r) => sum + r.count, 0) },
  };
}

/** Support calls per event source; null when the query set lists no events. */
export function eventSources(result: AuditResult, limit: number): TopRanked | null {
  if (!result.eventsComplete) return null;
  const counts = new Map<string | null, number>();
  for (const event of result.events) counts.set(event.eventSource, (counts.get(event.eventSource) ?? 0) + 1);
  return rank(
    [...counts].map(([name, count]) => ({ name, count })),
    limit,
  );
}
