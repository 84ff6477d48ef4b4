/**
 * The CloudTrail table's columns, exactly as the Athena user guide's partition-projected table declares them,
 * defined once and rendered both to Hive DDL types (Athena) and to DuckDB types (the local engine).
 *
 * Each column is declared by its CloudTrail JSON key; the column name is the key in lower case, as Hive's
 * JsonSerDe maps it. The local engine needs the key itself because DuckDB matches JSON keys case-sensitively.
 */

export type ColumnType =
  | { readonly kind: 'string' }
  | { readonly kind: 'map' }
  | { readonly kind: 'array'; readonly element: ColumnType }
  | { readonly kind: 'struct'; readonly fields: readonly Column[] }
  /** A value kept as its JSON text, whatever its shape: how the local engine reads `resources` (see its view). */
  | { readonly kind: 'json' };

export interface Column {
  /** The column or field name, as Athena exposes it. */
  readonly name: string;
  /** The key in the CloudTrail JSON record. */
  readonly key: string;
  readonly type: ColumnType;
}

const STRING: ColumnType = { kind: 'string' };

function column(key: string, type: ColumnType = STRING): Column {
  return { name: key.toLowerCase(), key, type };
}

function struct(...fields: Column[]): ColumnType {
  return { kind: 'struct', fields };
}

export const CLOUDTRAIL_COLUMNS: readonly Column[] = [
  column('eventVersion'),
  column(
    'userIdentity',
    struct(
      column('type'),
      column('principalId'),
      column('arn'),
      column('accountId'),
      column('invokedBy'),
      column('accessKeyId'),
      column('userName'),
      column('onBehalfOf', struct(column('userId'), column('identityStoreArn'))),
      column(
        'sessionContext',
        struct(
          column('attributes', struct(column('mfaAuthenticated'), column('creationDate'))),
          column(
            'sessionIssuer',
            struct(
              column('type'),
              column('principalId'),
              column('arn'),
              column('accountId'),
              column('userName'),
            ),
          ),
          column('ec2RoleDelivery'),
          column(
            'webIdFederationData',
            struct(column('federatedProvider'), column('attributes', { kind: 'map' })),
          ),
        ),
      ),
    ),
  ),
  column('eventTime'),
  column('eventSource'),
  column('eventName'),
  column('awsRegion'),
  column('sourceIPAddress'),
  column('userAgent'),
  column('errorCode'),
  column('errorMessage'),
  column('requestParameters'),
  column('responseElements'),
  column('additionalEventData'),
  column('requestID'),
  column('eventID'),
  column('readOnly'),
  column('resources', { kind: 'array', element: struct(column('ARN'), column('accountId'), column('type')) }),
  column('eventType'),
  column('apiVersion'),
  column('recipientAccountId'),
  column('serviceEventDetails'),
  column('sharedEventID'),
  column('vpcEndpointId'),
  column('vpcEndpointAccountId'),
  column('eventCategory'),
  column(
    'addendum',
    struct(column('reason'), column('updatedFields'), column('originalRequestID'), column('originalEventID')),
  ),
  column('sessionCredentialFromConsole'),
  column('edgeDeviceDetails'),
  column(
    'tlsDetails',
    struct(column('tlsVersion'), column('cipherSuite'), column('clientProvidedHostHeader')),
  ),
];

/** The type as Hive DDL writes it, e.g. `STRUCT<type:STRING,arn:STRING>`. */
export function hiveType(type: ColumnType): string {
  switch (type.kind) {
    case 'string':
      return 'STRING';
    case 'map':
      return 'MAP<STRING,STRING>';
    case 'array':
      return `ARRAY<${hiveType(type.element)}>`;
    case 'struct':
      return `STRUCT<${type.fields.map((f) => `${f.name}:${hiveType(f.type)}`).join(',')}>`;
    case 'json':
      return 'STRING';
  }
}

/**
 * The type as DuckDB writes it. Struct fields carry the CloudTrail JSON keys: DuckDB's JSON reader matches keys
 * case-sensitively, while its queries, like Athena's, resolve field names whatever their case.
 */
export function duckDbType(type: ColumnType): string {
  switch (type.kind) {
    case 'string':
      return 'VARCHAR';
    case 'map':
      return 'MAP(VARCHAR, VARCHAR)';
    case 'array':
      return `${duckDbType(type.element)}[]`;
    case 'struct':
      return `STRUCT(${type.fields.map((f) => `"${f.key}" ${duckDbType(f.type)}`).join(', ')})`;
    case 'json':
      return 'JSON';
  }
}

/**
 * The type as a structure for DuckDB's `json_transform`, by CloudTrail key. Unlike a typed read, which fails a
 * whole file on one value of an unexpected shape, `json_transform` reads such a value as NULL.
 */
export function jsonStructure(type: ColumnType): unknown {
  switch (type.kind) {
    case 'string':
      return 'VARCHAR';
    case 'map':
      return 'MAP(VARCHAR, VARCHAR)';
    case 'array':
      return [jsonStructure(type.element)];
    case 'struct':
      return Object.fromEntries(type.fields.map((f) => [f.key, jsonStructure(f.type)]));
    case 'json':
      return 'JSON';
  }
}

/**
 * The columns a query reaches by the given paths (a column name, then struct field names, matched without
 * regard to case as both engines match them), with each struct cut down to the fields reached. A path that
 * ends at a column or a struct keeps all of it, and so does a path no field matches: the query then fails on
 * the name it misspelled, never on a field cut away.
 */
export function projectColumns(
  columns: readonly Column[],
  paths: ReadonlyArray<readonly string[]>,
): Column[] {
  return columns.flatMap((column) => {
    const rest = paths.filter((p) => p[0]?.toLowerCase() === column.name).map((p) => p.slice(1));
    if (rest.length === 0) return [];
    if (column.type.kind !== 'struct' || rest.some((p) => p.length === 0)) return [column];
    const fields = projectColumns(column.type.fields, rest);
    return [fields.length === 0 ? column : { ...column, type: { kind: 'struct', fields } }];
  });
}
