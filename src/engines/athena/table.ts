/**
 * Making the table ready for an audit: create it when it is missing (and allowed), then check that it can
 * answer the audit exactly, whether this run created it or another did. The engine supplies the AWS calls.
 */
import type { PreparedTable, TableRequest } from '../../core/engine.js';
import { AuditError } from '../../core/errors.js';
import type { LayoutTable } from '../../core/layout.js';
import type { AuditWindow, TableName } from '../../core/types.js';
import type { Statement } from '../../core/sql.js';
import { createTableStatement, requestedTables } from './ddl.js';
import { checkTable, type TableMetadataView } from './table-check.js';

export interface TableCalls {
  /** A table's metadata, or undefined when the catalog has no such table. */
  metadata(name: TableName): Promise<TableMetadataView | undefined>;
  run(statement: Statement): Promise<unknown>;
  log(message: string): void;
}

/** Makes each table of the request ready, its own first: created when missing and allowed, then checked. */
export async function prepareTable(
  request: TableRequest,
  settings: { readonly createTable: boolean; readonly catalog: string },
  calls: TableCalls,
): Promise<PreparedTable> {
  const tables: LayoutTable[] = [];
  const actions: string[] = [];
  for (const [index, wanted] of requestedTables(request).entries()) {
    const ready = await prepareOne(wanted, index, request.window, settings, calls);
    tables.push(ready.table);
    actions.push(...ready.actions);
  }
  return { tables, actions };
}

async function prepareOne(
  wanted: LayoutTable,
  index: number,
  window: AuditWindow,
  settings: { readonly createTable: boolean; readonly catalog: string },
  calls: TableCalls,
): Promise<{ table: LayoutTable; actions: string[] }> {
  const { name } = wanted;
  const qualified = `${name.database}.${name.table}`;
  let metadata = await calls.metadata(name);
  const actions: string[] = [];
  if (metadata === undefined) {
    if (!settings.createTable) {
      throw new AuditError(
        `Table ${qualified} does not exist in catalog ${settings.catalog}, and create-table is off: turn it on, or point database and table at an existing CloudTrail table.`,
      );
    }
    calls.log(`Creating table ${qualified}`);
    await calls.run(createTableStatement(name, wanted.layout, index));
    actions.push(`created ${qualified}`);
    metadata = await calls.metadata(name);
    if (metadata === undefined)
      throw new AuditError(`Table ${qualified} was created but Athena cannot find it.`);
  } else {
    actions.push(`reused ${qualified}`);
  }
  const fitness = checkTable(name, metadata, wanted.layout, window);
  if (!fitness.fit || fitness.layout === undefined) {
    throw new AuditError(
      `Table ${qualified} is not fit for this audit:\n${fitness.differences.map((d) => `  - ${d}`).join('\n')}\n${fitness.remedy}`,
    );
  }
  const { layout } = fitness;
  if (layout.partitions.join(',') !== wanted.layout.partitions.join(',')) {
    actions.push(`queried ${qualified} by its ${layout.partitions.join(', ')} partitions`);
  }
  return { table: { name, layout }, actions };
}
