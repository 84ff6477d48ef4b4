/**
 * How the CloudTrail table is laid over the bucket: which partition columns it has and where its files are.
 * Derived from the inputs only, so the same inputs always give the same table and the same partition filters in
 * the queries. How Athena's projection finds the files is Athena's (engines/athena/projection.ts).
 */
import type { TableName } from './types.js';

export type PartitionName = 'account' | 'region' | 'timestamp';

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
}

/** A table over one layout of the logs: its name in the catalog and how it is laid over the bucket. */
export interface LayoutTable {
  readonly name: TableName;
  readonly layout: TableLayout;
}

/** The key of the folder that holds one account's CloudTrail logs, e.g. `logs/AWSLogs/o-abc/111122223333/CloudTrail`. */
export function cloudTrailFolder(
  prefix: string,
  organizationId: string | undefined,
  account: string,
): string {
  return [prefix, 'AWSLogs', organizationId, account, 'CloudTrail'].filter(Boolean).join('/');
}

/**
 * The layouts the inputs name, the table's own first: under each prefix, an organization trail's
 * (`AWSLogs/o-ID/ACCOUNT/`) when an organization id is given, and an account trail's (`AWSLogs/ACCOUNT/`), since
 * a trail that moved to the organization left its earlier days there.
 */
export function namedLayouts(
  input: Omit<TableLayoutInput, 'prefix'> & { readonly prefixes: readonly string[] },
): TableLayoutInput[] {
  const { prefixes, ...rest } = input;
  return prefixes.flatMap((prefix) => [
    ...(input.organizationId === undefined ? [] : [{ ...rest, prefix }]),
    { ...rest, prefix, organizationId: undefined },
  ]);
}

/** The name of the table over the layout at `index` of the request's: the table's own, then `_2`, `_3`, ... */
export function layoutTableName(name: TableName, index: number): TableName {
  return index === 0 ? name : { database: name.database, table: `${name.table}_${index + 1}` };
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
  return {
    ...input,
    kind: byAccount ? (byRegion ? 'accounts-and-regions' : 'accounts') : byRegion ? 'regions' : 'single',
    partitions,
    location: tableLocation(input, shape),
  };
}

export function only(values: readonly string[]): string {
  if (values.length !== 1) throw new Error(`expected exactly one value, got ${values.length}`);
  return values[0]!;
}

/**
 * The deepest folder that holds every file of the table. Athena reads only what projection names, but a
 * LOCATION at `AWSLogs/` would let anyone who turns projection off read digests, Config and flow logs as if they
 * were CloudTrail records, so an account-partitioned table without an organization points at the first
 * account's folder.
 */
function tableLocation(input: TableLayoutInput, { byAccount, byRegion }: TableShape): string {
  const { root, prefix, organizationId, accounts } = input;
  if (byAccount) {
    if (organizationId !== undefined)
      return `${root}${[prefix, 'AWSLogs', organizationId].filter(Boolean).join('/')}`;
    return `${root}${cloudTrailFolder(prefix, undefined, accounts[0]!)}`;
  }
  const folder = `${root}${cloudTrailFolder(prefix, organizationId, only(accounts))}`;
  return byRegion ? folder : `${folder}/${only(input.regions)}`;
}
