/**
 * Finds, in the workgroup's query history, the query a start had started when neither its answer nor the answer
 * to the same ClientRequestToken sent again came back: ListQueryExecutions pages through the workgroup's
 * executions (50 ids a page) and BatchGetQueryExecution describes each page's; the query is the one with the
 * start's text and execution parameters, submitted since the start was sent. Athena's history cannot say which
 * run submitted a query, so two that match alike are told apart by nothing: then neither is taken.
 */
import type {
  BatchGetQueryExecutionOutput,
  ListQueryExecutionsOutput,
  QueryExecution,
  StartQueryExecutionInput,
} from '@aws-sdk/client-athena';
import { RUNNING_STATES } from './polling.js';

/** ListQueryExecutions' and BatchGetQueryExecution's most ids a call. */
export const PAGE_SIZE = 50;
/** 500 queries: minutes of history even in a busy workgroup, seconds of calls. */
const MAX_PAGES = 10;
/** How far the runner's clock may be ahead of Athena's, which stamps the submission. */
export const CLOCK_ALLOWANCE_MS = 5_000;

export interface LostStart {
  readonly input: StartQueryExecutionInput;
  /** When the start was first sent, on the runner's clock (ms since the epoch). */
  readonly sentAt: number;
  /** Executions this run knows are its own (other statements'): never a match. */
  readonly known: ReadonlySet<string>;
}

export type HistoryFinding =
  /** The one query that matches; `running` when it still has to be stopped. */
  | { readonly kind: 'found'; readonly id: string; readonly running: boolean }
  /** Several queries match alike: none is taken for the start's. */
  | { readonly kind: 'ambiguous'; readonly ids: readonly string[] }
  /** None matches, and why that may not be the whole story. */
  | { readonly kind: 'none'; readonly reason: string };

/** The two calls, sent by the caller (within its budget). */
export interface HistoryCalls {
  /** ListQueryExecutions in the start's workgroup, PAGE_SIZE ids a page. */
  list(nextToken: string | undefined): Promise<ListQueryExecutionsOutput>;
  /** BatchGetQueryExecution of at most PAGE_SIZE ids. */
  describe(ids: readonly string[]): Promise<BatchGetQueryExecutionOutput>;
}

export async function findInHistory(lost: LostStart, calls: HistoryCalls): Promise<HistoryFinding> {
  const notBefore = lost.sentAt - CLOCK_ALLOWANCE_MS;
  const matches: QueryExecution[] = [];
  let nextToken: string | undefined;
  let undescribed = 0;
  for (let page = 1; page <= MAX_PAGES; page++) {
    const listed = await calls.list(nextToken);
    const ids = (listed.QueryExecutionIds ?? []).filter((id) => !lost.known.has(id));
    const described: BatchGetQueryExecutionOutput = ids.length === 0 ? {} : await calls.describe(ids);
    const executions = described.QueryExecutions ?? [];
    undescribed += described.UnprocessedQueryExecutionIds?.length ?? 0;
    matches.push(...executions.filter((e) => sameStart(e, lost.input) && submittedAt(e) >= notBefore));
    nextToken = listed.NextToken;
    // ListQueryExecutions lists the newest first: a page that reaches back before the start is the last to read.
    if (!nextToken || executions.some((e) => submittedAt(e) < notBefore)) {
      return conclusion(
        matches,
        undescribed > 0
          ? `Athena could not describe ${undescribed} of the workgroup's recent queries`
          : 'no query submitted to the workgroup since it was sent matches it',
      );
    }
  }
  return conclusion(matches, `none of the workgroup's last ${MAX_PAGES * PAGE_SIZE} queries matches it`);
}

function conclusion(matches: readonly QueryExecution[], reason: string): HistoryFinding {
  if (matches.length > 1) return { kind: 'ambiguous', ids: matches.map((e) => e.QueryExecutionId!) };
  const [execution] = matches;
  if (!execution) return { kind: 'none', reason };
  return {
    kind: 'found',
    id: execution.QueryExecutionId!,
    running: RUNNING_STATES.has(execution.Status?.State ?? ''),
  };
}

function sameStart(execution: QueryExecution, input: StartQueryExecutionInput): boolean {
  return (
    execution.QueryExecutionId !== undefined &&
    execution.Query === input.QueryString &&
    JSON.stringify(execution.ExecutionParameters ?? []) === JSON.stringify(input.ExecutionParameters ?? [])
  );
}

function submittedAt(execution: QueryExecution): number {
  return execution.Status?.SubmissionDateTime?.getTime() ?? Number.POSITIVE_INFINITY;
}
