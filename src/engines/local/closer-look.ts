/**
 * The closer look after a query failed on what a log file holds. One scan names every file at fault and why
 * (closerLookQuery), so a window with many broken files costs one more scan, not one per file; DuckDB's own
 * message, read on the file alone, says what is wrong with one that is not JSON.
 */
import type { Column } from '../../core/schema.js';
import { LOG_FILES_FUNCTION } from './log-file-table.js';
import { CLOSER_LOOK, closerLookQuery } from './shape-checks.js';
import { messageOf } from '../../core/errors.js';

/** What to do with a file at fault: read it leniently, read it with lone surrogates rewritten, or list it. */
export interface FileVerdict {
  readonly file: number;
  readonly kind: 'lenient' | 'repair' | 'unreadable';
  /** Why, for the list of unreadable files. */
  readonly reason: string;
}

const NO_RECORDS = 'no "Records" array: not a CloudTrail log file (a digest?)';

/** Runs a statement that reads log files, and gives its rows. */
export type Scan = (sql: string) => Promise<unknown[][]>;

/** The verdicts on the files of a set at fault, or none when the error is not about what a file holds. */
export async function lookCloser(
  scan: Scan,
  set: number,
  error: unknown,
  columns: readonly Column[],
): Promise<FileVerdict[]> {
  const message = messageOf(error);
  if (!message.includes(CLOSER_LOOK) && !message.includes('Malformed JSON')) return [];
  const verdicts: FileVerdict[] = [];
  for (const [file, problem] of (await scan(closerLookQuery(set, columns))) as Array<[number, string]>) {
    if (problem === 'shape')
      verdicts.push({ file, kind: 'lenient', reason: 'values of an unexpected shape' });
    else if (problem === 'records') verdicts.push({ file, kind: 'unreadable', reason: NO_RECORDS });
    else {
      const reason = await whyNotJson(scan, set, file);
      verdicts.push({ file, kind: /surrogate/.test(reason) ? 'repair' : 'unreadable', reason });
    }
  }
  return verdicts;
}

/** DuckDB's reason for refusing a file's JSON, without the copy of the input it appends. */
async function whyNotJson(scan: Scan, set: number, file: number): Promise<string> {
  try {
    await scan(`SELECT json_type(body) FROM ${LOG_FILES_FUNCTION}(${set}, files := [${file}])`);
    return 'not valid JSON';
  } catch (error) {
    const message = messageOf(error);
    return message
      .replace(/^[A-Za-z ]+Error: /, '')
      .split(/\s+Input: /)[0]!
      .trim();
  }
}
