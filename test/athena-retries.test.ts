/**
 * The audit on Athena through the faults the AWS SDK retries: throttling, the concurrent-query quota, 5xx and a
 * lost answer. The engine runs in this process against the emulator, over a client that keeps the SDK's own
 * retry decisions but waits nothing between attempts, and polls without Athena's schedule, so no test waits
 * out the SDK's back-off. That the CLI's own client (adaptive retries) retries too is shown once, in a child
 * process, by athena-e2e.test.ts.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { runAudit } from '../src/core/audit.js';
import type { AuditResult } from '../src/core/result.js';
import { AthenaEngine } from '../src/engines/athena/engine.js';
import type { RecordedRequest } from './emulator/index.js';
import { totalsOf } from './helpers/count-logs.js';
import { emulatorClient, sampleSettings, type EmulatedAthena } from './helpers/emulated-athena.js';
import { emulatorPerTest } from './helpers/emulator-per-test.js';

const fresh = emulatorPerTest();

/** The whole sample audited on Athena in this process, as the CLI would with the sample's options. */
async function audit(emulated: EmulatedAthena): Promise<AuditResult> {
  const settings = sampleSettings(emulated);
  const engine = await AthenaEngine.create(settings.athena, {
    client: emulatorClient(emulated.emulator.endpoint),
    // A query of the emulator ends in about 70 ms: look every 10 ms rather than on Athena's schedule.
    sleep: (_ms, signal) => sleep(10, undefined, { signal }),
  });
  try {
    return await runAudit(settings, engine);
  } finally {
    await engine.close();
  }
}

/** Each faulted request is followed at once by its retry: the same operation with the same body. */
function expectEachRetried(requests: readonly RecordedRequest[], faulted: (r: RecordedRequest) => boolean) {
  requests.forEach((request, i) => {
    if (!faulted(request)) return;
    const retry = requests[i + 1];
    expect(retry, `the retry of request ${i} (${request.target})`).toBeDefined();
    expect(retry!.target).toBe(request.target);
    expect(retry!.body).toEqual(request.body);
  });
}

describe.concurrent('the audit on Athena, through faults the SDK retries', () => {
  it('survives throttling of every second request, each retried, with the same totals', async () => {
    const emulated = await fresh();
    emulated.emulator.faults.throttle = { kind: 'ThrottlingException', every: 2 };
    const result = await audit(emulated);
    const { requests } = emulated.emulator;
    const throttled = (r: RecordedRequest) => r.errorType === 'ThrottlingException';
    expect(requests.filter(throttled).length).toBeGreaterThanOrEqual(3);
    expectEachRetried(requests, throttled);
    expect(result.totals).toEqual(totalsOf(emulated.manifest.expected));
  });

  it('survives the concurrent-query quota (TooManyRequestsException) on starts, with the same totals', async () => {
    const emulated = await fresh();
    emulated.emulator.faults.throttle = {
      kind: 'TooManyRequestsException',
      every: 2,
      operations: ['StartQueryExecution'],
    };
    const result = await audit(emulated);
    const { requests } = emulated.emulator;
    const refused = (r: RecordedRequest) => r.errorType === 'TooManyRequestsException';
    expect(requests.some(refused)).toBe(true);
    expectEachRetried(requests, refused);
    expect(result.totals).toEqual(totalsOf(emulated.manifest.expected));
  });

  it('survives intermittent 5xx, each retried, with the same totals', async () => {
    const emulated = await fresh();
    emulated.emulator.faults.serverErrors = { status: 503, every: 3 };
    const result = await audit(emulated);
    const { requests } = emulated.emulator;
    const failed = (r: RecordedRequest) => r.status === 503;
    expect(requests.filter(failed).length).toBeGreaterThanOrEqual(2);
    expectEachRetried(requests, failed);
    expect(result.totals).toEqual(totalsOf(emulated.manifest.expected));
  });

  it('starts each query once when a start succeeds but its answer is lost (a 500 after handling)', async () => {
    const emulated = await fresh();
    // Every other start takes effect but its answer is lost; the SDK's retry, with the same
    // ClientRequestToken, must get the same execution back rather than start a second one.
    emulated.emulator.faults.serverErrors = {
      status: 500,
      every: 2,
      afterHandling: true,
      operations: ['StartQueryExecution'],
    };
    const result = await audit(emulated);
    const starts = emulated.emulator.requests.filter((r) => r.target === 'StartQueryExecution');
    expect(starts.some((r) => r.status === 500)).toBe(true);
    expect(emulated.emulator.queries()).toHaveLength(2);
    expect(emulated.emulator.queries().filter((q) => q.sql.startsWith('SELECT'))).toHaveLength(1);
    expect(result.totals).toEqual(totalsOf(emulated.manifest.expected));
  });
});
