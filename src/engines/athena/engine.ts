/**
 * The production engine: Amazon Athena through the AWS SDK. Throttling, 5xx and attempts that time out are
 * retried by the SDK's adaptive retry strategy; this module adds what the SDK has no waiter for: polling a query
 * to its end and paging its results under the audit's deadline, and, when the audit ends early, finding and
 * stopping every query it started (run-control.ts).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import {
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  GetTableMetadataCommand,
  StartQueryExecutionCommand,
  type AthenaClient,
  type QueryExecution,
} from '@aws-sdk/client-athena';
import type {
  Engine,
  EngineDescription,
  ReadTable,
  PreparedTable,
  QueryResult,
  ReadFindings,
  TablePlan,
  TableRequest,
} from '../../core/engine.js';
import { AuditError, describeError } from '../../core/errors.js';
import type { AthenaSettings } from '../../core/settings.js';
import type { TableName } from '../../core/types.js';
import type { Statement } from '../../core/sql.js';
import { athenaClient, refused } from './client.js';
import { planTable } from './ddl.js';
import {
  explainAwsError,
  Interrupted,
  interruptionMessage,
  queryFailure,
  stopReport,
  type Phase,
} from './errors.js';
import { pollDelayMs, progressDue, RUNNING_STATES } from './polling.js';
import { readResultPages, statisticsOf } from './results.js';
import { RunControl } from './run-control.js';
import { runKeyOf, startInput } from './start.js';
import { planSecurityLakeTable, prepareSecurityLakeTable } from './security-lake.js';
import { prepareTable } from './table.js';
import { metadataView, type TableMetadataView } from './table-check.js';
import { describeAthena } from './description.js';

export interface AthenaEngineOptions {
  readonly log?: (message: string) => void;
  readonly signal?: AbortSignal;
  readonly env?: NodeJS.ProcessEnv;
  /** For tests: a client already pointed somewhere (athenaClient() keeps the product's request timeouts). */
  readonly client?: AthenaClient;
  /** For tests: a clock, a sleep and timers (AbortSignal.timeout) that do not wait. */
  readonly now?: () => number;
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly timeout?: (ms: number) => AbortSignal;
  /** Names the run in idempotency tokens: the same run and statement start the same execution. */
  readonly runKey?: string;
  /** How long stopping queries may take once the audit ends early (default 5 s). */
  readonly cleanupMs?: number;
}

const MAX_RESULTS_PER_PAGE = 1000;

export class AthenaEngine implements Engine {
  readonly name = 'athena';
  readonly readsWindowsAtOnce = true;
  private readonly now: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly runKey: string;
  private readonly control: RunControl;
  private database: string | undefined;
  private failed = false;

  private constructor(
    private readonly client: AthenaClient,
    readonly region: string,
    private readonly settings: AthenaSettings,
    private readonly options: AthenaEngineOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms, signal) => sleep(ms, undefined, { signal }));
    this.runKey = options.runKey ?? runKeyOf(options.env ?? process.env);
    this.control = new RunControl({
      client,
      timeoutMs: settings.timeoutSeconds * 1000,
      cleanupMs: options.cleanupMs,
      now: this.now,
      timeout: options.timeout,
      log: (message) => this.log(message),
      signal: options.signal,
    });
  }

  static async create(settings: AthenaSettings, options: AthenaEngineOptions = {}): Promise<AthenaEngine> {
    const client = options.client ?? athenaClient();
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

  /** Sends a request of the audit's work: cut short by cancellation, the deadline or a failure elsewhere. */
  private async call<Output>(
    commandName: string,
    send: (abortSignal: AbortSignal) => Promise<Output>,
  ): Promise<Output> {
    const signal = this.control.work;
    if (signal.aborted) throw this.interrupted();
    try {
      return await send(signal);
    } catch (error) {
      throw signal.aborted ? this.interrupted() : explainAwsError(commandName, error);
    }
  }

  private async pause(ms: number): Promise<void> {
    try {
      await this.sleep(ms, this.control.work);
    } catch (error) {
      throw this.control.work.aborted ? this.interrupted() : error;
    }
  }

  async plan(request: TableRequest): Promise<TablePlan> {
    return request.source === 'security-lake' ? planSecurityLakeTable(request) : planTable(request);
  }

  async prepare(request: TableRequest): Promise<PreparedTable> {
    this.control.begin();
    this.database = request.database;
    const prepare = request.source === 'security-lake' ? prepareSecurityLakeTable : prepareTable;
    try {
      return await prepare(request, this.settings, {
        metadata: (name) => this.tableMetadata(name),
        run: (statement) => this.run(statement),
        log: (message) => this.log(message),
      });
    } catch (error) {
      if (!(error instanceof Interrupted)) throw error;
      throw new AuditError(
        interruptionMessage(
          error.kind,
          `table ${request.database}.${request.table}`,
          'check',
          this.settings.timeoutSeconds,
        ),
      );
    }
  }

  private async tableMetadata(name: TableName): Promise<TableMetadataView | undefined> {
    const command = new GetTableMetadataCommand({
      CatalogName: this.settings.catalog,
      DatabaseName: name.database,
      TableName: name.table,
    });
    try {
      const output = await this.call('GetTableMetadataCommand', (abortSignal) =>
        this.client.send(command, { abortSignal }),
      );
      return output.TableMetadata && metadataView(output.TableMetadata);
    } catch (error) {
      if ((error as Error).name === 'MetadataException' && /EntityNotFound/i.test((error as Error).message)) {
        return undefined;
      }
      throw error;
    }
  }

  async run(statement: Statement): Promise<QueryResult> {
    let phase: Phase = 'start';
    let id: string | undefined;
    try {
      id = await this.control.track(this.start(statement));
      phase = 'run';
      const execution = await this.waitFor(statement, id);
      this.control.ended(id);
      phase = 'read';
      const { columns, rows } = await this.results(id, execution.StatementType === 'DML');
      return { columns, rows, statistics: statisticsOf(execution) };
    } catch (error) {
      throw await this.failure(error, id === undefined ? statement.id : `${statement.id} (${id})`, phase);
    }
  }

  /**
   * Starts the statement. A start abandoned before Athena answered (cancelled, timed out, cut off) may still
   * have started its query: the run control finds it, so it can be stopped.
   */
  private async start(statement: Statement): Promise<string> {
    const input = startInput(statement, this.settings, this.database, this.runKey);
    const signal = this.control.work;
    if (signal.aborted) throw this.interrupted();
    const sentAt = this.now();
    let id: string | undefined;
    try {
      ({ QueryExecutionId: id } = await this.client.send(new StartQueryExecutionCommand(input), {
        abortSignal: signal,
      }));
    } catch (error) {
      if (!refused(error)) await this.control.findAbandoned(statement.id, input, sentAt);
      throw signal.aborted ? this.interrupted() : explainAwsError('StartQueryExecutionCommand', error);
    }
    if (!id) throw new AuditError(`Athena gave no query execution id for ${statement.id}.`);
    this.control.started(id, statement.id);
    return id;
  }

  private async waitFor(statement: Statement, id: string): Promise<QueryExecution> {
    const startedAt = this.now();
    let lastLine: number | undefined;
    for (let attempt = 0; ; attempt++) {
      // No query is finished the moment it starts: wait before every look, the first one included.
      const wait = Math.min(pollDelayMs(attempt), this.control.remaining());
      if (wait <= 0) throw new Interrupted('deadline');
      await this.pause(wait);
      const command = new GetQueryExecutionCommand({ QueryExecutionId: id });
      const { QueryExecution: execution } = await this.call('GetQueryExecutionCommand', (abortSignal) =>
        this.client.send(command, { abortSignal }),
      );
      const state = execution?.Status?.State ?? 'UNKNOWN';
      if (state === 'SUCCEEDED') return execution!;
      if (!RUNNING_STATES.has(state)) {
        this.control.ended(id);
        throw queryFailure(statement, id, execution);
      }
      const now = this.now();
      if (progressDue(now - startedAt, lastLine === undefined ? undefined : now - lastLine)) {
        lastLine = now;
        this.log(
          `${statement.id}: ${state.toLowerCase()} for ${Math.round((now - startedAt) / 1000)} s (${id})`,
        );
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
      return this.call('GetQueryResultsCommand', (abortSignal) => this.client.send(command, { abortSignal }));
    }, isSelect);
  }

  /** The error a run ends with, once every query still running has been stopped (or found not stoppable). */
  private async failure(error: unknown, query: string, phase: Phase): Promise<unknown> {
    this.failed = true;
    const report = stopReport(await this.control.endEarly(), this.settings.workgroup);
    if (error instanceof Interrupted) {
      const message = interruptionMessage(error.kind, query, phase, this.settings.timeoutSeconds);
      return new AuditError(report ? `${message} ${report}` : message);
    }
    if (!report) return error;
    return new AuditError(`${describeError(error)} ${report}`, { cause: error });
  }

  private interrupted(): Interrupted {
    return new Interrupted(this.control.interruption() ?? 'halted');
  }

  /** Athena reads the files itself: a file it cannot read fails the query, so nothing is left unread silently. */
  findings(): ReadFindings {
    return { unreadableFiles: [], notes: [] };
  }

  describe(read: ReadTable): EngineDescription {
    return describeAthena(this.region, read);
  }

  async close(): Promise<void> {
    const outcomes = await this.control.endEarly();
    // After a failure the outcomes are part of its error; otherwise a query still running is news.
    if (!this.failed && outcomes.length > 0) this.log(stopReport(outcomes, this.settings.workgroup));
    this.client.destroy();
  }
}
