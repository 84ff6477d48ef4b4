/** The Athena (Hive) DDL of the partition-projected CloudTrail table: the article's statement, generalised. */
import type { TablePlan, TableRequest } from '../../core/engine.js';
import { layoutTableName, tableLayout, type LayoutTable, type TableLayout } from '../../core/layout.js';
import { projectionOf } from './projection.js';
import { CLOUDTRAIL_COLUMNS, hiveType } from '../../core/schema.js';
import { qualifiedHiveName, quoteHiveIdentifier, stringLiteral, type Statement } from '../../core/sql.js';
import type { TableName } from '../../core/types.js';

export const JSON_SERDE = 'org.apache.hive.hcatalog.data.JsonSerDe';
export const INPUT_FORMAT = 'com.amazon.emr.cloudtrail.CloudTrailInputFormat';
export const OUTPUT_FORMAT = 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat';

export function createTableStatement(name: TableName, layout: TableLayout, index = 0): Statement {
  const columns = CLOUDTRAIL_COLUMNS.map((c) => `  ${c.name} ${hiveType(c.type)}`).join(',\n');
  const partitions = layout.partitions.map((p) => `${quoteHiveIdentifier(p)} string`).join(', ');
  const properties = projectionOf(layout)
    .properties.map(([key, value]) => `  ${stringLiteral(key)}=${stringLiteral(value)}`)
    .join(',\n');
  const sql = [
    `CREATE EXTERNAL TABLE IF NOT EXISTS ${qualifiedHiveName(name)} (`,
    columns,
    ')',
    `PARTITIONED BY (${partitions})`,
    `ROW FORMAT SERDE ${stringLiteral(JSON_SERDE)}`,
    `STORED AS INPUTFORMAT ${stringLiteral(INPUT_FORMAT)}`,
    `OUTPUTFORMAT ${stringLiteral(OUTPUT_FORMAT)}`,
    `LOCATION ${stringLiteral(layout.location)}`,
    'TBLPROPERTIES (',
    properties,
    ')',
  ].join('\n');
  return {
    id: index === 0 ? 'create-table' : `create-table-${index + 1}`,
    title: `Create ${name.database}.${name.table} if it does not exist`,
    sql,
    parameters: [],
  };
}

/** The tables a request reads, one over each layout it names, as this tool would create them. */
export function requestedTables(request: TableRequest): LayoutTable[] {
  return request.layouts.map((input, index) => ({
    name: layoutTableName(request, index),
    layout: tableLayout(input),
  }));
}

/** What Athena would run to prepare the tables the request asks for: no AWS call, so `--dry-run` needs none. */
export async function planTable(request: TableRequest): Promise<TablePlan> {
  const tables = requestedTables(request);
  return { tables, statements: tables.map(({ name, layout }, i) => createTableStatement(name, layout, i)) };
}
