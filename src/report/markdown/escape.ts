/**
 * Every CloudTrail-derived string is hostile to a Markdown page: anyone who can make an API call in the account
 * chooses session names and user agents. These make any such text inert in a paragraph, list item or table cell.
 */
import { revealInvisible } from '../invisible.js';

/** Longest cell the report shows; the JSON and CSV files keep every value whole. */
export const MAX_CELL_CHARS = 300;

const ZERO_WIDTH_SPACE = '\u200B';

/**
 * `@` and `#` get a zero-width space after them because GitHub turns `@name` into a mention and `owner/repo#1`
 * into a cross-reference after Markdown is parsed, so a backslash alone does not stop either. `<`, `>` and `&`
 * become entities so no tag or entity from a log survives even where the text is read as HTML.
 */
const ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  '`': '\\`',
  '*': '\\*',
  _: '\\_',
  '[': '\\[',
  ']': '\\]',
  '|': '\\|',
  '!': '\\!',
  '~': '\\~',
  $: '\\$',
  '#': `\\#${ZERO_WIDTH_SPACE}`,
  '@': `@${ZERO_WIDTH_SPACE}`,
  '<': '&lt;',
  '>': '&gt;',
  '&': '&amp;',
};

// Line breaks and other control characters would end a table row or a list item early.
// eslint-disable-next-line no-control-regex
const ESCAPED = /[\\`*_[\]|!~$#@<>&]|[\u0000-\u001f\u007f\u2028\u2029]/g;

const ALPHANUMERIC = /[A-Za-z0-9]/;

/**
 * GitHub also turns bare URLs (`http://`, `https://`, `ftp://`, `www.`) into links and `GH-42` into an issue
 * reference after Markdown is parsed: a zero-width space inside each keeps it text.
 */
const AUTOLINKS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\b(https?|ftp):\/\//gi, `$1:${ZERO_WIDTH_SPACE}//`],
  [/\b(www)\./gi, `$1${ZERO_WIDTH_SPACE}.`],
  [/\b(GH)-(?=\d)/gi, `$1${ZERO_WIDTH_SPACE}-`],
];

/** Matches wherever ESCAPED or an AUTOLINKS pattern does: text it does not match is already inert. */
const NEEDS_ESCAPES = new RegExp(
  [ESCAPED, ...AUTOLINKS.map(([pattern]) => pattern)].map((p) => p.source).join('|'),
  'i',
);

/**
 * Makes any text inert inside a Markdown paragraph, list item or table cell: one line, no markup, no link, no
 * character that hides or reorders what follows (shown as `<U+202E>`, before the escapes add their own). An
 * underscore between two letters or digits is left as it is: CommonMark never reads it as emphasis there, and
 * file names and table names stay readable in a terminal.
 */
export function escapeMarkdown(logged: string): string {
  const text = revealInvisible(logged);
  // Most logged values (ids, times, ARNs, names) hold nothing to escape: one test instead of four replaces.
  if (!NEEDS_ESCAPES.test(text)) return text;
  const escaped = text.replace(ESCAPED, (char, offset: number) => {
    const intraword = ALPHANUMERIC.test(text[offset - 1] ?? '') && ALPHANUMERIC.test(text[offset + 1] ?? '');
    return char === '_' && intraword ? char : (ESCAPES[char] ?? ' ');
  });
  return AUTOLINKS.reduce((result, [pattern, replacement]) => result.replace(pattern, replacement), escaped);
}

/** Shortens a value to the cell limit without splitting a surrogate pair. */
export function clip(text: string, max = MAX_CELL_CHARS): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - 1);
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  return `${cut}…`;
}

export const NONE = '—';

/** A value from the logs, ready for the page. */
export function text(value: string | null | undefined): string {
  return value === null || value === undefined ? NONE : escapeMarkdown(clip(value));
}
