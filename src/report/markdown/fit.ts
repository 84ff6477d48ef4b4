/**
 * The size guard: a document too long for GitHub's limits keeps its fixed parts whole and cuts its long tables
 * to the same number of rows each, the most that fits, each with a pointer to the full report.
 */
import type { Block } from './blocks.js';
import { text } from './escape.js';
import { plural } from './format.js';

export interface FitOptions {
  /** Largest UTF-8 byte length of the result; long tables are cut to fit. */
  readonly maxBytes?: number;
  /** Largest length of the result in UTF-16 code units, which is never fewer than the characters GitHub counts. */
  readonly maxChars?: number;
  /** Where the uncut report is, for the pointer under each cut table. */
  readonly fullReportPath?: string;
}

const DEFAULT_FULL_REPORT_PATH = 'report.md';

/** A document as blocks: the shortening note goes between `before` and `after`. */
export interface Document {
  readonly before: readonly Block[];
  readonly after: readonly Block[];
}

function assemble(blocks: readonly Block[], shown: number, pointer: (more: number) => string): string {
  return blocks
    .map((block) => {
      if (typeof block === 'string') return block;
      if (block.rows.length <= shown) return [...block.head, ...block.rows].join('\n');
      // The pointer needs a blank line before it, or Markdown would read it as one more table row.
      return (
        [...block.head, ...block.rows.slice(0, shown)].join('\n') +
        `\n\n${pointer(block.rows.length - shown)}`
      );
    })
    .join('\n\n')
    .concat('\n');
}

function fitter(options: FitOptions): (markdown: string) => boolean {
  const { maxBytes, maxChars } = options;
  return (markdown) =>
    (maxChars === undefined || markdown.length <= maxChars) &&
    (maxBytes === undefined || Buffer.byteLength(markdown, 'utf8') <= maxBytes);
}

/** The longest prefix of `markdown` that ends a line and fits, then as much of `tail` as still fits. */
function hardCut(markdown: string, tail: string, fits: (markdown: string) => boolean): string {
  let low = 0;
  let high = markdown.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (fits(markdown.slice(0, mid) + tail)) low = mid;
    else high = mid - 1;
  }
  const newline = markdown.lastIndexOf('\n', low - 1);
  const kept = markdown.slice(0, newline >= 0 ? newline + 1 : 0);
  if (fits(kept + tail)) return kept + tail;
  // Only a limit smaller than the pointer itself ends up here: keep what fits of the pointer, whole characters.
  let cut = '';
  for (const char of tail) {
    if (!fits(cut + char)) break;
    cut += char;
  }
  return cut;
}

/** The document as Markdown, whole when it fits, otherwise shortened as little as the limits allow. */
export function fitDocument({ before, after }: Document, options: FitOptions = {}): string {
  const full = assemble([...before, ...after], Infinity, () => '');
  const fits = fitter(options);
  if (fits(full)) return full;

  const path = text(options.fullReportPath ?? DEFAULT_FULL_REPORT_PATH);
  const pointer = (more: number) => `… ${plural(more, 'more row')} in the full report (${path})`;
  const shortened = [
    ...before,
    `> ℹ️ Shortened to fit GitHub's size limit: every table is whole in the full report (${path}).`,
    ...after,
  ];
  const longest = Math.max(
    0,
    ...shortened.map((block) => (typeof block === 'string' ? 0 : block.rows.length)),
  );
  let low = 0;
  let high = longest;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (fits(assemble(shortened, mid, pointer))) low = mid;
    else high = mid - 1;
  }
  const best = assemble(shortened, low, pointer);
  if (fits(best)) return best;
  // Even with every long table cut to nothing the fixed parts are too long (a huge list of accounts, say).
  return hardCut(best, `\n… cut to fit; the full report is ${path}\n`, fits);
}
