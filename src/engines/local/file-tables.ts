/**
 * What preparing a set of log files leaves behind: DuckDB's temporary tables of its day folders and files,
 * which the view joins, and the large files opened, checked and held for DuckDB's reader (direct-read.ts).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { TableLayout } from '../../core/layout.js';
import { DIRECT_BYTES, HELD_FILES, holdForDuckDb } from './direct-read.js';
import type { ListingWatch } from './day-folders.js';
import type { FileLedger } from './file-ledger.js';
import type { LogFileList } from './log-file-list.js';
import { filesTable, foldersTable } from './view.js';
import { quoteIdentifier } from '../../core/sql.js';

/**
 * The set's temporary tables: its day folders with their path and partition values, and its files by number
 * (from `first`), with their folder and name (a million files cost a few tens of megabytes).
 */
export async function listFiles(
  connection: DuckDBConnection,
  layout: TableLayout,
  files: LogFileList,
  set: number,
  first: number,
): Promise<void> {
  const partitions = layout.partitions.map((c) => `, ${quoteIdentifier(c)} VARCHAR`).join('');
  await connection.run(
    `CREATE TEMP TABLE ${foldersTable(set)} (folder INTEGER, path VARCHAR${partitions});` +
      `CREATE TEMP TABLE ${filesTable(set)} (file INTEGER, folder INTEGER, name VARCHAR)`,
  );
  const folders = await connection.createAppender(foldersTable(set), 'main', 'temp');
  files.folders.forEach((folder, index) => {
    folders.appendInteger(index);
    folders.appendVarchar(folder.absolutePath);
    for (const p of layout.partitions)
      folders.appendVarchar(p === 'timestamp' ? folder.timestamp : folder[p]);
    folders.endRow();
  });
  folders.closeSync();
  const appender = await connection.createAppender(filesTable(set), 'main', 'temp');
  for (let i = 0; i < files.count; i++) {
    appender.appendInteger(first + i);
    appender.appendInteger(files.folder(i));
    appender.appendVarchar(files.name(i));
    appender.endRow();
  }
  appender.closeSync();
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
