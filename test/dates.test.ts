/** Calendar dates in UTC, and the window's delivery days and partition filter. */
import { describe, expect, it } from 'vitest';
import {
  addDays,
  dayRanges,
  deliveryDays,
  eachDay,
  isCalendarDate,
  partitionDay,
  utcDate,
} from '../src/core/dates.js';
import { tableLayout, type TableLayoutInput } from '../src/core/layout.js';
import { windowPredicate } from '../src/core/query-sets/window.js';

describe('a calendar date', () => {
  it.each(['2024-02-29', '2025-12-31', '2026-01-01', '2000-02-29'])('%s exists', (date) => {
    expect(isCalendarDate(date)).toBe(true);
  });

  it.each([
    ['a leap day in a year without one', '2025-02-29'],
    ['a leap day in a century year that is not a leap year', '1900-02-29'],
    ['the 31st of a 30-day month', '2026-04-31'],
    ['month 13', '2026-13-01'],
    ['day 0', '2026-01-00'],
    ['a date without leading zeros', '2026-1-5'],
    ['a date and a time', '2026-01-05T00:00:00Z'],
    ['a date after other text', 'x2026-01-05'],
    ['a date before other text', '2026-01-05x'],
    ['another order', '05-01-2026'],
    ['letters in its shape', 'YYYY-MM-DD'],
    ['a year past 9999, as JavaScript writes it', '+010000-01'],
    ['nothing', ''],
  ])('%s does not', (_case, date) => {
    expect(isCalendarDate(date)).toBe(false);
  });
});

describe('counting days', () => {
  it('moves across the end of a month, of February in a leap year, and of a year', () => {
    expect(addDays('2026-01-31', 1)).toBe('2026-02-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
  });

  it('moves back as far as asked', () => {
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-11-24', -365)).toBe('2025-11-24');
    expect(addDays('2025-03-01', -366)).toBe('2024-02-29');
  });

  it('is whole UTC days whatever the hour: a run at 23:59 UTC is still that day', () => {
    expect(utcDate(new Date('2026-11-24T23:59:59Z'))).toBe('2026-11-24');
    expect(utcDate(new Date('2026-11-25T00:00:00+01:00'))).toBe('2026-11-24');
  });

  it('lists every day from the first to the last, both included', () => {
    expect(eachDay('2024-02-27', '2024-03-01')).toEqual([
      '2024-02-27',
      '2024-02-28',
      '2024-02-29',
      '2024-03-01',
    ]);
    expect(eachDay('2026-11-10', '2026-11-10')).toEqual(['2026-11-10']);
    expect(eachDay('2026-11-11', '2026-11-10')).toEqual([]);
  });

  it('writes days as ranges of consecutive days, in date order, a lone day alone', () => {
    const days = ['2026-11-08', '2026-11-04', '2026-11-03', '2026-11-30', '2026-12-01', '2026-11-05'];
    expect(dayRanges(days)).toBe('2026-11-03 to 2026-11-05, 2026-11-08, 2026-11-30 to 2026-12-01');
    expect(dayRanges(['2026-11-10'])).toBe('2026-11-10');
    expect(dayRanges([])).toBe('');
    expect(days[0]).toBe('2026-11-08');
  });

  it("names a day's folder as CloudTrail and Athena's projection do", () => {
    expect(partitionDay('2026-01-05')).toBe('2026/01/05');
  });

  it("reads a window's days and the day after, where a late delivery of its last day lands", () => {
    expect(deliveryDays({ start: '2025-12-30', end: '2025-12-31', lateDeliveryDays: 1 })).toEqual({
      first: '2025-12-30',
      last: '2026-01-01',
    });
  });

  it('reads as many days after the window as deliveries are allowed to be late, and none when none are', () => {
    expect(deliveryDays({ start: '2025-12-30', end: '2025-12-31', lateDeliveryDays: 3 })).toEqual({
      first: '2025-12-30',
      last: '2026-01-03',
    });
    expect(deliveryDays({ start: '2025-12-30', end: '2025-12-31', lateDeliveryDays: 0 })).toEqual({
      first: '2025-12-30',
      last: '2025-12-31',
    });
  });
});

const INPUT: TableLayoutInput = {
  root: 's3://trail-bucket/',
  prefix: '',
  organizationId: undefined,
  accounts: ['111122223333'],
  regions: ['us-east-1'],
  projectionStart: '2024-01-01',
};
const WINDOW = { start: '2025-12-30', end: '2025-12-31', lateDeliveryDays: 1 };

describe('the window filter of every query', () => {
  it('reads the partitions of the delivery days, and with exact times the window to its last instant', () => {
    const predicate = windowPredicate(WINDOW, tableLayout(INPUT), { exactTimes: true });
    expect(predicate.sql).toBe('"timestamp" BETWEEN ? AND ?\n  AND eventtime >= ?\n  AND eventtime < ?');
    expect(predicate.parameters).toEqual(['2025/12/30', '2026/01/01', '2025-12-30', '2026-01-01']);
  });

  it.each([0, 3])(
    'ends the exact times with the window, whatever days after it are read (late-delivery-days %i)',
    (lateDeliveryDays) => {
      const window = { ...WINDOW, lateDeliveryDays };
      const predicate = windowPredicate(window, tableLayout(INPUT), { exactTimes: true });
      expect(predicate.parameters.slice(2)).toEqual(['2025-12-30', '2026-01-01']);
    },
  );

  it('leaves the exact times to the measuring when asked to', () => {
    const predicate = windowPredicate(WINDOW, tableLayout(INPUT), { exactTimes: false });
    expect(predicate).toEqual({
      sql: '"timestamp" BETWEEN ? AND ?',
      parameters: ['2025/12/30', '2026/01/01'],
    });
  });

  it('the table of one account and region has neither partition to filter', () => {
    const predicate = windowPredicate(WINDOW, tableLayout(INPUT), { exactTimes: false });
    expect(predicate.sql).not.toMatch(/"account"|"region"/);
  });

  it('filters only the account partition of a table partitioned by account', () => {
    const layout = tableLayout({ ...INPUT, accounts: ['111122223333', '444455556666'] });
    expect(windowPredicate(WINDOW, layout, { exactTimes: false })).toEqual({
      sql: '"timestamp" BETWEEN ? AND ?\n  AND "account" IN (?, ?)',
      parameters: ['2025/12/30', '2026/01/01', '111122223333', '444455556666'],
    });
  });

  it('filters only the region partition of a table partitioned by region', () => {
    const layout = tableLayout({ ...INPUT, regions: ['us-east-1', 'eu-west-1', 'ap-south-1'] });
    expect(windowPredicate(WINDOW, layout, { exactTimes: false })).toEqual({
      sql: '"timestamp" BETWEEN ? AND ?\n  AND "region" IN (?, ?, ?)',
      parameters: ['2025/12/30', '2026/01/01', 'us-east-1', 'eu-west-1', 'ap-south-1'],
    });
  });

  it('filters accounts before regions, each value a parameter', () => {
    const layout = tableLayout({
      ...INPUT,
      organizationId: 'o-abcdefghij',
      regions: ['us-east-1', 'eu-west-1'],
    });
    expect(windowPredicate(WINDOW, layout, { exactTimes: true })).toEqual({
      sql:
        '"timestamp" BETWEEN ? AND ?\n  AND eventtime >= ?\n  AND eventtime < ?' +
        '\n  AND "account" IN (?)\n  AND "region" IN (?, ?)',
      parameters: [
        '2025/12/30',
        '2026/01/01',
        '2025-12-30',
        '2026-01-01',
        '111122223333',
        'us-east-1',
        'eu-west-1',
      ],
    });
  });
});
