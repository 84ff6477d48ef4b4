/**
 * When the audit's work on Athena must end, and the clean-up when it does. Every request of the work (metadata,
 * starts, polls, pages) carries one signal that aborts on cancellation (SIGINT, SIGTERM), at the deadline, or
 * when another query of the audit fails. The clean-up that follows (finding a query whose start was abandoned,
 * stopping every query still running) has its own short budget, so an early end is bounded too.
 */
import {
  BatchGetQueryExecutionCommand,
  ListQueryExecutionsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
  type AthenaClient,
  type StartQueryExecutionInput,
} from '@aws-sdk/client-athena';
import { describeError } from '../../core/errors.js';
import { explainAwsError, Interrupted, type Interruption, type StopOutcome } from './errors.js';
import { findInHistory, PAGE_SIZE } from './history.js';

/** Within the 7.5 s GitHub leaves a cancelled step between SIGINT and SIGTERM. */
const CLEANUP_MS = 5_000;

export interface RunControlOptions {
  readonly client: AthenaClient;
  readonly timeoutMs: number;
  /** The clean-up budget; 5 s unless given. */
  readonly cleanupMs: number | undefined;
  readonly now: () => number;
  /** A signal that aborts `ms` from now on the engine's clock; AbortSignal.timeout unless given. */
  readonly timeout?: (ms: number) => AbortSignal;
  readonly log: (message: string) => void;
  /** Aborted on SIGINT or SIGTERM. */
  readonly signal?: AbortSignal;
}

/** A clean-up request that failed, said as a sentence. */
class CleanupFailure extends Error {}

export class RunControl {
  private deadlineAt: number | undefined;
  private deadlineSignal: AbortSignal | undefined;
  private workSignal: AbortSignal | undefined;
  private readonly halt = new AbortController();
  private cleanupSignal: AbortSignal | undefined;
  /** Queries started and not yet seen to end, by id: what an early end must stop. */
  private readonly running = new Map<string, string>();
  /** Every query this run started: never taken for another's lost start. */
  private readonly known = new Set<string>();
  /** Starts in flight: an early end waits for them, so that a query they start is stopped too. */
  private readonly starting = new Set<Promise<unknown>>();
  /** Starts abandoned without learning which query, if any, they had started. */
  private readonly lost: StopOutcome[] = [];
  private ending: Promise<readonly StopOutcome[]> | undefined;

  private readonly cleanupMs: number;
  private readonly timeout: (ms: number) => AbortSignal;

  constructor(private readonly options: RunControlOptions) {
    this.cleanupMs = options.cleanupMs ?? CLEANUP_MS;
    this.timeout = options.timeout ?? ((ms) => AbortSignal.timeout(ms));
  }

  /** Starts the deadline's clock, once: the first Athena call of the audit. */
  begin(): void {
    if (this.deadlineAt !== undefined) return;
    this.deadlineAt = this.options.now() + this.options.timeoutMs;
    this.deadlineSignal = this.timeout(this.options.timeoutMs);
    const signals = [this.deadlineSignal, this.halt.signal];
    if (this.options.signal) signals.push(this.options.signal);
    this.workSignal = AbortSignal.any(signals);
  }

  /** The signal every request of the work carries. */
  get work(): AbortSignal {
    this.begin();
    return this.workSignal!;
  }

  /** Milliseconds left before the deadline, on the engine's clock. */
  remaining(): number {
    this.begin();
    return this.deadlineAt! - this.options.now();
  }

  /** Why the work was cut short, or undefined while it may go on. */
  interruption(): Interruption | undefined {
    if (this.options.signal?.aborted) return 'cancelled';
    if (this.deadlineSignal?.aborted || this.remaining() <= 0) return 'deadline';
    if (this.halt.signal.aborted) return 'halted';
    return undefined;
  }

  /** The budget of the clean-up, from its first step on. */
  cleanup(): AbortSignal {
    this.cleanupSignal ??= this.timeout(this.cleanupMs);
    return this.cleanupSignal;
  }

  track<T>(start: Promise<T>): Promise<T> {
    this.starting.add(start);
    const settled = () => this.starting.delete(start);
    start.then(settled, settled);
    return start;
  }

  started(id: string, statementId: string): void {
    this.known.add(id);
    this.running.set(id, statementId);
  }

  /** The query has ended (succeeded and read, failed, cancelled): nothing to stop. */
  ended(id: string): void {
    this.running.delete(id);
  }

  /**
   * Finds the query an abandoned start may have started, within the clean-up budget, so that it is stopped with
   * the rest: first by sending the start again with the same ClientRequestToken (Athena answers with the query
   * it had started, or starts it now); when that answer is lost too, in the workgroup's history (history.ts).
   * `sentAt` is when the start was first sent, on the engine's clock.
   */
  async findAbandoned(statementId: string, input: StartQueryExecutionInput, sentAt: number): Promise<void> {
    // Half the budget at most: this answer can be lost too, and the SDK's retries of it would take the whole.
    const sendAgain = AbortSignal.any([this.cleanup(), this.timeout(this.cleanupMs / 2)]);
    try {
      const { QueryExecutionId: id } = await this.cleanupCall(
        'StartQueryExecutionCommand',
        (abortSignal) => this.options.client.send(new StartQueryExecutionCommand(input), { abortSignal }),
        sendAgain,
      );
      if (id) this.started(id, statementId);
      else this.abandoned(statementId, 'Athena gave no query execution id.');
    } catch (error) {
      const sentAgain = (error as Error).message;
      if (this.cleanup().aborted) return this.abandoned(statementId, sentAgain);
      await this.searchHistory(statementId, input, sentAt).catch((failure: Error) =>
        this.abandoned(statementId, failure.message),
      );
    }
  }

  private async searchHistory(statementId: string, input: StartQueryExecutionInput, sentAt: number) {
    const found = await findInHistory(
      { input, sentAt, known: this.known },
      {
        list: (nextToken) =>
          this.cleanupCall('ListQueryExecutionsCommand', (abortSignal) =>
            this.options.client.send(
              new ListQueryExecutionsCommand({
                WorkGroup: input.WorkGroup,
                MaxResults: PAGE_SIZE,
                NextToken: nextToken,
              }),
              { abortSignal },
            ),
          ),
        describe: (ids) =>
          this.cleanupCall('BatchGetQueryExecutionCommand', (abortSignal) =>
            this.options.client.send(new BatchGetQueryExecutionCommand({ QueryExecutionIds: [...ids] }), {
              abortSignal,
            }),
          ),
      },
    );
    if (found.kind === 'found') {
      // One that has ended already needs no stop.
      if (found.running) this.started(found.id, statementId);
      else this.known.add(found.id);
    } else if (found.kind === 'ambiguous') {
      this.abandoned(
        statementId,
        `the workgroup's queries ${found.ids.join(', ')} match it alike, and nothing tells which is this run's`,
      );
    } else {
      this.abandoned(statementId, found.reason);
    }
  }

  private abandoned(statementId: string, failure: string): void {
    this.lost.push({ statementId, id: undefined, failure });
  }

  /** Sends a clean-up request within the budget; its failure becomes a CleanupFailure that says why. */
  private async cleanupCall<T>(
    commandName: string,
    send: (abortSignal: AbortSignal) => Promise<T>,
    signal = this.cleanup(),
  ): Promise<T> {
    try {
      return await send(signal);
    } catch (error) {
      throw new CleanupFailure(this.failure(error, commandName));
    }
  }

  /**
   * Ends the work early, once: aborts every request still under way, waits for abandoned starts to find their
   * query, and stops every query still running, all within the clean-up budget.
   */
  endEarly(): Promise<readonly StopOutcome[]> {
    this.ending ??= (async () => {
      this.halt.abort(new Interrupted('halted'));
      await Promise.allSettled([...this.starting]);
      const signal = this.cleanup();
      const stops = await Promise.all(
        [...this.running].map(async ([id, statementId]): Promise<StopOutcome> => {
          this.options.log(`Stopping ${statementId} (${id})`);
          try {
            await this.options.client.send(new StopQueryExecutionCommand({ QueryExecutionId: id }), {
              abortSignal: signal,
            });
            return { statementId, id };
          } catch (error) {
            return { statementId, id, failure: this.failure(error, 'StopQueryExecutionCommand') };
          } finally {
            this.running.delete(id);
          }
        }),
      );
      return [...stops, ...this.lost];
    })();
    return this.ending;
  }

  /** Why a clean-up request failed, as a sentence. */
  private failure(error: unknown, commandName: string): string {
    if (this.cleanup().aborted) {
      return `Athena did not answer within the ${this.cleanupMs / 1000} s allowed for the clean-up.`;
    }
    const message = describeError(explainAwsError(commandName, error));
    return /[.!?]$/.test(message) ? message : `${message}.`;
  }
}
