/**
 * Runs and history entries for the tests of the comparison with a baseline (since.ts) and of the history a
 * run carries (history.ts): the week after a baseline's, in one account, with nothing in it unless given.
 */
import type { HistoryEntry } from '../../src/core/contract/baseline.js';
import { addDays } from '../../src/core/dates.js';
import { touchedBy } from '../../src/core/history.js';
import type { RunFacts } from '../../src/core/since.js';
import { ACCOUNT } from './result-factory.js';

/** The run's window: the week after a baseline of 2025-01-01 to 2025-01-07. */
export const RUN_WEEK = { start: '2025-01-08', end: '2025-01-14', lateDeliveryDays: 1 } as const;

/** This run: the week after the baseline's, in one account, with no support call unless given. */
export function runFacts(overrides: Partial<RunFacts> = {}): RunFacts {
  return {
    window: RUN_WEEK,
    organizationId: null,
    accounts: [ACCOUNT],
    coverage: null,
    events: [],
    eventsComplete: true,
    sessions: [],
    touched: touchedBy([], undefined),
    ...overrides,
  };
}

/** A complete run of `days` days from `start` in one account, with `supportCalls` calls. */
export function historyEntry(start: string, days: number, supportCalls: number): HistoryEntry {
  return {
    generatedAt: `${addDays(start, days)}T09:00:00.000Z`,
    window: { start, end: addDays(start, days - 1) },
    organizationId: null,
    accounts: [ACCOUNT],
    supportCalls,
    writeCalls: 0,
    sessions: 1,
    unexplainedSessions: 0,
    records: 100,
    daysWithoutLogs: 0,
    complete: true,
  };
}
