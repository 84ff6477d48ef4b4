/**
 * The shape of the local view a statement needs (view.ts): the columns and fields it names, as a columnar
 * reader would read them, and the path when it names it.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { duckDbType, projectColumns, type Column } from '../../core/schema.js';
import type { TableName } from '../../core/types.js';
import { columnPaths, LOCAL_COLUMNS, PATH_COLUMN, type ParsedSql, type ViewShape } from './view.js';

/**
 * The view's shape for the statement, or undefined when the view stays as it is: a query that names no column
 * (`count(*)`), one that needs what the view already reads, or no view at all (before prepare, with no file to
 * read, the table then being an empty one, or once a caller drops it). `pending`: the view is yet to be made.
 */
export async function shapeFor(
  connection: DuckDBConnection,
  view: TableName,
  sql: string,
  current: ViewShape,
  pending: boolean,
): Promise<ViewShape | undefined> {
  const reader = await connection.runAndReadAll(
    'SELECT json_serialize_sql($1::VARCHAR), EXISTS (SELECT 1 FROM duckdb_views() ' +
      'WHERE database_name = current_database() AND schema_name = $2 AND view_name = $3)',
    [sql, view.database, view.table],
  );
  const [parsed, viewExists] = reader.getRowsJson()[0]!;
  if (viewExists !== true && !pending) return undefined;
  const tree = JSON.parse(String(parsed)) as ParsedSql;
  const paths = columnPaths(tree);
  const columns = paths ? projectColumns(LOCAL_COLUMNS, paths) : LOCAL_COLUMNS;
  // A statement DuckDB cannot parse as a query (CREATE TABLE ... AS, say) gets everything; `SELECT *` all
  // but the path, as Athena's does.
  const namesPath = paths?.some((p) => p.length === 1 && p[0] === PATH_COLUMN.slice(1, -1)) ?? false;
  const shape = {
    columns: columns.length > 0 ? columns : current.columns,
    withPath: tree.error || namesPath,
  };
  const type = (c: readonly Column[]) => duckDbType({ kind: 'struct', fields: c });
  const same = type(shape.columns) === type(current.columns) && shape.withPath === current.withPath;
  return same && !pending ? undefined : shape;
}
