/** The Athena (Hive) DDL of the partition-projected CloudTrail table: the article's statement, generalised. */
import type { TablePlan, TableRequest } from '../../core/engine.js';
import { tableLayout, type TableLayout } from '../../core/layout.js';
import { CLOUDTRAIL_COLUMNS, hiveType } from '../../core/schema.js';
import { qualifiedHiveName, quoteHiveIdentifier, stringLiteral, type Statement } from '../../core/sql.js';
import type { TableName } from '../../core/types.js';

export const JSON_SERDE = 'org.apache.hive.hcatalog.data.JsonSerDe';
export const INPUT_FORMAT = 'com.amazon.emr.cloudtrail.CloudTrailInputFormat';
export const OUTPUT_FORMAT = 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat';

export function createTableStatement(name: TableName, layout: TableLayout): Statement {
  const columns = CLOUDTRAIL_COLUMNS.map((c) => `  ${c.name} ${hiveType(c.type)}`).join(',\n');
  const partitions = layout.partitions.map((p) => `${quoteHiveIdentifier(p)} string`).join(', ');
  const properties = layout.properties
    .map(([key, value]) => `  ${stringLiteral(key)}=${stringLiteral(value)}`)
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
    id: 'create-table',
    title: `Create ${name.database}.${name.table} if it does not exist`,
    sql,
    parameters: [],
  };
}

/** What Athena would run to prepare the table the request asks for: no AWS call, so `--dry-run` needs none. */
export async function planTable(request: TableRequest): Promise<TablePlan> {
  const layout = tableLayout(request.layout);
  return { layout, statements: [createTableStatement(request, layout)] };
}
