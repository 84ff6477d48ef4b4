/**
 * The SQL of the local table: a DuckDB view with the Athena table's columns and types plus the layout's
 * partition columns, read straight from the window's files on every query, as Athena reads S3, through the
 * table function of log-file-table.ts. Before each query the view is cut down to the columns and fields that
 * query names (see columnPaths).
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
import { directRead } from './direct-read.js';
import { LOG_FILES_FUNCTION } from './log-file-table.js';
import { checkedRecords, CLOSER_LOOK, quoteKey, RECORD_MARKER } from './shape-checks.js';

/**
 * Athena's pseudo-column naming the file each record came from (the local view names the local file). Like
 * Athena's, it is there only for a query that names it: `SELECT *` does not return it.
 */
export const PATH_COLUMN = '"$path"';

/**
 * The columns the view reads: the Athena table's, but for `resources`, read as its JSON text. The only query
 * that names it wants that text (`json_format(CAST(resources AS JSON))`, which then changes nothing), and text
 * holds a value of any shape, so no shape check has to look into the resources of every record: reading them
 * as structs cost the scan of many small files an eighth of its time.
 */
export const LOCAL_COLUMNS: readonly Column[] = CLOUDTRAIL_COLUMNS.map((c) =>
  c.name === 'resources' ? { ...c, type: { kind: 'json' } } : c,
);

/** What the view exposes: the columns (cut down to the fields a query names), and the path when named. */
export interface ViewShape {
  readonly columns: readonly Column[];
  readonly withPath: boolean;
}

/** The temporary table of a set's day folders: each one's number, path and partition values. */
export function foldersTable(set: number): string {
  return `_cloudtrail_folders_${set}`;
}

/**
 * What DuckDB reads directly (direct-read.ts), by the name that opens it (`path`), beside what the reading
 * threads hand it: with each file's folder and its own path.
 */
export type DirectFiles = ReadonlyArray<{ n: number; path: string; folder: number; filePath: string }>;

/**
 * The temporary table of a set's directly read files (by the name DuckDB reads each by, with its folder and
 * its path), and the variable listing those names, for DuckDB's reader (file-tables.ts: listDirectFiles).
 */
export function directFiles(set: number): { table: string; variable: string } {
  return { table: `_cloudtrail_direct_${set}`, variable: `_cloudtrail_direct_files_${set}` };
}

/**
 * The view: each file's records, parsed by DuckDB to the columns and fields the query names and unnested (the
 * small files' JSON as the reading threads hand it over, the large files' straight from disk), each top-level
 * column named as Athena names it, beside the file's path, which comes with its JSON, and its day folder's
 * partition values, joined by the folder's number (before unnesting: once per file rather than per record), so
 * that a filter on partitions never touches the files' text. Nested fields keep their CloudTrail keys
 * (`principalId` for Athena's `principalid`): DuckDB, like Athena, resolves field names without regard to
 * case, so every query reads them alike, and renaming them would cost a copy of every record.
 */
export function viewQuery(
  layout: TableLayout,
  set: number,
  { columns, withPath }: ViewShape,
  readsDirect: boolean,
): string {
  const parsed = columns.some((c) => c.key === RECORD_MARKER.key) ? columns : [...columns, RECORD_MARKER];
  const structure = escapedStringLiteral(JSON.stringify(jsonStructure(recordsType(parsed))));
  const file = (from: string) =>
    [`${from}.path`, ...layout.partitions.map((c) => `g.${quoteIdentifier(c)}`)].join(', ');
  const joined = `JOIN ${foldersTable(set)} g USING (folder)`;
  const direct = directFiles(set);
  const selected = [
    ...columns.map((c) => `j.r.${quoteKey(c.key)} AS ${quoteIdentifier(c.name)}`),
    ...layout.partitions.map((p) => `j.${quoteIdentifier(p)}`),
    ...(withPath ? [`j.path AS ${PATH_COLUMN}`] : []),
  ];
  const reads = [
    [
      `SELECT unnest(t.records) AS r, ${file('t')} FROM (SELECT ${checkedRecords(columns)} AS records, folder, path`,
      `  FROM (SELECT from_json(body, ${structure}) AS doc, body, file, suspect, lenient, folder, path`,
      `    FROM ${LOG_FILES_FUNCTION}(${set}))) t ${joined}`,
    ].join('\n'),
    ...(readsDirect
      ? [
          [
            `SELECT unnest(${directRecords}) AS r, ${file('m')} FROM ${directRead(direct.variable, parsed)} d`,
            `  JOIN ${direct.table} m USING (filename) ${joined}`,
          ].join('\n'),
        ]
      : []),
  ];
  return [`SELECT ${selected.join(', ')}`, `FROM (${reads.join('\nUNION ALL\n')}) j`].join('\n');
}

/**
 * A directly read file's records. A JSON object without them (a digest where a log file belongs) ends the
 * query with an error naming the file, which then goes to the reading threads to be looked at closely.
 */
const directRecords = `CASE WHEN d.Records IS NULL THEN error('${CLOSER_LOOK}: ' || d.filename) ELSE d.Records END`;

/** The view's statement, or an empty view of the same shape when no file can be read. */
export function viewSql(
  name: TableName,
  layout: TableLayout,
  set: number | undefined,
  shape: ViewShape,
  readsDirect: boolean,
): string {
  if (set !== undefined) {
    return `CREATE OR REPLACE VIEW ${qualifiedName(name)} AS\n${viewQuery(layout, set, shape, readsDirect)}`;
  }
  const empty = [
    ...LOCAL_COLUMNS.map((c) => `CAST(NULL AS ${duckDbType(c.type)}) AS ${quoteIdentifier(c.name)}`),
    ...layout.partitions.map((p) => `CAST(NULL AS VARCHAR) AS ${quoteIdentifier(p)}`),
    // Kept whatever the shape: no query reads rows from an empty view, but one that names the path must run.
    `CAST(NULL AS VARCHAR) AS ${PATH_COLUMN}`,
  ];
  // A view, as the one it may replace (the lead-in's days after the window's) or be replaced by, is.
  return `CREATE OR REPLACE VIEW ${qualifiedName(name)} AS\nSELECT\n  ${empty.join(',\n  ')}\nWHERE false`;
}

/** A log file's type: its records, with the columns given, under `Records`. */
function recordsType(columns: readonly Column[]): ColumnType {
  const record: ColumnType = { kind: 'struct', fields: columns };
  return {
    kind: 'struct',
    fields: [{ name: 'records', key: 'Records', type: { kind: 'array', element: record } }],
  };
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
