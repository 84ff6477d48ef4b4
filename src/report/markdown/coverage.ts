/** The coverage section: what the audit read per account and region, and where it found nothing. */
import { addDays, dayRanges } from '../../core/dates.js';
import type { AuditResult } from '../../core/result.js';
import { list, table, type Block } from './blocks.js';
import { NONE, text } from './escape.js';
import { number, plural } from './format.js';

const GAP = '⚠️ none';

export function coverage(result: AuditResult, notMeasured: string): Block[] {
  const heading = '## Coverage';
  const { coverage, window } = result;
  if (coverage === null) return [heading, `${notMeasured.charAt(0).toUpperCase()}${notMeasured.slice(1)}.`];
  const inWindow = (day: string) => day >= window.start && day <= window.end;
  const regions = [...new Set(coverage.cells.map((c) => c.region))].sort();
  const accounts = [...new Set(coverage.cells.map((c) => c.account))];
  const records = new Map<string, { records: number; files: number }>();
  for (const cell of coverage.cells) {
    if (!inWindow(cell.day)) continue;
    const key = JSON.stringify([cell.account, cell.region]);
    const sum = records.get(key) ?? { records: 0, files: 0 };
    records.set(key, { records: sum.records + cell.records, files: sum.files + (cell.files ?? 0) });
  }
  // A region whose files held no record was delivered to: no gap, though nothing is counted.
  const cellText = (account: string, region: string) => {
    const sum = records.get(JSON.stringify([account, region]));
    return sum === undefined ? NONE : sum.records === 0 && sum.files === 0 ? GAP : number(sum.records);
  };
  const { read } = coverage;
  const summary =
    `Read ${plural(read.records, 'record')}${read.files === null ? '' : ` in ${plural(read.files, 'file')}`}. ` +
    `Records per account and region delivered on the window's days (${window.start} to ${window.end}); ` +
    `${lateDays(window)} read for late deliveries but no evidence of coverage. ` +
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
    ...layouts(coverage),
  ];
}

/** The days after the window that are read, in words. */
function lateDays(window: AuditResult['window']): string {
  const { end, lateDeliveryDays: days } = window;
  if (days === 0) return 'no day after the window is';
  return days === 1
    ? `the day after (${addDays(end, 1)}) is`
    : `the ${days} days after (${addDays(end, 1)} to ${addDays(end, days)}) are`;
}

/** Where the records were found, each layout with its days per account: a trail that moved shows as two. */
function layouts(coverage: NonNullable<AuditResult['coverage']>): Block[] {
  const days = new Map<string, string[]>();
  for (const cell of coverage.cells) {
    for (const layout of cell.layouts) {
      const key = JSON.stringify([layout, cell.account]);
      if (!days.get(key)?.includes(cell.day)) days.set(key, [...(days.get(key) ?? []), cell.day]);
    }
  }
  const found = [...days].map(([key, held]) => [...(JSON.parse(key) as [string, string]), held] as const);
  if (new Set(found.map(([layout]) => layout)).size <= 1) return [];
  return [
    'Records were found in more than one layout (a trail that moved, another prefix), each read:',
    list(
      found.map(([layout, account, held]) => `${text(layout)}, account ${text(account)}: ${dayRanges(held)}`),
    ),
  ];
}
