/**
 * The Athena operations, on parsed JSON 1.1 bodies. Query state is not stored but computed from the clock:
 * an execution is QUEUED for `queueMs`, RUNNING for `runMs` and until its work is done, then final. DDL takes
 * effect on the catalog when its execution completes, so a query started before that does not see the table.
 */
import { randomUUID } from 'node:crypto';
import { Catalog, DdlFailure, tableMetadata, type StoredTable } from './catalog.js';
import { matchesQuery, type FaultPlan } from './faults.js';
import { isDdlText, parseDdl, type DdlStatement } from './hive-ddl.js';
import type { ParameterValue } from './projection.js';
import { securityLakeTable, type SecurityLakeTableSpec } from './security-lake.js';
import { executeSelect, planSelect, QueryFailure, type SelectResult } from './select.js';
import { SqlSyntaxError } from './sql-tokens.js';

export interface Workgroup {
  readonly outputLocation?: string;
  /** Athena-managed query results: the workgroup refuses an OutputLocation in the request. */
  readonly managedResults?: boolean;
}

export interface ServiceOptions {
  readonly bucketsDir: string;
  readonly latency: { readonly queueMs: number; readonly runMs: number };
  readonly pageSizeCap: number | undefined;
  readonly now: () => Date;
  readonly workgroups: Readonly<Record<string, Workgroup>>;
  readonly databases: readonly string[];
  readonly securityLakeTables: readonly SecurityLakeTableSpec[];
  readonly faults: () => FaultPlan;
}

export type QueryState = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';

/** An error answer: HTTP status, the `__type` and the body fields beside it. */
export class AthenaFault extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
    readonly fields: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = type;
  }
}

function invalidRequest(message: string, code = 'INVALID_INPUT'): AthenaFault {
  return new AthenaFault('InvalidRequestException', message, 400, { AthenaErrorCode: code });
}

type Outcome =
  | { readonly kind: 'succeeded'; readonly result: SelectResult | undefined; readonly readyAt: number }
  | { readonly kind: 'failed'; readonly failure: QueryFailure; readonly readyAt: number };

interface Execution {
  readonly id: string;
  readonly request: Readonly<Record<string, unknown>>;
  readonly sql: string;
  readonly parameters: readonly string[] | undefined;
  readonly database: string | undefined;
  readonly catalog: string | undefined;
  readonly workgroup: string;
  readonly outputLocation: string | undefined;
  readonly token: string | undefined;
  readonly statementType: 'DDL' | 'DML' | 'UTILITY';
  readonly substatementType: string;
  readonly submittedAt: number;
  readonly hang: boolean;
  readonly ddl: DdlStatement | undefined;
  readonly reusedFrom: string | undefined;
  outcome: Outcome | undefined;
  final:
    | {
        readonly state: 'SUCCEEDED' | 'FAILED' | 'CANCELLED';
        readonly completedAt: number;
        readonly failure?: QueryFailure;
        readonly result?: SelectResult;
      }
    | undefined;
  readonly stopRequests: number[];
}

/** What `queries()` shows of an execution. */
export interface QueryView {
  readonly id: string;
  readonly sql: string;
  /** As sent, quotes included. */
  readonly parameters: readonly string[] | undefined;
  readonly database: string | undefined;
  readonly workgroup: string;
  readonly clientRequestToken: string | undefined;
  readonly statementType: 'DDL' | 'DML' | 'UTILITY';
  readonly state: QueryState;
  readonly stateChangeReason: string | undefined;
  readonly submittedAt: Date;
  readonly completedAt: Date | undefined;
  readonly stopRequests: readonly Date[];
  readonly reusedFrom: string | undefined;
  readonly dataScannedBytes: number;
  /** The objects the query read, as s3:// URIs. */
  readonly scannedFiles: readonly string[];
}

const MAX_PAGE = 1000;
/** ListQueryExecutions' and BatchGetQueryExecution's most ids a call. */
const MAX_LIST_PAGE = 50;

export class AthenaService {
  private readonly catalog: Catalog;
  private readonly executions: Execution[] = [];
  private readonly byId = new Map<string, Execution>();
  private readonly byToken = new Map<string, Execution>();
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly options: ServiceOptions) {
    this.catalog = new Catalog(options.databases);
    for (const spec of options.securityLakeTables) {
      this.catalog.register(securityLakeTable(spec, options.now()));
    }
  }

  handle(operation: string, body: Record<string, unknown>): Record<string, unknown> {
    const now = this.options.now().getTime();
    this.settle(now);
    switch (operation) {
      case 'StartQueryExecution':
        return this.startQueryExecution(body, now);
      case 'GetQueryExecution':
        return { QueryExecution: this.describe(this.execution(body), now) };
      case 'GetQueryResults':
        return this.getQueryResults(body);
      case 'StopQueryExecution':
        return this.stopQueryExecution(body, now);
      case 'ListQueryExecutions':
        return this.listQueryExecutions(body);
      case 'BatchGetQueryExecution':
        return this.batchGetQueryExecution(body, now);
      case 'GetTableMetadata':
        return this.getTableMetadata(body);
      default:
        throw new AthenaFault('UnknownOperationException', `Unknown operation ${operation}`);
    }
  }

  tables(): StoredTable[] {
    this.settle(this.options.now().getTime());
    return this.catalog.tables();
  }

  queries(): QueryView[] {
    const now = this.options.now().getTime();
    this.settle(now);
    return this.executions.map((e) => {
      const final = e.final;
      return {
        id: e.id,
        sql: e.sql,
        parameters: e.parameters,
        database: e.database,
        workgroup: e.workgroup,
        clientRequestToken: e.token,
        statementType: e.statementType,
        state: this.state(e, now),
        stateChangeReason: final?.failure?.message,
        submittedAt: new Date(e.submittedAt),
        completedAt: final ? new Date(final.completedAt) : undefined,
        stopRequests: e.stopRequests.map((t) => new Date(t)),
        reusedFrom: e.reusedFrom,
        dataScannedBytes: scannedBytes(e),
        scannedFiles: e.reusedFrom ? [] : (final?.result?.scannedFiles.map((f) => f.uri) ?? []),
      };
    });
  }

  /** Waits for query work still running, so nothing touches DuckDB after the emulator closes. */
  async drain(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  private startQueryExecution(body: Record<string, unknown>, now: number): Record<string, unknown> {
    const sql = body.QueryString;
    if (typeof sql !== 'string' || sql.length < 1 || sql.length > 262144) {
      throw invalidRequest(
        "1 validation error detected: Value at 'queryString' failed to satisfy constraint: Member must have length between 1 and 262144",
      );
    }
    const token = optionalString(body.ClientRequestToken);
    if (token !== undefined && (token.length < 32 || token.length > 128)) {
      throw invalidRequest(
        `1 validation error detected: Value '${token}' at 'clientRequestToken' failed to satisfy constraint: Member must have length between 32 and 128`,
      );
    }
    if (token !== undefined) {
      const earlier = this.byToken.get(token);
      if (earlier) {
        if (JSON.stringify(earlier.request) !== JSON.stringify(body)) {
          throw invalidRequest('Idempotent parameters do not match');
        }
        return { QueryExecutionId: earlier.id };
      }
    }
    const parameters = body.ExecutionParameters;
    if (
      parameters !== undefined &&
      !(Array.isArray(parameters) && parameters.every((p) => typeof p === 'string' && p.length > 0))
    ) {
      throw invalidRequest(
        "1 validation error detected: Value at 'executionParameters' failed to satisfy constraint: Member must satisfy constraint: [Member must have length greater than or equal to 1]",
      );
    }
    const workgroupName = optionalString(body.WorkGroup) ?? 'primary';
    const workgroup = this.options.workgroups[workgroupName];
    if (!workgroup) throw invalidRequest(`WorkGroup ${workgroupName} is not found.`);
    const requested = optionalString(record(body.ResultConfiguration).OutputLocation);
    if (workgroup.managedResults && requested !== undefined) {
      throw invalidRequest(
        'Query results location cannot be specified when the workgroup uses managed query results storage',
      );
    }
    const outputLocation = workgroup.managedResults ? undefined : (requested ?? workgroup.outputLocation);
    if (!workgroup.managedResults && outputLocation === undefined) {
      throw invalidRequest(
        'No output location provided. An output location is required either through the Workgroup result configuration setting or as an API input.',
      );
    }

    const context = record(body.QueryExecutionContext);
    const database = optionalString(context.Database)?.toLowerCase();
    const ddlText = isDdlText(sql);
    const firstWord = /^\s*(?:\(\s*)*(\w+)/.exec(sql)?.[1]?.toLowerCase() ?? '';
    const statementType = ddlText
      ? 'DDL'
      : ['show', 'describe', 'explain'].includes(firstWord)
        ? 'UTILITY'
        : 'DML';
    const execution: Execution = {
      id: randomUUID(),
      request: body,
      sql,
      parameters: parameters as string[] | undefined,
      database,
      catalog: optionalString(context.Catalog),
      workgroup: workgroupName,
      outputLocation,
      token,
      statementType,
      substatementType: substatementType(sql, firstWord),
      submittedAt: now,
      hang: matchesQuery(this.options.faults().hangQueries, sql),
      ddl: undefined,
      reusedFrom: undefined,
      outcome: undefined,
      final: undefined,
      stopRequests: [],
    };
    const failQuery = this.options.faults().failQueries;
    const fail = (failure: QueryFailure): Execution => ({
      ...execution,
      outcome: { kind: 'failed', failure, readyAt: now },
    });

    let started: Execution;
    if (execution.hang) {
      started = execution;
    } else if (failQuery && matchesQuery(failQuery, sql)) {
      started = fail(
        new QueryFailure(
          failQuery.reason,
          failQuery.errorCategory ?? 2,
          failQuery.errorType ?? 1000,
          failQuery.retryable ?? false,
        ),
      );
    } else if (ddlText) {
      started = this.startDdl(execution, fail, now);
    } else {
      started = this.startQuery(execution, body, fail, now);
    }
    this.executions.push(started);
    this.byId.set(started.id, started);
    if (token !== undefined) this.byToken.set(token, started);
    return { QueryExecutionId: started.id };
  }

  private startDdl(execution: Execution, fail: (f: QueryFailure) => Execution, now: number): Execution {
    if (execution.parameters?.length) {
      return fail(
        new QueryFailure(
          'FAILED: ExecutionParameters are not supported for DDL statements: parameterized queries are SELECT, INSERT INTO, CTAS and UNLOAD only',
          2,
          1003,
        ),
      );
    }
    if (/^\s*(alter|msck)\b/i.test(execution.sql)) {
      return fail(new QueryFailure(`emulator limitation: ${execution.substatementType} is not emulated`));
    }
    try {
      const ddl = parseDdl(execution.sql, execution.database ?? 'default');
      return { ...execution, ddl, outcome: { kind: 'succeeded', result: undefined, readyAt: now } };
    } catch (error) {
      if (error instanceof SqlSyntaxError) return fail(new QueryFailure(error.message, 2, 1003));
      throw error;
    }
  }

  private startQuery(
    execution: Execution,
    body: Record<string, unknown>,
    fail: (f: QueryFailure) => Execution,
    now: number,
  ): Execution {
    if (!['SELECT', 'VALUES'].includes(execution.substatementType)) {
      return fail(new QueryFailure(`emulator limitation: ${execution.substatementType} is not emulated`));
    }
    let values: ParameterValue[];
    try {
      values = (execution.parameters ?? []).map(parameterValue);
    } catch (error) {
      return fail(error as QueryFailure);
    }
    const reuse = record(record(body.ResultReuseConfiguration).ResultReuseByAgeConfiguration);
    if (reuse.Enabled === true) {
      const maxAgeMs = (typeof reuse.MaxAgeInMinutes === 'number' ? reuse.MaxAgeInMinutes : 60) * 60_000;
      const previous = [...this.executions]
        .reverse()
        .find(
          (e) =>
            e.final?.state === 'SUCCEEDED' &&
            e.statementType === 'DML' &&
            e.sql === execution.sql &&
            JSON.stringify(e.parameters ?? []) === JSON.stringify(execution.parameters ?? []) &&
            e.database === execution.database &&
            e.catalog === execution.catalog &&
            now - e.final.completedAt <= maxAgeMs,
        );
      if (previous) {
        return {
          ...execution,
          reusedFrom: previous.id,
          outcome: { kind: 'succeeded', result: previous.final!.result, readyAt: now },
        };
      }
    }
    let plan;
    try {
      plan = planSelect(this.catalog, execution.sql, values, execution.database, new Date(now));
    } catch (error) {
      return fail(error as QueryFailure);
    }
    const started: Execution = { ...execution };
    const work = executeSelect(plan, this.options.bucketsDir).then(
      (result) => {
        started.outcome = { kind: 'succeeded', result, readyAt: this.options.now().getTime() };
      },
      (failure: QueryFailure) => {
        started.outcome = { kind: 'failed', failure, readyAt: this.options.now().getTime() };
      },
    );
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work));
    return started;
  }

  /** Completes every execution whose time has come, in submission order, applying DDL as it completes. */
  private settle(now: number): void {
    for (const execution of this.executions) {
      if (execution.final || execution.hang || !execution.outcome) continue;
      const due = execution.submittedAt + this.options.latency.queueMs + this.options.latency.runMs;
      if (now < due) continue;
      const completedAt = Math.max(due, execution.outcome.readyAt);
      const { outcome } = execution;
      if (outcome.kind === 'failed') {
        execution.final = { state: 'FAILED', completedAt, failure: outcome.failure };
        continue;
      }
      try {
        if (execution.ddl) this.catalog.apply(execution.ddl, execution.sql, new Date(completedAt));
        execution.final = {
          state: 'SUCCEEDED',
          completedAt,
          ...(outcome.result ? { result: outcome.result } : {}),
        };
      } catch (error) {
        if (!(error instanceof DdlFailure)) throw error;
        execution.final = { state: 'FAILED', completedAt, failure: new QueryFailure(error.message, 2, 1003) };
      }
    }
  }

  private state(execution: Execution, now: number): QueryState {
    if (execution.final) return execution.final.state;
    return now - execution.submittedAt < this.options.latency.queueMs ? 'QUEUED' : 'RUNNING';
  }

  private execution(body: Record<string, unknown>): Execution {
    const id = optionalString(body.QueryExecutionId);
    const execution = id === undefined ? undefined : this.byId.get(id);
    if (!execution) throw invalidRequest(`QueryExecution ${id ?? ''} was not found`);
    return execution;
  }

  private describe(execution: Execution, now: number): Record<string, unknown> {
    const state = this.state(execution, now);
    const { final } = execution;
    const end = final?.completedAt ?? now;
    const queueMs = Math.min(end - execution.submittedAt, this.options.latency.queueMs);
    const failure = final?.failure;
    const request = execution.request;
    const extension = execution.statementType === 'DDL' ? 'txt' : 'csv';
    return {
      QueryExecutionId: execution.id,
      Query: execution.sql,
      StatementType: execution.statementType,
      SubstatementType: execution.substatementType,
      ...(execution.outputLocation === undefined
        ? {}
        : {
            ResultConfiguration: {
              ...record(request.ResultConfiguration),
              OutputLocation: `${execution.outputLocation.replace(/\/?$/, '/')}${execution.id}.${extension}`,
            },
          }),
      ...(request.ResultReuseConfiguration
        ? { ResultReuseConfiguration: request.ResultReuseConfiguration }
        : {}),
      ...(request.QueryExecutionContext ? { QueryExecutionContext: request.QueryExecutionContext } : {}),
      Status: {
        State: state,
        ...(failure ? { StateChangeReason: failure.message } : {}),
        SubmissionDateTime: execution.submittedAt / 1000,
        ...(final ? { CompletionDateTime: final.completedAt / 1000 } : {}),
        ...(failure
          ? {
              AthenaError: {
                ErrorCategory: failure.errorCategory,
                ErrorType: failure.errorType,
                Retryable: failure.retryable,
                ErrorMessage: failure.message,
              },
            }
          : {}),
      },
      Statistics: {
        EngineExecutionTimeInMillis: Math.max(0, end - execution.submittedAt - queueMs),
        DataScannedInBytes: scannedBytes(execution),
        TotalExecutionTimeInMillis: end - execution.submittedAt,
        QueryQueueTimeInMillis: queueMs,
        ResultReuseInformation: { ReusedPreviousResult: execution.reusedFrom !== undefined },
      },
      WorkGroup: execution.workgroup,
      EngineVersion: { SelectedEngineVersion: 'AUTO', EffectiveEngineVersion: 'Athena engine version 3' },
      ...(execution.parameters ? { ExecutionParameters: execution.parameters } : {}),
    };
  }

  private getQueryResults(body: Record<string, unknown>): Record<string, unknown> {
    const execution = this.execution(body);
    const maxResults = body.MaxResults ?? MAX_PAGE;
    if (typeof maxResults !== 'number' || maxResults < 1 || maxResults > MAX_PAGE) {
      throw invalidRequest(
        `1 validation error detected: Value '${String(maxResults)}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to ${MAX_PAGE}`,
      );
    }
    const { final } = execution;
    if (!final) {
      const state = this.state(execution, this.options.now().getTime());
      throw invalidRequest(`Query has not yet finished. Current state: ${state}`);
    }
    if (final.state !== 'SUCCEEDED') {
      throw invalidRequest(`Query did not finish successfully. Final query state: ${final.state}`);
    }
    const result = final.result;
    const rows: ReadonlyArray<ReadonlyArray<string | null>> = result
      ? [result.columns.map((c) => c.Name), ...result.rows]
      : [];
    const offset = body.NextToken === undefined ? 0 : tokenOffset(body.NextToken, execution.id);
    const size = Math.min(maxResults, this.options.pageSizeCap ?? MAX_PAGE);
    const page = rows.slice(offset, offset + size);
    const next = offset + size < rows.length ? pageToken(execution.id, offset + size) : undefined;
    return {
      UpdateCount: 0,
      ResultSet: {
        Rows: page.map((row) => ({ Data: row.map((v) => (v === null ? {} : { VarCharValue: v })) })),
        ResultSetMetadata: { ColumnInfo: result?.columns ?? [] },
      },
      ...(next ? { NextToken: next } : {}),
    };
  }

  private stopQueryExecution(body: Record<string, unknown>, now: number): Record<string, unknown> {
    const execution = this.execution(body);
    execution.stopRequests.push(now);
    if (!execution.final) execution.final = { state: 'CANCELLED', completedAt: now };
    return {};
  }

  /** The workgroup's executions, newest first, `MaxResults` (at most 50) a page. */
  private listQueryExecutions(body: Record<string, unknown>): Record<string, unknown> {
    const maxResults = body.MaxResults ?? MAX_LIST_PAGE;
    if (
      typeof maxResults !== 'number' ||
      !Number.isInteger(maxResults) ||
      maxResults < 0 ||
      maxResults > MAX_LIST_PAGE
    ) {
      throw invalidRequest(
        `1 validation error detected: Value '${String(maxResults)}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to ${MAX_LIST_PAGE}`,
      );
    }
    const workgroup = optionalString(body.WorkGroup) ?? 'primary';
    if (!this.options.workgroups[workgroup]) throw invalidRequest(`WorkGroup ${workgroup} is not found.`);
    const ids = this.executions.filter((e) => e.workgroup === workgroup).map((e) => e.id);
    // A page's token holds how many older executions are left, so one started meanwhile shifts nothing.
    const listing = `list:${workgroup}`;
    const left = body.NextToken === undefined ? ids.length : tokenOffset(body.NextToken, listing);
    // 0 is within the documented range; the emulator reads it as the default rather than as an empty page.
    const first = Math.max(0, left - (maxResults === 0 ? MAX_LIST_PAGE : maxResults));
    return {
      QueryExecutionIds: ids.slice(first, left).reverse(),
      ...(first > 0 ? { NextToken: pageToken(listing, first) } : {}),
    };
  }

  /** Each execution as GetQueryExecution describes it; an unknown id is listed as unprocessed. */
  private batchGetQueryExecution(body: Record<string, unknown>, now: number): Record<string, unknown> {
    const ids = body.QueryExecutionIds;
    if (
      !Array.isArray(ids) ||
      ids.length < 1 ||
      ids.length > MAX_LIST_PAGE ||
      !ids.every((id) => typeof id === 'string' && id.length >= 1 && id.length <= 128)
    ) {
      throw invalidRequest(
        `1 validation error detected: Value at 'queryExecutionIds' failed to satisfy constraint: Member must have length between 1 and ${MAX_LIST_PAGE}, each id between 1 and 128 characters`,
      );
    }
    const executions = (ids as string[]).map((id) => ({ id, execution: this.byId.get(id) }));
    return {
      QueryExecutions: executions.flatMap(({ execution }) =>
        execution ? [this.describe(execution, now)] : [],
      ),
      UnprocessedQueryExecutionIds: executions
        .filter(({ execution }) => !execution)
        .map(({ id }) => ({
          QueryExecutionId: id,
          ErrorCode: 'INVALID_INPUT',
          ErrorMessage: `QueryExecution ${id} was not found`,
        })),
    };
  }

  private getTableMetadata(body: Record<string, unknown>): Record<string, unknown> {
    const catalog = optionalString(body.CatalogName) ?? '';
    const database = optionalString(body.DatabaseName) ?? '';
    const name = optionalString(body.TableName) ?? '';
    const glueError = (what: string) =>
      new AthenaFault(
        'MetadataException',
        `${what} (Service: AmazonDataCatalog; Status Code: 400; Error Code: EntityNotFoundException; Request ID: ${randomUUID()}; Proxy: null)`,
      );
    if (catalog.toLowerCase() !== 'awsdatacatalog') {
      throw new AthenaFault('MetadataException', `Catalog ${catalog} was not found`);
    }
    if (!this.catalog.hasDatabase(database)) throw glueError(`Database ${database} not found.`);
    const table = this.catalog.table(database, name);
    if (!table) throw glueError('Entity Not Found');
    return { TableMetadata: tableMetadata(table) };
  }
}

function scannedBytes(execution: Execution): number {
  if (execution.reusedFrom || execution.final?.state !== 'SUCCEEDED') return 0;
  return execution.final.result?.scannedFiles.reduce((sum, f) => sum + f.bytes, 0) ?? 0;
}

/**
 * Athena substitutes each parameter's text into the query, so a string carries its own quotes. The emulator
 * binds values instead, and takes only what it can turn back into a value: a quoted string or a number.
 */
export function parameterValue(text: string, index: number): ParameterValue {
  const trimmed = text.trim();
  if (/^'(?:[^']|'')*'$/.test(trimmed)) return trimmed.slice(1, -1).replaceAll("''", "'");
  if (/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(trimmed)) return Number(trimmed);
  throw new QueryFailure(
    `execution parameter ${index + 1} (${text}) is neither a quoted string nor a number: Athena would read it as SQL, and the emulator does not evaluate it`,
  );
}

function substatementType(sql: string, firstWord: string): string {
  const words = /^\s*(?:\(\s*)*(\w+)(?:\s+external)?\s+(\w+)/i.exec(sql);
  if (['create', 'drop', 'alter'].includes(firstWord) && words) {
    return `${firstWord}_${words[2]!}`.toUpperCase();
  }
  return firstWord === 'with' ? 'SELECT' : firstWord.toUpperCase();
}

function pageToken(id: string, offset: number): string {
  return Buffer.from(JSON.stringify({ id, offset })).toString('base64url');
}

function tokenOffset(token: unknown, id: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(String(token), 'base64url').toString()) as {
      id: unknown;
      offset: unknown;
    };
    if (parsed.id === id && typeof parsed.offset === 'number') return parsed.offset;
  } catch {
    // An unreadable token is refused below, as one of another query is.
  }
  throw invalidRequest('The NextToken is invalid');
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}
