/**
 * Every CloudTrail-derived string is hostile to a page as it is to Markdown: anyone who can call an API in the
 * account chooses session names and user agents. These make any such value inert as HTML text, inside a quoted
 * attribute, and as JSON inside a script element.
 */
import { clip } from '../markdown/escape.js';
import { NONE } from '../markdown/escape.js';
import { revealInvisible } from '../invisible.js';

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text safe between tags and inside a quoted attribute value, its invisible characters shown (`<U+202E>`). */
export function escapeHtml(text: string): string {
  return revealInvisible(text).replace(/[&<>"']/g, (char) => ENTITIES[char]!);
}

/** A value from the logs, shortened to the report's cell limit (the JSON and CSV files keep it whole). */
export function value(text: string | null | undefined): string {
  return text === null || text === undefined ? NONE : escapeHtml(clip(text));
}

/**
 * Escaped text with a line-break opportunity (`<wbr>`) after each `/`, `:`, `_` and `.`, so an ARN, a path, a
 * log file's name or a service's host name wraps between its parts, never inside a name, and copies whole. Only
 * for text already escaped, never for markup.
 */
export function breakAtSeparators(escaped: string): string {
  return escaped.replace(/[/:_.]/g, '$&<wbr>');
}

/** A value from the logs as `value` gives it, wrapping at its separators. */
export function wrappingValue(text: string | null | undefined): string {
  return breakAtSeparators(value(text));
}

/**
 * JSON that cannot end the script element holding it: `<` (so no `</script>` or `<!--`), `>` and `&` become
 * escapes, as do the two line separators older parsers treat as line ends. The page draws its strings as text, so
 * their invisible characters are shown (`<U+202E>`) before that.
 */
export function scriptJson(data: unknown): string {
  return revealInvisible(JSON.stringify(data)).replace(/[<>&\u2028\u2029]/g, (char) => {
    return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}
