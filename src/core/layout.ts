/**
 * How the CloudTrail table is laid over the bucket: which partition columns it has, where its files are and
 * how Athena's partition projection finds them. Derived from the inputs only, so the same inputs always give
 * the same table, the same DDL and the same partition filters in the queries.
 */
import { partitionDay } from './dates.js';

export type PartitionName = 'account' | 'region' | 'timestamp';

/**
 * Athena advises enum projections of a few dozen values at most. Past that the account partition is
 * `injected`: Athena then takes the accounts from each query's equality filter, which every query here has.
 */
export const MAX_ENUM_VALUES = 40;

export interface TableLayoutInput {
  /** Where the bucket's keys start: `s3://BUCKET/` for Athena, the local copy's folder for the local engine. */
  readonly root: string;
  readonly prefix: string;
  readonly organizationId: string | undefined;
  readonly accounts: readonly string[];
  readonly regions: readonly string[];
  readonly projectionStart: string;
}

export interface TableLayout extends TableLayoutInput {
  /** `single`: the article's table (one account, one region); otherwise it partitions by account, region or both. */
  readonly kind: 'single' | 'regions' | 'accounts' | 'accounts-and-regions';
  /** Partition columns in DDL order; `timestamp` is always last. */
  readonly partitions: readonly PartitionName[];
  /** The table's LOCATION, without a trailing slash as in the article: a CloudTrail folder, never `AWSLogs/` itself. */
  readonly location: string;
  /** `storage.location.template`: where projection finds each partition's files. */
  readonly storageTemplate: string;
  readonly properties: ReadonlyArray<readonly [string, string]>;
}

/** The key of the folder that holds one account's CloudTrail logs, e.g. `logs/AWSLogs/o-abc/111122223333/CloudTrail`. */
export function cloudTrailFolder(
  prefix: string,
  organizationId: string | undefined,
  account: string,
): string {
  return [prefix, 'AWSLogs', organizationId, account, 'CloudTrail'].filter(Boolean).join('/');
}

/** Which partitions a table has besides `timestamp`. */
export interface TableShape {
  readonly byAccount: boolean;
  readonly byRegion: boolean;
}

/** The shape a new table gets: the article's table for one account and region, partitioned by what varies. */
export function shapeFor(input: TableLayoutInput): TableShape {
  return {
    byAccount: input.accounts.length > 1 || input.organizationId !== undefined,
    byRegion: input.regions.length > 1,
  };
}

/**
 * The layout of a table of `shape` over the inputs' bucket. An existing table of another shape can still
 * answer the inputs when it partitions by what they ask for more of: its partition filters then select them.
 */
export function tableLayout(input: TableLayoutInput, shape: TableShape = shapeFor(input)): TableLayout {
  const { byAccount, byRegion } = shape;
  const partitions: PartitionName[] = [
    ...(byAccount ? (['account'] as const) : []),
    ...(byRegion ? (['region'] as const) : []),
    'timestamp',
  ];
  const account = byAccount ? '${account}' : only(input.accounts);
  const region = byRegion ? '${region}' : only(input.regions);
  const storageTemplate = `${input.root}${cloudTrailFolder(input.prefix, input.organizationId, account)}/${region}/\${timestamp}`;

  const properties: Array<readonly [string, string]> = [['projection.enabled', 'true']];
  if (byAccount) {
    properties.push(
      ...(input.accounts.length > MAX_ENUM_VALUES
        ? [['projection.account.type', 'injected'] as const]
        : enumProjection('account', input.accounts)),
    );
  }
  if (byRegion) properties.push(...enumProjection('region', input.regions));
  properties.push(
    ['projection.timestamp.format', 'yyyy/MM/dd'],
    ['projection.timestamp.interval', '1'],
    ['projection.timestamp.interval.unit', 'DAYS'],
    ['projection.timestamp.range', `${partitionDay(input.projectionStart)},NOW`],
    ['projection.timestamp.type', 'date'],
    ['storage.location.template', storageTemplate],
  );

  return {
    ...input,
    kind: byAccount ? (byRegion ? 'accounts-and-regions' : 'accounts') : byRegion ? 'regions' : 'single',
    partitions,
    location: tableLocation(storageTemplate, input),
    storageTemplate,
    properties,
  };
}

function only(values: readonly string[]): string {
  if (values.length !== 1) throw new Error(`expected exactly one value, got ${values.length}`);
  return values[0]!;
}

function enumProjection(name: PartitionName, values: readonly string[]): Array<readonly [string, string]> {
  return [
    [`projection.${name}.type`, 'enum'],
    [`projection.${name}.values`, values.join(',')],
  ];
}

/**
 * The constant part of the template. Athena reads only what the template names once projection is on, but a
 * LOCATION at `AWSLogs/` would let anyone who turns projection off read digests, Config and flow logs as if they
 * were CloudTrail records, so the accounts-without-organization case points at the first account's folder.
 */
function tableLocation(storageTemplate: string, input: TableLayoutInput): string {
  const constant = storageTemplate.slice(0, storageTemplate.indexOf('${'));
  const location = constant.slice(0, constant.lastIndexOf('/'));
  if (location.endsWith('/AWSLogs')) {
    return `${input.root}${cloudTrailFolder(input.prefix, undefined, input.accounts[0]!)}`;
  }
  return location;
}
