/** Calendar dates as `YYYY-MM-DD` strings, in UTC. */
import type { AuditWindow } from './types.js';

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when `text` is a `YYYY-MM-DD` date that exists on the calendar. */
export function isCalendarDate(text: string): boolean {
  const match = ISO_DATE.exec(text);
  if (!match) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export function utcDate(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/** Every date from `first` to `last`, both included. */
export function eachDay(first: string, last: string): string[] {
  const days: string[] = [];
  for (let day = first; day <= last; day = addDays(day, 1)) days.push(day);
  return days;
}

/** The partition value CloudTrail's folders and Athena's projection use: `YYYY/MM/DD`. */
export function partitionDay(date: string): string {
  return date.replaceAll('-', '/');
}

/**
 * The day folders (partitions) a window reads. CloudTrail files sit in the folder of the day they were
 * delivered, which can be a day or more after the event, so they run from the window's first day to
 * `lateDeliveryDays` after its last; the `eventtime` bounds stay exact.
 */
export function deliveryDays(window: AuditWindow): { readonly first: string; readonly last: string } {
  return { first: window.start, last: addDays(window.end, window.lateDeliveryDays) };
}

/** Consecutive days as ranges: `2026-11-03 to 2026-11-05, 2026-11-08`. */
export function dayRanges(days: readonly string[]): string {
  const ranges: Array<[string, string]> = [];
  for (const day of [...days].sort()) {
    const last = ranges.at(-1);
    if (last && addDays(last[1], 1) === day) last[1] = day;
    else ranges.push([day, day]);
  }
  return ranges.map(([from, to]) => (from === to ? from : `${from} to ${to}`)).join(', ');
}
