/**
 * What preparing a set of log files leaves behind: DuckDB's temporary table of its day folders, which the view
 * joins, and the large files opened, checked and held for DuckDB's reader (direct-read.ts), listed for it.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { TableLayout } from '../../core/layout.js';
import { DIRECT_BYTES, HELD_FILES, holdForDuckDb } from './direct-read.js';
import type { ListingWatch } from './day-folders.js';
import type { FileLedger } from './file-ledger.js';
import type { LogFileList } from './log-file-list.js';
import { directFiles, foldersTable, type DirectFiles } from './view.js';
import { quoteIdentifier } from '../../core/sql.js';

/**
 * The set's temporary table of day folders, with their path and partition values, by number. A file's folder
 * and path come with its JSON (log-file-table.ts): no table of a million files, nor a join on one.
 */
export async function listFolders(
  connection: DuckDBConnection,
  layout: TableLayout,
  files: LogFileList,
  set: number,
): Promise<void> {
  const partitions = layout.partitions.map((c) => `, ${quoteIdentifier(c)} VARCHAR`).join('');
  await connection.run(`CREATE TEMP TABLE ${foldersTable(set)} (folder INTEGER, path VARCHAR${partitions})`);
  const folders = await connection.createAppender(foldersTable(set), 'main', 'temp');
  files.folders.forEach((folder, index) => {
    folders.appendInteger(index);
    folders.appendVarchar(folder.absolutePath);
    for (const p of layout.partitions)
      folders.appendVarchar(p === 'timestamp' ? folder.timestamp : folder[p]);
    folders.endRow();
  });
  folders.closeSync();
}

/**
 * The set's directly read files, for the view (view.ts): a temporary table of each one's name, folder and
 * path, and a variable listing the names for DuckDB's reader. Made again whenever the files change (a file
 * DuckDB failed on goes to the reading threads).
 */
export async function listDirectFiles(
  connection: DuckDBConnection,
  set: number,
  direct: DirectFiles,
): Promise<void> {
  const { table, variable } = directFiles(set);
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE ${table} (n INTEGER, filename VARCHAR, folder INTEGER, path VARCHAR)`,
  );
  const files = await connection.createAppender(table, 'main', 'temp');
  for (const file of direct) {
    files.appendInteger(file.n);
    files.appendVarchar(file.path);
    files.appendInteger(file.folder);
    files.appendVarchar(file.filePath);
    files.endRow();
  }
  files.closeSync();
  await connection.run(`SET VARIABLE ${variable} = (SELECT list(filename ORDER BY n) FROM ${table})`);
}

/**
 * Opens and checks the set's large files and holds them, for DuckDB's reader or the reading threads; one that
 * cannot be read is listed now. Says how far it has got on a long window, and stops when the signal aborts.
 */
export async function holdLargeFiles(
  ledger: FileLedger,
  set: number,
  root: string,
  { log, intervalMs, signal }: ListingWatch,
): Promise<void> {
  const { first, end } = ledger.range(set);
  let said = Date.now();
  let held = ledger.heldDescriptors().length;
  for (let n = first; n < end && held < HELD_FILES; n++) {
    const bytes = ledger.bytes(n);
    if (bytes < DIRECT_BYTES) continue;
    const file = holdForDuckDb(ledger.absolutePath(n), root, bytes);
    // The process's limit on open files is reached: the reading threads read the rest.
    if (file === 'exhausted') return;
    if ('problem' in file) ledger.setAside(n, file.problem);
    else {
      ledger.hold(n, file);
      held++;
    }
    if (Date.now() - said >= intervalMs) {
      said = Date.now();
      log?.(`Opening the window's large log files: ${n - first} of ${end - first} files looked at`);
      await new Promise((resolve) => setImmediate(resolve));
      signal?.throwIfAborted();
    }
  }
}
