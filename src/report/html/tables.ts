/** The fixed tables of report.html: the article's five answers, trail changes, unreadable files. */
import { SUPPORT_HOST } from '../../core/criteria.js';
import { QUERY_SETS } from '../../core/query-sets/index.js';
import { ARTICLE_LIMIT, type AuditResult } from '../../core/result.js';
import { ANSWER_ROWS_HEADING, distinctAnswerRows, TRAIL_CHANGE_COLUMNS } from '../columns.js';
import { number, plural } from '../markdown/format.js';
import { escapeHtml, value, wrappingValue } from './escape.js';

/** How a column's cells are set: `num` right-aligned, `nowrap` on one line (times, regions). */
export type ColumnClass = 'num' | 'nowrap' | undefined;

/** A table of cells that are already HTML. */
export function table(
  name: string,
  head: readonly string[],
  rows: readonly (readonly string[])[],
  columns: readonly ColumnClass[] = [],
): string {
  const set = (i: number) => (columns[i] === undefined ? '' : ` class="${columns[i]}"`);
  const header = head.map((h, i) => `<th scope="col"${set(i)}>${h}</th>`).join('');
  const body = rows.map((row) => `<tr>${row.map((cell, i) => `<td${set(i)}>${cell}</td>`).join('')}</tr>`);
  return (
    `<div class="scroll"><table data-table="${name}"><thead><tr>${header}</tr></thead>` +
    `<tbody>${body.join('')}</tbody></table></div>`
  );
}

export function articleAnswers(result: AuditResult): string {
  const { article } = result;
  const roleNote = QUERY_SETS[result.querySet].terms.roleMatch;
  const distinctOrNone = (name: string, heading: string, items: ReadonlyArray<string | null>) =>
    items.length === 0
      ? '<p>None.</p>'
      : table(
          name,
          [heading, ANSWER_ROWS_HEADING],
          distinctAnswerRows(items).map((r) => [
            `<span class="mono">${wrappingValue(r.value)}</span>`,
            number(r.rows),
          ]),
          [undefined, 'num'],
        );
  return (
    '<section class="article"><h2 id="article">The article’s five queries</h2>' +
    '<p>The answers to the five Athena queries of the AWS Knowledge Center article, computed from the same scan.</p>' +
    `<div class="answer" data-answer="1"><h3>1. Number of calls from ${SUPPORT_HOST}</h3><p class="big">${number(article.numberOfCalls)}</p></div>` +
    `<div class="answer" data-answer="2"><h3>2. Up to ${ARTICLE_LIMIT} calls from ${SUPPORT_HOST}</h3>` +
    (article.calls.length === 0
      ? '<p>No calls.</p>'
      : table(
          'article-calls',
          ['Event time', 'Event name', 'Event ID'],
          article.calls.map((c) => [
            value(c.eventTime),
            value(c.eventName),
            `<span class="mono">${wrappingValue(c.eventId)}</span>`,
          ]),
          ['nowrap'],
        )) +
    '</div><div class="answer" data-answer="3"><h3>3. Calls by session issuer and event source</h3>' +
    (article.byIdentityAndSource.length === 0
      ? '<p>No calls.</p>'
      : table(
          'article-identities',
          ['Session issuer', 'Event source', 'Calls'],
          article.byIdentityAndSource.map((r) => [value(r.username), value(r.eventSource), number(r.count)]),
          [undefined, undefined, 'num'],
        )) +
    `</div><div class="answer" data-answer="4"><h3>4. Up to ${ARTICLE_LIMIT} ARNs of the support role (${roleNote})</h3>` +
    distinctOrNone('article-arns', 'ARN', article.roleArns) +
    `</div><div class="answer" data-answer="5"><h3>5. Up to ${ARTICLE_LIMIT} principal IDs of the support role (${roleNote})</h3>` +
    distinctOrNone('article-principal-ids', 'Principal ID', article.principalIds) +
    '</div></section>'
  );
}

export function trailChanges(result: AuditResult): string {
  const heading =
    '<h2 id="trail-changes">Trail changes in the window</h2><p>Context, not support calls: a change to what a trail records can explain a gap in the logs.</p>';
  const changes = result.trailChanges;
  if (changes === null)
    return `<section>${heading}<p>Not measured by the ${escapeHtml(result.querySet)} query set.</p></section>`;
  if (changes.length === 0) return `<section>${heading}<p>None recorded.</p></section>`;
  return (
    `<section>${heading}` +
    table(
      'trail-changes',
      TRAIL_CHANGE_COLUMNS.map((column) => column.heading),
      changes.map((change) => TRAIL_CHANGE_COLUMNS.map((column) => value(column.value(change)))),
      ['nowrap', undefined, undefined, 'nowrap', 'nowrap'],
    ) +
    '</section>'
  );
}

export function unreadableFiles(result: AuditResult): string {
  const files = result.unreadableFiles;
  const heading = '<h2 id="unreadable">Unreadable files</h2>';
  if (files.length === 0) return `<section>${heading}<p>None: every file was read.</p></section>`;
  return (
    `<section>${heading}<p class="warn">${plural(files.length, 'file')} could not be read; the counts leave out any calls they hold.</p>` +
    table(
      'unreadable-files',
      ['Path', 'Reason'],
      files.map((f) => [`<span class="mono">${wrappingValue(f.path)}</span>`, value(f.reason)]),
    ) +
    '</section>'
  );
}
