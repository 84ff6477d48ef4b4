/** A finished query's rows and statistics, as GetQueryResults and GetQueryExecution give them. */
import type { GetQueryResultsOutput, QueryExecution } from '@aws-sdk/client-athena';
import type { QueryResult, QueryStatistics } from '../../core/engine.js';

/**
 * Reads every page `page` returns, following NextToken. Column names come from the metadata; Athena repeats
 * them as the first row of a SELECT's first page, and only there. NULL is a Datum without VarCharValue.
 */
export async function readResultPages(
  page: (nextToken: string | undefined) => Promise<GetQueryResultsOutput>,
  isSelect: boolean,
): Promise<Pick<QueryResult, 'columns' | 'rows'>> {
  let columns: string[] = [];
  const rows: Array<Array<string | null>> = [];
  let nextToken: string | undefined;
  let firstPage = true;
  do {
    const output = await page(nextToken);
    if (firstPage) columns = (output.ResultSet?.ResultSetMetadata?.ColumnInfo ?? []).map((c) => c.Name ?? '');
    const pageRows = (output.ResultSet?.Rows ?? []).map((row) =>
      (row.Data ?? []).map((d) => d.VarCharValue ?? null),
    );
    rows.push(...(firstPage && isSelect ? pageRows.slice(1) : pageRows));
    firstPage = false;
    nextToken = output.NextToken;
  } while (nextToken);
  return { columns, rows };
}

export function statisticsOf(execution: QueryExecution): QueryStatistics {
  const s = execution.Statistics ?? {};
  return {
    queryExecutionId: execution.QueryExecutionId,
    dataScannedBytes: s.DataScannedInBytes ?? 0,
    engineExecutionMs: s.EngineExecutionTimeInMillis ?? 0,
    queueMs: s.QueryQueueTimeInMillis ?? 0,
    totalMs: s.TotalExecutionTimeInMillis ?? 0,
    reusedPreviousResult: s.ResultReuseInformation?.ReusedPreviousResult ?? false,
  };
}
