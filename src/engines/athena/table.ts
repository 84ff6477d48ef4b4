/**
 * Making the table ready for an audit: create it when it is missing (and allowed), then check that it can
 * answer the audit exactly, whether this run created it or another did. The engine supplies the AWS calls.
 */
import type { PreparedTable, TableRequest } from '../../core/engine.js';
import { AuditError } from '../../core/errors.js';
import { tableLayout } from '../../core/layout.js';
import type { Statement } from '../../core/sql.js';
import { createTableStatement } from './ddl.js';
import { checkTable, type TableMetadataView } from './table-check.js';

export interface TableCalls {
  /** The table's metadata, or undefined when the catalog has no such table. */
  metadata(): Promise<TableMetadataView | undefined>;
  run(statement: Statement): Promise<unknown>;
  log(message: string): void;
}

export async function prepareTable(
  request: TableRequest,
  settings: { readonly createTable: boolean; readonly catalog: string },
  calls: TableCalls,
): Promise<PreparedTable> {
  const qualified = `${request.database}.${request.table}`;
  const created = tableLayout(request.layout);
  let metadata = await calls.metadata();
  const actions: string[] = [];
  if (metadata === undefined) {
    if (!settings.createTable) {
      throw new AuditError(
        `Table ${qualified} does not exist in catalog ${settings.catalog}, and create-table is off: turn it on, or point database and table at an existing CloudTrail table.`,
      );
    }
    calls.log(`Creating table ${qualified}`);
    await calls.run(createTableStatement(request, created));
    actions.push(`created ${qualified}`);
    metadata = await calls.metadata();
    if (metadata === undefined)
      throw new AuditError(`Table ${qualified} was created but Athena cannot find it.`);
  } else {
    actions.push(`reused ${qualified}`);
  }
  const fitness = checkTable(request, metadata, request.layout, request.window);
  if (!fitness.fit || fitness.layout === undefined) {
    throw new AuditError(
      `Table ${qualified} is not fit for this audit:\n${fitness.differences.map((d) => `  - ${d}`).join('\n')}\n${fitness.remedy}`,
    );
  }
  const { layout } = fitness;
  if (layout.partitions.join(',') !== created.partitions.join(',')) {
    actions.push(`queried by its ${layout.partitions.join(', ')} partitions`);
  }
  return { layout, actions };
}
