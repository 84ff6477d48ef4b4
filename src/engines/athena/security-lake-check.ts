/**
 * Is an existing Glue table Security Lake's CloudTrail management events table, and can the audit read it? Its
 * source version from its shape (version 1 is a Hive table partitioned by region, accountid and eventday;
 * version 2 an Apache Iceberg table with time_dt), and every OCSF column and field the audit reads, from the
 * Glue types. Pure: the Athena engine fetches the metadata.
 */
import { ocsfPaths, VERSION_SPECS, type SecurityLakeVersion } from '../../core/sources/ocsf.js';
import type { TableMetadataView } from './table-check.js';

/** A Glue type as a tree: the fields of a struct, or the text of any other type. */
type GlueType = { readonly fields: ReadonlyMap<string, GlueType> } | { readonly text: string };

/** Parses Glue's type text (`struct<user:struct<uid:string>,issuer:string>`, `map<string,string>`, ...). */
export function parseGlueType(text: string): GlueType {
  let at = 0;
  const parse = (): GlueType => {
    const start = at;
    const name = /^[a-z]+/i.exec(text.slice(at))?.[0] ?? '';
    at += name.length;
    if (name.toLowerCase() !== 'struct' || text[at] !== '<') {
      let depth = 0;
      while (at < text.length && !(depth === 0 && (text[at] === ',' || text[at] === '>'))) {
        if (text[at] === '<' || text[at] === '(') depth++;
        if (text[at] === '>' || text[at] === ')') depth--;
        at++;
      }
      return { text: text.slice(start, at).toLowerCase() };
    }
    at++;
    const fields = new Map<string, GlueType>();
    while (at < text.length && text[at] !== '>') {
      const colon = text.indexOf(':', at);
      const field = text.slice(at, colon).trim().toLowerCase();
      at = colon + 1;
      fields.set(field, parse());
      if (text[at] === ',') at++;
    }
    at++;
    return { fields };
  };
  return parse();
}

function typeAt(type: GlueType | undefined, path: readonly string[]): GlueType | undefined {
  if (type === undefined || path.length === 0) return type;
  return 'fields' in type ? typeAt(type.fields.get(path[0]!), path.slice(1)) : undefined;
}

export interface SecurityLakeFitness {
  readonly version: SecurityLakeVersion | undefined;
  readonly differences: readonly string[];
}

/** The version of the table, and what it lacks of what the audit reads (nothing when it is fit). */
export function checkSecurityLakeTable(metadata: TableMetadataView): SecurityLakeFitness {
  const keys = metadata.partitionKeys.map((k) => k.toLowerCase());
  const iceberg = (metadata.parameters.table_type ?? '').toUpperCase() === 'ICEBERG';
  const version: SecurityLakeVersion | undefined = keys.includes('eventday')
    ? '1.0'
    : iceberg || metadata.columns.includes('time_dt')
      ? '2.0'
      : undefined;
  if (version === undefined) {
    return {
      version,
      differences: [
        `it is not a Security Lake CloudTrail table: neither partitioned by eventday (source version 1) nor an Iceberg table with time_dt (source version 2); partition keys are (${metadata.partitionKeys.join(', ')})`,
      ],
    };
  }
  const types = new Map(
    Object.entries(metadata.columnTypes ?? {}).map(([name, text]) => [
      name.toLowerCase(),
      parseGlueType(text),
    ]),
  );
  const columns = new Set([...metadata.columns, ...metadata.partitionKeys].map((c) => c.toLowerCase()));
  const read = [
    ...Object.values(VERSION_SPECS[version].fields).flatMap(ocsfPaths),
    ['region'],
    ['accountid'],
    version === '2.0' ? ['time_dt'] : ['eventday'],
  ];
  const missing = new Set<string>();
  for (const [column, ...fields] of read) {
    if (!columns.has(column!)) missing.add(column!);
    else if (fields.length > 0 && typeAt(types.get(column!), fields) === undefined) {
      missing.add([column, ...fields].join('.'));
    }
  }
  const differences = missing.size > 0 ? [`missing columns or fields: ${[...missing].join(', ')}`] : [];
  const unmapped = types.get('unmapped');
  if (
    columns.has('unmapped') &&
    unmapped &&
    !('text' in unmapped && unmapped.text.startsWith('map<string'))
  ) {
    differences.push('unmapped is not a map of strings, so readOnly and recipientAccountId cannot be read');
  }
  if (version === '1.0' && !['region', 'accountid'].every((k) => keys.includes(k))) {
    differences.push(
      `partition keys are (${metadata.partitionKeys.join(', ')}); version 1 partitions by region, accountid and eventday`,
    );
  }
  return { version, differences };
}
