/** The coverage section: what the audit read per account and region, and where it found nothing. */
import { addDays } from '../../core/dates.js';
import type { AuditResult } from '../../core/result.js';
import { list, table, type Block } from './blocks.js';
import { NONE, text } from './escape.js';
import { number, plural } from './format.js';

const GAP = '⚠️ none';

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

export function coverage(result: AuditResult, notMeasured: string): Block[] {
  const heading = '## Coverage';
  const { coverage, window } = result;
  if (coverage === null) return [heading, `${notMeasured.charAt(0).toUpperCase()}${notMeasured.slice(1)}.`];
  const inWindow = (day: string) => day >= window.start && day <= window.end;
  const regions = [...new Set(coverage.cells.map((c) => c.region))].sort();
  const accounts = [...new Set(coverage.cells.map((c) => c.account))];
  const records = new Map<string, number>();
  for (const cell of coverage.cells) {
    if (!inWindow(cell.day)) continue;
    const key = JSON.stringify([cell.account, cell.region]);
    records.set(key, (records.get(key) ?? 0) + cell.records);
  }
  const cellText = (account: string, region: string) => {
    const count = records.get(JSON.stringify([account, region]));
    return count === undefined ? NONE : count === 0 ? GAP : number(count);
  };
  const { read } = coverage;
  const summary =
    `Read ${plural(read.records, 'record')}${read.files === null ? '' : ` in ${plural(read.files, 'file')}`}. ` +
    `Records per account and region delivered on the window's days (${window.start} to ${window.end}); ` +
    `the day after (${addDays(window.end, 1)}) is read for late deliveries but is no evidence of coverage. ` +
    `${GAP} marks a gap; ${NONE}, a region not covered for that account.`;
  const gaps = coverage.daysWithoutLogs.filter((d) => !coverage.accountsWithoutLogs.includes(d.account));
  const byAccount = new Map<string, string[]>();
  for (const { account, day } of gaps) byAccount.set(account, [...(byAccount.get(account) ?? []), day]);
  return [
    heading,
    summary,
    table(
      ['Account', ...regions.map((r) => text(r))],
      accounts.map((account) => [text(account), ...regions.map((region) => cellText(account, region))]),
      regions.map((_, i) => i + 1),
    ),
    ...(coverage.accountsWithoutLogs.length > 0
      ? [`No logs at all in the window for ${coverage.accountsWithoutLogs.map((a) => text(a)).join(', ')}.`]
      : []),
    ...(byAccount.size > 0
      ? [
          'Days of the window without a record in any region:',
          list([...byAccount].map(([account, days]) => `${text(account)}: ${dayRanges(days)}`)),
        ]
      : []),
  ];
}
