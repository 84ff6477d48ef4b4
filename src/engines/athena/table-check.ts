/**
 * Is an existing Athena table fit for the audit the inputs ask for? Compares its metadata with the layout and
 * lists every difference, with the statement that would fix it. Pure: the Athena engine fetches the metadata.
 */
import { partitionDay } from '../../core/dates.js';
import type { TableLayout } from '../../core/layout.js';
import { qualifiedHiveName, stringLiteral } from '../../core/sql.js';
import type { TableName } from '../../core/types.js';
import { createTableStatement } from './ddl.js';

export interface TableMetadataView {
  readonly columns: readonly string[];
  readonly partitionKeys: readonly string[];
  readonly parameters: Readonly<Record<string, string>>;
}

/** The columns the queries read; a table without one of them cannot answer the audit. */
const REQUIRED_COLUMNS = [
  'useridentity',
  'eventtime',
  'eventsource',
  'eventname',
  'awsregion',
  'sourceipaddress',
  'useragent',
  'errorcode',
  'eventid',
  'readonly',
  'recipientaccountid',
];

export interface TableFitness {
  readonly fit: boolean;
  readonly differences: readonly string[];
  /** What to run, or which input to change, to get a fit table. */
  readonly remedy: string;
}

function projectedValues(parameters: Readonly<Record<string, string>>, partition: string): string[] | 'any' {
  const type = parameters[`projection.${partition}.type`];
  if (type === 'injected') return 'any';
  return (parameters[`projection.${partition}.values`] ?? '').split(',').map((v) => v.trim());
}

export function checkTable(
  name: TableName,
  metadata: TableMetadataView,
  layout: TableLayout,
  windowStart: string,
): TableFitness {
  const { parameters } = metadata;
  const qualified = `${name.database}.${name.table}`;
  const recreate = createTableStatement({ database: name.database, table: `${name.table}_v2` }, layout).sql;
  if (parameters['projection.enabled'] !== 'true') {
    const legacy = (parameters['serde.serialization.lib'] ?? '').includes('CloudTrailSerde');
    return {
      fit: false,
      differences: [
        legacy
          ? `${qualified} is a pre-2022 CloudTrail table (CloudTrailSerde, partitions added by hand): its partitions are not projected, so the audit cannot know which days it holds`
          : `${qualified} does not use partition projection (projection.enabled is not true)`,
      ],
      remedy: `Create a projected table under another name with --table (the statement is below), or let this tool create one:\n${recreate};`,
    };
  }
  const differences: string[] = [];
  const missingColumns = REQUIRED_COLUMNS.filter((c) => !metadata.columns.includes(c));
  if (missingColumns.length > 0) differences.push(`missing columns: ${missingColumns.join(', ')}`);
  if (metadata.partitionKeys.join(',') !== layout.partitions.join(',')) {
    differences.push(
      `partition keys are (${metadata.partitionKeys.join(', ')}); the inputs need (${layout.partitions.join(', ')})`,
    );
  }
  const template = parameters['storage.location.template'];
  if (template !== layout.storageTemplate) {
    differences.push(
      `storage.location.template is ${template ?? 'missing'}; the inputs need ${layout.storageTemplate}`,
    );
  }
  for (const [partition, asked] of [
    ['account', layout.accounts],
    ['region', layout.regions],
  ] as const) {
    if (!layout.partitions.includes(partition) || !metadata.partitionKeys.includes(partition)) continue;
    const values = projectedValues(parameters, partition);
    const missing = values === 'any' ? [] : asked.filter((v) => !values.includes(v));
    if (missing.length > 0) differences.push(`projection.${partition}.values lacks ${missing.join(', ')}`);
  }
  if (
    parameters['projection.timestamp.type'] !== 'date' ||
    parameters['projection.timestamp.format'] !== 'yyyy/MM/dd'
  ) {
    differences.push('the timestamp partition is not projected as a yyyy/MM/dd date');
  }
  const rangeStart = (parameters['projection.timestamp.range'] ?? '').split(',')[0]?.trim() ?? '';
  if (!(rangeStart <= partitionDay(windowStart))) {
    differences.push(
      `projection.timestamp.range starts at ${rangeStart || 'nothing'}, after the window start ${partitionDay(windowStart)}: Athena would silently return no rows before it`,
    );
  }
  if (differences.length === 0) return { fit: true, differences, remedy: '' };
  const structural =
    missingColumns.length > 0 || metadata.partitionKeys.join(',') !== layout.partitions.join(',');
  const alter = layout.properties
    .filter(([key, value]) => key !== 'projection.enabled' && parameters[key] !== value)
    .map(([key, value]) => `  ${stringLiteral(key)}=${stringLiteral(value)}`)
    .join(',\n');
  return {
    fit: false,
    differences,
    remedy: structural
      ? `The table's shape differs: use another --table name and let this tool create it, or create it with:\n${recreate};`
      : `Update the table's projection with:\nALTER TABLE ${qualifiedHiveName(name)} SET TBLPROPERTIES (\n${alter}\n);`,
  };
}
