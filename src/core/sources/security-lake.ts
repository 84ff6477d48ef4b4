/**
 * Amazon Security Lake's CloudTrail management events table (OCSF, Parquet), read as the CloudTrail table: a
 * subquery selects, for each CloudTrail field the audit reads, the OCSF column that holds it (see ocsf.ts), and
 * filters the table to the window's partitions where Athena can prune them (region, accountid and the day).
 *
 * Security Lake files each record under the UTC day of its event (version 2 partitions by `time_dt`, version 1
 * by `eventDay`), not under the day it was delivered. The audit still reads the day after the window, as it
 * does for a trail, so that both sources cover the same days; events of that day lie outside the window.
 */
import { addDays, deliveryDays } from '../dates.js';
import type { TableLayout, TableLayoutInput } from '../layout.js';
import { SECURITY_LAKE_SAMPLE_DIR } from '../sample.js';
import { qualifiedName, quoteIdentifier, stringLiteral, type SqlValue } from '../sql.js';
import type { AuditWindow, TableName } from '../types.js';
import { DETAIL_PATHS, type DetailPart } from '../explain/details.js';
import {
  CLOUDTRAIL_FIELDS,
  datedSql,
  detailField,
  ocsfSql,
  undatedSql,
  VERSION_SPECS,
  type CloudTrailField,
  type OcsfTime,
  type SecurityLakeVersion,
} from './ocsf.js';
import type { AuditSource, SourceRelation } from './source.js';

/** The key prefix of the CloudTrail management events of a version in the Security Lake bucket. */
export function securityLakeFolder(version: SecurityLakeVersion): string {
  return `aws/CLOUD_TRAIL_MGMT/${version}`;
}

/**
 * The database and table Security Lake registers in the Glue catalog of `region` for a version, e.g.
 * `amazon_security_lake_glue_db_us_east_1`.`amazon_security_lake_table_us_east_1_cloud_trail_mgmt_2_0`.
 */
export function securityLakeTableName(region: string, version: SecurityLakeVersion): TableName {
  const suffix = region.replaceAll('-', '_');
  return {
    database: `amazon_security_lake_glue_db_${suffix}`,
    table: `amazon_security_lake_table_${suffix}_cloud_trail_mgmt_${version.replace('.', '_')}`,
  };
}

/** The version a table's name ends with; version 2 when it names none. */
export function versionOfTableName(table: string): SecurityLakeVersion {
  return table.endsWith('_1_0') ? '1.0' : '2.0';
}

/** The layout of an audit of the table at `location`: it partitions by account, region and day. */
export function securityLakeLayout(input: TableLayoutInput, location: string): TableLayout {
  return {
    ...input,
    kind: 'accounts-and-regions',
    partitions: ['account', 'region', 'timestamp'],
    location,
  };
}

/** Each CloudTrail field the audit reads, as the CloudTrail table names it, from its OCSF column. */
function cloudTrailColumns(version: SecurityLakeVersion): string[] {
  const sql = (field: CloudTrailField) => ocsfSql(VERSION_SPECS[version].fields[field]);
  const flat = CLOUDTRAIL_FIELDS.filter((f) => !f.includes('.'));
  const identity = [
    `CAST(ROW(${['type', 'arn', 'principalid', 'invokedby'].map((f) => sql(`useridentity.${f}` as CloudTrailField)).join(', ')}, ` +
      `ROW(ROW(${sql('useridentity.sessioncontext.sessionissuer.arn')}, ${sql('useridentity.sessioncontext.sessionissuer.username')}))) ` +
      'AS ROW(type varchar, arn varchar, principalid varchar, invokedby varchar, ' +
      'sessioncontext ROW(sessionissuer ROW(arn varchar, username varchar)))) AS useridentity',
  ];
  // What the parts the explanation reads are made of (see details): the map they are in, and the resources.
  return [
    ...flat.map((f) => `${sql(f)} AS ${f}`),
    ...identity,
    `${quoteIdentifier('unmapped')} AS ${quoteIdentifier('unmapped')}`,
    `${ocsfSql(VERSION_SPECS[version].fields.resources)} AS resources`,
  ];
}

/**
 * Each part the explanation reads of a record, as a JSON object of the keys it reads (see details.ts), made of
 * the map the relation carries; the resources as the relation names them.
 */
function details(version: SecurityLakeVersion): SourceRelation['details'] {
  const fields = VERSION_SPECS[version].fields;
  const part = (name: DetailPart) => {
    const paths = DETAIL_PATHS[name];
    const keys = paths.map((path) => stringLiteral(path)).join(', ');
    const values = paths.map((path) => ocsfSql(fields[detailField(name, path)]!)).join(', ');
    return `json_format(CAST(MAP(ARRAY[${keys}], ARRAY[${values}]) AS JSON))`;
  };
  return {
    columns: [quoteIdentifier('unmapped'), 'resources'],
    sql: {
      requestParameters: part('requestParameters'),
      responseElements: part('responseElements'),
      serviceEventDetails: part('serviceEventDetails'),
      resources: 'resources',
    },
  };
}

/** The partition filter of a version, and the day a record is filed under as `YYYY/MM/DD`. */
function partitions(
  version: SecurityLakeVersion,
  window: AuditWindow,
  exactTimes: boolean,
): { conditions: string[]; parameters: SqlValue[]; day: string } {
  const days = deliveryDays(window);
  const times = exactTimes ? [window.start, days.last] : [days.first, addDays(days.last, 1)];
  if (version === '2.0') {
    const time = VERSION_SPECS[version].fields.eventtime as OcsfTime;
    const range = ['time_dt >= CAST(? AS timestamp)', 'time_dt < CAST(? AS timestamp)'];
    return {
      // A record whose time is not a time has no day: it is read wherever it lies (see undatedSql).
      conditions: exactTimes ? range : [`(${range.join(' AND ')} OR ${undatedSql(time)})`],
      parameters: times,
      day: `CASE WHEN ${datedSql(time)} THEN replace(substr(CAST(time_dt AS varchar), 1, 10), '-', '/') END`,
    };
  }
  const compact = (date: string) => date.replaceAll('-', '');
  return {
    conditions: ['eventday BETWEEN ? AND ?', ...(exactTimes ? ['"time" >= ?', '"time" < ?'] : [])],
    parameters: [
      compact(days.first),
      compact(days.last),
      ...(exactTimes ? times.map((date) => Date.parse(`${date}T00:00:00Z`)) : []),
    ],
    day: "substr(eventday, 1, 4) || '/' || substr(eventday, 5, 2) || '/' || substr(eventday, 7, 2)",
  };
}

/**
 * What the reports say of Security Lake: its version, its OCSF version, and what the days of the coverage are.
 */
function description(version: SecurityLakeVersion): string {
  return (
    `Amazon Security Lake, source version ${version.replace('.0', '')} (OCSF ${VERSION_SPECS[version].ocsf}): ` +
    "CloudTrail management events in OCSF. Security Lake files each record under its event's own day, so the " +
    'days of the coverage are event days, not delivery days.'
  );
}

export function securityLakeSource(version: SecurityLakeVersion): AuditSource {
  return {
    name: 'security-lake',
    version,
    title: 'CloudTrail, from Amazon Security Lake',
    description: description(version),
    bucket: 'the Security Lake bucket',
    sampleFolder: SECURITY_LAKE_SAMPLE_DIR,
    partitionColumns: () => ['region', 'accountid', version === '2.0' ? 'time_dt' : 'eventday'],
    relation(tables, window, { exactTimes }): SourceRelation {
      const { name: table, layout } = tables[0]!;
      const filter = partitions(version, window, exactTimes);
      const inList = (values: readonly string[]) => `(${values.map(() => '?').join(', ')})`;
      const conditions = [
        ...filter.conditions,
        `region IN ${inList(layout.regions)}`,
        `accountid IN ${inList(layout.accounts)}`,
      ];
      const columns = [
        ...cloudTrailColumns(version),
        'accountid AS source_account',
        'region AS source_region',
        `${filter.day} AS source_day`,
        `"$path" AS source_object`,
      ];
      const from = [
        '(',
        `  SELECT\n    ${columns.join(',\n    ')}`,
        `  FROM ${qualifiedName(table)}`,
        `  WHERE ${conditions.join('\n    AND ')}`,
        `) AS ${quoteIdentifier('ocsf')}`,
      ].join('\n');
      return {
        from,
        where: undefined,
        parameters: [...filter.parameters, ...layout.regions, ...layout.accounts],
        account: 'source_account',
        region: 'source_region',
        day: 'source_day',
        path: 'source_object',
        layout: 'CAST(NULL AS varchar)',
        details: details(version),
      };
    },
  };
}
