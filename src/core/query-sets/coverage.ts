/**
 * What an audit read: records and files per account, region and delivery day, zero-filled over everything the
 * audit asked for, and the accounts, regions and days for which it found nothing. Only the window's own days
 * decide what has logs; the day after its end is read for late deliveries and shown, but a record delivered
 * then is no evidence that the window was logged.
 */
import { deliveryDays, eachDay, partitionDay } from '../dates.js';
import type { Coverage, CoverageCell } from '../result.js';
import type { QueryScope } from './query-set.js';

type Row = Readonly<Record<string, string | null>>;

export function measureCoverage(rows: readonly Row[], scope: QueryScope): Coverage {
  const found = new Map<string, Row>();
  for (const row of rows) found.set(cellKey(row.log_account, row.log_region, row.delivery_day), row);
  const { first, last } = deliveryDays(scope.window);
  const cells: CoverageCell[] = [];
  for (const { account, regions } of scope.accounts) {
    for (const region of regions) {
      for (const day of eachDay(first, last)) {
        const row = found.get(cellKey(account, region, partitionDay(day)));
        cells.push({
          account,
          region,
          day,
          records: Number(row?.records ?? 0),
          files: row ? Number(row.files) : 0,
        });
      }
    }
  }
  return { read: totalRead(cells), cells, ...gaps(cells, scope) };
}

/** Records and files read in all; files unknown when any cell cannot tell them apart. */
function totalRead(cells: readonly CoverageCell[]): Coverage['read'] {
  let records = 0;
  let files: number | null = 0;
  for (const cell of cells) {
    records += cell.records;
    files = files === null || cell.files === null ? null : files + cell.files;
  }
  return { records, files };
}

function cellKey(
  account: string | null | undefined,
  region: string | null | undefined,
  day: string | null | undefined,
) {
  return JSON.stringify([account, region, day]);
}

/** The accounts, account-regions and account-days of the window without a single record. */
function gaps(cells: readonly CoverageCell[], scope: QueryScope): Omit<Coverage, 'cells' | 'read'> {
  const logged = new Set<string>();
  for (const c of cells) {
    if (c.records === 0 || c.day < scope.window.start || c.day > scope.window.end) continue;
    logged.add(JSON.stringify([c.account])).add(JSON.stringify([c.account, c.region]));
    logged.add(JSON.stringify([c.account, '', c.day]));
  }
  const days = eachDay(scope.window.start, scope.window.end);
  return {
    accountsWithoutLogs: scope.accounts
      .map(({ account }) => account)
      .filter((account) => !logged.has(JSON.stringify([account]))),
    regionsWithoutLogs: scope.accounts.flatMap(({ account, regions }) =>
      regions
        .filter((region) => !logged.has(JSON.stringify([account, region])))
        .map((region) => ({ account, region })),
    ),
    daysWithoutLogs: scope.accounts.flatMap(({ account }) =>
      days.filter((day) => !logged.has(JSON.stringify([account, '', day]))).map((day) => ({ account, day })),
    ),
  };
}
