/**
 * The report as Markdown: report.md, the terminal, the GitHub job summary and the PR comment all read this one
 * rendering. It stays plain enough to read as text (pipe tables, no HTML) and treats every CloudTrail-derived
 * string as hostile: anyone who can make an API call in the account chooses session names and user agents.
 */
import { CONTEXT_PREDICATES, SUPPORT_HOST, type CriterionName } from '../criteria.js';
import { ARTICLE_LIMIT } from '../queries.js';
import type { AuditResult, QueryRecord, SupportEvent, Totals } from './model.js';

/**
 * GitHub rejects a step's job summary above 1 MiB. The margin leaves room for the lines a caller adds around
 * the report and for the line ending core.summary appends.
 */
export const JOB_SUMMARY_MAX_BYTES = 1024 * 1024 - 16 * 1024;

/** GitHub's limit on a PR comment body, in characters (not bytes). */
export const PR_COMMENT_MAX_CHARS = 65_536;

/** Longest cell the report shows; the JSON and CSV files keep every value whole. */
export const MAX_CELL_CHARS = 300;

const DEFAULT_FULL_REPORT_PATH = 'report.md';

export interface MarkdownOptions {
  /** Largest UTF-8 byte length of the result; long tables are cut to fit. */
  readonly maxBytes?: number;
  /** Largest length of the result in UTF-16 code units, which is never fewer than the characters GitHub counts. */
  readonly maxChars?: number;
  /** Where the uncut report is, for the pointer under each cut table. */
  readonly fullReportPath?: string;
}

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

/** Makes any text inert inside a Markdown paragraph, list item or table cell: one line, no markup. */
export function escapeMarkdown(text: string): string {
  return text.replace(ESCAPED, (char) => ESCAPES[char] ?? ' ');
}

/** Shortens a value to the cell limit without splitting a surrogate pair. */
function clip(text: string, max = MAX_CELL_CHARS): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - 1);
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  return `${cut}…`;
}

const NONE = '—';

/** A value from the logs, ready for the page. */
function text(value: string | null | undefined): string {
  return value === null || value === undefined ? NONE : escapeMarkdown(clip(value));
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
}

function capitalised(phrase: string): string {
  return phrase.charAt(0).toUpperCase() + phrase.slice(1);
}

function number(value: number): string {
  return value.toLocaleString('en-US');
}

/* ---------------------------------------------------------------------------------------------------------- */
/* Cost                                                                                                       */
/* ---------------------------------------------------------------------------------------------------------- */

/**
 * AWS bills data volumes in binary units, so the estimate uses 1 MB = 2^20 bytes and 1 TB = 2^40 bytes
 * throughout, for the rounding, the minimum and the price alike.
 */
export const BYTES_PER_MB = 2 ** 20;
export const BYTES_PER_TB = 2 ** 40;
export const PRICE_PER_TB_USD = 5;
export const MINIMUM_BILLED_MB = 10;
export const PRICE_LABEL = 'at list price ($5 per TB scanned, 10 MB minimum per query)';

/** The bytes Athena bills for one query: rounded up to the next MB, at least 10 MB; a reused result is free. */
export function billedBytes(query: Pick<QueryRecord, 'dataScannedBytes' | 'reusedPreviousResult'>): number {
  if (query.reusedPreviousResult) return 0;
  const megabytes = Math.max(MINIMUM_BILLED_MB, Math.ceil(query.dataScannedBytes / BYTES_PER_MB));
  return megabytes * BYTES_PER_MB;
}

export function estimatedCostUsd(billed: number): number {
  return (billed / BYTES_PER_TB) * PRICE_PER_TB_USD;
}

function dollars(amount: number): string {
  if (amount === 0) return '$0.00';
  return amount < 1 ? `$${amount.toFixed(6)}` : `$${amount.toFixed(2)}`;
}

function usd(amount: number): string {
  return `${dollars(amount).slice(1)} USD`;
}

function bytes(value: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let scaled = value;
  let unit = 0;
  while (scaled >= 1024 && unit < units.length - 1) {
    scaled /= 1024;
    unit += 1;
  }
  return unit === 0 ? plural(value, 'byte') : `${scaled.toFixed(2)} ${units[unit]}`;
}

function duration(ms: number): string {
  return ms < 1000 ? `${number(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/** Links only ids and regions of the shapes AWS issues, so a link can never be steered elsewhere. */
function consoleLink(region: string | null, queryExecutionId: string | undefined): string {
  if (queryExecutionId === undefined) return NONE;
  if (region === null || !/^[a-z0-9-]+$/.test(region) || !/^[A-Za-z0-9-]+$/.test(queryExecutionId)) {
    return text(queryExecutionId);
  }
  const url = `https://${region}.console.aws.amazon.com/athena/home?region=${region}#/query-editor/history/${queryExecutionId}`;
  return `[${queryExecutionId}](${url})`;
}

/* ---------------------------------------------------------------------------------------------------------- */
/* Document                                                                                                   */
/* ---------------------------------------------------------------------------------------------------------- */

/** A table the size guard may cut; the rest of the document always stays whole. */
interface CuttableTable {
  readonly head: readonly string[];
  readonly rows: readonly string[];
}

type Block = string | CuttableTable;

function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function table(
  columns: readonly string[],
  rows: readonly (readonly string[])[],
  right: number[] = [],
): CuttableTable {
  const delimiter = row(columns.map((_, i) => (right.includes(i) ? '---:' : '---')));
  return { head: [row(columns), delimiter], rows: rows.map(row) };
}

function staticTable(columns: readonly string[], rows: readonly (readonly string[])[], right: number[] = []) {
  const { head, rows: lines } = table(columns, rows, right);
  return [...head, ...lines].join('\n');
}

function list(items: readonly string[]): string {
  return items.map((item) => `- ${item}`).join('\n');
}

const CRITERION_TOTAL: Readonly<Record<CriterionName, keyof Totals>> = {
  sourceIp: 'bySourceIp',
  supportRole: 'bySupportRole',
  invokedBy: 'byInvokedBy',
};

function headline(result: AuditResult): string[] {
  const { supportCalls, writeCalls } = result.totals;
  const calls = plural(supportCalls, 'support call');
  const { max } = result.threshold;
  const lines: string[] = [];
  if (max === null) {
    lines.push(`ℹ️ ${calls} (no threshold set)`);
  } else if (result.threshold.exceeded) {
    lines.push(`❌ ${calls} — ${number(supportCalls - max)} over the threshold of ${number(max)}`);
  } else {
    lines.push(`✅ ${calls} — within the threshold of ${number(max)}`);
  }
  if (result.writeCallGate.enabled) {
    if (writeCalls === null) {
      lines.push(
        `⚠️ fail-on-write-calls is on, but the ${result.querySet} query set does not measure write calls, so it cannot fail`,
      );
    } else if (result.writeCallGate.exceeded) {
      lines.push(
        `❌ ${plural(writeCalls, 'write (non-read-only) support call')} — fail-on-write-calls is on`,
      );
    } else {
      lines.push('✅ no write (non-read-only) support calls — fail-on-write-calls is on');
    }
  }
  return lines.map((line) => `**${line}**`);
}

function warnings(result: AuditResult): string[] {
  if (result.complete) return [];
  const files = plural(result.unreadableFiles.length, 'file');
  return [
    `> ⚠️ **Incomplete:** ${files} could not be read, so the counts below may be lower than the truth. ` +
      'See "Unreadable files".',
  ];
}

function scope(result: AuditResult): string {
  const { table: t, window } = result;
  const joined = (values: readonly string[]) =>
    values.length === 0 ? NONE : values.map((value) => text(value)).join(', ');
  const engine =
    result.engine === 'athena'
      ? `Athena${result.statistics.athenaRegion === null ? '' : ` (${text(result.statistics.athenaRegion)})`}`
      : 'local (DuckDB)';
  return list([
    `Window: ${text(window.start)} to ${text(window.end)} (UTC, both days included)`,
    `Engine: ${engine}`,
    `Query set: ${text(result.querySet)}`,
    `Table: ${text(`${t.database}.${t.table}`)}`,
    `Layout: ${text(t.layout)}`,
    `Location: ${text(t.location)}`,
    `Partitions: ${joined(t.partitions)}`,
    `Accounts: ${joined(t.accounts)}`,
    `Regions: ${joined(t.regions)}`,
    `Table actions: ${joined(t.actions)}`,
    `Generated: ${text(result.generatedAt)}`,
  ]);
}

function counts(result: AuditResult, notMeasured: string): string {
  const figure = (value: number | null) => (value === null ? notMeasured : number(value));
  const rows = result.criteria.map(({ name, description }) => [
    text(name),
    figure(result.totals[CRITERION_TOTAL[name]]),
    text(description),
  ]);
  const union =
    result.querySet === 'seed' ? 'the sourceIp criterion alone (see below)' : 'the union of the above';
  rows.push(
    ['**Support calls (any criterion)**', `**${number(result.totals.supportCalls)}**`, union],
    [
      'Write (non-read-only) calls',
      figure(result.totals.writeCalls),
      'support calls whose readOnly is not "true"',
    ],
  );
  const parts = [staticTable(['Criterion', 'Calls', 'What it matches'], rows, [1])];
  if (result.querySet === 'seed') {
    parts.push(
      `The seed query set runs the article's queries as written: its support calls are the ${SUPPORT_HOST} ` +
        'source IP criterion alone.',
    );
  }
  return parts.join('\n\n');
}

function identityRows(result: AuditResult): string[][] {
  return result.article.byIdentityAndSource.map((r) => [
    text(r.username),
    text(r.eventSource),
    number(r.count),
  ]);
}

function articleAnswers(result: AuditResult): Block[] {
  const { article } = result;
  const roleNote =
    result.querySet === 'seed'
      ? "the article's substring match on the role name"
      : 'the exact role name, in any partition';
  return [
    "## The article's five queries",
    `### 1. Number of calls from ${SUPPORT_HOST}\n\n${number(article.numberOfCalls)}`,
    `### 2. Up to ${ARTICLE_LIMIT} calls from ${SUPPORT_HOST}`,
    article.calls.length === 0
      ? 'No calls.'
      : table(
          ['Event time', 'Event name', 'Event ID'],
          article.calls.map((c) => [text(c.eventTime), text(c.eventName), text(c.eventId)]),
        ),
    '### 3. Calls by session issuer and event source',
    article.byIdentityAndSource.length === 0
      ? 'No calls.'
      : table(['Session issuer', 'Event source', 'Calls'], identityRows(result), [2]),
    `### 4. Up to ${ARTICLE_LIMIT} ARNs of the support role (${roleNote})`,
    article.roleArns.length === 0
      ? 'None.'
      : table(
          ['ARN'],
          article.roleArns.map((arn) => [text(arn)]),
        ),
    `### 5. Up to ${ARTICLE_LIMIT} principal IDs of the support role (${roleNote})`,
    article.principalIds.length === 0
      ? 'None.'
      : table(
          ['Principal ID'],
          article.principalIds.map((id) => [text(id)]),
        ),
  ];
}

function identities(result: AuditResult, notMeasured: string): Block[] {
  const count = (value: number | null) => (value === null ? notMeasured : number(value));
  return [
    '## Role ARNs and principal IDs of the support role',
    result.roleArns.length === 0
      ? 'None.'
      : table(
          ['ARN', 'Calls'],
          result.roleArns.map((r) => [text(r.arn), count(r.count)]),
          [1],
        ),
    result.principalIds.length === 0
      ? 'No principal IDs.'
      : table(
          ['Principal ID', 'Calls'],
          result.principalIds.map((r) => [text(r.principalId), count(r.count)]),
          [1],
        ),
  ];
}

function context(result: AuditResult, notMeasured: string): string {
  const figure = (value: number | null) => (value === null ? notMeasured : number(value));
  return [
    '## Context (not counted as support calls)',
    list(
      CONTEXT_PREDICATES.map((p) => `${text(capitalised(p.description))}: ${figure(result.context[p.name])}`),
    ),
  ].join('\n\n');
}

function criteriaFlags(event: SupportEvent): string {
  const flags = [
    event.bySourceIp ? 'sourceIp' : undefined,
    event.bySupportRole ? 'supportRole' : undefined,
    event.byInvokedBy ? 'invokedBy' : undefined,
  ].filter((flag) => flag !== undefined);
  return flags.length === 0 ? NONE : flags.join(', ');
}

function identity(event: SupportEvent): string {
  if (event.arn !== null) return text(event.arn);
  const parts = [event.identityType, event.principalId].filter((part) => part !== null);
  return parts.length === 0 ? NONE : text(parts.join(' '));
}

function events(result: AuditResult): Block[] {
  const heading = '## Support calls';
  if (!result.eventsComplete && result.events.length === 0) {
    return [
      heading,
      `The ${text(result.querySet)} query set lists no events: the article's queries return only the sample ` +
        'of calls above. Run the single-scan query set for every call.',
    ];
  }
  if (result.events.length === 0) return [heading, 'No support calls in the window.'];
  return [
    heading,
    table(
      [
        'Time (UTC)',
        'Account',
        'Region',
        'Event source',
        'Event name',
        'ARN / identity',
        'Read-only',
        'Criteria',
      ],
      result.events.map((e) => [
        text(e.eventTime),
        text(e.recipientAccountId),
        text(e.awsRegion),
        text(e.eventSource),
        text(e.eventName),
        identity(e),
        text(e.readOnly),
        criteriaFlags(e),
      ]),
    ),
  ];
}

function unreadable(result: AuditResult): Block[] {
  const files = result.unreadableFiles;
  if (files.length === 0) return ['## Unreadable files', 'None: every file was read.'];
  return [
    '## Unreadable files',
    `${plural(files.length, 'file')} could not be read; the counts above leave out any calls they hold.`,
    table(
      ['Path', 'Reason'],
      files.map((f) => [text(f.path), text(f.reason)]),
    ),
  ];
}

function statistics(result: AuditResult): string {
  const { queries } = result.statistics;
  const totalMs = (key: 'engineExecutionMs' | 'queueMs' | 'totalMs') =>
    duration(queries.reduce((sum, q) => sum + q[key], 0));
  const parts = ['## Statistics'];
  if (result.engine === 'athena') {
    const region = result.statistics.athenaRegion;
    const rows = queries.map((q) => {
      const billed = billedBytes(q);
      return [
        text(q.id),
        bytes(q.dataScannedBytes),
        q.reusedPreviousResult ? 'reused earlier result' : bytes(billed),
        dollars(estimatedCostUsd(billed)),
        duration(q.engineExecutionMs),
        duration(q.queueMs),
        duration(q.totalMs),
        consoleLink(region, q.queryExecutionId),
      ];
    });
    const billed = queries.reduce((sum, q) => sum + billedBytes(q), 0);
    const cost = dollars(estimatedCostUsd(billed));
    rows.push([
      '**Total**',
      `**${bytes(result.statistics.dataScannedBytes)}**`,
      `**${bytes(billed)}**`,
      `**${cost}**`,
      totalMs('engineExecutionMs'),
      totalMs('queueMs'),
      totalMs('totalMs'),
      '',
    ]);
    parts.push(
      staticTable(
        [
          'Query',
          'Data scanned',
          'Billed',
          'Cost',
          'Engine time',
          'Queue time',
          'Total time',
          'Query execution',
        ],
        rows,
        [1, 2, 3, 4, 5, 6],
      ),
      // One dollar sign per paragraph: GitHub reads text between two of them as a math formula.
      `Estimated cost: ${usd(estimatedCostUsd(billed))} ${PRICE_LABEL}; 1 MB = 2^20 bytes, 1 TB = 2^40 bytes. ` +
        'A reused result scans nothing and is not billed.',
    );
  } else {
    const rows = queries.map((q) => [
      text(q.id),
      duration(q.engineExecutionMs),
      duration(q.queueMs),
      duration(q.totalMs),
    ]);
    rows.push(['**Total**', totalMs('engineExecutionMs'), totalMs('queueMs'), totalMs('totalMs')]);
    parts.push(
      staticTable(['Query', 'Engine time', 'Queue time', 'Total time'], rows, [1, 2, 3]),
      'The local engine reads local files: no data is scanned in Athena and nothing is billed.',
    );
  }
  return parts.join('\n\n');
}

function document(result: AuditResult): { before: Block[]; after: Block[] } {
  const notMeasured = `not measured by the ${result.querySet} query set`;
  const accountRegion: Block[] = ['## By account and region'];
  if (result.byAccountAndRegion.length > 0) {
    accountRegion.push(
      table(
        ['Account', 'Region', 'Calls'],
        result.byAccountAndRegion.map((r) => [text(r.account), text(r.region), number(r.count)]),
        [2],
      ),
    );
  } else {
    accountRegion.push(result.querySet === 'seed' ? `${capitalised(notMeasured)}.` : 'No support calls.');
  }
  return {
    before: ['# AWS Support activity in CloudTrail', ...warnings(result)],
    after: [
      ...headline(result),
      '## Scope',
      scope(result),
      '## Counts',
      counts(result, notMeasured),
      ...accountRegion,
      ...articleAnswers(result),
      ...identities(result, notMeasured),
      context(result, notMeasured),
      ...events(result),
      ...unreadable(result),
      statistics(result),
    ],
  };
}

/* ---------------------------------------------------------------------------------------------------------- */
/* Size guard                                                                                                 */
/* ---------------------------------------------------------------------------------------------------------- */

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

function fitter(options: MarkdownOptions): (markdown: string) => boolean {
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

/**
 * Renders the result as Markdown. With `maxBytes` or `maxChars`, a rendering that is too long keeps the
 * headline, warnings, counts and statistics whole and cuts the long tables to the same number of rows each,
 * the most that fits, each with a pointer to the full report.
 */
export function renderMarkdown(result: AuditResult, options: MarkdownOptions = {}): string {
  const { before, after } = document(result);
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

/** The report for a PR comment, leaving `reservedChars` for what the caller adds (a marker to find it again). */
export function fitComment(
  result: AuditResult,
  options: { readonly fullReportPath?: string; readonly reservedChars?: number } = {},
): string {
  return renderMarkdown(result, {
    maxChars: PR_COMMENT_MAX_CHARS - (options.reservedChars ?? 0),
    fullReportPath: options.fullReportPath,
  });
}

/** The report for the GitHub job summary. */
export function fitJobSummary(
  result: AuditResult,
  options: { readonly fullReportPath?: string } = {},
): string {
  return renderMarkdown(result, { maxBytes: JOB_SUMMARY_MAX_BYTES, fullReportPath: options.fullReportPath });
}
