/**
 * The production engine: Amazon Athena through the AWS SDK. Throttling and 5xx are retried by the SDK's
 * adaptive retry strategy; this module adds only what the SDK has no waiter for: polling a query to its end
 * under a deadline, stopping whatever is still running when the audit ends early, and paging results.
 */
import { createHash, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  GetTableMetadataCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
  type QueryExecution,
} from '@aws-sdk/client-athena';
import type {
  Engine,
  PreparedTable,
  QueryResult,
  ReadFindings,
  TablePlan,
  TableRequest,
} from '../../core/engine.js';
import { AuditError } from '../../core/errors.js';
import type { AthenaSettings } from '../../core/settings.js';
import { athenaParameter, type Statement } from '../../core/sql.js';
import { VERSION } from '../../core/version.js';
import { planTable } from './ddl.js';
import { explainAwsError, queryFailure } from './errors.js';
import { pollDelayMs, RUNNING_STATES } from './polling.js';
import { readResultPages, statisticsOf } from './results.js';
import { planSecurityLakeTable, prepareSecurityLakeTable } from './security-lake.js';
import { prepareTable } from './table.js';
import type { TableMetadataView } from './table-check.js';

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

const MAX_RESULTS_PER_PAGE = 1000;
/** The SDK's own retries (adaptive: it also slows down under throttling); bounded so a dead endpoint fails. */
const MAX_ATTEMPTS = 10;

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return sleep(ms, undefined, { signal });
}

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
    this.sleep = options.sleep ?? abortableSleep;
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
      throw explainAwsError(command.constructor.name, error);
    }
  }

  async plan(request: TableRequest): Promise<TablePlan> {
    return request.source === 'security-lake' ? planSecurityLakeTable(request) : planTable(request);
  }

  async prepare(request: TableRequest): Promise<PreparedTable> {
    this.deadline = this.now() + this.settings.timeoutSeconds * 1000;
    this.database = request.database;
    const prepare = request.source === 'security-lake' ? prepareSecurityLakeTable : prepareTable;
    return prepare(request, this.settings, {
      metadata: () => this.tableMetadata(request),
      run: (statement) => this.run(statement),
      log: (message) => this.log(message),
    });
  }

  private async tableMetadata(request: TableRequest): Promise<TableMetadataView | undefined> {
    const command = new GetTableMetadataCommand({
      CatalogName: this.settings.catalog,
      DatabaseName: request.database,
      TableName: request.table,
    });
    try {
      const output = await this.send(command, () =>
        this.client.send(command, { abortSignal: this.options.signal }),
      );
      const metadata = output.TableMetadata;
      return metadata === undefined
        ? undefined
        : {
            columns: (metadata.Columns ?? []).map((c) => c.Name ?? ''),
            partitionKeys: (metadata.PartitionKeys ?? []).map((c) => c.Name ?? ''),
            parameters: metadata.Parameters ?? {},
            columnTypes: Object.fromEntries(
              (metadata.Columns ?? []).map((c) => [c.Name ?? '', c.Type ?? '']),
            ),
          };
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
        throw queryFailure(statement, id, execution);
      }
      if (attempt >= 3) {
        const seconds = Math.round((this.now() - startedAt) / 1000);
        this.log(`${statement.id}: ${state.toLowerCase()} for ${seconds} s (${id})`);
      }
    }
  }

  private async results(id: string, isSelect: boolean): Promise<Pick<QueryResult, 'columns' | 'rows'>> {
    return readResultPages(async (nextToken) => {
      const command = new GetQueryResultsCommand({
        QueryExecutionId: id,
        MaxResults: MAX_RESULTS_PER_PAGE,
        NextToken: nextToken,
      });
      return this.send(command, () => this.client.send(command, { abortSignal: this.options.signal }));
    }, isSelect);
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
