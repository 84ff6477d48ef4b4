/**
 * Security Lake on Athena, end to end: the real AWS SDK over HTTP against the emulator, which registers Security
 * Lake's tables as Security Lake does and answers from the same Parquet objects the local engine reads. The same
 * events must give the same figures from the trail's table and from Security Lake's, on both engines; the
 * table is checked and never created; a refusal by Lake Formation names what to grant.
 */
import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { StartQueryExecutionCommand } from '@aws-sdk/client-athena';
import { beforeAll, describe, expect, it } from 'vitest';
import { runAudit } from '../src/core/audit.js';
import type { RawInputs } from '../src/core/inputs.js';
import type { AuditResult } from '../src/core/result.js';
import { parseSettings } from '../src/core/settings.js';
import { AthenaEngine } from '../src/engines/athena/engine.js';
import { TODAY } from './helpers/audit-local.js';
import {
  emulatorClient,
  LAKE_BUCKET,
  TRAIL_BUCKET,
  useEmulatorInThisProcess,
  type EmulatedAthena,
} from './helpers/emulated-athena.js';
import { emulatorPerTest } from './helpers/emulator-per-test.js';
import { dayFolder, supportCallTemplate, writeSupportCalls } from './helpers/hostile-parquet.js';
import { runCliInProcess } from './helpers/cli-in-process.js';
import {
  auditSecurityLakeLocal,
  coverageRecords,
  eventDayRecords,
  eventFigures,
} from './helpers/security-lake.js';
import { readSummary } from './helpers/summary-schema.js';

const fresh = emulatorPerTest();

function inputs(emulated: EmulatedAthena, extra: RawInputs = {}): RawInputs {
  const { manifest } = emulated;
  return {
    account: manifest.accounts.join(','),
    region: manifest.regions.join(','),
    'start-date': manifest.window.start,
    'end-date': manifest.window.end,
    // The window's scan alone: the case lead-in is tested in explanation-e2e.test.ts.
    'case-lookback-days': '0',
    ...extra,
  };
}

/** One whole audit through the SDK against the emulator, in this process. */
async function athenaAudit(emulated: EmulatedAthena, raw: RawInputs): Promise<AuditResult> {
  const settings = parseSettings(raw, TODAY);
  const engine = await AthenaEngine.create(settings.athena, {
    client: emulatorClient(emulated.emulator.endpoint),
    now: () => TODAY.getTime(),
  });
  try {
    return await runAudit(settings, engine, { now: () => TODAY });
  } finally {
    await engine.close();
  }
}

async function runDdl(emulated: EmulatedAthena, sql: string): Promise<void> {
  const client = emulatorClient(emulated.emulator.endpoint);
  await client.send(new StartQueryExecutionCommand({ QueryString: sql, WorkGroup: 'primary' }));
  client.destroy();
  for (let i = 0; i < 100 && !emulated.emulator.tables().some((t) => sql.includes(t.name)); i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.each(['2.0', '1.0'] as const)('Security Lake source version %s on Athena', (version) => {
  let emulated: EmulatedAthena;
  let trail: AuditResult;
  let lake: AuditResult;

  beforeAll(async () => {
    emulated = await fresh({ securityLake: version });
    trail = await athenaAudit(emulated, inputs(emulated, { bucket: TRAIL_BUCKET }));
    lake = await athenaAudit(
      emulated,
      inputs(emulated, {
        source: 'security-lake',
        ...(version === '1.0' ? emulated.lake!.table : {}),
      }),
    );
  });

  it("gives the trail table's figures and events, and Security Lake's coverage by event day", async () => {
    expect(lake.source).toEqual({ name: 'security-lake', version, sample: false });
    expect(lake.totals.supportCalls).toBe(31);
    expect(eventFigures(lake)).toEqual(eventFigures(trail));
    const cells = coverageRecords(lake);
    expect(cells).toEqual(await eventDayRecords(emulated.trailDir, emulated.manifest.window, cells));
  });

  it('gives what the local engine gives over the same objects, coverage included', async () => {
    const local = await auditSecurityLakeLocal(path.join(emulated.bucketsDir, LAKE_BUCKET), inputs(emulated));
    expect(eventFigures(local)).toEqual(eventFigures(lake));
    expect(local.coverage?.cells).toEqual(lake.coverage?.cells);
  });

  it('uses the table as it is: no statement but the audit reaches Athena', () => {
    const lakeQueries = emulated.emulator.queries().filter((q) => q.sql.includes(emulated.lake!.table.table));
    expect(lakeQueries.map((q) => q.statementType)).toEqual(['DML']);
    expect(lake.table.actions[0]).toContain('never created or altered');
  });

  it("scans the columns it names, not whole objects; the trail's table scans whole files", () => {
    const [query] = emulated.emulator.queries().filter((q) => q.sql.includes(emulated.lake!.table.table));
    const objects = query!.scannedFiles.map((uri) => uri.replace(`s3://${LAKE_BUCKET}/`, ''));
    const whole = objects.reduce(
      (sum, key) => sum + statSync(path.join(emulated.bucketsDir, LAKE_BUCKET, key)).size,
      0,
    );
    expect(objects.length).toBeGreaterThan(30);
    expect(lake.statistics.dataScannedBytes).toBeGreaterThan(0.1 * whole);
    expect(lake.statistics.dataScannedBytes).toBeLessThan(0.9 * whole);
    const [trailQuery] = emulated.emulator
      .queries()
      .filter((q) => q.sql.includes('cloudtrail_logs_pp') && q.statementType === 'DML');
    const trailFiles = trailQuery!.scannedFiles.map((uri) => uri.replace(`s3://${TRAIL_BUCKET}/`, ''));
    expect(trail.statistics.dataScannedBytes).toBe(
      trailFiles.reduce((sum, key) => sum + statSync(path.join(emulated.trailDir, key)).size, 0),
    );
  });
});

describe.each(['2.0', '1.0'] as const)('records whose time is not a time, source version %s', (version) => {
  it('are listed as undated support calls on Athena, as the local engine lists them', async () => {
    const emulated = await fresh({ securityLake: version });
    const root = path.join(emulated.bucketsDir, LAKE_BUCKET);
    const { manifest } = emulated;
    const place = {
      account: manifest.accounts[0]!,
      region: manifest.regions[0]!,
      day: manifest.window.start,
    };
    const undated =
      version === '2.0'
        ? "[CAST(NULL AS TIMESTAMP), TIMESTAMP 'infinity']"
        : '[CAST(NULL AS BIGINT), 9223372036854775807]';
    await writeSupportCalls(
      await supportCallTemplate(root, version),
      path.join(root, dayFolder(version, place), 'undated.gz.parquet'),
      version,
      { rows: 2, idPrefix: 'undated', time: (i) => `${undated}[${i} + 1]` },
    );
    const lake = await athenaAudit(
      emulated,
      inputs(emulated, { source: 'security-lake', ...(version === '1.0' ? emulated.lake!.table : {}) }),
    );
    expect(lake.undatedSupportCalls).toEqual([
      { eventId: 'undated-0', eventTime: null },
      { eventId: 'undated-1', eventTime: null },
    ]);
    expect(lake.complete).toBe(false);
    const local = await auditSecurityLakeLocal(root, inputs(emulated));
    expect(eventFigures(local)).toEqual(eventFigures(lake));
  });
});

describe('the Security Lake table, checked before any query', () => {
  it('is refused when it does not exist, with how Security Lake creates it, and never created', async () => {
    const emulated = await fresh();
    await expect(athenaAudit(emulated, inputs(emulated, { source: 'security-lake' }))).rejects.toThrow(
      /amazon_security_lake_glue_db_us_east_1\.amazon_security_lake_table_us_east_1_cloud_trail_mgmt_2_0 does not exist.*never creates it.*lakeformation:GetDataAccess/s,
    );
    expect(emulated.emulator.queries()).toEqual([]);
  });

  it("is refused when it is not Security Lake's, or lacks a column the audit reads, naming each", async () => {
    const emulated = await fresh();
    await runDdl(
      emulated,
      "CREATE EXTERNAL TABLE default.not_lake (eventid string) PARTITIONED BY (`timestamp` string) LOCATION 's3://x/y'",
    );
    await runDdl(
      emulated,
      'CREATE EXTERNAL TABLE default.thin_lake (metadata struct<uid:string>, time_dt timestamp, ' +
        'actor struct<user:struct<uid:string>>, region string, accountid string) ' +
        "LOCATION 's3://x/z' TBLPROPERTIES ('table_type'='ICEBERG')",
    );
    const lake = (table: string) => inputs(emulated, { source: 'security-lake', database: 'default', table });
    await expect(athenaAudit(emulated, lake('not_lake'))).rejects.toThrow(
      /not fit for this audit:\n {2}- it is not a Security Lake CloudTrail table/,
    );
    await expect(athenaAudit(emulated, lake('thin_lake'))).rejects.toThrow(
      /missing columns or fields: api, cloud, unmapped, actor\.user\.type, actor\.invoked_by, actor\.session\.issuer, src_endpoint, http_request, resources, actor\.user\.uid_alt/,
    );
  });
});

describe('access denied', () => {
  it('names the Lake Formation grant when Lake Formation refuses the query', async () => {
    const emulated = await fresh({ securityLake: '2.0' });
    emulated.emulator.faults.failQueries = {
      match: 'amazon_security_lake_table_us_east_1_cloud_trail_mgmt_2_0',
      reason:
        'Insufficient Lake Formation permission(s) on amazon_security_lake_table_us_east_1_cloud_trail_mgmt_2_0 (Service: AmazonDataCatalog; Status Code: 400; Error Code: AccessDeniedException)',
    };
    await expect(athenaAudit(emulated, inputs(emulated, { source: 'security-lake' }))).rejects.toThrow(
      /Insufficient Lake Formation permission\(s\).*\n.*lakeformation:GetDataAccess.*DESCRIBE and SELECT on the table/,
    );
  });

  it('names the Lake Formation grant beside the IAM one when the table cannot be read', async () => {
    const emulated = await fresh({ securityLake: '2.0' });
    emulated.emulator.faults.deny = { operations: ['GetTableMetadata'] };
    await expect(athenaAudit(emulated, inputs(emulated, { source: 'security-lake' }))).rejects.toThrow(
      /Access denied: grant athena:GetTableMetadata .*\nLake Formation governs this table.*lakeformation:GetDataAccess/s,
    );
  });
});

describe('the CLI with --source security-lake on Athena', () => {
  it('writes a report and summary.json that say which source they read', async () => {
    const emulated = await fresh({ securityLake: '2.0' });
    useEmulatorInThisProcess(emulated.emulator.endpoint);
    const out = await emulated.tempDir('out');
    // The sample's own options on Athena without the trail's bucket: Security Lake's table is found by its name.
    const args = emulated.sampleArgs.filter((arg, i, all) => arg !== '--bucket' && all[i - 1] !== '--bucket');
    const run = await runCliInProcess(['--source', 'security-lake', ...args, '--out', out], {
      now: () => TODAY,
    });
    expect(run.stderr).toContain('31 support calls');
    expect(run.code).toBe(0);
    const summary = (await readSummary(path.join(out, 'summary.json'))) as { source: unknown };
    expect(summary.source).toEqual({ name: 'security-lake', sample: false, version: '2.0' });
    const report = await readFile(path.join(out, 'report.md'), 'utf8');
    expect(report).toContain('# AWS Support activity in CloudTrail, from Amazon Security Lake');
    expect(report).toMatch(/- Source: Amazon Security Lake, source version 2 \(OCSF 1\.1\.0\).*event days/);
  });
});
