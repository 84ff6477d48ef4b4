/**
 * Fault injection. Every fault is deterministic: request faults count the requests they match and fire on
 * every Nth one, so a test knows exactly which calls fail. Replacing a fault object restarts its count.
 */

export interface RequestFault {
  /** Fire on every Nth matching request (1, the default, is every one). */
  readonly every?: number;
  /** Stop after firing this many times. */
  readonly times?: number;
  /** Operation names (`StartQueryExecution`, ...) this fault applies to; all when absent. */
  readonly operations?: readonly string[];
}

export interface ThrottleFault extends RequestFault {
  /** ThrottlingException is the request-rate limit; TooManyRequestsException the concurrent-query quota. */
  readonly kind: 'ThrottlingException' | 'TooManyRequestsException';
}

export interface ServerErrorFault extends RequestFault {
  readonly status?: 500 | 503;
  /**
   * Answer the error after the request took effect, as when a response is lost on the way back: a retried
   * StartQueryExecution must then be recognised by its ClientRequestToken.
   */
  readonly afterHandling?: boolean;
}

export interface HoldFault extends RequestFault {
  /** Answer after this many milliseconds; never (until the client gives up or the emulator closes) when absent. */
  readonly ms?: number;
  /**
   * Do the work first and hold only the answer, as a response held back on the way: a StartQueryExecution has
   * started its query. Otherwise the request is held before any work, as a connection that never answers.
   */
  readonly afterHandling?: boolean;
}

export interface QueryMatch {
  /** A regular expression, or text the SQL must contain. */
  readonly match: RegExp | string;
}

export interface FailQueriesFault extends QueryMatch {
  readonly reason: string;
  /** 1 SYSTEM, 2 USER (default), 3 OTHER. */
  readonly errorCategory?: 1 | 2 | 3;
  readonly errorType?: number;
  readonly retryable?: boolean;
}

export interface DenyFault {
  readonly operations: readonly string[];
  /** The caller named in the message. */
  readonly principal?: string;
}

export interface FaultPlan {
  throttle?: ThrottleFault;
  serverErrors?: ServerErrorFault;
  /** Matching executions end FAILED with `reason`. */
  failQueries?: FailQueriesFault;
  /** Matching executions stay RUNNING until StopQueryExecution. */
  hangQueries?: QueryMatch;
  /** Matching operations answer AccessDeniedException. */
  deny?: DenyFault;
  /** Matching requests are answered late, or never. */
  hold?: HoldFault;
  /**
   * Matching requests take effect, then the connection closes with no answer: a response lost on the way back,
   * which the SDK retries as a network error (every StartQueryExecution's, with `operations`).
   */
  lostAnswers?: RequestFault;
}

export const DEFAULT_PRINCIPAL = 'arn:aws:sts::123456789012:assumed-role/test/ci';

const counters = new WeakMap<RequestFault, { seen: number; fired: number }>();

/** Counts the request against the fault and says whether the fault fires on it. */
export function fires(fault: RequestFault | undefined, operation: string): boolean {
  if (!fault || (fault.operations && !fault.operations.includes(operation))) return false;
  const counter = counters.get(fault) ?? { seen: 0, fired: 0 };
  counters.set(fault, counter);
  counter.seen++;
  if (fault.times !== undefined && counter.fired >= fault.times) return false;
  if (counter.seen % (fault.every ?? 1) !== 0) return false;
  counter.fired++;
  return true;
}

export function matchesQuery(fault: QueryMatch | undefined, sql: string): boolean {
  if (!fault) return false;
  return typeof fault.match === 'string' ? sql.includes(fault.match) : new RegExp(fault.match).test(sql);
}
