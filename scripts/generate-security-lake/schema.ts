/**
 * The columns of the SYNTHETIC sample's Parquet objects, per source version: the OCSF columns Security Lake's
 * own CloudTrail samples hold (aws-samples/amazon-security-lake-ocsf-validation), written once and rendered as
 * DuckDB types (to write the objects) and as Glue's type text (for the Athena emulator's catalog).
 */
import type { SecurityLakeVersion } from '../../src/core/sources/ocsf.js';

export type ColumnType =
  | 'string'
  | 'bigint'
  | 'int'
  | 'boolean'
  | 'timestamp'
  | 'map'
  /** An array of the one element type. */
  | readonly [ColumnType]
  | { readonly [field: string]: ColumnType };

type Struct = { readonly [field: string]: ColumnType };

const CLOUD: Struct = { region: 'string', provider: 'string' };
const API: Struct = {
  response: { error: 'string', message: 'string' },
  operation: 'string',
  version: 'string',
  service: { name: 'string' },
  request: { uid: 'string' },
};
const ENDPOINT: Struct = { uid: 'string', ip: 'string', domain: 'string' };
const PRODUCT: Struct = {
  version: 'string',
  name: 'string',
  vendor_name: 'string',
  feature: { name: 'string' },
};
const CLASS: Struct = {
  class_name: 'string',
  class_uid: 'int',
  category_name: 'string',
  category_uid: 'int',
  severity_id: 'int',
  severity: 'string',
  status: 'string',
  activity_name: 'string',
  activity_id: 'int',
  type_uid: 'bigint',
  type_name: 'string',
};

/** Every column of a version's objects, in their order. Version 1 keeps its partitions in the keys only. */
export const SECURITY_LAKE_COLUMNS: Readonly<Record<SecurityLakeVersion, Struct>> = {
  '2.0': {
    metadata: {
      product: PRODUCT,
      event_code: 'string',
      uid: 'string',
      profiles: ['string'],
      version: 'string',
    },
    time: 'bigint',
    time_dt: 'timestamp',
    cloud: CLOUD,
    api: API,
    resources: [{ uid: 'string', owner: { account: { uid: 'string' } }, type: 'string' }],
    actor: {
      user: {
        type: 'string',
        name: 'string',
        uid_alt: 'string',
        uid: 'string',
        account: { uid: 'string' },
        credential_uid: 'string',
      },
      session: { created_time_dt: 'timestamp', is_mfa: 'boolean', issuer: 'string' },
      invoked_by: 'string',
      idp: { name: 'string' },
    },
    http_request: { user_agent: 'string' },
    src_endpoint: ENDPOINT,
    ...CLASS,
    unmapped: 'map',
    accountid: 'string',
    region: 'string',
    asl_version: 'string',
  },
  '1.0': {
    metadata: { product: PRODUCT, uid: 'string', profiles: ['string'], version: 'string' },
    time: 'bigint',
    cloud: CLOUD,
    api: API,
    resources: [{ uid: 'string', account_uid: 'string', type: 'string' }],
    actor: {
      user: {
        type: 'string',
        name: 'string',
        uid: 'string',
        uuid: 'string',
        account_uid: 'string',
        credential_uid: 'string',
      },
      session: { created_time: 'bigint', mfa: 'boolean', issuer: 'string' },
      invoked_by: 'string',
      idp: { name: 'string' },
    },
    http_request: { user_agent: 'string' },
    src_endpoint: ENDPOINT,
    ...CLASS,
    unmapped: 'map',
  },
};

/** Version 1's Hive partition columns, which its keys name and its objects do not hold. */
export const VERSION_1_PARTITIONS = ['region', 'accountid', 'eventday'] as const;

function isArray(type: ColumnType): type is readonly [ColumnType] {
  return Array.isArray(type);
}

const DUCKDB: Record<string, string> = {
  string: 'VARCHAR',
  bigint: 'BIGINT',
  int: 'INTEGER',
  boolean: 'BOOLEAN',
  timestamp: 'TIMESTAMP',
  map: 'MAP(VARCHAR, VARCHAR)',
};

export function duckDbType(type: ColumnType): string {
  if (typeof type === 'string') return DUCKDB[type]!;
  if (isArray(type)) return `${duckDbType(type[0])}[]`;
  return `STRUCT(${Object.entries(type)
    .map(([name, inner]) => `"${name}" ${duckDbType(inner)}`)
    .join(', ')})`;
}

/** Glue's spelling: `struct<region:string,...>`, `array<string>`, `map<string,string>`. */
export function glueType(type: ColumnType): string {
  if (typeof type === 'string') return type === 'map' ? 'map<string,string>' : type;
  if (isArray(type)) return `array<${glueType(type[0])}>`;
  return `struct<${Object.entries(type)
    .map(([name, inner]) => `${name}:${glueType(inner)}`)
    .join(',')}>`;
}
