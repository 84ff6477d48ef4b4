/** The long tables of the report, which the size guard may cut: the article's answers, identities, calls, files. */
import { SUPPORT_HOST } from '../../core/criteria.js';
import { QUERY_SETS } from '../../core/query-sets/index.js';
import { ARTICLE_LIMIT, type AuditResult } from '../../core/result.js';
import { ANSWER_ROWS_HEADING, distinctAnswerRows, EVENT_COLUMNS, TRAIL_CHANGE_COLUMNS } from '../columns.js';
import { table, type Block } from './blocks.js';
import { text } from './escape.js';
import { number, plural } from './format.js';

function identityRows(result: AuditResult): string[][] {
  return result.article.byIdentityAndSource.map((r) => [
    text(r.username),
    text(r.eventSource),
    number(r.count),
  ]);
}

export function articleAnswers(result: AuditResult): Block[] {
  const { article } = result;
  const roleNote = QUERY_SETS[result.querySet].terms.roleMatch;
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
          ['ARN', ANSWER_ROWS_HEADING],
          distinctAnswerRows(article.roleArns).map((r) => [text(r.value), number(r.rows)]),
          [1],
        ),
    `### 5. Up to ${ARTICLE_LIMIT} principal IDs of the support role (${roleNote})`,
    article.principalIds.length === 0
      ? 'None.'
      : table(
          ['Principal ID', ANSWER_ROWS_HEADING],
          distinctAnswerRows(article.principalIds).map((r) => [text(r.value), number(r.rows)]),
          [1],
        ),
  ];
}

export function identities(result: AuditResult, notMeasured: string): Block[] {
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

/** How many support calls to list, and where the rest are: the terminal shows a page, not a thousand rows. */
export interface EventLimit {
  readonly rows: number;
  /** The file that lists every call. */
  readonly file: string;
}

export function events(result: AuditResult, limit?: EventLimit): Block[] {
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
      EVENT_COLUMNS.map((column) => column.heading),
      result.events
        .slice(0, limit?.rows)
        .map((event) => EVENT_COLUMNS.map((column) => text(column.value(event)))),
    ),
    ...(limit && result.events.length > limit.rows
      ? [
          `… and ${plural(result.events.length - limit.rows, 'more support call')}: every call is in ${text(limit.file)}.`,
        ]
      : []),
  ];
}

export function unreadable(result: AuditResult): Block[] {
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

export function trailChanges(result: AuditResult, notMeasured: string): Block[] {
  const heading = '## Trail changes in the window (context: they can explain gaps)';
  const changes = result.trailChanges;
  if (changes === null) return [heading, `${notMeasured.charAt(0).toUpperCase()}${notMeasured.slice(1)}.`];
  if (changes.length === 0) return [heading, 'None recorded.'];
  return [
    heading,
    table(
      TRAIL_CHANGE_COLUMNS.map((column) => column.heading),
      changes.map((change) => TRAIL_CHANGE_COLUMNS.map((column) => text(column.value(change)))),
    ),
  ];
}
