/**
 * The search of a workgroup's query history for the query a lost start had started (history.ts), over a
 * history given as data: how far it pages, what it takes for a match, and when it takes nothing. The same search
 * through the real SDK and the emulator is in athena-hostile.test.ts.
 */
import type { QueryExecution, StartQueryExecutionInput } from '@aws-sdk/client-athena';
import { describe, expect, it } from 'vitest';
import {
  CLOCK_ALLOWANCE_MS,
  findInHistory,
  PAGE_SIZE,
  type HistoryCalls,
} from '../src/engines/athena/history.js';

const SENT_AT = Date.parse('2026-11-05T10:00:00Z');
const START: StartQueryExecutionInput = {
  QueryString: 'SELECT count(*) FROM t WHERE day = ?',
  ExecutionParameters: ["'2026/11/04'"],
  WorkGroup: 'audits',
};

function execution(
  id: string,
  secondsAfterSent: number,
  changes: Partial<QueryExecution> = {},
  state = 'RUNNING',
): QueryExecution {
  return {
    QueryExecutionId: id,
    Query: START.QueryString,
    ExecutionParameters: START.ExecutionParameters,
    Status: { State: state as 'RUNNING', SubmissionDateTime: new Date(SENT_AT + secondsAfterSent * 1000) },
    ...changes,
  };
}

/** A workgroup's history, newest first, served PAGE_SIZE ids a page, with every call recorded. */
function history(executions: readonly QueryExecution[], undescribed: readonly string[] = []) {
  const calls: string[] = [];
  const api: HistoryCalls = {
    list: async (nextToken) => {
      calls.push(`list ${nextToken ?? 'first'}`);
      const from = nextToken === undefined ? 0 : Number(nextToken);
      const ids = executions.slice(from, from + PAGE_SIZE).map((e) => e.QueryExecutionId!);
      const next = from + PAGE_SIZE < executions.length ? String(from + PAGE_SIZE) : undefined;
      return { QueryExecutionIds: ids, NextToken: next };
    },
    describe: async (ids) => {
      calls.push(`describe ${ids.length}`);
      return {
        QueryExecutions: executions.filter(
          (e) => ids.includes(e.QueryExecutionId!) && !undescribed.includes(e.QueryExecutionId!),
        ),
        UnprocessedQueryExecutionIds: undescribed
          .filter((id) => ids.includes(id))
          .map((id) => ({ QueryExecutionId: id, ErrorCode: 'INTERNAL_ERROR' })),
      };
    },
  };
  return { api, calls };
}

/** `count` other queries of the workgroup, newest first, from `newest` seconds after the start down. */
function others(count: number, newest: number): QueryExecution[] {
  return Array.from({ length: count }, (_, i) =>
    execution(`other-${newest - i}`, newest - i, { Query: `SELECT ${i}` }),
  );
}

const lost = { input: START, sentAt: SENT_AT, known: new Set<string>() };

describe('the search of the query history for a lost start', () => {
  it('pages back until it reaches the start, and takes the one query that matches', async () => {
    const { api, calls } = history([...others(70, 200), execution('ours', 1), ...others(60, -10)]);
    expect(await findInHistory(lost, api)).toEqual({ kind: 'found', id: 'ours', running: true });
    // The second page reaches back before the start: no third page is read.
    expect(calls).toEqual(['list first', 'describe 50', 'list 50', 'describe 50']);
  });

  it('says a matching query has ended already: nothing to stop', async () => {
    const { api } = history([execution('ours', 0, {}, 'SUCCEEDED'), ...others(3, -60)]);
    expect(await findInHistory(lost, api)).toEqual({ kind: 'found', id: 'ours', running: false });
  });

  it('takes nothing of another text, other parameters, or a time before the start was sent', async () => {
    const { api } = history([
      execution('other-text', 2, { Query: `${START.QueryString} ` }),
      execution('other-parameters', 2, { ExecutionParameters: ["'2026/11/03'"] }),
      execution('no-parameters', 2, { ExecutionParameters: undefined }),
      execution('earlier', -CLOCK_ALLOWANCE_MS / 1000 - 1),
    ]);
    expect(await findInHistory(lost, api)).toEqual({
      kind: 'none',
      reason: 'no query submitted to the workgroup since it was sent matches it',
    });
  });

  it("allows the runner's clock to be a little ahead of Athena's", async () => {
    const { api } = history([execution('ours', -CLOCK_ALLOWANCE_MS / 1000 + 1)]);
    expect(await findInHistory(lost, api)).toMatchObject({ kind: 'found', id: 'ours' });
  });

  it("never takes one of the run's own queries, and describes none of them", async () => {
    const { api, calls } = history([execution('mine', 3), execution('ours', 1), ...others(2, -60)]);
    const found = await findInHistory({ ...lost, known: new Set(['mine']) }, api);
    expect(found).toEqual({ kind: 'found', id: 'ours', running: true });
    expect(calls).toEqual(['list first', 'describe 3']);
  });

  it('takes neither of two that match alike, and names both, newest first', async () => {
    const { api } = history([execution('second', 2), execution('first', 1), ...others(2, -60)]);
    expect(await findInHistory(lost, api)).toEqual({ kind: 'ambiguous', ids: ['second', 'first'] });
  });

  it('gives up after ten pages, saying how far it looked', async () => {
    const { api, calls } = history(others(600, 900));
    expect(await findInHistory(lost, api)).toEqual({
      kind: 'none',
      reason: "none of the workgroup's last 500 queries matches it",
    });
    expect(calls.filter((c) => c.startsWith('list'))).toHaveLength(10);
  });

  it('says so when Athena could not describe some of the recent queries', async () => {
    const { api } = history([execution('ours', 1), ...others(2, -60)], ['ours']);
    expect(await findInHistory(lost, api)).toEqual({
      kind: 'none',
      reason: "Athena could not describe 1 of the workgroup's recent queries",
    });
  });
});
