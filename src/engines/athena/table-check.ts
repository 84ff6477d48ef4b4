/**
 * Is an existing Athena table fit for the audit the inputs ask for? Compares its metadata with the layout and
 * lists every difference, with the statement that would fix it. Pure: the Athena engine fetches the metadata.
 */
import type { TableMetadata } from '@aws-sdk/client-athena';
import { deliveryDays, partitionDay } from '../../core/dates.js';
import { tableLayout, type TableLayout, type TableLayoutInput, type TableShape } from '../../core/layout.js';
import { qualifiedHiveName, stringLiteral } from '../../core/sql.js';
import type { AuditWindow, TableName } from '../../core/types.js';
import { createTableStatement } from './ddl.js';
import { projectionOf } from './projection.js';

export interface TableMetadataView {
  readonly columns: readonly string[];
  readonly partitionKeys: readonly string[];
  readonly parameters: Readonly<Record<string, string>>;
  /** Glue's type text of each column (`struct<...>`), where the check needs the fields inside. */
  readonly columnTypes?: Readonly<Record<string, string>>;
}

/** What the check needs of GetTableMetadata's answer. */
export function metadataView(metadata: TableMetadata): TableMetadataView {
  const columns = metadata.Columns ?? [];
  return {
    columns: columns.map((c) => c.Name ?? ''),
    partitionKeys: (metadata.PartitionKeys ?? []).map((c) => c.Name ?? ''),
    parameters: metadata.Parameters ?? {},
    columnTypes: Object.fromEntries(columns.map((c) => [c.Name ?? '', c.Type ?? ''])),
  };
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
  /** How to query the table, when it is fit. */
  readonly layout?: TableLayout;
}

function projectedValues(parameters: Readonly<Record<string, string>>, partition: string): string[] | 'any' {
  const type = parameters[`projection.${partition}.type`];
  if (type === 'injected') return 'any';
  return (parameters[`projection.${partition}.values`] ?? '').split(',').map((v) => v.trim());
}

/**
 * Which partitions an existing table has besides `timestamp`, or undefined when its keys are not the ones
 * this tool's tables have (account, region, timestamp, in any order, timestamp among them).
 */
function shapeOf(partitionKeys: readonly string[]): TableShape | undefined {
  const known = partitionKeys.every((k) => k === 'account' || k === 'region' || k === 'timestamp');
  if (!known || !partitionKeys.includes('timestamp')) return undefined;
  return { byAccount: partitionKeys.includes('account'), byRegion: partitionKeys.includes('region') };
}

/**
 * Whether the table at `name` can answer the audit `input` asks for, exactly: it projects the same bucket and
 * key layout, and partitions by account and region wherever the audit asks for more than one (a table that
 * partitions where the audit asks for one is fine: its partition filter selects it). When it can, the layout
 * says how to query it; when it cannot, every difference is listed with the statement that fixes it.
 */
export function checkTable(
  name: TableName,
  metadata: TableMetadataView,
  input: TableLayoutInput,
  window: AuditWindow,
): TableFitness {
  const { parameters } = metadata;
  const qualified = `${name.database}.${name.table}`;
  const recreate = createTableStatement(
    { database: name.database, table: `${name.table}_v2` },
    tableLayout(input),
  ).sql;
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
  const shape = shapeOf(metadata.partitionKeys);
  const keys = `partition keys are (${metadata.partitionKeys.join(', ')})`;
  if (shape === undefined) {
    differences.push(
      `${keys}; this tool reads tables partitioned by account, region and timestamp, or some of them`,
    );
  } else if (!shape.byAccount && input.accounts.length > 1) {
    differences.push(
      `${keys}: without an account partition it holds one account's logs, and the inputs ask for ${input.accounts.length} accounts`,
    );
  } else if (!shape.byRegion && input.regions.length > 1) {
    differences.push(
      `${keys}: without a region partition it holds one region's logs, and the inputs ask for ${input.regions.length} regions`,
    );
  }
  if (differences.length > 0) {
    return {
      fit: false,
      differences,
      remedy: `The table's shape differs: use another --table name and let this tool create it, or create it with:\n${recreate};`,
    };
  }
  const layout = tableLayout(input, shape);
  const projection = projectionOf(layout);
  const template = parameters['storage.location.template'];
  if (template !== projection.storageTemplate) {
    differences.push(
      `storage.location.template is ${template ?? 'missing'}; the inputs need ${projection.storageTemplate}`,
    );
  }
  const widened = new Map<string, string>();
  for (const [partition, asked] of [
    ['account', layout.accounts],
    ['region', layout.regions],
  ] as const) {
    if (!layout.partitions.includes(partition)) continue;
    const values = projectedValues(parameters, partition);
    if (values === 'any') continue;
    const missing = asked.filter((v) => !values.includes(v));
    if (missing.length === 0) continue;
    differences.push(`projection.${partition}.values lacks ${missing.join(', ')}`);
    widened.set(`projection.${partition}.values`, [...values.filter(Boolean), ...missing].join(','));
  }
  if (
    parameters['projection.timestamp.type'] !== 'date' ||
    parameters['projection.timestamp.format'] !== 'yyyy/MM/dd'
  ) {
    differences.push('the timestamp partition is not projected as a yyyy/MM/dd date');
  }
  const [rangeStart = '', rangeEnd = ''] = (parameters['projection.timestamp.range'] ?? '')
    .split(',')
    .map((v) => v.trim());
  const { first, last } = deliveryDays(window);
  if (!(rangeStart <= partitionDay(first))) {
    differences.push(
      `projection.timestamp.range starts at ${rangeStart || 'nothing'}, after the window start ${partitionDay(first)}: Athena would silently return no rows before it`,
    );
  }
  if (!rangeEnd.startsWith('NOW') && !(rangeEnd >= partitionDay(last))) {
    differences.push(
      `projection.timestamp.range ends at ${rangeEnd || 'nothing'}, before the window's last delivery day ${partitionDay(last)}: Athena would silently return no rows after it`,
    );
  }
  if (differences.length === 0) return { fit: true, differences, remedy: '', layout };
  const alter = projection.properties
    .map(([key, value]): readonly [string, string] => [key, widened.get(key) ?? value])
    .filter(
      ([key, value]) => key !== 'projection.enabled' && parameters[key] !== value && !key.endsWith('.type'),
    )
    .map(([key, value]) => `  ${stringLiteral(key)}=${stringLiteral(value)}`)
    .join(',\n');
  return {
    fit: false,
    differences,
    remedy: `Update the table's projection with:\nALTER TABLE ${qualifiedHiveName(name)} SET TBLPROPERTIES (\n${alter}\n);`,
  };
}
