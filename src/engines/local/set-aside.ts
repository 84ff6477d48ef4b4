/**
 * What the engine does after a query failed: finds whether a log file is at fault, and if so reads it another
 * way or sets it aside, so that the query can run again.
 */
import type { Column } from '../../core/schema.js';
import { lookCloser, type FileVerdict, type Scan } from './closer-look.js';
import type { FileLedger } from './file-ledger.js';
import { messageOf } from '../../core/errors.js';

/**
 * After a query that failed on what a file holds. A file DuckDB read directly goes to the reading threads,
 * which read with care: the one the error names, or, when it names none, all of them. Otherwise the closer
 * look finds every file at fault: read leniently those holding values of an unexpected shape, rewrite lone
 * surrogates where they are the fault, list the files that cannot be read. False when no file is at fault:
 * the statement is.
 */
export async function readAgainOrSetAside(
  ledger: FileLedger,
  error: unknown,
  scan: Scan,
  columns: readonly Column[],
): Promise<boolean> {
  const message = messageOf(error);
  const direct = ledger.setsRead().flatMap((set) => ledger.direct(set));
  const named = direct.filter((file) => new RegExp(`${file.path}(?!\\d)`).test(message));
  if (ledger.toReadingThreads(named.map((file) => file.n))) return true;
  const verdicts: FileVerdict[] = [];
  for (const set of ledger.setsRead()) verdicts.push(...(await lookCloser(scan, set, error, columns)));
  if (ledger.apply(verdicts)) return true;
  return /^(IO|Invalid Input) Error/.test(message) && ledger.toReadingThreads(direct.map((f) => f.n));
}
