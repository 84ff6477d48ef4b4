import { projectionOf } from '../src/engines/athena/projection.js';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  AthenaClient,
  BatchGetQueryExecutionCommand,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  GetTableMetadataCommand,
  ListQueryExecutionsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
  type QueryExecution,
  type ResultSet,
  type StartQueryExecutionCommandInput,
} from '@aws-sdk/client-athena';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTableStatement } from '../src/engines/athena/ddl.js';
import { tableLayout } from '../src/core/layout.js';
import { QUERY_SETS } from '../src/core/query-sets/index.js';
import { athenaParameter } from '../src/core/sql.js';
import { supportCall, userCall, writeTrailFile, type WrittenFile } from './emulator/fixtures.js';
import { startAthenaEmulator, type AthenaEmulator } from './emulator/index.js';
import { emulatorClient } from './helpers/emulated-athena.js';

const BUCKET = 'trail-bucket';
const ACCOUNT = '111122223333';
const OTHER_ACCOUNT = '444455556666';
const REGION = 'us-east-1';
const NOW = new Date('2025-01-20T12:00:00Z');
const WINDOW = { start: '2025-01-01', end: '2025-01-07', lateDeliveryDays: 1 };
const OUTPUT = { ResultConfiguration: { OutputLocation: 's3://athena-results/support-audit/' } };
const TABLE = { database: 'default', table: 'cloudtrail_logs_pp' };
const LAYOUT = tableLayout({
  root: `s3://${BUCKET}/`,
  prefix: '',
  organizationId: undefined,
  accounts: [ACCOUNT],
  regions: [REGION],
  projectionStart: '2024-12-01',
});
const TERMINAL = ['SUCCEEDED', 'FAILED', 'CANCELLED'];

/** The SDK's own client, retrying as it decides but without waiting between attempts. */
function athenaClient(emulator: AthenaEmulator): AthenaClient {
  return emulatorClient(emulator.endpoint);
}

type StartInput = Partial<StartQueryExecutionCommandInput> & { QueryString: string };

async function start(athena: AthenaClient, input: StartInput): Promise<string> {
  const { QueryExecutionId } = await athena.send(new StartQueryExecutionCommand({ ...OUTPUT, ...input }));
  return QueryExecutionId!;
}

async function finish(athena: AthenaClient, id: string): Promise<QueryExecution> {
  for (let attempt = 0; attempt < 2000; attempt++) {
    const { QueryExecution } = await athena.send(new GetQueryExecutionCommand({ QueryExecutionId: id }));
    if (TERMINAL.includes(QueryExecution!.Status!.State!)) return QueryExecution!;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`query ${id} did not finish`);
}

async function run(athena: AthenaClient, input: StartInput): Promise<QueryExecution> {
  return finish(athena, await start(athena, input));
}

function texts(resultSet: ResultSet | undefined): Array<Array<string | null>> {
  return (resultSet?.Rows ?? []).map((row) => (row.Data ?? []).map((d) => d.VarCharValue ?? null));
}

/** The event ids of a single scan's rows (header first): its coverage rows have a delivery day, events none. */
function eventIds(rows: Array<Array<string | null>>): Array<string | null> {
  const [header, ...data] = rows;
  const day = header!.indexOf('delivery_day');
  return data.filter((r) => r[day] === null).map((r) => r[0]!);
}

async function pages(athena: AthenaClient, id: string, maxResults?: number): Promise<ResultSet[]> {
  const sets: ResultSet[] = [];
  let nextToken: string | undefined;
  do {
    const page = await athena.send(
      new GetQueryResultsCommand({ QueryExecutionId: id, MaxResults: maxResults, NextToken: nextToken }),
    );
    sets.push(page.ResultSet!);
    nextToken = page.NextToken;
  } while (nextToken);
  return sets;
}

function singleScan(table = TABLE, layout = LAYOUT) {
  const [statement] = QUERY_SETS['single-scan'].statements([{ name: table, layout: layout }], WINDOW);
  return {
    QueryString: statement!.sql,
    QueryExecutionContext: { Database: 'default', Catalog: 'AwsDataCatalog' },
    ExecutionParameters: statement!.parameters.map(athenaParameter),
  };
}

async function caught(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('expected a rejection');
}

let bucketsDir: string;
let emulator: AthenaEmulator;
let athena: AthenaClient;
/** Files by role: inside the window's partitions, or in a day folder the partition filter leaves out. */
const files: Record<string, WrittenFile> = {};

beforeAll(async () => {
  bucketsDir = await mkdtemp(path.join(os.tmpdir(), 'athena-emulator-'));
  const at = { bucket: BUCKET, account: ACCOUNT, region: REGION };
  const event = (eventId: string, eventTime: string) => ({
    account: ACCOUNT,
    region: REGION,
    eventId,
    eventTime,
  });
  files.firstDay = await writeTrailFile(bucketsDir, {
    ...at,
    day: '2025-01-01',
    records: [
      supportCall(event('e1', '2025-01-01T10:00:00Z')),
      userCall(event('u1', '2025-01-01T11:00:00Z')),
      supportCall({ ...event('e2', '2025-01-01T12:00:00Z'), errorCode: 'AccessDenied' }),
    ],
  });
  files.thirdDay = await writeTrailFile(bucketsDir, {
    ...at,
    day: '2025-01-03',
    records: [supportCall({ ...event('e3', '2025-01-03T08:00:00Z'), userAgent: "it's a test" })],
  });
  files.lateDelivery = await writeTrailFile(bucketsDir, {
    ...at,
    day: '2025-01-08',
    records: [supportCall(event('e4', '2025-01-07T23:59:00Z'))],
  });
  files.outsidePartitions = await writeTrailFile(bucketsDir, {
    ...at,
    day: '2025-01-09',
    records: [supportCall(event('e5', '2025-01-05T00:00:00Z'))],
  });
  files.otherAccount = await writeTrailFile(bucketsDir, {
    ...at,
    account: OTHER_ACCOUNT,
    day: '2025-01-02',
    records: [
      supportCall({
        account: OTHER_ACCOUNT,
        region: REGION,
        eventId: 'e6',
        eventTime: '2025-01-02T09:00:00Z',
      }),
    ],
  });

  emulator = await startAthenaEmulator({ bucketsDir, now: () => NOW });
  athena = athenaClient(emulator);
  const created = await run(athena, { QueryString: createTableStatement(TABLE, LAYOUT).sql });
  expect(created.Status?.State).toBe('SUCCEEDED');
});

afterEach(() => {
  emulator.faults = {};
});

afterAll(async () => {
  athena?.destroy();
  await emulator?.close();
  await rm(bucketsDir, { recursive: true, force: true });
});

describe('the Athena emulator, through the real SDK', () => {
  it('speaks JSON 1.1: POST / with X-Amz-Target and the JSON 1.1 content type, all recorded', async () => {
    const before = emulator.requests.length;
    await athena.send(
      new GetTableMetadataCommand({
        CatalogName: 'AwsDataCatalog',
        DatabaseName: 'default',
        TableName: TABLE.table,
      }),
    );
    const [request] = emulator.requests.slice(before);
    expect(request).toMatchObject({
      target: 'GetTableMetadata',
      status: 200,
      body: { CatalogName: 'AwsDataCatalog', DatabaseName: 'default', TableName: TABLE.table },
    });
    expect(request!.headers['x-amz-target']).toBe('AmazonAthena.GetTableMetadata');
    expect(request!.headers['content-type']).toBe('application/x-amz-json-1.1');
  });

  it("returns the product's table from GetTableMetadata as Glue shows it", async () => {
    const { TableMetadata } = await athena.send(
      new GetTableMetadataCommand({
        CatalogName: 'AwsDataCatalog',
        DatabaseName: 'default',
        TableName: TABLE.table,
      }),
    );
    expect(TableMetadata?.Name).toBe(TABLE.table);
    expect(TableMetadata?.TableType).toBe('EXTERNAL_TABLE');
    expect(TableMetadata?.CreateTime).toEqual(NOW);
    const columns = Object.fromEntries((TableMetadata?.Columns ?? []).map((c) => [c.Name, c.Type]));
    expect(TableMetadata?.Columns?.[0]).toEqual({ Name: 'eventversion', Type: 'string' });
    expect(columns.useridentity).toMatch(
      /^struct<type:string,principalid:string,arn:string,accountid:string,/,
    );
    expect(columns.resources).toBe('array<struct<arn:string,accountid:string,type:string>>');
    expect(TableMetadata?.PartitionKeys).toEqual([{ Name: 'timestamp', Type: 'string' }]);
    expect(TableMetadata?.Parameters).toMatchObject({
      EXTERNAL: 'TRUE',
      'projection.enabled': 'true',
      'projection.timestamp.range': '2024/12/01,NOW',
      'storage.location.template': projectionOf(LAYOUT).storageTemplate,
      location: LAYOUT.location,
      inputformat: 'com.amazon.emr.cloudtrail.CloudTrailInputFormat',
      outputformat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
      'serde.serialization.lib': 'org.apache.hive.hcatalog.data.JsonSerDe',
    });
  });

  it('answers a missing table or database with a MetadataException naming EntityNotFoundException', async () => {
    for (const [database, table] of [
      ['default', 'no_such_table'],
      ['no_such_database', TABLE.table],
    ]) {
      const error = await caught(
        athena.send(
          new GetTableMetadataCommand({
            CatalogName: 'AwsDataCatalog',
            DatabaseName: database,
            TableName: table,
          }),
        ),
      );
      expect(error.name).toBe('MetadataException');
      expect(error.message).toContain('EntityNotFoundException');
      expect((error.$metadata as { httpStatusCode: number }).httpStatusCode).toBe(400);
    }
  });

  it("runs the product's single-scan query with its parameters: header row first, then the window's calls", async () => {
    const execution = await run(athena, singleScan());
    expect(execution.Status?.State).toBe('SUCCEEDED');
    expect(execution.StatementType).toBe('DML');
    expect(execution.ExecutionParameters).toEqual(["'2025/01/01'", "'2025/01/08'"]);
    const [page, ...more] = await pages(athena, execution.QueryExecutionId!);
    expect(more).toEqual([]);
    const [header, ...rows] = texts(page);
    expect(header!.slice(0, 3)).toEqual(['event_id', 'event_time', 'event_source']);
    expect(page!.ResultSetMetadata?.ColumnInfo?.map((c) => c.Name)).toEqual(header);
    const day = header!.indexOf('delivery_day');
    const records = header!.indexOf('records');
    const events = rows.filter((r) => r[day] === null);
    expect(events.map((r) => r[0])).toEqual(['e1', 'e2', 'e3', 'e4']);
    const flag = header!.indexOf('by_support_role');
    expect(events.map((r) => r[flag])).toEqual(['true', 'true', 'true', 'true']);
    // The same scan counts every record read per delivery day, the user's own call included.
    expect(rows.filter((r) => r[day] !== null).map((r) => [r[day], r[records]])).toEqual([
      ['2025/01/01', '3'],
      ['2025/01/03', '1'],
      ['2025/01/08', '1'],
    ]);
    const flagInfo = page!.ResultSetMetadata?.ColumnInfo?.[flag];
    expect(flagInfo).toMatchObject({ Type: 'boolean', Nullable: 'UNKNOWN' });
    expect(page!.ResultSetMetadata?.ColumnInfo?.[0]).toMatchObject({ Type: 'varchar', CaseSensitive: true });
  });

  it("runs the article's five seed queries unchanged", async () => {
    const results = new Map<string, Array<Array<string | null>>>();
    for (const statement of QUERY_SETS.seed.statements([{ name: TABLE, layout: LAYOUT }], WINDOW)) {
      const execution = await run(athena, {
        QueryString: statement.sql,
        ExecutionParameters: statement.parameters.map(athenaParameter),
      });
      expect(execution.Status?.StateChangeReason).toBeUndefined();
      results.set(statement.id, texts((await pages(athena, execution.QueryExecutionId!))[0]));
    }
    expect(results.get('seed-1-count')).toEqual([['number_of_calls'], ['4']]);
    const everything = results.get('seed-2-calls')!;
    expect(everything[0]!.slice(0, 2)).toEqual(['eventversion', 'useridentity']);
    expect(everything[0]!.at(-1)).toBe('timestamp');
    expect(everything).toHaveLength(5);
    expect(results.get('seed-3-by-identity')).toEqual([
      ['username', 'eventsource', 'number_of_event'],
      ['AWSServiceRoleForSupport', 'ec2.amazonaws.com', '4'],
    ]);
  });

  it('gives SQL NULL as a Datum without VarCharValue', async () => {
    const execution = await run(athena, singleScan());
    const [page] = await pages(athena, execution.QueryExecutionId!);
    const [header, ...rows] = page!.Rows!;
    const column = (name: string) => header!.Data!.findIndex((d) => d.VarCharValue === name);
    const errorCode = column('error_code');
    expect(errorCode).toBeGreaterThan(0);
    const events = rows.filter((r) => r.Data![column('delivery_day')]!.VarCharValue === undefined);
    expect(events.map((r) => r.Data![errorCode])).toEqual([{}, { VarCharValue: 'AccessDenied' }, {}, {}]);
  });

  it("scans exactly the compressed bytes of the window's partitions, and never a day folder outside them", async () => {
    const execution = await run(athena, singleScan());
    const expected = files.firstDay!.bytes + files.thirdDay!.bytes + files.lateDelivery!.bytes;
    expect(execution.Statistics?.DataScannedInBytes).toBe(expected);
    const view = emulator.queries().find((q) => q.id === execution.QueryExecutionId);
    expect(view?.scannedFiles).toEqual([files.firstDay!.uri, files.thirdDay!.uri, files.lateDelivery!.uri]);
    const [page] = await pages(athena, execution.QueryExecutionId!);
    expect(texts(page).map((r) => r[0])).not.toContain('e5');
  });

  it('reads only the partitions an account filter selects from an enum-projected multi-account table', async () => {
    const multi = { database: 'default', table: 'cloudtrail_accounts' };
    const layout = tableLayout({ ...LAYOUT, accounts: [ACCOUNT, OTHER_ACCOUNT] });
    expect((await run(athena, { QueryString: createTableStatement(multi, layout).sql })).Status?.State).toBe(
      'SUCCEEDED',
    );
    const onlyOther = await run(athena, singleScan(multi, { ...layout, accounts: [OTHER_ACCOUNT] }));
    expect(onlyOther.Statistics?.DataScannedInBytes).toBe(files.otherAccount!.bytes);
    const [page] = await pages(athena, onlyOther.QueryExecutionId!);
    expect(eventIds(texts(page))).toEqual(['e6']);

    const accountColumn = await run(athena, {
      QueryString: 'SELECT DISTINCT "account" FROM "default"."cloudtrail_accounts" WHERE "account" IN (?)',
      ExecutionParameters: [athenaParameter(OTHER_ACCOUNT)],
    });
    expect(texts((await pages(athena, accountColumn.QueryExecutionId!))[0])).toEqual([
      ['account'],
      [OTHER_ACCOUNT],
    ]);

    const both = await run(athena, singleScan(multi, layout));
    const [bothPage] = await pages(athena, both.QueryExecutionId!);
    expect(eventIds(texts(bothPage))).toEqual(['e1', 'e2', 'e6', 'e3', 'e4']);
  });

  it('unquotes string parameters the way Athena substitutes them', async () => {
    const execution = await run(athena, {
      QueryString: `SELECT eventid FROM "default"."cloudtrail_logs_pp" WHERE "timestamp" BETWEEN ? AND ? AND useragent = ?`,
      ExecutionParameters: ["'2025/01/01'", "'2025/01/08'", "'it''s a test'"],
    });
    expect(texts((await pages(athena, execution.QueryExecutionId!))[0])).toEqual([['eventid'], ['e3']]);

    const unquoted = await run(athena, {
      QueryString: 'SELECT eventid FROM "default"."cloudtrail_logs_pp" WHERE sourceipaddress = ?',
      ExecutionParameters: ['support.amazonaws.com'],
    });
    expect(unquoted.Status?.State).toBe('FAILED');
    expect(unquoted.Status?.StateChangeReason).toContain('neither a quoted string nor a number');
  });

  it('fails a query with a SQL error, a missing table, or the wrong number of parameters', async () => {
    const badColumn = await run(athena, {
      QueryString: 'SELECT no_such_column FROM "default"."cloudtrail_logs_pp"',
    });
    expect(badColumn.Status).toMatchObject({
      State: 'FAILED',
      AthenaError: { ErrorCategory: 2, ErrorType: 1000, Retryable: false },
    });
    expect(badColumn.Status?.StateChangeReason).toContain('no_such_column');

    const missing = await run(athena, { QueryString: 'SELECT *\nFROM "default"."nope"' });
    expect(missing.Status?.StateChangeReason).toBe(
      "TABLE_NOT_FOUND: line 2:6: Table 'awsdatacatalog.default.nope' does not exist",
    );

    const [statement] = QUERY_SETS['single-scan'].statements([{ name: TABLE, layout: LAYOUT }], WINDOW);
    const short = await run(athena, {
      QueryString: statement!.sql,
      ExecutionParameters: statement!.parameters.slice(1).map(athenaParameter),
    });
    expect(short.Status?.StateChangeReason).toBe('Incorrect number of parameters: expected 2 but found 1');
  });

  it('pages over more than 1000 rows: 1000 per page, the header only on the first', async () => {
    const bigBucket = 'big-bucket';
    const records = Array.from({ length: 1200 }, (_, i) =>
      supportCall({
        account: ACCOUNT,
        region: REGION,
        eventId: `big-${String(i).padStart(4, '0')}`,
        eventTime: new Date(Date.parse('2025-01-02T00:00:00Z') + i * 1000).toISOString().replace('.000', ''),
      }),
    );
    await writeTrailFile(bucketsDir, {
      bucket: bigBucket,
      account: ACCOUNT,
      region: REGION,
      day: '2025-01-02',
      records,
    });
    const big = { database: 'default', table: 'big_logs' };
    const layout = tableLayout({ ...LAYOUT, root: `s3://${bigBucket}/` });
    await run(athena, { QueryString: createTableStatement(big, layout).sql });
    const execution = await run(athena, singleScan(big, layout));
    const [first, second, ...rest] = await pages(athena, execution.QueryExecutionId!);
    expect(rest).toEqual([]);
    // The header, the one coverage row (its day sorts first), then the 1,200 events: 1,202 rows.
    expect(first!.Rows).toHaveLength(1000);
    expect(second!.Rows).toHaveLength(202);
    expect(texts(first)[0]![0]).toBe('event_id');
    expect(texts(second)[0]![0]).toBe('big-0998');
    const ids = eventIds([...texts(first), ...texts(second)]);
    expect(ids).toEqual(records.map((_, i) => `big-${String(i).padStart(4, '0')}`));
    expect(second!.ResultSetMetadata?.ColumnInfo?.[0]?.Name).toBe('event_id');
  });

  it('refuses MaxResults above 1000 and a results request for an unfinished query', async () => {
    const done = await run(athena, { QueryString: 'SELECT 1 AS one' });
    const tooMany = await caught(
      athena.send(new GetQueryResultsCommand({ QueryExecutionId: done.QueryExecutionId, MaxResults: 1001 })),
    );
    expect(tooMany.name).toBe('InvalidRequestException');
    expect(tooMany.message).toContain('less than or equal to 1000');

    emulator.faults.hangQueries = { match: 'still running' };
    const id = await start(athena, { QueryString: "SELECT 'still running' AS x" });
    const early = await caught(athena.send(new GetQueryResultsCommand({ QueryExecutionId: id })));
    expect(early.name).toBe('InvalidRequestException');
    expect(early.message).toBe('Query has not yet finished. Current state: RUNNING');
    await athena.send(new StopQueryExecutionCommand({ QueryExecutionId: id }));
  });

  it('keeps one execution for a repeated ClientRequestToken, and refuses the token with another query', async () => {
    const token = 'support-audit-single-scan-0123456789abcdef';
    const before = emulator.queries().length;
    const first = await start(athena, { ...singleScan(), ClientRequestToken: token });
    const second = await start(athena, { ...singleScan(), ClientRequestToken: token });
    expect(second).toBe(first);
    expect(emulator.queries()).toHaveLength(before + 1);

    const other = await caught(start(athena, { QueryString: 'SELECT 2 AS two', ClientRequestToken: token }));
    expect(other.name).toBe('InvalidRequestException');
    expect(other.message).toBe('Idempotent parameters do not match');

    const short = await caught(
      start(athena, { QueryString: 'SELECT 2 AS two', ClientRequestToken: 'too-short' }),
    );
    expect(short.message).toContain('clientRequestToken');
    await finish(athena, first);
  });

  it('reuses an earlier identical result when asked, scanning nothing', async () => {
    const reuse = { ResultReuseByAgeConfiguration: { Enabled: true, MaxAgeInMinutes: 60 } };
    const query = {
      QueryString:
        'SELECT eventid FROM "default"."cloudtrail_logs_pp" WHERE "timestamp" = ? ORDER BY eventid',
      ExecutionParameters: ["'2025/01/01'"],
      ResultReuseConfiguration: reuse,
    };
    const first = await run(athena, query);
    const second = await run(athena, query);
    expect(first.Statistics?.ResultReuseInformation?.ReusedPreviousResult).toBe(false);
    expect(first.Statistics?.DataScannedInBytes).toBe(files.firstDay!.bytes);
    expect(second.Statistics?.ResultReuseInformation?.ReusedPreviousResult).toBe(true);
    expect(second.Statistics?.DataScannedInBytes).toBe(0);
    expect(texts((await pages(athena, second.QueryExecutionId!))[0])).toEqual([
      ['eventid'],
      ['e1'],
      ['e2'],
      ['u1'],
    ]);
    expect(emulator.queries().find((q) => q.id === second.QueryExecutionId)?.reusedFrom).toBe(
      first.QueryExecutionId,
    );
    const changed = await run(athena, { ...query, ExecutionParameters: ["'2025/01/03'"] });
    expect(changed.Statistics?.ResultReuseInformation?.ReusedPreviousResult).toBe(false);
  });

  it('keeps CREATE ... IF NOT EXISTS from changing an existing table, and fails it without IF NOT EXISTS', async () => {
    const different = tableLayout({ ...LAYOUT, projectionStart: '2020-01-01' });
    const again = await run(athena, { QueryString: createTableStatement(TABLE, different).sql });
    expect(again.Status?.State).toBe('SUCCEEDED');
    expect(again.StatementType).toBe('DDL');
    const stored = emulator.tables().find((t) => t.name === TABLE.table);
    expect(stored?.properties['projection.timestamp.range']).toBe('2024/12/01,NOW');

    const plain = createTableStatement(TABLE, LAYOUT).sql.replace('IF NOT EXISTS ', '');
    const failed = await run(athena, { QueryString: plain });
    expect(failed.Status?.State).toBe('FAILED');
    expect(failed.Status?.StateChangeReason).toContain('AlreadyExistsException');
  });

  it('fails DDL given execution parameters, and drops tables', async () => {
    const scratch = { database: 'default', table: 'scratch' };
    const withParameters = await run(athena, {
      QueryString: createTableStatement(scratch, LAYOUT).sql,
      ExecutionParameters: ["'x'"],
    });
    expect(withParameters.Status?.State).toBe('FAILED');
    expect(withParameters.Status?.StateChangeReason).toContain(
      'ExecutionParameters are not supported for DDL',
    );
    expect(emulator.tables().map((t) => t.name)).not.toContain('scratch');

    await run(athena, { QueryString: createTableStatement(scratch, LAYOUT).sql });
    expect(emulator.tables().map((t) => t.name)).toContain('scratch');
    expect(
      (await run(athena, { QueryString: 'DROP TABLE IF EXISTS `default`.`scratch`' })).Status?.State,
    ).toBe('SUCCEEDED');
    expect(emulator.tables().map((t) => t.name)).not.toContain('scratch');
    const dropMissing = await run(athena, { QueryString: 'DROP TABLE default.scratch' });
    expect(dropMissing.Status?.StateChangeReason).toContain('Table not found');
  });

  it("reads a hand-written table in the user guide's style: bare names, camelCase, an injected projection", async () => {
    const ddl = `CREATE EXTERNAL TABLE cloudtrail_injected (
        eventVersion STRING,
        userIdentity STRUCT<
            type: STRING,
            arn: STRING>,
        eventTime STRING,
        eventName STRING,
        sourceIPAddress STRING
    )
    PARTITIONED BY (account string, \`timestamp\` string)
    ROW FORMAT SERDE 'org.apache.hive.hcatalog.data.JsonSerDe'
    STORED AS INPUTFORMAT 'com.amazon.emr.cloudtrail.CloudTrailInputFormat'
    OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
    LOCATION 's3://${BUCKET}/AWSLogs/'
    TBLPROPERTIES (
      'projection.enabled'='true',
      'projection.account.type'='injected',
      'projection.timestamp.format'='yyyy/MM/dd',
      'projection.timestamp.interval'='1',
      'projection.timestamp.interval.unit'='DAYS',
      'projection.timestamp.range'='2024/12/01,NOW',
      'projection.timestamp.type'='date',
      'storage.location.template'='s3://${BUCKET}/AWSLogs/\${account}/CloudTrail/${REGION}/\${timestamp}'
    )`;
    expect(
      (await run(athena, { QueryString: ddl, QueryExecutionContext: { Database: 'default' } })).Status?.State,
    ).toBe('SUCCEEDED');
    const { TableMetadata } = await athena.send(
      new GetTableMetadataCommand({
        CatalogName: 'AwsDataCatalog',
        DatabaseName: 'default',
        TableName: 'cloudtrail_injected',
      }),
    );
    expect(TableMetadata?.Columns?.map((c) => c.Name)).toEqual([
      'eventversion',
      'useridentity',
      'eventtime',
      'eventname',
      'sourceipaddress',
    ]);
    expect(TableMetadata?.Columns?.[1]?.Type).toBe('struct<type:string,arn:string>');

    const unfiltered = await run(athena, { QueryString: 'SELECT count(*) AS n FROM cloudtrail_injected' });
    expect(unfiltered.Status?.StateChangeReason).toMatch(
      /^CONSTRAINT_VIOLATION: For the injected projected partition column account/,
    );

    const filtered = await run(athena, {
      QueryString: `SELECT * FROM cloudtrail_injected WHERE account = ? AND "timestamp" <= ? ORDER BY eventtime`,
      QueryExecutionContext: { Database: 'default' },
      ExecutionParameters: [`'${ACCOUNT}'`, "'2025/01/03'"],
    });
    expect(filtered.Statistics?.DataScannedInBytes).toBe(files.firstDay!.bytes + files.thirdDay!.bytes);
    const [header, ...rows] = texts((await pages(athena, filtered.QueryExecutionId!))[0]);
    expect(header).toEqual([
      'eventversion',
      'useridentity',
      'eventtime',
      'eventname',
      'sourceipaddress',
      'account',
      'timestamp',
    ]);
    expect(rows.map((r) => [r[2], r[5], r[6]])).toEqual([
      ['2025-01-01T10:00:00Z', ACCOUNT, '2025/01/01'],
      ['2025-01-01T11:00:00Z', ACCOUNT, '2025/01/01'],
      ['2025-01-01T12:00:00Z', ACCOUNT, '2025/01/01'],
      ['2025-01-03T08:00:00Z', ACCOUNT, '2025/01/03'],
    ]);
  });

  it('fails the queries failQueries matches, with its reason and error category', async () => {
    emulator.faults.failQueries = {
      match: /support_api_call/,
      reason: 'HIVE_BAD_DATA: Error parsing field value',
      errorCategory: 3,
    };
    const execution = await run(athena, singleScan());
    expect(execution.Status).toMatchObject({
      State: 'FAILED',
      StateChangeReason: 'HIVE_BAD_DATA: Error parsing field value',
      AthenaError: { ErrorCategory: 3, ErrorMessage: 'HIVE_BAD_DATA: Error parsing field value' },
    });
    expect((await run(athena, { QueryString: 'SELECT 1 AS one' })).Status?.State).toBe('SUCCEEDED');
  });

  it('keeps hangQueries RUNNING until StopQueryExecution cancels them, and records the stop', async () => {
    emulator.faults.hangQueries = { match: 'hang here' };
    const id = await start(athena, { QueryString: "SELECT 'hang here' AS x" });
    const running = await athena.send(new GetQueryExecutionCommand({ QueryExecutionId: id }));
    expect(running.QueryExecution?.Status?.State).toBe('RUNNING');
    await athena.send(new StopQueryExecutionCommand({ QueryExecutionId: id }));
    const stopped = await finish(athena, id);
    expect(stopped.Status?.State).toBe('CANCELLED');
    expect(stopped.Status?.CompletionDateTime).toEqual(NOW);
    expect(emulator.queries().find((q) => q.id === id)?.stopRequests).toEqual([NOW]);
  });

  it('throttles every 2nd request; the SDK retries each one and the audit still gets its rows', async () => {
    const before = emulator.requests.length;
    emulator.faults.throttle = { every: 2, kind: 'ThrottlingException' };
    const execution = await run(athena, singleScan());
    const [page] = await pages(athena, execution.QueryExecutionId!);
    expect(eventIds(texts(page))).toEqual(['e1', 'e2', 'e3', 'e4']);
    const seen = emulator.requests.slice(before);
    const throttled = seen.filter((r) => r.errorType === 'ThrottlingException');
    expect(throttled.length).toBeGreaterThanOrEqual(2);
    expect(throttled).toHaveLength(Math.floor(seen.length / 2));
    seen.forEach((request, i) => {
      expect(request.status).toBe(i % 2 === 1 ? 400 : 200);
      if (i % 2 === 1) {
        expect(request.errorType).toBe('ThrottlingException');
        expect(seen[i + 1]?.target).toBe(request.target);
        expect(seen[i + 1]?.body).toEqual(request.body);
      }
    });
  });

  it('retries past the concurrent-query quota with the same execution request', async () => {
    const before = emulator.requests.length;
    emulator.faults.throttle = {
      kind: 'TooManyRequestsException',
      operations: ['StartQueryExecution'],
      times: 1,
    };
    await run(athena, { QueryString: 'SELECT 3 AS three' });
    const starts = emulator.requests.slice(before).filter((r) => r.target === 'StartQueryExecution');
    expect(starts.map((r) => [r.status, r.errorType])).toEqual([
      [400, 'TooManyRequestsException'],
      [200, undefined],
    ]);
  });

  it('keeps one execution when a StartQueryExecution response is lost and the SDK retries', async () => {
    const before = emulator.queries().length;
    const requestsBefore = emulator.requests.length;
    emulator.faults.serverErrors = {
      operations: ['StartQueryExecution'],
      times: 1,
      afterHandling: true,
      status: 503,
    };
    const id = await start(athena, { QueryString: 'SELECT 4 AS four' });
    const starts = emulator.requests.slice(requestsBefore).filter((r) => r.target === 'StartQueryExecution');
    expect(starts.map((r) => r.status)).toEqual([503, 200]);
    const tokens = starts.map((r) => (r.body as { ClientRequestToken?: string }).ClientRequestToken);
    expect(tokens[0]).toBeDefined();
    expect(tokens[1]).toBe(tokens[0]);
    expect(
      emulator
        .queries()
        .slice(before)
        .map((q) => q.id),
    ).toEqual([id]);
  });

  it('answers a denied operation with AccessDeniedException naming the caller and the action', async () => {
    emulator.faults.deny = { operations: ['StartQueryExecution'] };
    const before = emulator.requests.length;
    const error = await caught(start(athena, { QueryString: 'SELECT 1 AS one' }));
    expect(error.name).toBe('AccessDeniedException');
    expect(error.message).toBe(
      'User: arn:aws:sts::123456789012:assumed-role/test/ci is not authorized to perform: athena:StartQueryExecution on resource: arn:aws:athena:us-east-1:123456789012:workgroup/primary because no identity-based policy allows the athena:StartQueryExecution action',
    );
    expect((error.$metadata as { httpStatusCode: number }).httpStatusCode).toBe(400);
    expect(emulator.requests.slice(before).map((r) => r.errorType)).toEqual(['AccessDeniedException']);
  });

  it('is reached by a client configured only through the standard environment variables', async () => {
    const names = ['AWS_ENDPOINT_URL_ATHENA', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_REGION'];
    const saved = names.map((name) => process.env[name]);
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_ATHENA: emulator.endpoint,
      AWS_ACCESS_KEY_ID: 'AKIDEMULATOR',
      AWS_SECRET_ACCESS_KEY: 'emulator-secret',
      AWS_REGION: REGION,
    });
    const client = new AthenaClient({});
    try {
      const before = emulator.requests.length;
      const { TableMetadata } = await client.send(
        new GetTableMetadataCommand({
          CatalogName: 'AwsDataCatalog',
          DatabaseName: 'default',
          TableName: TABLE.table,
        }),
      );
      expect(TableMetadata?.Name).toBe(TABLE.table);
      expect(emulator.requests.slice(before).map((r) => r.target)).toEqual(['GetTableMetadata']);
    } finally {
      client.destroy();
      names.forEach((name, i) => {
        if (saved[i] === undefined) delete process.env[name];
        else process.env[name] = saved[i];
      });
    }
  });

  it('answers an operation it does not know with UnknownOperationException', async () => {
    const response = await fetch(emulator.endpoint, {
      method: 'POST',
      headers: { 'x-amz-target': 'AmazonAthena.ListWidgets', 'content-type': 'application/x-amz-json-1.1' },
      body: '{}',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ __type: 'UnknownOperationException' });
  });
});

describe('the Athena emulator with its own options', () => {
  it('moves a query from QUEUED to RUNNING to SUCCEEDED on its clock, and applies DDL only on completion', async () => {
    let clock = new Date('2025-01-20T00:00:00Z');
    const timed = await startAthenaEmulator({
      bucketsDir,
      now: () => clock,
      latency: { queueMs: 1000, runMs: 2000 },
    });
    const client = athenaClient(timed);
    const advance = (ms: number) => (clock = new Date(clock.getTime() + ms));
    const state = async (id: string) =>
      (await client.send(new GetQueryExecutionCommand({ QueryExecutionId: id }))).QueryExecution!;
    const metadata = () =>
      client.send(
        new GetTableMetadataCommand({
          CatalogName: 'AwsDataCatalog',
          DatabaseName: 'default',
          TableName: TABLE.table,
        }),
      );
    try {
      const submitted = clock;
      const id = await start(client, { QueryString: createTableStatement(TABLE, LAYOUT).sql });
      expect((await state(id)).Status?.State).toBe('QUEUED');
      advance(1000);
      expect((await state(id)).Status?.State).toBe('RUNNING');
      expect((await caught(metadata())).name).toBe('MetadataException');
      advance(1999);
      expect((await state(id)).Status?.State).toBe('RUNNING');
      advance(1);
      const done = await state(id);
      expect(done.Status).toMatchObject({
        State: 'SUCCEEDED',
        SubmissionDateTime: submitted,
        CompletionDateTime: new Date(submitted.getTime() + 3000),
      });
      expect(done.Statistics).toMatchObject({
        QueryQueueTimeInMillis: 1000,
        EngineExecutionTimeInMillis: 2000,
        TotalExecutionTimeInMillis: 3000,
        DataScannedInBytes: 0,
      });
      expect((await metadata()).TableMetadata?.Name).toBe(TABLE.table);

      const query = await start(client, { QueryString: 'SELECT 1 AS one' });
      const queued = await caught(client.send(new GetQueryResultsCommand({ QueryExecutionId: query })));
      expect(queued.message).toBe('Query has not yet finished. Current state: QUEUED');
      advance(3000);
      const finished = await finish(client, query);
      expect(finished.Status?.State).toBe('SUCCEEDED');
    } finally {
      client.destroy();
      await timed.close();
    }
  });

  it('requires an output location unless the workgroup has one, and refuses one where results are managed', async () => {
    const grouped = await startAthenaEmulator({
      bucketsDir,
      now: () => NOW,
      workgroups: {
        primary: {},
        audit: { outputLocation: 's3://results/audit/' },
        managed: { managedResults: true },
      },
    });
    const client = athenaClient(grouped);
    try {
      const send = (input: Partial<StartQueryExecutionCommandInput>) =>
        client.send(new StartQueryExecutionCommand({ QueryString: 'SELECT 1 AS one', ...input }));
      const missing = await caught(send({}));
      expect(missing.name).toBe('InvalidRequestException');
      expect(missing.message).toContain('output location');

      const { QueryExecutionId } = await send({ WorkGroup: 'audit' });
      const execution = await finish(client, QueryExecutionId!);
      expect(execution.ResultConfiguration?.OutputLocation).toBe(
        `s3://results/audit/${QueryExecutionId}.csv`,
      );

      const refused = await caught(send({ WorkGroup: 'managed', ...OUTPUT }));
      expect(refused.name).toBe('InvalidRequestException');
      expect((await send({ WorkGroup: 'managed' })).QueryExecutionId).toBeDefined();
    } finally {
      client.destroy();
      await grouped.close();
    }
  });

  it("lists a workgroup's executions newest first, 50 a page, and describes them in batches", async () => {
    let clock = NOW.getTime();
    const history = await startAthenaEmulator({
      bucketsDir,
      now: () => new Date(clock),
      workgroups: { primary: { outputLocation: 's3://results/' }, other: { outputLocation: 's3://other/' } },
    });
    // Held RUNNING, they cost no query work.
    history.faults.hangQueries = { match: /^SELECT/ };
    const client = athenaClient(history);
    const list = (input: { WorkGroup?: string; MaxResults?: number; NextToken?: string }) =>
      client.send(new ListQueryExecutionsCommand(input));
    try {
      const ids: string[] = [];
      for (let n = 0; n < 60; n++) {
        clock += 1000;
        ids.push(await start(client, { QueryString: `SELECT ${n} AS n` }));
      }
      const elsewhere = await start(client, { QueryString: 'SELECT 1 AS one', WorkGroup: 'other' });
      const newestFirst = [...ids].reverse();

      const first = await list({ WorkGroup: 'primary' });
      expect(first.QueryExecutionIds).toEqual(newestFirst.slice(0, 50));
      expect(first.NextToken).toEqual(expect.any(String));
      // A query started between two pages shifts nothing on the next.
      await start(client, { QueryString: 'SELECT 60 AS n' });
      const second = await list({ WorkGroup: 'primary', NextToken: first.NextToken });
      expect(second.QueryExecutionIds).toEqual(newestFirst.slice(50));
      expect(second.NextToken).toBeUndefined();
      expect((await list({ MaxResults: 7 })).QueryExecutionIds).toHaveLength(7);
      expect((await list({ WorkGroup: 'other' })).QueryExecutionIds).toEqual([elsewhere]);

      const tooMany = await caught(list({ MaxResults: 51 }));
      expect(tooMany.name).toBe('InvalidRequestException');
      expect(tooMany.message).toContain("at 'maxResults' failed to satisfy constraint");
      expect((await caught(list({ WorkGroup: 'missing' }))).message).toBe('WorkGroup missing is not found.');
      expect((await caught(list({ NextToken: 'not-a-token' }))).name).toBe('InvalidRequestException');

      const batch = await client.send(
        new BatchGetQueryExecutionCommand({ QueryExecutionIds: [ids[0]!, 'no-such-query'] }),
      );
      const { QueryExecution: described } = await client.send(
        new GetQueryExecutionCommand({ QueryExecutionId: ids[0]! }),
      );
      expect(batch.QueryExecutions).toEqual([described]);
      expect(described).toMatchObject({
        Query: 'SELECT 0 AS n',
        WorkGroup: 'primary',
        Status: { SubmissionDateTime: new Date(NOW.getTime() + 1000) },
      });
      expect(batch.UnprocessedQueryExecutionIds).toEqual([
        {
          QueryExecutionId: 'no-such-query',
          ErrorCode: 'INVALID_INPUT',
          ErrorMessage: 'QueryExecution no-such-query was not found',
        },
      ]);
      for (const QueryExecutionIds of [[], [...ids, 'one-too-many'].slice(0, 51)]) {
        const refused = await caught(client.send(new BatchGetQueryExecutionCommand({ QueryExecutionIds })));
        expect(refused.name).toBe('InvalidRequestException');
      }
    } finally {
      client.destroy();
      await history.close();
    }
  });

  it('loses every answer to StartQueryExecution after it took effect: one execution, never an answer', async () => {
    const lossy = await startAthenaEmulator({
      bucketsDir,
      now: () => NOW,
      workgroups: { primary: { outputLocation: 's3://results/' } },
    });
    lossy.faults.lostAnswers = { operations: ['StartQueryExecution'] };
    const client = athenaClient(lossy);
    try {
      const error = await caught(start(client, { QueryString: 'SELECT 5 AS five' }));
      expect(error.message).toBe('socket hang up');
      const starts = lossy.requests.filter((r) => r.target === 'StartQueryExecution');
      // The SDK's ten attempts, every one with the same token, none answered.
      expect(starts).toHaveLength(10);
      expect(starts.every((r) => r.status === 0)).toBe(true);
      expect(
        new Set(starts.map((r) => (r.body as { ClientRequestToken: string }).ClientRequestToken)).size,
      ).toBe(1);
      expect(lossy.queries().map((q) => q.sql)).toEqual(['SELECT 5 AS five']);
      // Other operations are answered as ever.
      const { QueryExecutionIds } = await client.send(new ListQueryExecutionsCommand({}));
      expect(QueryExecutionIds).toEqual([lossy.queries()[0]!.id]);
    } finally {
      client.destroy();
      await lossy.close();
    }
  });

  it('caps page sizes at pageSizeCap whatever MaxResults asks', async () => {
    const capped = await startAthenaEmulator({ bucketsDir, now: () => NOW, pageSizeCap: 2 });
    const client = athenaClient(capped);
    try {
      const execution = await run(client, {
        QueryString: 'SELECT * FROM (VALUES (1), (2), (3)) AS t(n) ORDER BY n',
      });
      const sets = await pages(client, execution.QueryExecutionId!, 1000);
      expect(sets.map(texts)).toEqual([
        [['n'], ['1']],
        [['2'], ['3']],
      ]);
    } finally {
      client.destroy();
      await capped.close();
    }
  });
});
