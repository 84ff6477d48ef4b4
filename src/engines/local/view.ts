/**
 * The SQL of the local table: a DuckDB view with the Athena table's columns and types plus the layout's
 * partition columns, read straight from the window's files on every query, as Athena reads S3. Before each
 * query the view is cut down to the columns and fields that query names (see columnPaths).
 */
import type { TableLayout } from '../../core/layout.js';
import {
  CLOUDTRAIL_COLUMNS,
  duckDbType,
  jsonStructure,
  type Column,
  type ColumnType,
} from '../../core/schema.js';
import { escapedStringLiteral, qualifiedName, quoteIdentifier } from '../../core/sql.js';
import type { TableName } from '../../core/types.js';
import type { LogFile } from './files.js';

/**
 * How a file is read, fastest first; a file that one mode cannot read is tried in the next.
 * - `line`: typed, as one JSON document per line, as CloudTrail writes its files (twice as fast as `document`);
 * - `document`: typed, as JSON documents laid out in any way (pretty-printed, or after a byte order mark);
 * - `lenient`: value by value, a value of an unexpected shape read as NULL instead of failing the file.
 */
export const READ_MODES = ['line', 'document', 'lenient'] as const;
export type ReadMode = (typeof READ_MODES)[number];

/** The temporary table that maps each file to its partition values. */
export const PATHS_TABLE = '_paths';

/**
 * Athena's pseudo-column naming the file each record came from (the local view names the local file). Like
 * Athena's, it is there only for a query that names it: `SELECT *` does not return it.
 */
export const PATH_COLUMN = '"$path"';

/** What the view exposes: the columns (cut down to the fields a query names), and the path when named. */
export interface ViewShape {
  readonly columns: readonly Column[];
  readonly withPath: boolean;
}

/** A table function reading the records of `files` in one mode, typed as far as `columns` reach. */
export function readJson(
  files: readonly LogFile[],
  mode: ReadMode,
  maximumObjectBytes: number,
  columns: readonly Column[],
): string {
  const type = mode === 'lenient' ? 'JSON[]' : duckDbType({ kind: 'array', element: recordType(columns) });
  const format = mode === 'line' ? 'newline_delimited' : 'unstructured';
  return (
    `read_json([${files.map((f) => escapedStringLiteral(f.absolutePath)).join(', ')}], columns = {Records: ${escapedStringLiteral(type)}}, ` +
    `filename = true, format = '${format}', records = true, maximum_object_size = ${maximumObjectBytes})`
  );
}

/**
 * The view: each file's records unnested, each top-level column named as Athena names it, joined to the
 * partition values its path gives. Nested fields keep their CloudTrail keys (`principalId` for Athena's
 * `principalid`): DuckDB, like Athena, resolves field names without regard to case, so every query reads them
 * alike, and renaming them would cost a copy of every record (a quarter of the scan time).
 */
export function viewQuery(
  layout: TableLayout,
  files: ReadonlyArray<{ file: LogFile; mode: ReadMode }>,
  maximumObjectBytes: number,
  { columns, withPath }: ViewShape,
): string {
  const structure = escapedStringLiteral(JSON.stringify(jsonStructure(recordType(columns))));
  const scans = READ_MODES.map((mode) => ({
    mode,
    group: files.filter((f) => f.mode === mode).map((f) => f.file),
  }))
    .filter(({ group }) => group.length > 0)
    .map(({ mode, group }) =>
      mode === 'lenient'
        ? `SELECT filename, unnest(list_transform(Records, r -> json_transform(r, ${structure}))) AS r FROM ${readJson(group, mode, maximumObjectBytes, columns)}`
        : `SELECT filename, unnest(Records) AS r FROM ${readJson(group, mode, maximumObjectBytes, columns)}`,
    );
  const selected = columns.map((c) => `j.r.${quoteKey(c.key)} AS ${quoteIdentifier(c.name)}`);
  const partitions = layout.partitions.map((p) => `p.${quoteIdentifier(p)}`);
  return [
    `SELECT ${[...selected, ...partitions, ...(withPath ? [`j.filename AS ${PATH_COLUMN}`] : [])].join(', ')}`,
    `FROM (${scans.join('\nUNION ALL ')}) j`,
    `JOIN ${PATHS_TABLE} p USING (filename)`,
  ].join('\n');
}

/** The view's statement, or an empty table of the same shape when no file can be read. */
export function viewSql(
  name: TableName,
  layout: TableLayout,
  files: ReadonlyArray<{ file: LogFile; mode: ReadMode }>,
  maximumObjectBytes: number,
  shape: ViewShape,
): string {
  if (files.length > 0) {
    return `CREATE OR REPLACE VIEW ${qualifiedName(name)} AS\n${viewQuery(layout, files, maximumObjectBytes, shape)}`;
  }
  const empty = [
    ...CLOUDTRAIL_COLUMNS.map((c) => `${quoteIdentifier(c.name)} ${duckDbType(c.type)}`),
    ...layout.partitions.map((p) => `${quoteIdentifier(p)} VARCHAR`),
    // Kept whatever the shape: no query reads rows from an empty table, but one that names the path must run.
    `${PATH_COLUMN} VARCHAR`,
  ];
  return `CREATE OR REPLACE TABLE ${qualifiedName(name)} (\n  ${empty.join(',\n  ')}\n)`;
}

export function recordType(columns: readonly Column[]): ColumnType {
  return { kind: 'struct', fields: columns };
}

/** A CloudTrail JSON key as a DuckDB identifier; the keys are the schema's own constants. */
function quoteKey(key: string): string {
  if (!/^[A-Za-z0-9]+$/.test(key)) throw new Error(`unexpected CloudTrail key ${JSON.stringify(key)}`);
  return `"${key}"`;
}

/** What `json_serialize_sql` makes of a query: DuckDB's own parse tree. */
export interface ParsedSql {
  readonly error: boolean;
  readonly statements?: unknown;
}

/**
 * Every column path a parsed query names, with each shorter suffix in case a name is qualified by its table;
 * undefined when the query reads whole rows (`*`) or is not a query at all.
 */
export function columnPaths(parsed: ParsedSql): string[][] | undefined {
  if (parsed.error) return undefined;
  const paths: string[][] = [];
  const visit = (node: unknown): boolean => {
    if (Array.isArray(node)) return node.every(visit);
    if (node === null || typeof node !== 'object') return true;
    const { class: kind, column_names: names } = node as { class?: string; column_names?: string[] };
    if (kind === 'STAR') return false;
    if (kind === 'COLUMN_REF' && names) paths.push(...names.map((_, i) => names.slice(i)));
    return Object.values(node).every(visit);
  };
  return visit(parsed.statements) ? paths : undefined;
}
