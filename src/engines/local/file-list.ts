/**
 * How a dry run shows the files a local view would read: how many, how large, and the first and last few by
 * key, as SQL comments. A window can hold tens of thousands of files; their whole list belongs to the audit's
 * report, not to a screen of SQL.
 */
import { statSync } from 'node:fs';
import { byteSize, plural } from '../../core/wording.js';

/** Files named at each end of the list; a list this short or shorter is named whole. */
const NAMED_AT_EACH_END = 3;

export function fileListComment(
  files: ReadonlyArray<{ readonly key: string; readonly absolutePath: string }>,
  noun: string,
): string {
  const bytes = files.reduce((sum, f) => sum + fileSize(f.absolutePath), 0);
  const lines = [`-- ${plural(files.length, noun)} (${byteSize(bytes)})${files.length > 0 ? ':' : ''}`];
  const keys = files.map((f) => f.key).sort();
  const named =
    keys.length <= 2 * NAMED_AT_EACH_END + 1
      ? keys
      : [
          ...keys.slice(0, NAMED_AT_EACH_END),
          `… ${(keys.length - 2 * NAMED_AT_EACH_END).toLocaleString('en-US')} more …`,
          ...keys.slice(-NAMED_AT_EACH_END),
        ];
  return [...lines, ...named.map((line) => `--   ${line}`)].join('\n');
}

/** A file's size on disk; 0 when it cannot be read, which the reading itself then reports. */
export function fileSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}
