/**
 * The production engine: Amazon Athena through the AWS SDK. Throttling and 5xx are retried by the SDK's
 * adaptive retry strategy; this module adds only what the SDK has no waiter for: polling a query to its end
 * under a deadline, stopping whatever is still running when the audit ends early, and paging results.
 */
import { createHash, randomUUID } from 'node:crypto';
import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  GetTableMetadataCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
  type QueryExecution,
  type TableMetadata,
} from '@aws-sdk/client-athena';
import { createTableStatement, planTable } from '../ddl.js';
import type {
  Engine,
  PreparedTable,
  QueryResult,
  QueryStatistics,
  ReadFindings,
  TableRequest,
} from '../engine.js';
import { AuditError } from '../errors.js';
import { tableLayout, type TableLayout } from '../layout.js';
import type { AthenaSettings } from '../settings.js';
import { athenaParameter, type Statement } from '../sql.js';
import { checkTable } from '../table-check.js';
import { VERSION } from '../version.js';

export interface AthenaEngineOptions {
  readonly log?: (message: string) => void;
  readonly signal?: AbortSignal;
  readonly env?: NodeJS.ProcessEnv;
  /** For tests: a client already pointed somewhere, and a clock and sleep that do not wait. */
  readonly client?: AthenaClient;
  readonly now?: () => number;
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Names the run in idempotency tokens: the same run and statement start the same execution. */
  readonly runKey?: string;
}

const RUNNING_STATES = new Set(['QUEUED', 'RUNNING']);
const MAX_RESULTS_PER_PAGE = 1000;
/** The SDK's own retries (adaptive: it also slows down under throttling); bounded so a dead endpoint fails. */
const MAX_ATTEMPTS = 10;

const FIRST_POLL_MS = 900;
const POLL_GROWTH = 1.3;
const MAX_POLL_DELAY_MS = 10_000;

/**
 * How long to wait before status call `attempt`. Calls fall at FIRST_POLL_MS × 1.3^k after the start: a
 * 30-second query costs at most 15 calls, a query is seen finished within 30% of its run time at worst (15% on
 * average), and the first look comes near Athena's usual minimum latency. A little jitter keeps parallel
 * pollers apart.
 */
export function pollDelayMs(attempt: number, random: () => number = Math.random): number {
  const pollAt = (k: number) => FIRST_POLL_MS * POLL_GROWTH ** k;
  const delay =
    attempt === 0 ? FIRST_POLL_MS : Math.min(pollAt(attempt) - pollAt(attempt - 1), MAX_POLL_DELAY_MS);
  return Math.round(delay * (0.95 + 0.1 * random()));
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The IAM action a denied call needs, for the message. */
const PERMISSION_OF: Record<string, string> = {
  StartQueryExecutionCommand: 'athena:StartQueryExecution',
  GetQueryExecutionCommand: 'athena:GetQueryExecution',
  GetQueryResultsCommand: 'athena:GetQueryResults',
  StopQueryExecutionCommand: 'athena:StopQueryExecution',
  GetTableMetadataCommand: 'athena:GetTableMetadata (and glue:GetTable, glue:GetDatabase)',
};

export class AthenaEngine implements Engine {
  readonly name = 'athena';
  private readonly running = new Map<string, string>();
  private readonly now: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly runKey: string;
  private deadline: number | undefined;
  private database: string | undefined;

  private constructor(
    private readonly client: AthenaClient,
    readonly region: string,
    private readonly settings: AthenaSettings,
    private readonly options: AthenaEngineOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? defaultSleep;
    const env = options.env ?? process.env;
    this.runKey =
      options.runKey ??
      (env.GITHUB_RUN_ID
        ? `${env.GITHUB_RUN_ID}-${env.GITHUB_RUN_ATTEMPT ?? '1'}-${env.GITHUB_JOB ?? ''}`
        : randomUUID());
  }

  static async create(settings: AthenaSettings, options: AthenaEngineOptions = {}): Promise<AthenaEngine> {
    const client =
      options.client ??
      new AthenaClient({
        customUserAgent: `support-audit/${VERSION}`,
        retryMode: 'adaptive',
        maxAttempts: MAX_ATTEMPTS,
      });
    let region: string;
    try {
      region = await client.config.region();
    } catch {
      throw new AuditError(
        'No AWS region is configured: set AWS_REGION (aws-actions/configure-aws-credentials does).',
      );
    }
    return new AthenaEngine(client, region, settings, options);
  }

  private log(message: string): void {
    this.options.log?.(message);
  }

  private async send<Output>(
    command: { constructor: { name: string } },
    call: () => Promise<Output>,
  ): Promise<Output> {
    try {
      return await call();
    } catch (error) {
      const name = (error as { name?: string }).name ?? '';
      if (
        name === 'AccessDeniedException' ||
        name === 'AccessDenied' ||
        /not authorized/i.test(String(error))
      ) {
        const permission = PERMISSION_OF[command.constructor.name] ?? command.constructor.name;
        throw new AuditError(`Access denied: grant ${permission}. AWS said: ${(error as Error).message}`);
      }
      if (name === 'InvalidRequestException' && /output location/i.test((error as Error).message)) {
        throw new AuditError(
          `Athena needs a place for query results: set output-location (s3://bucket/prefix/), or use a workgroup that has one. AWS said: ${(error as Error).message}`,
        );
      }
      if (name === 'CredentialsProviderError') {
        throw new AuditError(
          'No AWS credentials found: in a workflow, run aws-actions/configure-aws-credentials first; locally, set AWS_PROFILE or the AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY variables.',
        );
      }
      throw error;
    }
  }

  async plan(request: TableRequest): Promise<{ layout: TableLayout; statements: Statement[] }> {
    return planTable(request);
  }

  async prepare(request: TableRequest): Promise<PreparedTable> {
    this.deadline = this.now() + this.settings.timeoutSeconds * 1000;
    this.database = request.database;
    const layout = tableLayout(request.layout);
    const qualified = `${request.database}.${request.table}`;
    let metadata = await this.tableMetadata(request);
    const actions: string[] = [];
    if (metadata === undefined) {
      if (!this.settings.createTable) {
        throw new AuditError(
          `Table ${qualified} does not exist in catalog ${this.settings.catalog}, and create-table is off: turn it on, or point database and table at an existing CloudTrail table.`,
        );
      }
      this.log(`Creating table ${qualified}`);
      await this.run(createTableStatement(request, layout));
      actions.push(`created ${qualified}`);
      metadata = await this.tableMetadata(request);
      if (metadata === undefined)
        throw new AuditError(`Table ${qualified} was created but Athena cannot find it.`);
    } else {
      actions.push(`reused ${qualified}`);
    }
    const fitness = checkTable(
      request,
      {
        columns: (metadata.Columns ?? []).map((c) => c.Name ?? ''),
        partitionKeys: (metadata.PartitionKeys ?? []).map((c) => c.Name ?? ''),
        parameters: metadata.Parameters ?? {},
      },
      layout,
      request.window.start,
    );
    if (!fitness.fit) {
      throw new AuditError(
        `Table ${qualified} is not fit for this audit:\n${fitness.differences.map((d) => `  - ${d}`).join('\n')}\n${fitness.remedy}`,
      );
    }
    return { layout, actions };
  }

  private async tableMetadata(request: TableRequest): Promise<TableMetadata | undefined> {
    const command = new GetTableMetadataCommand({
      CatalogName: this.settings.catalog,
      DatabaseName: request.database,
      TableName: request.table,
    });
    try {
      const output = await this.send(command, () =>
        this.client.send(command, { abortSignal: this.options.signal }),
      );
      return output.TableMetadata;
    } catch (error) {
      if ((error as Error).name === 'MetadataException' && /EntityNotFound/i.test((error as Error).message)) {
        return undefined;
      }
      throw error;
    }
  }

  private token(statement: Statement): string {
    return createHash('sha256')
      .update(JSON.stringify([this.runKey, statement.id, statement.sql, statement.parameters]))
      .digest('hex');
  }

  async run(statement: Statement): Promise<QueryResult> {
    this.deadline ??= this.now() + this.settings.timeoutSeconds * 1000;
    const start = new StartQueryExecutionCommand({
      QueryString: statement.sql,
      QueryExecutionContext: { Catalog: this.settings.catalog, Database: this.database },
      WorkGroup: this.settings.workgroup,
      ...(this.settings.outputLocation
        ? { ResultConfiguration: { OutputLocation: this.settings.outputLocation } }
        : {}),
      ...(statement.parameters.length
        ? { ExecutionParameters: statement.parameters.map(athenaParameter) }
        : {}),
      ClientRequestToken: this.token(statement),
      ...(this.settings.resultReuseMinutes > 0
        ? {
            ResultReuseConfiguration: {
              ResultReuseByAgeConfiguration: {
                Enabled: true,
                MaxAgeInMinutes: this.settings.resultReuseMinutes,
              },
            },
          }
        : {}),
    });
    const started = await this.send(start, () =>
      this.client.send(start, { abortSignal: this.options.signal }),
    );
    const id = started.QueryExecutionId;
    if (!id) throw new AuditError(`Athena gave no query execution id for ${statement.id}.`);
    this.running.set(id, statement.id);
    try {
      const execution = await this.waitFor(statement, id);
      const statistics = statisticsOf(execution);
      const { columns, rows } = await this.results(id, execution.StatementType === 'DML');
      return { columns, rows, statistics };
    } catch (error) {
      if (this.options.signal?.aborted) {
        await this.stopAll('the audit was cancelled');
        throw new AuditError(
          `Cancelled while ${statement.id} (${id}) was running; running queries were stopped.`,
        );
      }
      if (this.running.has(id)) await this.stop(id, 'the audit failed');
      throw error;
    } finally {
      this.running.delete(id);
    }
  }

  private async waitFor(statement: Statement, id: string): Promise<QueryExecution> {
    const startedAt = this.now();
    for (let attempt = 0; ; attempt++) {
      // No query is finished the moment it starts: wait before every look, the first one included.
      const wait = Math.min(pollDelayMs(attempt), this.deadline! - this.now());
      if (wait <= 0) {
        await this.stopAll(`the deadline of ${this.settings.timeoutSeconds} s passed`);
        throw new AuditError(
          `Athena query ${statement.id} (${id}) did not finish within timeout-seconds (${this.settings.timeoutSeconds} s); it and any other running query were stopped.`,
        );
      }
      await this.sleep(wait, this.options.signal);
      const command = new GetQueryExecutionCommand({ QueryExecutionId: id });
      const { QueryExecution: execution } = await this.send(command, () =>
        this.client.send(command, { abortSignal: this.options.signal }),
      );
      const state = execution?.Status?.State ?? 'UNKNOWN';
      if (state === 'SUCCEEDED') return execution!;
      if (!RUNNING_STATES.has(state)) {
        this.running.delete(id);
        throw failure(statement, id, execution);
      }
      if (attempt >= 3) {
        const seconds = Math.round((this.now() - startedAt) / 1000);
        this.log(`${statement.id}: ${state.toLowerCase()} for ${seconds} s (${id})`);
      }
    }
  }

  private async results(
    id: string,
    isSelect: boolean,
  ): Promise<{ columns: string[]; rows: Array<Array<string | null>> }> {
    let columns: string[] = [];
    const rows: Array<Array<string | null>> = [];
    let nextToken: string | undefined;
    let firstPage = true;
    do {
      const command = new GetQueryResultsCommand({
        QueryExecutionId: id,
        MaxResults: MAX_RESULTS_PER_PAGE,
        NextToken: nextToken,
      });
      const page = await this.send(command, () =>
        this.client.send(command, { abortSignal: this.options.signal }),
      );
      if (firstPage) columns = (page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? []).map((c) => c.Name ?? '');
      const pageRows = (page.ResultSet?.Rows ?? []).map((row) =>
        (row.Data ?? []).map((d) => d.VarCharValue ?? null),
      );
      // Athena repeats the column names as the first row of a SELECT's first page, and only there.
      rows.push(...(firstPage && isSelect ? pageRows.slice(1) : pageRows));
      firstPage = false;
      nextToken = page.NextToken;
    } while (nextToken);
    return { columns, rows };
  }

  private async stopAll(reason: string): Promise<void> {
    await Promise.all([...this.running.keys()].map((id) => this.stop(id, reason)));
  }

  private async stop(id: string, reason: string): Promise<void> {
    this.log(`Stopping ${this.running.get(id)} (${id}): ${reason}`);
    this.running.delete(id);
    try {
      await this.client.send(new StopQueryExecutionCommand({ QueryExecutionId: id }));
    } catch (error) {
      this.log(`Could not stop ${id}: ${(error as Error).message}`);
    }
  }

  /** Athena reads the files itself: a file it cannot read fails the query, so nothing is left unread silently. */
  findings(): ReadFindings {
    return { unreadableFiles: [], notes: [] };
  }

  async close(): Promise<void> {
    if (this.running.size > 0) await this.stopAll('the audit ended');
    this.client.destroy();
  }
}

function statisticsOf(execution: QueryExecution): QueryStatistics {
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

const ERROR_CATEGORIES: Record<number, string> = { 1: 'system error', 2: 'user error', 3: 'other error' };

function failure(statement: Statement, id: string, execution: QueryExecution | undefined): AuditError {
  const status = execution?.Status;
  const category = status?.AthenaError?.ErrorCategory;
  const detail = [
    category !== undefined ? (ERROR_CATEGORIES[category] ?? `category ${category}`) : undefined,
    status?.AthenaError?.ErrorType !== undefined ? `error type ${status.AthenaError.ErrorType}` : undefined,
  ].filter(Boolean);
  return new AuditError(
    `Athena query ${statement.id} (${id}) ${(status?.State ?? 'ended').toLowerCase()}: ${status?.StateChangeReason ?? 'no reason given'}${detail.length ? ` [${detail.join(', ')}]` : ''}`,
  );
}
