/**
 * The shared set-up of the end-to-end tests on Athena: the Athena-protocol emulator over a temporary folder
 * standing for S3, with a copy of the synthetic sample logs as the trail bucket, and the environment a child
 * process (the CLI, the bundled action) needs to reach it through the AWS SDK's ordinary endpoint override.
 *
 * Query results: the emulator's workgroup `primary` has an output location, so no run passes one. Every run in
 * these tests relies on that, as a user with a configured workgroup does.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  GetQueryExecutionCommand,
  StartQueryExecutionCommand,
  type AthenaClient,
} from '@aws-sdk/client-athena';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import { generateSample, type SampleManifest } from '../../scripts/generate-logs/index.js';
import { tableLayout, type TableLayoutInput } from '../../src/core/layout.js';
import { parseSettings, type Settings } from '../../src/core/settings.js';
import { athenaClient } from '../../src/engines/athena/client.js';
import { createTableStatement } from '../../src/engines/athena/ddl.js';
import {
  generateSecurityLakeSample,
  type SecurityLakeSampleManifest,
} from '../../scripts/generate-security-lake/index.js';
import type { SecurityLakeVersion } from '../../src/core/sources/ocsf.js';
import { securityLakeFolder, securityLakeTableName } from '../../src/core/sources/security-lake.js';
import type { TableName } from '../../src/core/types.js';
import {
  startAthenaEmulator,
  type AthenaEmulator,
  type AthenaEmulatorOptions,
  type SecurityLakeTableSpec,
} from '../emulator/index.js';

export const TRAIL_BUCKET = 'trail-bucket';

/** The audit's single scan among the queries an audit starts (the case lead-in is a SELECT too). */
export function isSingleScan(sql: string | undefined): boolean {
  return sql !== undefined && sql.startsWith('SELECT') && sql.includes('GROUPING SETS');
}
export const WORKGROUP_OUTPUT_LOCATION = 's3://results-bucket/support-audit/';

/**
 * Credentials the child processes get. They are canaries: no output of the tool may ever contain them (the
 * emulator checks no signature, so any value works).
 */
export const CANARY = {
  accessKeyId: 'AKIAEMULATORCANARY01',
  secretAccessKey: 'FAKESECRETKEYcanary0123456789',
  sessionToken: 'FAKESESSIONTOKENcanary9876543210abcdef',
} as const;

export interface EmulatedAthenaOptions {
  readonly latency?: AthenaEmulatorOptions['latency'];
  readonly pageSizeCap?: number;
  /** The emulator's clock (query states, projection's NOW); the real one unless given. */
  readonly now?: AthenaEmulatorOptions['now'];
  readonly dateHeaderFromNow?: AthenaEmulatorOptions['dateHeaderFromNow'];
  /**
   * The sample holds one corrupt log file (half a gzip stream). The emulator fails any query whose partitions
   * hold it with HIVE_CURSOR_ERROR, as Athena does, so by default it is deleted from the bucket copy and every
   * audit of the sample through the emulator succeeds. Keep it to test that failure.
   */
  readonly keepUnreadableFiles?: boolean;
  /**
   * Also the Security Lake sample (the same events) in LAKE_BUCKET, with its table registered as Security Lake
   * registers it for this source version in us-east-1, the region the tests run Athena in.
   */
  readonly securityLake?: SecurityLakeVersion;
}

export interface EmulatedAthena {
  readonly emulator: AthenaEmulator;
  /** The folder standing for S3: `s3://BUCKET/KEY` is `path.join(bucketsDir, BUCKET, KEY)`. */
  readonly bucketsDir: string;
  /** The trail bucket's folder, usable as `--logs` for the local engine on the same files. */
  readonly trailDir: string;
  readonly manifest: SampleManifest;
  /** The Security Lake sample's manifest and table, when one was asked for. */
  readonly lake?: { readonly manifest: SecurityLakeSampleManifest; readonly table: TableName };
  /** The environment a child process needs to reach the emulator (merge it over process.env). */
  readonly env: NodeJS.ProcessEnv;
  /**
   * The CLI options selecting the whole sample on Athena: bucket, accounts, regions and window, without the case
   * lead-in (`--case-lookback-days 0`), so that a test of the window's scan sees that scan alone. The lead-in is
   * tested in explanation-e2e.test.ts, and beside a signal in athena-e2e.test.ts.
   */
  readonly sampleArgs: readonly string[];
  /** A fresh empty folder under the temporary root, e.g. for an output directory. */
  tempDir(label: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * The environment for the AWS SDK in a child process: the emulator's endpoint, a region, canary credentials,
 * and nothing from the developer's own AWS or GitHub set-up (an undefined value removes the variable).
 */
export function emulatorEnv(endpoint: string): NodeJS.ProcessEnv {
  return {
    AWS_ENDPOINT_URL_ATHENA: endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: CANARY.accessKeyId,
    AWS_SECRET_ACCESS_KEY: CANARY.secretAccessKey,
    AWS_SESSION_TOKEN: CANARY.sessionToken,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: '/nonexistent/support-audit-test/config',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/support-audit-test/credentials',
    AWS_PROFILE: undefined,
    AWS_DEFAULT_REGION: undefined,
    AWS_ENDPOINT_URL: undefined,
    AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: undefined,
    AWS_WEB_IDENTITY_TOKEN_FILE: undefined,
    AWS_ROLE_ARN: undefined,
    AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: undefined,
    AWS_CONTAINER_CREDENTIALS_FULL_URI: undefined,
    // The Athena engine names its idempotency tokens after the GitHub run when there is one: two runs in one
    // CI job must not share executions, so the tests' own CI variables are kept from the child.
    GITHUB_RUN_ID: undefined,
    GITHUB_RUN_ATTEMPT: undefined,
    GITHUB_JOB: undefined,
  };
}

/** Points the AWS SDK of this very process at the emulator, as emulatorEnv does for a child process. */
export function useEmulatorInThisProcess(endpoint: string): void {
  for (const [name, value] of Object.entries(emulatorEnv(endpoint))) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
}

/**
 * A client in this process for the emulator, built as the product builds its own (the same request timeouts,
 * unless `requestTimeoutMs` is given), whose retries do not wait (or wait `retryDelayMs`): the SDK's standard
 * retry strategy decides what to retry and how often (10 attempts, as the product's client), so a test of
 * throttling or 5xx does not wait out the SDK's back-off.
 */
export function emulatorClient(
  endpoint: string,
  options: { readonly retryDelayMs?: number; readonly requestTimeoutMs?: number } = {},
): AthenaClient {
  return athenaClient(
    {
      endpoint,
      region: 'us-east-1',
      credentials: { ...CANARY },
      retryStrategy: new ConfiguredRetryStrategy(10, () => options.retryDelayMs ?? 0),
    },
    options.requestTimeoutMs,
  );
}

export async function startEmulatedAthena(options: EmulatedAthenaOptions = {}): Promise<EmulatedAthena> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'support-audit-athena-'));
  const bucketsDir = path.join(root, 'buckets');
  const trailDir = path.join(bucketsDir, TRAIL_BUCKET);
  const manifest = await generateSample(trailDir);
  if (!options.keepUnreadableFiles) {
    for (const key of manifest.unreadableFiles) await rm(path.join(trailDir, key));
  }
  const lake = options.securityLake && (await securityLakeBucket(bucketsDir, options));
  const emulator = await startAthenaEmulator({
    bucketsDir,
    latency: options.latency ?? { queueMs: 20, runMs: 50 },
    pageSizeCap: options.pageSizeCap,
    now: options.now,
    dateHeaderFromNow: options.dateHeaderFromNow,
    workgroups: { primary: { outputLocation: WORKGROUP_OUTPUT_LOCATION } },
    securityLakeTables: lake ? [lake.spec] : [],
  });
  let dirs = 0;
  return {
    emulator,
    bucketsDir,
    trailDir,
    manifest,
    ...(lake ? { lake: { manifest: lake.manifest, table: lake.spec } } : {}),
    env: emulatorEnv(emulator.endpoint),
    sampleArgs: [
      '--engine',
      'athena',
      '--bucket',
      TRAIL_BUCKET,
      '--account',
      manifest.accounts.join(','),
      '--region',
      manifest.regions.join(','),
      '--start-date',
      manifest.window.start,
      '--end-date',
      manifest.window.end,
      '--case-lookback-days',
      '0',
    ],
    tempDir: async (label) => mkdtemp(path.join(root, `${label}-${++dirs}-`)),
    close: async () => {
      await emulator.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** The settings that audit the whole sample on Athena, as the CLI builds them from sampleArgs (no lead-in). */
export function sampleSettings(emulated: EmulatedAthena): Settings {
  const { manifest } = emulated;
  return parseSettings({
    engine: 'athena',
    bucket: TRAIL_BUCKET,
    account: manifest.accounts.join(','),
    region: manifest.regions.join(','),
    'start-date': manifest.window.start,
    'end-date': manifest.window.end,
    'case-lookback-days': '0',
  });
}

export const LAKE_BUCKET = 'aws-security-data-lake-us-east-1-emulated';

/** The Security Lake sample in its bucket, and its table as Security Lake registers it in us-east-1. */
async function securityLakeBucket(bucketsDir: string, options: EmulatedAthenaOptions) {
  const version = options.securityLake!;
  const dir = path.join(bucketsDir, LAKE_BUCKET);
  const manifest = await generateSecurityLakeSample(dir, version);
  if (!options.keepUnreadableFiles) {
    for (const key of manifest.unreadableObjects) await rm(path.join(dir, key));
  }
  const spec: SecurityLakeTableSpec = {
    ...securityLakeTableName('us-east-1', version),
    version,
    location: `s3://${LAKE_BUCKET}/${securityLakeFolder(version)}`,
  };
  return { manifest, spec };
}

export interface BareEmulator {
  readonly emulator: AthenaEmulator;
  readonly env: NodeJS.ProcessEnv;
  close(): Promise<void>;
}

/**
 * An emulator over an empty S3, for runs that must never reach it: a server of its own per run makes its
 * request log that run's alone, even with runs side by side.
 */
export async function startBareEmulator(): Promise<BareEmulator> {
  const bucketsDir = await mkdtemp(path.join(os.tmpdir(), 'support-audit-bare-'));
  const emulator = await startAthenaEmulator({
    bucketsDir,
    latency: { queueMs: 20, runMs: 50 },
    workgroups: { primary: { outputLocation: WORKGROUP_OUTPUT_LOCATION } },
  });
  return {
    emulator,
    env: emulatorEnv(emulator.endpoint),
    close: async () => {
      await emulator.close();
      await rm(bucketsDir, { recursive: true, force: true });
    },
  };
}

/** Creates a table through the emulator directly, as another tool or an earlier version would have. */
export async function createTableDirectly(
  emulated: EmulatedAthena,
  table: string,
  layout: Partial<TableLayoutInput> = {},
): Promise<void> {
  const { manifest } = emulated;
  const statement = createTableStatement(
    { database: 'default', table },
    tableLayout({
      root: `s3://${TRAIL_BUCKET}/`,
      prefix: '',
      organizationId: undefined,
      accounts: manifest.accounts,
      regions: manifest.regions,
      projectionStart: '2013-11-01',
      ...layout,
    }),
  );
  const client = emulatorClient(emulated.emulator.endpoint);
  try {
    const { QueryExecutionId } = await client.send(
      new StartQueryExecutionCommand({
        QueryString: statement.sql,
        QueryExecutionContext: { Database: 'default', Catalog: 'AwsDataCatalog' },
        WorkGroup: 'primary',
      }),
    );
    for (let attempt = 0; ; attempt++) {
      const { QueryExecution } = await client.send(
        new GetQueryExecutionCommand({ QueryExecutionId: QueryExecutionId! }),
      );
      const state = QueryExecution?.Status?.State;
      if (state === 'SUCCEEDED') return;
      if (state !== 'QUEUED' && state !== 'RUNNING') throw new Error(`CREATE ${table} ended ${state}`);
      if (attempt > 500) throw new Error(`CREATE ${table} did not finish`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  } finally {
    client.destroy();
  }
}

/**
 * Makes the audit's scan start and then hang, with the answer to its StartQueryExecution never sent: the table
 * is made first, so the start held back is the scan's. Returns what to hand a process runner as `onSpawn`: it
 * sends `signal` once the scan has started, the moment a cancelled workflow would.
 */
export async function cancelDuringScanStart(
  emulated: EmulatedAthena,
  signal: NodeJS.Signals,
): Promise<(child: ChildProcess) => void> {
  await createTableDirectly(emulated, 'cloudtrail_logs_pp');
  emulated.emulator.faults.hangQueries = { match: /^SELECT/ };
  emulated.emulator.faults.hold = { operations: ['StartQueryExecution'], afterHandling: true, times: 1 };
  const started = () => emulated.emulator.queries().some((q) => isSingleScan(q.sql));
  return (child) => {
    void (async () => {
      for (let waited = 0; !started() && waited < 120_000; waited += 20) await sleep(20);
      child.kill(started() ? signal : 'SIGKILL');
    })();
  };
}
