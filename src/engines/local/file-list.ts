/**
 * How a dry run shows the files a local view would read: how many, how large, and the first and last few by
 * key, as SQL comments. A window can hold tens of thousands of files; their whole list belongs to the audit's
 * report, not to a screen of SQL.
 */
import { byteSize, plural } from '../../core/wording.js';

/** Files named at each end of the list; a list this short or shorter is named whole. */
const NAMED_AT_EACH_END = 3;

export function fileListComment(
  files: ReadonlyArray<{ readonly key: string; readonly bytes: number }>,
  noun: string,
): string {
  const bytes = files.reduce((sum, f) => sum + f.bytes, 0);
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
