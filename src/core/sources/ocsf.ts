/**
 * Where Amazon Security Lake keeps each CloudTrail field the audit reads, per source version: an OCSF column,
 * or a key of the `unmapped` map where the mapping leaves the field. docs/security-lake.md cites, row by row,
 * the published mappings and samples this follows. Rendered as SQL both Trino and DuckDB run.
 */
import { DETAIL_PATHS, DETAIL_PARTS, type DetailPart } from '../explain/details.js';
import { quoteIdentifier, stringLiteral } from '../sql.js';

export const SECURITY_LAKE_VERSIONS = ['2.0', '1.0'] as const;
export type SecurityLakeVersion = (typeof SECURITY_LAKE_VERSIONS)[number];

export type OcsfValue =
  | { readonly kind: 'column'; readonly path: readonly string[] }
  | { readonly kind: 'unmapped'; readonly key: string }
  | { readonly kind: 'first'; readonly values: readonly OcsfValue[] }
  /** An event time as CloudTrail writes it (`2026-11-02T09:41:12Z`), from a timestamp or epoch milliseconds. */
  | { readonly kind: 'time'; readonly value: OcsfValue; readonly unit: 'timestamp' | 'milliseconds' }
  /** A list of objects of which the audit reads each one's `uid` (an ARN): OCSF's `resources`. */
  | { readonly kind: 'uids'; readonly path: readonly string[] };

const column = (...path: string[]): OcsfValue => ({ kind: 'column', path });
const unmapped = (key: string): OcsfValue => ({ kind: 'unmapped', key });

/** The CloudTrail table's columns and fields the audit reads, by their path in that table. */
export const CLOUDTRAIL_FIELDS = [
  'eventid',
  'eventtime',
  'eventsource',
  'eventname',
  'awsregion',
  'recipientaccountid',
  'useridentity.type',
  'useridentity.arn',
  'useridentity.principalid',
  'useridentity.invokedby',
  'useridentity.sessioncontext.sessionissuer.arn',
  'useridentity.sessioncontext.sessionissuer.username',
  'sourceipaddress',
  'useragent',
  'readonly',
  'errorcode',
] as const;
export type CloudTrailField = (typeof CLOUDTRAIL_FIELDS)[number];

/** A part of a record the explanation reads (details.ts), by its part and path: `requestparameters.caseId`. */
export type DetailField = `${Lowercase<DetailPart>}.${string}`;

/** The `unmapped` key of a part's path: Security Lake keeps them under their dotted CloudTrail keys. */
export function detailField(part: DetailPart, path: string): DetailField {
  return `${part.toLowerCase() as Lowercase<DetailPart>}.${path}`;
}

/**
 * The parts the explanation reads, in `unmapped` for both versions; `resources` has its own column, whose
 * objects name each resource's ARN as `uid`.
 */
const DETAILS: Readonly<Record<DetailField | 'resources', OcsfValue>> = {
  ...Object.fromEntries(
    DETAIL_PARTS.flatMap((part) =>
      DETAIL_PATHS[part].map((path) => [detailField(part, path), unmapped(`${part}.${path}`)]),
    ),
  ),
  resources: { kind: 'uids', path: ['resources'] },
};

/** Fields both versions keep in the same place. */
const SHARED = {
  eventid: column('metadata', 'uid'),
  eventsource: column('api', 'service', 'name'),
  eventname: column('api', 'operation'),
  awsregion: column('cloud', 'region'),
  recipientaccountid: unmapped('recipientAccountId'),
  'useridentity.type': column('actor', 'user', 'type'),
  'useridentity.invokedby': column('actor', 'invoked_by'),
  'useridentity.sessioncontext.sessionissuer.arn': column('actor', 'session', 'issuer'),
  'useridentity.sessioncontext.sessionissuer.username': unmapped(
    'userIdentity.sessionContext.sessionIssuer.userName',
  ),
  // An IP address goes to src_endpoint.ip, a service's host name (support.amazonaws.com) to src_endpoint.domain.
  sourceipaddress: {
    kind: 'first',
    values: [column('src_endpoint', 'ip'), column('src_endpoint', 'domain')],
  },
  useragent: column('http_request', 'user_agent'),
  readonly: unmapped('readOnly'),
  errorcode: column('api', 'response', 'error'),
} as const satisfies Partial<Record<CloudTrailField, OcsfValue>>;

export interface VersionSpec {
  readonly version: SecurityLakeVersion;
  readonly ocsf: string;
  readonly fields: Readonly<Record<CloudTrailField, OcsfValue>> &
    Readonly<Record<DetailField | 'resources', OcsfValue>>;
}

export const VERSION_SPECS: Readonly<Record<SecurityLakeVersion, VersionSpec>> = {
  '2.0': {
    version: '2.0',
    ocsf: '1.1.0',
    fields: {
      ...SHARED,
      ...DETAILS,
      eventtime: { kind: 'time', value: column('time_dt'), unit: 'timestamp' },
      'useridentity.arn': column('actor', 'user', 'uid'),
      'useridentity.principalid': column('actor', 'user', 'uid_alt'),
    },
  },
  '1.0': {
    version: '1.0',
    ocsf: '1.0.0-rc.2',
    fields: {
      ...SHARED,
      ...DETAILS,
      eventtime: { kind: 'time', value: column('time'), unit: 'milliseconds' },
      'useridentity.arn': column('actor', 'user', 'uuid'),
      'useridentity.principalid': column('actor', 'user', 'uid'),
    },
  },
};

/** `2026-11-02 09:41:12[.000][ UTC]` as both engines cast a timestamp to text, reshaped as CloudTrail's eventTime. */
function isoSeconds(timestamp: string): string {
  return `replace(substr(CAST(${timestamp} AS varchar), 1, 19), ' ', 'T') || 'Z'`;
}

/**
 * The first and last time an eventTime can say (years 1 to 9999, as CloudTrail writes it), in each unit. A time
 * outside them (DuckDB's infinite timestamps, or years no text of four digits holds) is not a time.
 */
const TIME_RANGE = {
  timestamp: ["TIMESTAMP '0001-01-01 00:00:00'", "TIMESTAMP '9999-12-31 23:59:59.999999'"],
  milliseconds: ['-62135596800000', '253402300799999'],
} as const;

export type OcsfTime = Extract<OcsfValue, { kind: 'time' }>;

/** Whether a record's time is a time: within TIME_RANGE. */
export function datedSql(time: OcsfTime): string {
  const [first, last] = TIME_RANGE[time.unit];
  return `${ocsfSql(time.value)} BETWEEN ${first} AND ${last}`;
}

/**
 * Whether a record's time is not a time: NULL, or outside TIME_RANGE. Such a record is kept, with a NULL
 * eventTime, so that the measuring lists it as it lists a trail's record whose eventTime is not a time.
 */
export function undatedSql(time: OcsfTime): string {
  const value = ocsfSql(time.value);
  const [first, last] = TIME_RANGE[time.unit];
  return `${value} IS NULL OR ${value} < ${first} OR ${value} > ${last}`;
}

/**
 * The value as SQL. A key the record's `unmapped` map lacks is NULL: Trino's subscript fails on a missing key
 * (INVALID_FUNCTION_ARGUMENT) and `try` turns that error into NULL, as DuckDB's subscript already gives.
 */
export function ocsfSql(value: OcsfValue): string {
  switch (value.kind) {
    case 'column':
    case 'uids':
      return value.path.map(quoteIdentifier).join('.');
    case 'unmapped':
      return `try(${quoteIdentifier('unmapped')}[${stringLiteral(value.key)}])`;
    case 'first':
      return `COALESCE(${value.values.map(ocsfSql).join(', ')})`;
    case 'time': {
      const time = ocsfSql(value.value);
      const text =
        value.unit === 'timestamp' ? isoSeconds(time) : isoSeconds(`from_unixtime(${time} / 1000)`);
      return `CASE WHEN ${datedSql(value)} THEN ${text} END`;
    }
  }
}

/** The OCSF column paths a value reads; the `unmapped` map counts as one column. */
export function ocsfPaths(value: OcsfValue): string[][] {
  switch (value.kind) {
    // A list's elements are not fields of the column: the column itself is what a table must hold.
    case 'column':
    case 'uids':
      return [[...value.path]];
    case 'unmapped':
      return [['unmapped']];
    case 'first':
      return value.values.flatMap(ocsfPaths);
    case 'time':
      return ocsfPaths(value.value);
  }
}
