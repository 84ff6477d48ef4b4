/**
 * The Athena engine in a hostile network: answers held back or never sent, throttling that outlasts the
 * retries, slow pages, a cancel at the worst moment, a stop that is denied or never answered. The engine runs in
 * this process, the real SDK talking HTTP to the emulator. The engine's clock is a manual one: a deadline or a
 * clean-up budget passes when the test moves the clock, once the request it is about is under way, so no case
 * waits for time to pass and none depends on the machine's speed. The same cases through the CLI and the bundled
 * action, as processes, are in athena-e2e.test.ts and action-e2e.test.ts.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { runAudit } from '../src/core/audit.js';
import type { AuditResult } from '../src/core/result.js';
import { AthenaEngine, type AthenaEngineOptions } from '../src/engines/athena/engine.js';
import type { QueryView } from './emulator/index.js';
import { totalsOf } from './helpers/count-logs.js';
import { ManualClock } from './helpers/manual-clock.js';
import {
  createTableDirectly,
  emulatorClient,
  startEmulatedAthena,
  sampleSettings,
  type EmulatedAthena,
  type EmulatedAthenaOptions,
  isSingleScan,
} from './helpers/emulated-athena.js';

/**
 * On code without the fix most of these cases hang: they fail here rather than at vitest's own limit. Passing,
 * each takes a fraction of this even on a busy machine; it is a guard against a hang, not a speed limit.
 */
const CASE_TIMEOUT_MS = 120_000;
/** An SDK back-off no case may wait out: one that is not cut short hangs the case to its limit. */
const ENDLESS_RETRY_DELAY_MS = 600_000;

const live: EmulatedAthena[] = [];

/** The sample on an emulator of its own, its table already made, so every fault falls on the audit's query. */
async function fresh(options: EmulatedAthenaOptions = {}): Promise<EmulatedAthena> {
  const emulated = await startEmulatedAthena(options);
  live.push(emulated);
  await createTableDirectly(emulated, 'cloudtrail_logs_pp');
  return emulated;
}

afterAll(async () => {
  await Promise.all(live.map((emulated) => emulated.close()));
});

interface Options extends Omit<AthenaEngineOptions, 'client' | 'now' | 'timeout'> {
  /** The engine's clock; a new one, standing still at the real time, unless given. */
  readonly clock?: ManualClock;
  /** How far the engine's clock moves with each answer to these SDK commands, e.g. slow pages. */
  readonly msPerAnswer?: Readonly<Record<string, number>>;
  readonly timeoutSeconds?: number;
  readonly resultReuseMinutes?: number;
  /** The SDK's pause between attempts; none unless given. */
  readonly retryDelayMs?: number;
  /** How long one attempt may take; the product's own timeout unless given. */
  readonly requestTimeoutMs?: number;
}

interface Outcome {
  readonly result?: AuditResult;
  readonly error?: Error;
}

/** The whole sample audited on Athena in this process, as the CLI would, with the engine's budgets given. */
async function audit(emulated: EmulatedAthena, options: Options = {}): Promise<Outcome> {
  const { clock = new ManualClock(), msPerAnswer = {}, ...rest } = options;
  const settings = sampleSettings(emulated);
  const client = emulatorClient(emulated.emulator.endpoint, options);
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const output = await next(args);
      clock.advance(msPerAnswer[context.commandName ?? ''] ?? 0);
      return output;
    },
    { step: 'initialize', name: 'engineClock' },
  );
  const engine = await AthenaEngine.create(
    {
      ...settings.athena,
      timeoutSeconds: options.timeoutSeconds ?? 60,
      resultReuseMinutes: options.resultReuseMinutes ?? 0,
    },
    {
      client,
      now: clock.now,
      timeout: clock.timeout,
      // A query of the emulator ends in about 70 ms: look every 10 ms rather than on Athena's schedule.
      sleep: (_ms, signal) => sleep(10, undefined, { signal }),
      ...rest,
    },
  );
  try {
    return { result: await runAudit(settings, engine) };
  } catch (error) {
    return { error: error as Error };
  } finally {
    await engine.close();
  }
}

function scan(emulated: EmulatedAthena): QueryView {
  const scans = emulated.emulator.queries().filter((q) => isSingleScan(q.sql));
  expect(scans).toHaveLength(1);
  return scans[0]!;
}

/**
 * A query nothing stopped: still queued or running, whichever the emulator's latency, which is real time, has
 * reached (on a loaded machine the audit can be done before the queue time is).
 */
function expectNotStopped(state: string): void {
  expect(['QUEUED', 'RUNNING'], `a query left ${state}`).toContain(state);
}

/** Waits, in short real steps, for the emulator to see something. */
async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + CASE_TIMEOUT_MS;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

/** Whether a request of `target` is under way with no answer sent: the moment to move the clock on. */
function unanswered(emulated: EmulatedAthena, target: string): boolean {
  return emulated.emulator.requests.some((r) => r.target === target && r.status === 0);
}

/** The audit's requests of one operation: those about its scan, or its scan's start. */
function requests(emulated: EmulatedAthena, target: string) {
  return emulated.emulator.requests.filter((r) => {
    const body = r.body as { QueryString?: string; QueryExecutionId?: string };
    if (r.target !== target) return false;
    if (target === 'StartQueryExecution') return isSingleScan(body.QueryString);
    return emulated.emulator.queries().some((q) => q.id === body.QueryExecutionId && isSingleScan(q.sql));
  });
}

describe.concurrent('a cancel during StartQueryExecution', () => {
  it(
    'while the answer is held back: the query it started is found by its token and stopped',
    { timeout: CASE_TIMEOUT_MS },
    async () => {
      const emulated = await fresh();
      emulated.emulator.faults.hangQueries = { match: /^SELECT/ };
      emulated.emulator.faults.hold = { operations: ['StartQueryExecution'], afterHandling: true, times: 1 };
      const controller = new AbortController();
      const run = audit(emulated, { signal: controller.signal });
      await until(() => emulated.emulator.queries().some((q) => isSingleScan(q.sql)), 'the start');
      controller.abort(new Error('SIGTERM received'));
      const { error } = await run;
      const { id, state } = scan(emulated);
      expect(state).toBe('CANCELLED');
      expect(error?.message).toBe(`Cancelled while single-scan was starting. Stopped single-scan (${id}).`);
      // The second start carried the same token and got the same execution back.
      const tokens = requests(emulated, 'StartQueryExecution').map(
        (r) => (r.body as { ClientRequestToken: string }).ClientRequestToken,
      );
      expect(tokens).toHaveLength(2);
      expect(new Set(tokens).size).toBe(1);
    },
  );

  it(
    "in the SDK's retry pause after a lost answer: found, stopped, and at once, not after the pause",
    { timeout: CASE_TIMEOUT_MS },
    async () => {
      const emulated = await fresh();
      emulated.emulator.faults.hangQueries = { match: /^SELECT/ };
      emulated.emulator.faults.serverErrors = {
        status: 500,
        afterHandling: true,
        operations: ['StartQueryExecution'],
        times: 1,
      };
      const controller = new AbortController();
      const run = audit(emulated, { signal: controller.signal, retryDelayMs: ENDLESS_RETRY_DELAY_MS });
      await until(() => requests(emulated, 'StartQueryExecution').some((r) => r.status === 500), 'the 500');
      controller.abort(new Error('SIGINT received'));
      const { error } = await run;
      const { id, state } = scan(emulated);
      expect(state).toBe('CANCELLED');
      expect(error?.message).toBe(`Cancelled while single-scan was starting. Stopped single-scan (${id}).`);
      // The lost start and the clean-up's own: the SDK's retry never came, its pause cut short.
      expect(requests(emulated, 'StartQueryExecution')).toHaveLength(2);
    },
  );
});

/**
 * Another run's start of the very scan the audit runs (same text and parameters, its own token), left RUNNING:
 * cancelled with StopQueryExecution denied. Returns its id.
 */
async function anotherRunsScan(emulated: EmulatedAthena): Promise<string> {
  emulated.emulator.faults.hangQueries = { match: /^SELECT/ };
  emulated.emulator.faults.deny = { operations: ['StopQueryExecution'] };
  const controller = new AbortController();
  const run = audit(emulated, { signal: controller.signal, runKey: 'another-run' });
  await until(() => requests(emulated, 'GetQueryExecution').length > 0, "the other run's scan");
  controller.abort(new Error('SIGTERM received'));
  await run;
  delete emulated.emulator.faults.deny;
  return scan(emulated).id;
}

function scanStates(emulated: EmulatedAthena): Record<string, string> {
  const scans = emulated.emulator.queries().filter((q) => isSingleScan(q.sql));
  return Object.fromEntries(scans.map((q) => [q.id, q.state]));
}

describe.concurrent('every answer to StartQueryExecution lost after it took effect', () => {
  it("the query is found in the workgroup's history and stopped", { timeout: CASE_TIMEOUT_MS }, async () => {
    const emulated = await fresh();
    emulated.emulator.faults.hangQueries = { match: /^SELECT/ };
    emulated.emulator.faults.lostAnswers = { operations: ['StartQueryExecution'] };
    const { error } = await audit(emulated);
    const { id, state } = scan(emulated);
    expect(state).toBe('CANCELLED');
    expect(error?.message).toMatch(
      /^Athena did not answer StartQueryExecution in time, through every retry \(socket hang up\): /,
    );
    expect(error?.message).toMatch(new RegExp(`Stopped single-scan \\(${id}\\)\\.$`));
    // The SDK's ten attempts, then ten more with the same token in the clean-up, all one execution; then the
    // history, read once.
    expect(requests(emulated, 'StartQueryExecution')).toHaveLength(20);
    const search = emulated.emulator.requests.filter((r) =>
      ['ListQueryExecutions', 'BatchGetQueryExecution'].includes(r.target),
    );
    expect(search.map((r) => [r.target, r.status])).toEqual([
      ['ListQueryExecutions', 200],
      ['BatchGetQueryExecution', 200],
    ]);
    expect(search[0]!.body).toEqual({ WorkGroup: 'primary', MaxResults: 50 });
  });

  it(
    "a cancel in the SDK's pause: sent again, lost again, then found in the history and stopped",
    { timeout: CASE_TIMEOUT_MS },
    async () => {
      const emulated = await fresh();
      emulated.emulator.faults.hangQueries = { match: /^SELECT/ };
      emulated.emulator.faults.lostAnswers = { operations: ['StartQueryExecution'] };
      const controller = new AbortController();
      const clock = new ManualClock();
      const run = audit(emulated, { clock, signal: controller.signal, retryDelayMs: ENDLESS_RETRY_DELAY_MS });
      await until(() => requests(emulated, 'StartQueryExecution').length === 1, 'the lost start');
      controller.abort(new Error('SIGTERM received'));
      await until(
        () => requests(emulated, 'StartQueryExecution').length === 2,
        'the clean-up sending it again',
      );
      // Half the clean-up's budget goes by in the SDK's pause after that answer is lost too.
      clock.advance(2_500);
      const { error } = await run;
      const { id, state } = scan(emulated);
      expect(state).toBe('CANCELLED');
      expect(error?.message).toBe(`Cancelled while single-scan was starting. Stopped single-scan (${id}).`);
    },
  );

  it(
    "leaves another run's identical query alone when it was submitted before the start was sent",
    { timeout: CASE_TIMEOUT_MS },
    async () => {
      let shift = 0;
      const emulated = await fresh({ now: () => new Date(Date.now() + shift) });
      const other = await anotherRunsScan(emulated);
      // A minute later, on both clocks: the other run's query is older than this start.
      shift = 60_000;
      emulated.emulator.faults.lostAnswers = { operations: ['StartQueryExecution'] };
      const { error } = await audit(emulated, { clock: new ManualClock(Date.now() + shift) });
      const ours = Object.keys(scanStates(emulated)).find((id) => id !== other)!;
      expect(scanStates(emulated)).toEqual({ [other]: 'RUNNING', [ours]: 'CANCELLED' });
      expect(error?.message).toMatch(new RegExp(`Stopped single-scan \\(${ours}\\)\\.$`));
    },
  );

  it(
    'stops neither of two queries that match alike, and names both',
    { timeout: CASE_TIMEOUT_MS },
    async () => {
      const emulated = await fresh();
      const other = await anotherRunsScan(emulated);
      emulated.emulator.faults.lostAnswers = { operations: ['StartQueryExecution'] };
      const { error } = await audit(emulated);
      const ours = Object.keys(scanStates(emulated)).find((id) => id !== other)!;
      expect(scanStates(emulated)).toEqual({ [other]: 'RUNNING', [ours]: 'RUNNING' });
      expect(error?.message).toMatch(
        new RegExp(
          `Could not find out whether the abandoned start of single-scan had started a query \\(the workgroup's queries ${ours}, ${other} match it alike, and nothing tells which is this run's\\); if it had, it may still be running: look for it in the query history of workgroup primary\\.$`,
        ),
      );
    },
  );

  it('names the permission when the history may not be read', { timeout: CASE_TIMEOUT_MS }, async () => {
    const emulated = await fresh();
    emulated.emulator.faults.hangQueries = { match: /^SELECT/ };
    emulated.emulator.faults.lostAnswers = { operations: ['StartQueryExecution'] };
    emulated.emulator.faults.deny = { operations: ['ListQueryExecutions'] };
    const { error } = await audit(emulated);
    expectNotStopped(scan(emulated).state);
    expect(error?.message).toContain(
      'Could not find out whether the abandoned start of single-scan had started a query (Access denied: grant athena:ListQueryExecutions.',
    );
  });
});

describe.concurrent('a deadline over every request', () => {
  it(
    'a GetQueryExecution that never answers cannot keep a run past timeout-seconds',
    { timeout: CASE_TIMEOUT_MS },
    async () => {
      const emulated = await fresh();
      emulated.emulator.faults.hangQueries = { match: /^SELECT/ };
      emulated.emulator.faults.hold = { operations: ['GetQueryExecution'] };
      const clock = new ManualClock();
      const run = audit(emulated, { clock, timeoutSeconds: 0.3 });
      await until(() => unanswered(emulated, 'GetQueryExecution'), 'the unanswered status call');
      clock.advance(300);
      const { error } = await run;
      const { id, state } = scan(emulated);
      expect(error?.message).toBe(
        `Athena query single-scan (${id}) did not finish within timeout-seconds (0.3 s). Stopped single-scan (${id}).`,
      );
      expect(state).toBe('CANCELLED');
    },
  );

  it(
    'a GetTableMetadata that never answers cannot keep a run past timeout-seconds either',
    { timeout: CASE_TIMEOUT_MS },
    async () => {
      const emulated = await fresh();
      emulated.emulator.faults.hold = { operations: ['GetTableMetadata'] };
      const clock = new ManualClock();
      const run = audit(emulated, { clock, timeoutSeconds: 0.3 });
      await until(() => unanswered(emulated, 'GetTableMetadata'), 'the unanswered table check');
      clock.advance(300);
      const { error } = await run;
      expect(error?.message).toBe(
        'Athena did not answer for table default.cloudtrail_logs_pp within timeout-seconds (0.3 s).',
      );
    },
  );

  it(
    'a request that never answers is given up after its own timeout and retried: the audit completes',
    { timeout: CASE_TIMEOUT_MS },
    async () => {
      const emulated = await fresh();
      emulated.emulator.faults.hold = { operations: ['GetQueryExecution'], times: 1 };
      // The SDK's own timer, the one real wait here: 100 ms.
      const { result, error } = await audit(emulated, { requestTimeoutMs: 100 });
      expect(error).toBeUndefined();
      expect(result!.totals).toEqual(totalsOf(emulated.manifest.expected));
      const [unanswered, retried] = requests(emulated, 'GetQueryExecution');
      expect(unanswered!.status).toBe(0);
      expect(retried).toMatchObject({ status: 200, body: unanswered!.body });
    },
  );

  it(
    'throttled polls cannot stretch it: the SDK back-off is cut short at the deadline',
    { timeout: CASE_TIMEOUT_MS },
    async () => {
      const emulated = await fresh();
      emulated.emulator.faults.throttle = { kind: 'ThrottlingException', operations: ['GetQueryExecution'] };
      const clock = new ManualClock();
      const run = audit(emulated, { clock, timeoutSeconds: 0.5, retryDelayMs: ENDLESS_RETRY_DELAY_MS });
      await until(
        () => emulated.emulator.requests.some((r) => r.errorType === 'ThrottlingException'),
        'the throttled status call',
      );
      clock.advance(500);
      const { error } = await run;
      const { id } = scan(emulated);
      expect(error?.message).toMatch(
        new RegExp(
          `^Athena query single-scan \\(${id}\\) did not finish within timeout-seconds \\(0\\.5 s\\)\\.`,
        ),
      );
      expect(requests(emulated, 'GetQueryExecution')).toHaveLength(1);
    },
  );

  it(
    'slow paging cannot stretch it: the results not read in time are named',
    { timeout: CASE_TIMEOUT_MS },
    async () => {
      // A first audit leaves a result to reuse: the second's query succeeds at once, however busy the
      // machine, and each of its forty-odd pages of one row takes 200 ms on the engine's clock.
      const emulated = await fresh({ pageSizeCap: 1, latency: { queueMs: 0, runMs: 0 } });
      expect((await audit(emulated, { resultReuseMinutes: 60 })).error).toBeUndefined();
      const { error } = await audit(emulated, {
        timeoutSeconds: 1,
        resultReuseMinutes: 60,
        msPerAnswer: { GetQueryResultsCommand: 200 },
      });
      const reused = emulated.emulator.queries().filter((q) => q.reusedFrom !== undefined);
      expect(reused).toHaveLength(1);
      expect(reused[0]!.state).toBe('SUCCEEDED');
      expect(error?.message).toBe(
        `The results of Athena query single-scan (${reused[0]!.id}) were not read within timeout-seconds (1 s).`,
      );
      const pages = requests(emulated, 'GetQueryResults').filter(
        (r) => (r.body as { QueryExecutionId: string }).QueryExecutionId === reused[0]!.id,
      );
      expect(pages).toHaveLength(5);
    },
  );
});

describe.concurrent('a stop that fails', () => {
  it(
    'a StopQueryExecution that never answers cannot hold a cancelled run: the query is named as not stopped',
    { timeout: CASE_TIMEOUT_MS },
    async () => {
      const emulated = await fresh();
      emulated.emulator.faults.hangQueries = { match: /^SELECT/ };
      emulated.emulator.faults.hold = { operations: ['StopQueryExecution'] };
      const controller = new AbortController();
      const clock = new ManualClock();
      const run = audit(emulated, { clock, signal: controller.signal, cleanupMs: 200 });
      await until(() => requests(emulated, 'GetQueryExecution').length > 0, 'the first look at the scan');
      controller.abort(new Error('SIGTERM received'));
      await until(() => unanswered(emulated, 'StopQueryExecution'), 'the unanswered stop');
      clock.advance(200);
      const { error } = await run;
      const { id, state } = scan(emulated);
      expectNotStopped(state);
      expect(error?.message).toBe(
        `Cancelled while single-scan (${id}) was running. Could not stop single-scan (${id}): Athena did not answer within the 0.2 s allowed for the clean-up. It may still be running: stop it with "aws athena stop-query-execution --query-execution-id ${id}" or in the Athena console.`,
      );
    },
  );

  it(
    'a denied StopQueryExecution is reported as a failure to stop, naming the query and the permission',
    { timeout: CASE_TIMEOUT_MS },
    async () => {
      const emulated = await fresh();
      emulated.emulator.faults.hangQueries = { match: /^SELECT/ };
      emulated.emulator.faults.deny = { operations: ['StopQueryExecution'] };
      const clock = new ManualClock();
      const run = audit(emulated, { clock, timeoutSeconds: 0.3 });
      await until(() => requests(emulated, 'GetQueryExecution').length > 0, 'the first look at the scan');
      clock.advance(300);
      const { error } = await run;
      const { id, state } = scan(emulated);
      expectNotStopped(state);
      const message = error?.message ?? '';
      expect(message).toMatch(
        new RegExp(
          `^Athena query single-scan \\(${id}\\) did not finish within timeout-seconds \\(0\\.3 s\\)\\. Could not stop single-scan \\(${id}\\): Access denied: grant athena:StopQueryExecution\\. `,
        ),
      );
      expect(message).toContain(`aws athena stop-query-execution --query-execution-id ${id}`);
      expect(message).not.toMatch(/Stopped|were stopped/);
    },
  );
});

describe.concurrent('throttling that outlasts the retries', () => {
  it('says what was throttled and what to do', { timeout: CASE_TIMEOUT_MS }, async () => {
    const emulated = await fresh();
    emulated.emulator.faults.throttle = { kind: 'ThrottlingException', operations: ['GetQueryExecution'] };
    const { error } = await audit(emulated);
    expect(error?.message).toMatch(
      /^Athena throttled GetQueryExecution through every retry \(ThrottlingException: Rate exceeded\): .* Run the audit again later/,
    );
  });

  it(
    'names the concurrent-query quota when starts are refused for it',
    { timeout: CASE_TIMEOUT_MS },
    async () => {
      const emulated = await fresh();
      emulated.emulator.faults.throttle = {
        kind: 'TooManyRequestsException',
        operations: ['StartQueryExecution'],
      };
      const { error } = await audit(emulated);
      expect(error?.message).toMatch(
        /^Athena refused StartQueryExecution through every retry: the account's quota/,
      );
      expect(emulated.emulator.queries().filter((q) => isSingleScan(q.sql))).toEqual([]);
    },
  );
});
