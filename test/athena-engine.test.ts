/**
 * Narrow cases of the Athena engine where the emulator would be clumsy: the exact polling sequence, the
 * deadline and cancellation paths. The end-to-end behaviour is covered through the emulator elsewhere.
 */
import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
  type QueryExecutionState,
} from '@aws-sdk/client-athena';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { AthenaEngine } from '../src/engines/athena/engine.js';
import { pollDelayMs } from '../src/engines/athena/polling.js';
import { AuditError } from '../src/core/errors.js';
import type { AthenaSettings } from '../src/core/settings.js';

const SETTINGS: AthenaSettings = {
  workgroup: 'primary',
  outputLocation: 's3://results/',
  catalog: 'AwsDataCatalog',
  createTable: true,
  timeoutSeconds: 60,
  resultReuseMinutes: 0,
};
const STATEMENT = {
  id: 'single-scan',
  title: 't',
  sql: 'SELECT 1 AS x WHERE ? = ?',
  parameters: ['a', "it's"],
};

const athena = mockClient(AthenaClient);
afterEach(() => athena.reset());

/** A clock that advances only when the engine sleeps, so no test waits. */
function fakeTime() {
  let now = 0;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number, signal?: AbortSignal) => {
      if (signal?.aborted) throw signal.reason;
      sleeps.push(ms);
      now += ms;
    },
    sleeps,
  };
}

function execution(state: QueryExecutionState, extra: object = {}) {
  return {
    QueryExecution: {
      QueryExecutionId: 'q-1',
      StatementType: 'DML' as const,
      Status: { State: state },
      Statistics: {
        DataScannedInBytes: 2048,
        EngineExecutionTimeInMillis: 900,
        QueryQueueTimeInMillis: 100,
        TotalExecutionTimeInMillis: 1000,
      },
      ...extra,
    },
  };
}

async function engine(time = fakeTime(), signal?: AbortSignal) {
  return AthenaEngine.create(SETTINGS, {
    client: new AthenaClient({ region: 'us-east-1' }),
    now: time.now,
    sleep: time.sleep,
    signal,
    runKey: 'run-1',
  });
}

describe('the Athena engine', () => {
  it('sends the statement with quoted parameters, a deterministic token and the output location', async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
    athena.on(GetQueryExecutionCommand).resolves(execution('SUCCEEDED'));
    athena.on(GetQueryResultsCommand).resolves({
      ResultSet: {
        ResultSetMetadata: { ColumnInfo: [{ Name: 'x', Type: 'varchar' }] },
        Rows: [{ Data: [{ VarCharValue: 'x' }] }, { Data: [{}] }],
      },
    });
    const first = await (await engine()).run(STATEMENT);
    const second = await (await engine()).run(STATEMENT);
    const [a, b] = athena.commandCalls(StartQueryExecutionCommand).map((c) => c.args[0].input);
    expect(a).toMatchObject({
      QueryString: STATEMENT.sql,
      ExecutionParameters: ["'a'", "'it''s'"],
      WorkGroup: 'primary',
      ResultConfiguration: { OutputLocation: 's3://results/' },
      QueryExecutionContext: { Catalog: 'AwsDataCatalog' },
    });
    expect(a!.ClientRequestToken).toMatch(/^[0-9a-f]{64}$/);
    expect(b!.ClientRequestToken).toBe(a!.ClientRequestToken);
    expect(first.columns).toEqual(['x']);
    expect(first.rows).toEqual([[null]]);
    expect(first.statistics).toMatchObject({
      queryExecutionId: 'q-1',
      dataScannedBytes: 2048,
      totalMs: 1000,
    });
    expect(second.rows).toEqual(first.rows);
  });

  it('leaves ResultConfiguration out when no output location is set (workgroups with managed results)', async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
    athena.on(GetQueryExecutionCommand).resolves(execution('SUCCEEDED'));
    athena.on(GetQueryResultsCommand).resolves({ ResultSet: { Rows: [] } });
    const e = await AthenaEngine.create(
      { ...SETTINGS, outputLocation: undefined },
      { client: new AthenaClient({ region: 'us-east-1' }), sleep: async () => {} },
    );
    await e.run(STATEMENT);
    expect(
      athena.commandCalls(StartQueryExecutionCommand)[0]!.args[0].input.ResultConfiguration,
    ).toBeUndefined();
  });

  it('keeps polling when a RUNNING query goes back to QUEUED', async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
    athena
      .on(GetQueryExecutionCommand)
      .resolvesOnce(execution('QUEUED'))
      .resolvesOnce(execution('RUNNING'))
      .resolvesOnce(execution('QUEUED'))
      .resolves(execution('SUCCEEDED'));
    athena.on(GetQueryResultsCommand).resolves({ ResultSet: { Rows: [] } });
    const time = fakeTime();
    await (await engine(time)).run(STATEMENT);
    expect(athena.commandCalls(GetQueryExecutionCommand)).toHaveLength(4);
    // A wait before each of the four looks: 0.9 s, then 1.3 times longer in all, each within 5% jitter.
    [900, 270, 351, 456].forEach((ms, i) =>
      expect(Math.abs(time.sleeps[i]! - ms)).toBeLessThanOrEqual(ms * 0.05 + 1),
    );
    expect(time.sleeps).toHaveLength(4);
  });

  it("turns FAILED into an error carrying Athena's reason and category", async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-9' });
    athena.on(GetQueryExecutionCommand).resolves(
      execution('FAILED', {
        QueryExecutionId: 'q-9',
        Status: {
          State: 'FAILED',
          StateChangeReason: 'HIVE_BAD_DATA: Error parsing field value',
          AthenaError: { ErrorCategory: 2, ErrorType: 1003 },
        },
      }),
    );
    const error = await (await engine()).run(STATEMENT).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuditError);
    expect((error as Error).message).toBe(
      'Athena query single-scan (q-9) failed: HIVE_BAD_DATA: Error parsing field value [user error, error type 1003]',
    );
  });

  it('stops the query at the deadline and says which one timed out', async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-hung' });
    athena.on(GetQueryExecutionCommand).resolves(execution('RUNNING'));
    athena.on(StopQueryExecutionCommand).resolves({});
    const error = await (await engine()).run(STATEMENT).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(
      /single-scan \(q-hung\) did not finish within timeout-seconds \(60 s\)/,
    );
    expect(athena.commandCalls(StopQueryExecutionCommand).map((c) => c.args[0].input)).toEqual([
      { QueryExecutionId: 'q-hung' },
    ]);
  });

  it('prints at most one progress line per query every 5 s, the first after 2 s (issue 13)', async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-long' });
    athena.on(GetQueryExecutionCommand).resolves(execution('RUNNING'));
    athena.on(StopQueryExecutionCommand).resolves({});
    const time = fakeTime();
    const lines: Array<{ at: number; line: string }> = [];
    const e = await AthenaEngine.create(SETTINGS, {
      client: new AthenaClient({ region: 'us-east-1' }),
      now: time.now,
      sleep: time.sleep,
      log: (line) => lines.push({ at: time.now(), line }),
    });
    await e.run(STATEMENT).catch(() => {});
    const progress = lines.filter(({ line }) => /^single-scan: running for \d+ s \(q-long\)$/.test(line));
    // A minute of polling, some twenty status calls: a line on several of them, never two within 5 s.
    expect(progress.length).toBeGreaterThanOrEqual(5);
    expect(progress[0]!.at).toBeGreaterThanOrEqual(2000);
    progress.slice(1).forEach(({ at }, i) => expect(at - progress[i]!.at).toBeGreaterThanOrEqual(5000));
  });

  it('stops the running query when the run is cancelled', async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-2' });
    athena.on(StopQueryExecutionCommand).resolves({});
    const controller = new AbortController();
    athena.on(GetQueryExecutionCommand).callsFake(() => {
      controller.abort(new Error('SIGTERM received'));
      return execution('RUNNING');
    });
    const error = await (await engine(fakeTime(), controller.signal)).run(STATEMENT).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/Cancelled while single-scan \(q-2\) was running/);
    expect(athena.commandCalls(StopQueryExecutionCommand)).toHaveLength(1);
  });

  it('names the missing permission when access is denied', async () => {
    const denied = Object.assign(
      new Error(
        'User: arn:aws:sts::1:assumed-role/r/s is not authorized to perform: athena:StartQueryExecution',
      ),
      {
        name: 'AccessDeniedException',
      },
    );
    athena.on(StartQueryExecutionCommand).rejects(denied);
    const error = await (await engine()).run(STATEMENT).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/^Access denied: grant athena:StartQueryExecution\./);
  });
});

describe('a workgroup without a results location', () => {
  it('is told to set output-location', async () => {
    athena
      .on(StartQueryExecutionCommand)
      .rejects(
        Object.assign(
          new Error(
            'No output location provided. An output location is required either through the Workgroup result configuration setting or as an API input.',
          ),
          { name: 'InvalidRequestException' },
        ),
      );
    const error = await (await engine()).run(STATEMENT).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/^Athena needs a place for query results: set output-location/);
  });
});

describe('result reuse', () => {
  it('is asked for only when result-reuse-minutes is set, and a reused result is reported', async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
    athena.on(GetQueryExecutionCommand).resolves(
      execution('SUCCEEDED', {
        Statistics: { DataScannedInBytes: 0, ResultReuseInformation: { ReusedPreviousResult: true } },
      }),
    );
    athena.on(GetQueryResultsCommand).resolves({ ResultSet: { Rows: [] } });
    const reusing = await AthenaEngine.create(
      { ...SETTINGS, resultReuseMinutes: 60 },
      { client: new AthenaClient({ region: 'us-east-1' }), sleep: async () => {} },
    );
    const result = await reusing.run(STATEMENT);
    await (await engine()).run(STATEMENT);
    const [withReuse, without] = athena.commandCalls(StartQueryExecutionCommand).map((c) => c.args[0].input);
    expect(withReuse!.ResultReuseConfiguration).toEqual({
      ResultReuseByAgeConfiguration: { Enabled: true, MaxAgeInMinutes: 60 },
    });
    expect(without!.ResultReuseConfiguration).toBeUndefined();
    expect(result.statistics.reusedPreviousResult).toBe(true);
  });
});

describe('missing credentials', () => {
  it('say how to provide them instead of an SDK message', async () => {
    athena.on(StartQueryExecutionCommand).rejects(
      Object.assign(new Error('Could not load credentials from any providers'), {
        name: 'CredentialsProviderError',
      }),
    );
    const error = await (await engine()).run(STATEMENT).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuditError);
    expect((error as Error).message).toMatch(
      /^No AWS credentials found: in a workflow, run aws-actions\/configure-aws-credentials/,
    );
  });
});

describe('the polling schedule', () => {
  const at = (random: () => number) => {
    let t = 0;
    return Array.from({ length: 40 }, (_, k) => (t += pollDelayMs(k, random)));
  };

  it('makes at most 15 status calls for a 30-second query, the first after 0.9 s', () => {
    for (const random of [() => 0, () => 0.5, () => 1]) {
      const times = at(random);
      expect(times[0]).toBeGreaterThanOrEqual(855);
      expect(times.filter((t) => t < 30_000).length + 1).toBeLessThanOrEqual(15);
    }
  });

  it('sees a query finished within 30% of its run time once past the first look', () => {
    const times = at(() => 0.5);
    for (let k = 1; k < times.length && times[k]! < 300_000; k++) {
      expect(times[k]! - times[k - 1]!).toBeLessThanOrEqual(0.31 * times[k - 1]!);
    }
  });
});
