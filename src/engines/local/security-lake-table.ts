/**
 * The local table of a Security Lake copy and how one object's columns fill it: the table has the columns and
 * fields the audit reads (security-lake-object.ts reads the objects into it), with their types; an object's
 * schema (`parquet_schema`) says how each is read from it, as NULL where the object lacks it, or why it cannot
 * be (a column of another kind than Security Lake writes).
 */
import {
  ocsfPaths,
  VERSION_SPECS,
  type OcsfValue,
  type SecurityLakeVersion,
} from '../../core/sources/ocsf.js';
import { escapedStringLiteral, qualifiedName, quoteIdentifier, stringLiteral } from '../../core/sql.js';
import type { TableName } from '../../core/types.js';
import { byteSize } from '../../core/wording.js';
import type { LakeObject } from './security-lake-files.js';

/** Athena's pseudo-column naming the object a record came from. */
const PATH_COLUMN = '"$path"';

/** What the audit reads of a column: text, a time, epoch milliseconds, a map of text, or a list's `uid`s. */
type Leaf = 'text' | 'timestamp' | 'milliseconds' | 'map' | 'uids';
type Shape = Map<string, Shape | Leaf>;

const LEAF_TYPES: Record<Leaf, string> = {
  text: 'VARCHAR',
  timestamp: 'TIMESTAMP',
  milliseconds: 'BIGINT',
  map: 'MAP(VARCHAR, VARCHAR)',
  uids: 'STRUCT(uid VARCHAR)[]',
};

/** Version 2's objects hold their region and account; version 1's are read from the keys, as Hive partitions. */
const OBJECT_PARTITIONS: Record<SecurityLakeVersion, readonly string[]> = {
  '2.0': ['region', 'accountid'],
  '1.0': [],
};
const KEY_PARTITIONS: Record<SecurityLakeVersion, readonly string[]> = {
  '2.0': [],
  '1.0': ['region', 'accountid', 'eventday'],
};

/** The columns and fields the audit reads of a version's objects, as a tree. */
function lakeShape(version: SecurityLakeVersion): Shape {
  const shape: Shape = new Map();
  const add = (names: readonly string[], leaf: Leaf) => {
    let node = shape;
    names.forEach((name, i) => {
      if (i === names.length - 1) {
        if (!node.has(name)) node.set(name, leaf);
        return;
      }
      const child = node.get(name);
      if (child instanceof Map) node = child;
      else node.set(name, (node = new Map()));
    });
  };
  const visit = (value: OcsfValue, leaf: Leaf) => {
    if (value.kind === 'time') visit(value.value, value.unit);
    else if (value.kind === 'uids') add(value.path, 'uids');
    else if (value.kind === 'first') value.values.forEach((v) => visit(v, leaf));
    else for (const names of ocsfPaths(value)) add(names, value.kind === 'unmapped' ? 'map' : leaf);
  };
  for (const value of Object.values(VERSION_SPECS[version].fields)) visit(value, 'text');
  for (const name of OBJECT_PARTITIONS[version]) add([name], 'text');
  return shape;
}

/** The table the audit's SQL reads when the objects are read one at a time, or when there are none. */
export function lakeTableSql(name: TableName, version: SecurityLakeVersion): string {
  const type = (node: Shape | Leaf): string =>
    node instanceof Map
      ? `STRUCT(${[...node].map(([n, inner]) => `${quoteIdentifier(n)} ${type(inner)}`).join(', ')})`
      : LEAF_TYPES[node];
  const columns = [
    ...[...lakeShape(version)].map(([n, node]) => `${quoteIdentifier(n)} ${type(node)}`),
    ...KEY_PARTITIONS[version].map((n) => `${quoteIdentifier(n)} VARCHAR`),
    `${PATH_COLUMN} VARCHAR`,
  ];
  return `CREATE OR REPLACE TABLE ${qualifiedName(name)} (${columns.join(', ')})`;
}

/** A column of an object as `parquet_schema` describes it. */
export interface SchemaNode {
  readonly name: string;
  readonly kind: 'struct' | 'map' | 'list' | 'value';
  /** DuckDB's type of a value; of a map, its value's. */
  readonly type: string;
  readonly children: readonly SchemaNode[];
}

export type SchemaRow = [string, string | null, number | null, string | null, string | null, string | null];

/** The tree `parquet_schema`'s rows describe, depth first, each group followed by its children. */
export function schemaTree(rows: readonly SchemaRow[]): SchemaNode {
  let next = 0;
  const node = (): SchemaNode => {
    const [name, type, count, converted, logical, repetition] = rows[next++]!;
    const children = Array.from({ length: Number(count ?? 0) }, node);
    if (children.length === 0) {
      return { name, kind: repetition === 'REPEATED' ? 'list' : 'value', type: type ?? '', children };
    }
    if (converted === 'MAP' || converted === 'MAP_KEY_VALUE' || logical?.startsWith('MapType')) {
      const [key, value] = children[0]?.children ?? [];
      const text = isText(key?.type) && value?.kind === 'value' && isText(value.type);
      return { name, kind: 'map', type: text ? 'VARCHAR' : (value?.type ?? ''), children };
    }
    const list = converted === 'LIST' || logical?.startsWith('ListType') || repetition === 'REPEATED';
    return { name, kind: list ? 'list' : 'struct', type: '', children };
  };
  return node();
}

function isText(type: string | undefined): boolean {
  return type === 'VARCHAR' || type === 'BLOB';
}

class Unfit extends Error {}

const NUMBER = /^(U?(TINY|SMALL|BIG|HUGE)?INT(EGER)?|FLOAT|DOUBLE|DECIMAL.*)$/;

/** What a column holds, as a reason says it. */
function described(node: SchemaNode): string {
  if (node.kind === 'value') return node.type;
  return node.kind === 'map' ? `a map of ${node.type}` : `a ${node.kind}`;
}

/** The SQL that reads a wanted leaf from the object's column, capped, or an Unfit naming what is wrong. */
function leafSql(reference: string, label: string, leaf: Leaf, node: SchemaNode): string {
  const unfit = (kind: string) =>
    new Unfit(`${label} is ${described(node)}, where Security Lake writes ${kind}`);
  const { kind, type } = node;
  switch (leaf) {
    case 'text':
      if (kind !== 'value') throw unfit('text');
      return isText(type)
        ? `_lake_capped(${reference}, ${stringLiteral(label)})`
        : `CAST(${reference} AS VARCHAR)`;
    case 'timestamp':
      if (kind === 'value' && /^(TIMESTAMP|DATE)/.test(type)) return `CAST(${reference} AS TIMESTAMP)`;
      // Text is a time where it says one; an offset is taken into account (the session's time zone is UTC).
      if (kind === 'value' && isText(type)) return `CAST(TRY_CAST(${reference} AS TIMESTAMPTZ) AS TIMESTAMP)`;
      throw unfit('a timestamp');
    case 'milliseconds':
      if (kind === 'value' && (NUMBER.test(type) || isText(type))) return `TRY_CAST(${reference} AS BIGINT)`;
      throw unfit('a number of milliseconds');
    case 'map': {
      if (kind !== 'map' || type !== 'VARCHAR') throw unfit('a map of text');
      // The map as it is, each value held to the limit in one pass: looking up every key the audit reads and
      // building a map of them cost the scan three times the rest of its time.
      return `_lake_capped_map(${reference}, ${stringLiteral(label)})`;
    }
    case 'uids': {
      if (kind !== 'list') throw unfit('a list of objects');
      // A list's element is a struct under its repeated group (Parquet's three-level lists) or directly.
      const element = node.children[0]?.children[0] ?? node.children[0];
      const uid = element?.children.find((c) => c.name.toLowerCase() === 'uid');
      if (uid === undefined) return `CAST(NULL AS ${LEAF_TYPES.uids})`;
      return `list_transform(${reference}, lambda r: struct_pack(uid := _lake_capped(CAST(r.uid AS VARCHAR), ${stringLiteral(`${label}.uid`)})))`;
    }
  }
}

/** The SQL that reads a wanted column or struct from the object's schema; NULL for what the object lacks. */
function columnSql(
  reference: string,
  label: string,
  wanted: Shape | Leaf,
  node: SchemaNode | undefined,
): string {
  if (node === undefined) return 'NULL';
  if (!(wanted instanceof Map)) return leafSql(reference, label, wanted, node);
  if (node.kind !== 'struct')
    throw new Unfit(`${label} is ${described(node)}, where Security Lake writes a struct`);
  const fields = [...wanted].map(([name, inner]) => {
    const child = node.children.find((c) => c.name.toLowerCase() === name);
    return `${quoteIdentifier(name)} := ${columnSql(`${reference}.${quoteIdentifier(name)}`, `${label}.${name}`, inner, child)}`;
  });
  return `struct_pack(${fields.join(', ')})`;
}

/**
 * The columns an object's schema gives the table, as SQL over `read_parquet` of the object, or the reason its
 * columns cannot be read as the audit's. Objects of one schema share their columns.
 */
export function lakeColumnsSql(
  version: SecurityLakeVersion,
  schema: SchemaNode,
): { columns: string[] } | { reason: string } {
  try {
    const columns = [...lakeShape(version)].map(([name, wanted]) => {
      const node = schema.children.find((c) => c.name.toLowerCase() === name);
      if (node === undefined && OBJECT_PARTITIONS[version].includes(name)) {
        throw new Unfit(`lacks the column ${name}, which every source version ${version} object holds`);
      }
      return `${columnSql(quoteIdentifier(name), name, wanted, node)} AS ${quoteIdentifier(name)}`;
    });
    return { columns };
  } catch (error) {
    if (error instanceof Unfit) return { reason: error.message };
    throw error;
  }
}

const READ_OPTIONS = 'binary_as_string = true, hive_types_autocast = false';

/** The INSERT that reads one object, through `readPath`, into the table. */
export function lakeInsertSql(
  table: TableName,
  version: SecurityLakeVersion,
  object: LakeObject,
  readPath: string,
  columns: readonly string[],
): string {
  const partitions = { region: object.region, accountid: object.account, eventday: object.day };
  const fromKey = KEY_PARTITIONS[version].map(
    (name) =>
      `${escapedStringLiteral(partitions[name as keyof typeof partitions])} AS ${quoteIdentifier(name)}`,
  );
  return (
    `INSERT INTO ${qualifiedName(table)} BY NAME SELECT ${[...columns, ...fromKey].join(', ')}, ` +
    `${escapedStringLiteral(object.absolutePath)} AS ${PATH_COLUMN} ` +
    `FROM read_parquet(${escapedStringLiteral(readPath)}, ${READ_OPTIONS}, hive_partitioning = false)`
  );
}

/** Objects of one schema, read by the same columns. */
export interface LakeGroup {
  readonly columns: readonly string[];
  readonly objects: readonly LakeObject[];
}

/**
 * The view that reads the checked objects (at least one group) as the table, each group of one schema by its
 * columns. Version 1's partitions come from the keys, as Hive partitions.
 */
export function lakeViewSql(
  name: TableName,
  version: SecurityLakeVersion,
  groups: readonly LakeGroup[],
): string {
  const fromKey = KEY_PARTITIONS[version].map(quoteIdentifier);
  const selects = groups.map(({ columns, objects }) => {
    const files = objects.map((o) => escapedStringLiteral(o.absolutePath)).join(', ');
    return (
      `SELECT ${[...columns, ...fromKey].join(', ')}, filename AS ${PATH_COLUMN} FROM read_parquet([${files}], ` +
      `${READ_OPTIONS}, filename = true, hive_partitioning = ${fromKey.length > 0})`
    );
  });
  return `CREATE OR REPLACE VIEW ${qualifiedName(name)} AS ${selects.join(' UNION ALL ')}`;
}

/** How the reason for a value over the limit begins. */
export const LONG_VALUE = 'a value of ';

/**
 * The macros that hold a value the audit reads to the limit, failing the object's read with a reason: a text,
 * and every value of a map (no CloudTrail field holds more, whether the audit reads that key or not).
 */
export function cappedMacroSql(limit: number): string {
  const tooLong = (length: string, where: string) =>
    `error('${LONG_VALUE}' || ${length} || ' bytes in ' || ${where} || ', more than the ${byteSize(limit)} a CloudTrail field can hold')`;
  const longest = `list_filter(map_entries(m), lambda e: strlen(e.value) > ${limit})[1]`;
  return [
    `CREATE OR REPLACE MACRO _lake_capped(v, what) AS CASE WHEN strlen(v) > ${limit} THEN ${tooLong('strlen(v)', 'what')} ELSE v END`,
    `CREATE OR REPLACE MACRO _lake_capped_map(m, what) AS CASE ` +
      `WHEN coalesce(list_max(list_transform(map_values(m), lambda v: strlen(v))), 0) > ${limit} ` +
      `THEN ${tooLong(`strlen(${longest}.value)`, `what || ' key ' || ${longest}.key`)} ELSE m END`,
  ].join(';\n');
}
