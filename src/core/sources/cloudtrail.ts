/** A trail's CloudTrail log files, through the partition-projected table this tool creates or checks. */
import type { LayoutTable, TableLayout } from '../layout.js';
import { windowPredicate } from '../query-sets/window.js';
import { CLOUDTRAIL_COLUMNS } from '../schema.js';
import { SAMPLE_LOGS_DIR } from '../sample.js';
import { qualifiedName, quoteIdentifier, stringLiteral } from '../sql.js';
import type { AuditSource, SourceRelation } from './source.js';

/** A partition column, or the one value the layout has instead of it (a validated account id or region). */
function partitionOrValue(layout: TableLayout, partition: 'account' | 'region'): string {
  if (layout.partitions.includes(partition)) return quoteIdentifier(partition);
  const values = partition === 'account' ? layout.accounts : layout.regions;
  return stringLiteral(values[0]!);
}

/**
 * The layout a record's file sits in: the folders before its account's, `s3://BUCKET/PREFIX/AWSLogs/o-ID/`, read
 * from the file's path, as Trino and DuckDB both extract it.
 */
function layoutOf(path: string): string {
  return `regexp_extract(${path}, ${stringLiteral('^(.*/AWSLogs/(o-[a-z0-9]+/)?)[0-9]+/CloudTrail/')}, 1)`;
}

/** The parts the explanation reads: the CloudTrail table's own columns. */
const DETAILS: SourceRelation['details'] = {
  columns: ['requestparameters', 'responseelements', 'serviceeventdetails', 'resources'],
  sql: {
    requestParameters: 'requestparameters',
    responseElements: 'responseelements',
    serviceEventDetails: 'serviceeventdetails',
    resources: 'resources',
  },
};

/**
 * Several layouts' tables read as one relation: each table's rows with its account, region, day and file, the
 * window's partitions filtered in each, one after the other (UNION ALL). Every byte is read once, as from one table.
 */
function union(
  tables: readonly LayoutTable[],
  window: Parameters<AuditSource['relation']>[1],
  exactTimes: boolean,
): SourceRelation {
  const columns = CLOUDTRAIL_COLUMNS.map((c) => quoteIdentifier(c.name)).join(', ');
  const parameters: SourceRelation['parameters'][number][] = [];
  const selects = tables.map(({ name, layout }) => {
    const where = windowPredicate(window, layout, { exactTimes });
    parameters.push(...where.parameters);
    return [
      `  SELECT ${columns},`,
      `    ${partitionOrValue(layout, 'account')} AS log_account_id, ${partitionOrValue(layout, 'region')} AS log_region_name,`,
      `    "timestamp" AS log_day, "$path" AS log_path`,
      `  FROM ${qualifiedName(name)}`,
      `  WHERE ${where.sql.replaceAll('\n', '\n  ')}`,
    ].join('\n');
  });
  return {
    from: `(\n${selects.join('\n  UNION ALL\n')}\n) AS ${quoteIdentifier('layouts')}`,
    where: undefined,
    parameters,
    account: 'log_account_id',
    region: 'log_region_name',
    day: 'log_day',
    path: 'log_path',
    layout: layoutOf('log_path'),
    details: DETAILS,
  };
}

export const CLOUDTRAIL_SOURCE: AuditSource = {
  name: 'cloudtrail',
  version: null,
  title: 'CloudTrail',
  description: null,
  bucket: 'the trail bucket',
  sampleFolder: SAMPLE_LOGS_DIR,
  partitionColumns: (layout) => layout.partitions,
  relation(tables, window, { exactTimes }) {
    if (tables.length > 1) return union(tables, window, exactTimes);
    const { name, layout } = tables[0]!;
    const where = windowPredicate(window, layout, { exactTimes });
    return {
      from: qualifiedName(name),
      where: where.sql,
      parameters: where.parameters,
      account: partitionOrValue(layout, 'account'),
      region: partitionOrValue(layout, 'region'),
      day: '"timestamp"',
      path: '"$path"',
      layout: layoutOf('"$path"'),
      details: DETAILS,
    };
  },
};
