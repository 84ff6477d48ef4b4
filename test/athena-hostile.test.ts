/**
 * The Athena engine in a hostile network: answers held back or never sent, throttling that outlasts the
 * retries, slow pages, a cancel at the worst moment, a stop that is denied or never answered. The engine runs in
 * this process, the real SDK talking HTTP to the emulator, with deadlines and budgets of a few hundred
 * milliseconds, so every case ends in about a second. The same cases through the CLI and the bundled action, as
 * processes, are in athena-e2e.test.ts and action-e2e.test.ts.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { runAudit } from '../src/core/audit.js';
import type { AuditResult } from '../src/core/result.js';
import { AthenaEngine, type AthenaEngineOptions } from '../src/engines/athena/engine.js';
import type { QueryView } from './emulator/index.js';
import { totalsOf } from './helpers/count-logs.js';
import {
  createTableDirectly,
  emulatorClient,
  startEmulatedAthena,
  sampleSettings,
  type EmulatedAthena,
  type EmulatedAthenaOptions,
} from './helpers/emulated-athena.js';

/** On code without the fix most of these cases hang: they must fail in seconds, not at vitest's minute. */
const CASE_TIMEOUT_MS = 10_000;

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

interface Options extends Omit<AthenaEngineOptions, 'client'> {
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
  readonly ms: number;
}

/** The whole sample audited on Athena in this process, as the CLI would, with the engine's budgets given. */
async function audit(emulated: EmulatedAthena, options: Options = {}): Promise<Outcome> {
  const settings = sampleSettings(emulated);
  const began = Date.now();
  const engine = await AthenaEngine.create(
    {
      ...settings.athena,
      timeoutSeconds: options.timeoutSeconds ?? 60,
      resultReuseMinutes: options.resultReuseMinutes ?? 0,
    },
    {
      client: emulatorClient(emulated.emulator.endpoint, options),
      // A query of the emulator ends in about 70 ms: look every 10 ms rather than on Athena's schedule.
      sleep: (_ms, signal) => sleep(10, undefined, { signal }),
      ...options,
    },
  );
  try {
    return { result: await runAudit(settings, engine), ms: Date.now() - began };
  } catch (error) {
    return { error: error as Error, ms: Date.now() - began };
  } finally {
    await engine.close();
  }
}

function scan(emulated: EmulatedAthena): QueryView {
  const scans = emulated.emulator.queries().filter((q) => q.sql.startsWith('SELECT'));
  expect(scans).toHaveLength(1);
  return scans[0]!;
}

/** Waits, in short real steps, for the emulator to see something. */
async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

/** The audit's requests of one operation: those about its scan, or its scan's start. */
function requests(emulated: EmulatedAthena, target: string) {
  return emulated.emulator.requests.filter((r) => {
    const body = r.body as { QueryString?: string; QueryExecutionId?: string };
    if (r.target !== target) return false;
    if (target === 'StartQueryExecution') return body.QueryString?.startsWith('SELECT');
    return emulated.emulator
      .queries()
      .some((q) => q.id === body.QueryExecutionId && q.sql.startsWith('SELECT'));
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
      const run = audit(emulated, { signal: controller.signal, cleanupMs: 2_000 });
      await until(() => emulated.emulator.queries().some((q) => q.sql.startsWith('SELECT')), 'the start');
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
      const run = audit(emulated, { signal: controller.signal, retryDelayMs: 20_000, cleanupMs: 2_000 });
      await until(() => requests(emulated, 'StartQueryExecution').some((r) => r.status === 500), 'the 500');
      controller.abort(new Error('SIGINT received'));
      const { error, ms } = await run;
      const { id, state } = scan(emulated);
      expect(state).toBe('CANCELLED');
      expect(error?.message).toBe(`Cancelled while single-scan was starting. Stopped single-scan (${id}).`);
      expect(ms).toBeLessThan(3_000);
    },
  );
});

describe.concurrent('a deadline over every request', () => {
  it(
    'a GetQueryExecution that never answers cannot keep a run past timeout-seconds',
    { timeout: CASE_TIMEOUT_MS },
    async () => {
      const emulated = await fresh();
      emulated.emulator.faults.hangQueries = { match: /^SELECT/ };
      emulated.emulator.faults.hold = { operations: ['GetQueryExecution'] };
      const { error, ms } = await audit(emulated, { timeoutSeconds: 0.3 });
      const { id, state } = scan(emulated);
      expect(error?.message).toBe(
        `Athena query single-scan (${id}) did not finish within timeout-seconds (0.3 s). Stopped single-scan (${id}).`,
      );
      expect(state).toBe('CANCELLED');
      expect(ms).toBeLessThan(1_500);
    },
  );

  it(
    'a GetTableMetadata that never answers cannot keep a run past timeout-seconds either',
    { timeout: CASE_TIMEOUT_MS },
    async () => {
      const emulated = await fresh();
      emulated.emulator.faults.hold = { operations: ['GetTableMetadata'] };
      const { error, ms } = await audit(emulated, { timeoutSeconds: 0.3 });
      expect(error?.message).toBe(
        'Athena did not answer for table default.cloudtrail_logs_pp within timeout-seconds (0.3 s).',
      );
      expect(ms).toBeLessThan(1_500);
    },
  );

  it(
    'a request that never answers is given up after its own timeout and retried: the audit completes',
    { timeout: CASE_TIMEOUT_MS },
    async () => {
      const emulated = await fresh();
      emulated.emulator.faults.hold = { operations: ['GetQueryExecution'], times: 1 };
      const { result, error } = await audit(emulated, { requestTimeoutMs: 200 });
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
      const { error, ms } = await audit(emulated, { timeoutSeconds: 0.5, retryDelayMs: 300 });
      const { id } = scan(emulated);
      expect(error?.message).toMatch(
        new RegExp(
          `^Athena query single-scan \\(${id}\\) did not finish within timeout-seconds \\(0\\.5 s\\)\\.`,
        ),
      );
      expect(ms).toBeLessThan(1_500);
    },
  );

  it(
    'slow paging cannot stretch it: the results not read in time are named',
    { timeout: CASE_TIMEOUT_MS },
    async () => {
      // A first audit leaves a result to reuse: the second's query succeeds at once, however busy the
      // machine, and its forty-odd pages of one row take 200 ms each.
      const emulated = await fresh({ pageSizeCap: 1, latency: { queueMs: 0, runMs: 0 } });
      expect((await audit(emulated, { resultReuseMinutes: 60 })).error).toBeUndefined();
      emulated.emulator.faults.hold = { operations: ['GetQueryResults'], ms: 200 };
      const { error, ms } = await audit(emulated, { timeoutSeconds: 1, resultReuseMinutes: 60 });
      const reused = emulated.emulator.queries().filter((q) => q.reusedFrom !== undefined);
      expect(reused).toHaveLength(1);
      expect(reused[0]!.state).toBe('SUCCEEDED');
      expect(error?.message).toBe(
        `The results of Athena query single-scan (${reused[0]!.id}) were not read within timeout-seconds (1 s).`,
      );
      expect(ms).toBeLessThan(2_500);
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
      const run = audit(emulated, { signal: controller.signal, cleanupMs: 200 });
      await until(() => requests(emulated, 'GetQueryExecution').length > 0, 'the first look at the scan');
      controller.abort(new Error('SIGTERM received'));
      const { error, ms } = await run;
      const { id, state } = scan(emulated);
      expect(state).toBe('RUNNING');
      expect(error?.message).toBe(
        `Cancelled while single-scan (${id}) was running. Could not stop single-scan (${id}): Athena did not answer within the 0.2 s allowed for the clean-up. It may still be running: stop it with "aws athena stop-query-execution --query-execution-id ${id}" or in the Athena console.`,
      );
      expect(ms).toBeLessThan(1_500);
    },
  );

  it(
    'a denied StopQueryExecution is reported as a failure to stop, naming the query and the permission',
    { timeout: CASE_TIMEOUT_MS },
    async () => {
      const emulated = await fresh();
      emulated.emulator.faults.hangQueries = { match: /^SELECT/ };
      emulated.emulator.faults.deny = { operations: ['StopQueryExecution'] };
      const { error } = await audit(emulated, { timeoutSeconds: 0.3 });
      const { id, state } = scan(emulated);
      expect(state).toBe('RUNNING');
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
      expect(emulated.emulator.queries().filter((q) => q.sql.startsWith('SELECT'))).toEqual([]);
    },
  );
});
