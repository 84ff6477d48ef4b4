/**
 * The Security Lake source piece by piece: its SQL (Trino's grammar, parameters, partition filters), its inputs,
 * the sample's generator, the check of Glue metadata, and the emulator's catalog and Parquet bytes.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateSecurityLakeSample } from '../scripts/generate-security-lake/index.js';
import { tableRequest } from '../src/core/audit.js';
import { UsageError } from '../src/core/errors.js';
import { QUERY_SETS } from '../src/core/query-sets/index.js';
import { sampleLogsDir } from '../src/core/sample.js';
import { parseSettings } from '../src/core/settings.js';
import { SECURITY_LAKE_VERSIONS } from '../src/core/sources/ocsf.js';
import { securityLakeLayout, securityLakeSource } from '../src/core/sources/security-lake.js';
import { checkSecurityLakeTable, parseGlueType } from '../src/engines/athena/security-lake-check.js';
import { tableMetadata } from './emulator/catalog.js';
import { securityLakeTable, selectLakePartitions, prunableTokens } from './emulator/security-lake.js';
import { parameterCount, partitionPredicates } from './emulator/query-analysis.js';
import { tokenize } from './emulator/sql-tokens.js';
import { listFiles } from './helpers/count-logs.js';
import { trinoErrors } from './helpers/sql-parser.js';

const WINDOW = { start: '2026-11-02', end: '2026-11-08', lateDeliveryDays: 1 };
const NAME = { database: 'amazon_security_lake_glue_db_us_east_1', table: 'amazon_security_lake_table_x' };
const LAYOUT = securityLakeLayout(
  {
    root: '',
    prefix: '',
    organizationId: undefined,
    accounts: ['111122223333', '444455556666'],
    regions: ['us-east-1', 'eu-west-1'],
    projectionStart: '2013-11-01',
  },
  's3://lake/aws/CLOUD_TRAIL_MGMT/2.0',
);

describe('the Security Lake SQL', () => {
  const cases = SECURITY_LAKE_VERSIONS.flatMap((version) =>
    (['single-scan', 'seed'] as const).map((set) => [version, set] as const),
  );
  it.each(cases)('version %s, %s: parses as Trino SQL, with a `?` for each parameter', (version, set) => {
    const statements = QUERY_SETS[set].statements(
      [{ name: NAME, layout: LAYOUT }],
      WINDOW,
      securityLakeSource(version),
    );
    for (const statement of statements) {
      expect(trinoErrors(statement.sql), statement.id).toEqual([]);
      expect(parameterCount(tokenize(statement.sql, 'trino')), statement.id).toBe(
        statement.parameters.length,
      );
    }
  });

  it('filters the partitions Athena prunes: the days read, the regions and the accounts, as parameters', () => {
    const [scan] = QUERY_SETS['single-scan'].statements(
      [{ name: NAME, layout: LAYOUT }],
      WINDOW,
      securityLakeSource('2.0'),
    );
    expect(scan!.sql).toContain('time_dt >= CAST(? AS timestamp)');
    expect(scan!.sql).toContain('region IN (?, ?)');
    expect(scan!.sql).toContain('accountid IN (?, ?)');
    // From the window's first day to the end of the day after it, as a trail's partitions are read.
    expect(scan!.parameters).toEqual([
      '2026-11-02',
      '2026-11-10',
      'us-east-1',
      'eu-west-1',
      '111122223333',
      '444455556666',
    ]);
    const [seed] = QUERY_SETS.seed.statements(
      [{ name: NAME, layout: LAYOUT }],
      WINDOW,
      securityLakeSource('1.0'),
    );
    expect(seed!.sql).toContain('eventday BETWEEN ? AND ?');
    expect(seed!.parameters.slice(0, 4)).toEqual([
      '20261102',
      '20261109',
      Date.parse('2026-11-02T00:00:00Z'),
      Date.parse('2026-11-09T00:00:00Z'),
    ]);
  });

  it('reads unmapped keys through try, as a missing key fails Trino', () => {
    const [scan] = QUERY_SETS['single-scan'].statements(
      [{ name: NAME, layout: LAYOUT }],
      WINDOW,
      securityLakeSource('2.0'),
    );
    expect(scan!.sql).toContain(`try("unmapped"['readOnly']) AS readonly`);
    expect(scan!.sql).toContain('COALESCE("src_endpoint"."ip", "src_endpoint"."domain") AS sourceipaddress');
  });
});

describe('the source input', () => {
  const now = new Date('2026-11-24T12:00:00Z');
  const base = { account: '111122223333', region: 'us-east-1', 'lookback-days': '7' };

  it('is cloudtrail unless given, and security-lake needs no bucket', () => {
    expect(parseSettings({ ...base, bucket: 'trail-bucket' }, now).source).toBe('cloudtrail');
    expect(parseSettings({ ...base, source: 'security-lake' }, now).source).toBe('security-lake');
    expect(() => parseSettings({ ...base }, now)).toThrow(/bucket is required/);
  });

  it('refuses what only says where a trail writes', () => {
    expect(() =>
      parseSettings({ ...base, source: 'security-lake', bucket: 'trail-bucket', prefix: 'p' }, now),
    ).toThrow(
      new UsageError(
        "bucket and prefix say where a trail writes its logs; source security-lake reads Security Lake's own table, so leave them out.",
      ),
    );
    expect(() => parseSettings({ ...base, source: 'lake' }, now)).toThrow(
      /must be one of cloudtrail, security-lake/,
    );
  });

  it("names Security Lake's version 2 table in the region Athena runs in, unless database or table is given", () => {
    const settings = parseSettings({ ...base, source: 'security-lake' }, now);
    expect(tableRequest(settings, 'eu-west-1')).toMatchObject({
      database: 'amazon_security_lake_glue_db_eu_west_1',
      table: 'amazon_security_lake_table_eu_west_1_cloud_trail_mgmt_2_0',
      source: 'security-lake',
    });
    const named = parseSettings({ ...base, source: 'security-lake', table: 'v1_table' }, now);
    expect(tableRequest(named, 'eu-west-1')).toMatchObject({ database: 'default', table: 'v1_table' });
  });
});

describe('the shipped Security Lake sample', () => {
  const temporary: string[] = [];
  afterAll(async () => {
    await Promise.all(temporary.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('is what the generator writes, byte for byte (run `npm run examples:security-lake` after changing it)', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'support-audit-lake-sample-'));
    temporary.push(dir);
    const manifest = await generateSecurityLakeSample(dir);
    const committed = (await listFiles(sampleLogsDir('security-lake'))).filter((f) => f.startsWith('aws/'));
    expect(committed).toEqual([...manifest.objects, ...manifest.unreadableObjects].sort());
    for (const key of committed) {
      const [fresh, shipped] = await Promise.all([
        readFile(path.join(dir, key)),
        readFile(path.join(sampleLogsDir('security-lake'), key)),
      ]);
      expect(fresh.equals(shipped), key).toBe(true);
    }
    // Every record of the trail sample's readable log files, whatever its day.
    expect(manifest.records).toBe(manifest.trail.records);
  });
});

describe('the check of a Security Lake table', () => {
  const metadata = (version: '2.0' | '1.0') => {
    const glue = tableMetadata(
      securityLakeTable({ ...NAME, version, location: 's3://lake/aws/CLOUD_TRAIL_MGMT/2.0' }, new Date()),
    ) as {
      Columns: Array<{ Name: string; Type: string }>;
      PartitionKeys: Array<{ Name: string }>;
      Parameters: Record<string, string>;
    };
    return {
      columns: glue.Columns.map((c) => c.Name),
      partitionKeys: glue.PartitionKeys.map((k) => k.Name),
      parameters: glue.Parameters,
      columnTypes: Object.fromEntries(glue.Columns.map((c) => [c.Name, c.Type])),
    };
  };

  it.each(SECURITY_LAKE_VERSIONS)('finds version %s fit, from the metadata Glue gives', (version) => {
    expect(checkSecurityLakeTable(metadata(version))).toEqual({ version, differences: [] });
  });

  it('names a field the audit reads that a column lacks, and an unmapped that is not a map', () => {
    const fit = metadata('2.0');
    const types = {
      ...fit.columnTypes,
      actor: fit.columnTypes.actor!.replace('invoked_by:string,', ''),
      unmapped: 'string',
    };
    expect(checkSecurityLakeTable({ ...fit, columnTypes: types }).differences).toEqual([
      'missing columns or fields: actor.invoked_by',
      'unmapped is not a map of strings, so readOnly and recipientAccountId cannot be read',
    ]);
  });

  it("parses Glue's nested type text", () => {
    expect(parseGlueType('struct<a:string,b:struct<c:array<struct<d:int>>>,e:map<string,string>>')).toEqual({
      fields: new Map<string, unknown>([
        ['a', { text: 'string' }],
        ['b', { fields: new Map([['c', { text: 'array<struct<d:int>>' }]]) }],
        ['e', { text: 'map<string,string>' }],
      ]),
    });
  });
});

describe("the emulator's Security Lake pruning", () => {
  it('reads the partition filters of the Security Lake relation, time bounds included', () => {
    const [scan] = QUERY_SETS['single-scan'].statements(
      [{ name: NAME, layout: LAYOUT }],
      WINDOW,
      securityLakeSource('2.0'),
    );
    const tokens = prunableTokens(tokenize(scan!.sql, 'trino'));
    const offset = tokens.find((t) => t.value === NAME.table)!.offset;
    expect(selectLakePartitions(partitionPredicates(tokens, offset), scan!.parameters)).toEqual({
      regions: ['us-east-1', 'eu-west-1'],
      accounts: ['111122223333', '444455556666'],
      days: { first: '2026-11-02', last: '2026-11-09' },
    });
  });
});
