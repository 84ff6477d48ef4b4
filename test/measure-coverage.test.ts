/**
 * What an audit read, per account, region and delivery day, zero-filled over everything it asked for, and what
 * it found nothing for. Only the window's own days are evidence of logs: the days after are read for late
 * deliveries of the last day, and shown, but logs delivered then do not say the window was logged.
 */
import { describe, expect, it } from 'vitest';
import { measureCoverage } from '../src/core/query-sets/coverage.js';
import type { QueryScope } from '../src/core/query-sets/query-set.js';

const A = '111122223333';
const B = '444455556666';
const WINDOW = { start: '2025-01-06', end: '2025-01-07', lateDeliveryDays: 1 };

/** A coverage row of the scan: what was read in one account, region and delivery folder of one layout. */
const read = (account: string, region: string, day: string, records: number, files: number, layout = '') => ({
  log_account: account,
  log_region: region,
  delivery_day: day.replaceAll('-', '/'),
  records: String(records),
  files: String(files),
  ...(layout ? { log_layout: layout } : {}),
});

const scope = (accounts: Array<[string, string[]]>, options: Partial<QueryScope> = {}): QueryScope => ({
  window: WINDOW,
  accounts: accounts.map(([account, regions]) => ({ account, regions })),
  ...options,
});

describe('the cells', () => {
  it('cover every account, region and day asked, the day after the window included, zero where nothing was read', () => {
    const coverage = measureCoverage(
      [read(A, 'us-east-1', '2025-01-07', 40, 3)],
      scope([[A, ['us-east-1', 'eu-west-1']]]),
    );
    expect(coverage.cells).toEqual([
      { account: A, region: 'us-east-1', day: '2025-01-06', records: 0, files: 0, layouts: [] },
      { account: A, region: 'us-east-1', day: '2025-01-07', records: 40, files: 3, layouts: [] },
      { account: A, region: 'us-east-1', day: '2025-01-08', records: 0, files: 0, layouts: [] },
      { account: A, region: 'eu-west-1', day: '2025-01-06', records: 0, files: 0, layouts: [] },
      { account: A, region: 'eu-west-1', day: '2025-01-07', records: 0, files: 0, layouts: [] },
      { account: A, region: 'eu-west-1', day: '2025-01-08', records: 0, files: 0, layouts: [] },
    ]);
  });

  it('run to as many days after the window as deliveries may be late', () => {
    const coverage = measureCoverage([], {
      ...scope([[A, ['us-east-1']]]),
      window: { ...WINDOW, lateDeliveryDays: 3 },
    });
    expect(coverage.cells.map((cell) => cell.day)).toEqual([
      '2025-01-06',
      '2025-01-07',
      '2025-01-08',
      '2025-01-09',
      '2025-01-10',
    ]);
  });

  it('sum what each layout held of the same account, region and day, and name those layouts in order', () => {
    const coverage = measureCoverage(
      [
        read(A, 'us-east-1', '2025-01-06', 4, 1, 'organization'),
        read(A, 'us-east-1', '2025-01-06', 6, 2, 'account'),
        read(A, 'us-east-1', '2025-01-06', 1, 1, 'account'),
      ],
      scope([[A, ['us-east-1']]]),
    );
    expect(coverage.cells[0]).toEqual({
      account: A,
      region: 'us-east-1',
      day: '2025-01-06',
      records: 11,
      files: 4,
      layouts: ['account', 'organization'],
    });
  });

  it("take the engine's own count of the files delivered, which includes files without a record", () => {
    const coverage = measureCoverage([read(A, 'us-east-1', '2025-01-06', 10, 1)], {
      ...scope([[A, ['us-east-1']]]),
      delivered: [
        { account: A, region: 'us-east-1', day: '2025-01-06', files: 3 },
        { account: A, region: 'us-east-1', day: '2025-01-07', files: 2 },
      ],
    });
    expect(coverage.cells.map((cell) => [cell.day, cell.records, cell.files])).toEqual([
      ['2025-01-06', 10, 3],
      ['2025-01-07', 0, 2],
      ['2025-01-08', 0, 0],
    ]);
    expect(coverage.read).toEqual({ records: 10, files: 5 });
  });

  it('add up to what was read in all, the day after the window included', () => {
    const coverage = measureCoverage(
      [read(A, 'us-east-1', '2025-01-06', 10, 1), read(A, 'us-east-1', '2025-01-08', 5, 2)],
      scope([[A, ['us-east-1']]]),
    );
    expect(coverage.read).toEqual({ records: 15, files: 3 });
  });

  it('leave out what was read outside the accounts and regions asked', () => {
    const coverage = measureCoverage(
      [read(B, 'us-east-1', '2025-01-06', 10, 1), read(A, 'ap-south-1', '2025-01-06', 10, 1)],
      scope([[A, ['us-east-1']]]),
    );
    expect(coverage.read).toEqual({ records: 0, files: 0 });
    expect(coverage.accountsWithoutLogs).toEqual([A]);
  });

  it('nothing read at all is a zero, not an absence', () => {
    expect(measureCoverage([], scope([[A, ['us-east-1']]])).read).toEqual({ records: 0, files: 0 });
  });
});

describe('what has no logs', () => {
  it('an account with records on every day of the window has none missing', () => {
    const coverage = measureCoverage(
      [read(A, 'us-east-1', '2025-01-06', 1, 1), read(A, 'us-east-1', '2025-01-07', 1, 1)],
      scope([[A, ['us-east-1']]]),
    );
    expect(coverage).toMatchObject({ accountsWithoutLogs: [], regionsWithoutLogs: [], daysWithoutLogs: [] });
  });

  it('an account whose only records were delivered the day after the window has no logs in it', () => {
    const coverage = measureCoverage(
      [read(A, 'us-east-1', '2025-01-08', 50, 2)],
      scope([[A, ['us-east-1']]]),
    );
    expect(coverage.accountsWithoutLogs).toEqual([A]);
    expect(coverage.regionsWithoutLogs).toEqual([{ account: A, region: 'us-east-1' }]);
    expect(coverage.daysWithoutLogs).toEqual([
      { account: A, day: '2025-01-06' },
      { account: A, day: '2025-01-07' },
    ]);
  });

  it('a region without records is listed, though its account has logs elsewhere', () => {
    const coverage = measureCoverage(
      [read(A, 'us-east-1', '2025-01-06', 1, 1), read(A, 'us-east-1', '2025-01-07', 1, 1)],
      scope([[A, ['us-east-1', 'eu-west-1']]]),
    );
    expect(coverage.accountsWithoutLogs).toEqual([]);
    expect(coverage.regionsWithoutLogs).toEqual([{ account: A, region: 'eu-west-1' }]);
    expect(coverage.daysWithoutLogs).toEqual([]);
  });

  it('a day is logged for an account when any of its regions has records that day', () => {
    const coverage = measureCoverage(
      [read(A, 'us-east-1', '2025-01-06', 1, 1), read(A, 'eu-west-1', '2025-01-07', 1, 1)],
      scope([[A, ['us-east-1', 'eu-west-1']]]),
    );
    expect(coverage.daysWithoutLogs).toEqual([]);
    expect(coverage.regionsWithoutLogs).toEqual([]);
  });

  it('each account is judged on its own records', () => {
    const coverage = measureCoverage(
      [read(A, 'us-east-1', '2025-01-06', 1, 1)],
      scope([
        [A, ['us-east-1']],
        [B, ['us-east-1']],
      ]),
    );
    expect(coverage.accountsWithoutLogs).toEqual([B]);
    expect(coverage.regionsWithoutLogs).toEqual([{ account: B, region: 'us-east-1' }]);
    expect(coverage.daysWithoutLogs).toEqual([
      { account: A, day: '2025-01-07' },
      { account: B, day: '2025-01-06' },
      { account: B, day: '2025-01-07' },
    ]);
  });

  it('a folder with neither records nor files is no evidence of logs', () => {
    const coverage = measureCoverage([read(A, 'us-east-1', '2025-01-06', 0, 0)], scope([[A, ['us-east-1']]]));
    expect(coverage.accountsWithoutLogs).toEqual([A]);
    expect(coverage.daysWithoutLogs).toEqual([
      { account: A, day: '2025-01-06' },
      { account: A, day: '2025-01-07' },
    ]);
  });

  it('a record read is evidence of logs, even where the scan did not count its files', () => {
    const coverage = measureCoverage(
      [{ ...read(A, 'us-east-1', '2025-01-06', 3, 0), files: null }],
      scope([[A, ['us-east-1']]]),
    );
    expect(coverage.accountsWithoutLogs).toEqual([]);
    expect(coverage.daysWithoutLogs).toEqual([{ account: A, day: '2025-01-07' }]);
  });

  it('a file delivered is evidence that the trail logged that day, though it held no record', () => {
    const coverage = measureCoverage([], {
      ...scope([[A, ['us-east-1']]]),
      delivered: [{ account: A, region: 'us-east-1', day: '2025-01-06', files: 1 }],
    });
    expect(coverage.accountsWithoutLogs).toEqual([]);
    expect(coverage.regionsWithoutLogs).toEqual([]);
    expect(coverage.daysWithoutLogs).toEqual([{ account: A, day: '2025-01-07' }]);
  });

  it('a file delivered the day after the window is no evidence that the window was logged', () => {
    const coverage = measureCoverage([], {
      ...scope([[A, ['us-east-1']]]),
      delivered: [{ account: A, region: 'us-east-1', day: '2025-01-08', files: 1 }],
    });
    expect(coverage.accountsWithoutLogs).toEqual([A]);
  });
});
