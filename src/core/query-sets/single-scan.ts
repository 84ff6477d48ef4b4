/**
 * The default query set: one scan of the window's partitions returns two kinds of rows at once (GROUPING SETS,
 * which Trino and DuckDB both answer in one pass): a coverage row per account, region and delivery day, counting
 * every record and file read there, and a row per distinct support call or context event, with its deliveries.
 * Every figure, the article's five answers and the coverage included, is computed from that one result.
 *
 * The exact `eventtime` bounds are applied when measuring, not in SQL: coverage counts every record of the
 * partitions read, and Athena takes execution parameters in WHERE only, so the window's days could not be
 * parameters of the per-row flag that picks events.
 */
import { CONTEXT_PREDICATES, SUPPORT_CRITERIA } from '../criteria.js';
import { rowObjects, type QueryResult } from '../engine.js';
import { EVENT_FIELDS } from '../events.js';
import { DETAIL_COLUMNS, detailText } from '../explain/evidence.js';
import type { LayoutTable } from '../layout.js';
import type { Measurements } from '../result.js';
import { CLOUDTRAIL_SOURCE } from '../sources/cloudtrail.js';
import type { AuditSource } from '../sources/source.js';
import type { Statement } from '../sql.js';
import type { AuditWindow } from '../types.js';
import { measureCoverage } from './coverage.js';
import { measureEvents } from './single-scan-events.js';
import type { QuerySet, QueryScope } from './query-set.js';

const PREDICATES = [...SUPPORT_CRITERIA, ...CONTEXT_PREDICATES];

/** The columns of a coverage row; null on event rows, which is how the two kinds are told apart. */
export const COVERAGE_COLUMNS = {
  account: 'log_account',
  region: 'log_region',
  day: 'delivery_day',
  layout: 'log_layout',
  records: 'records',
  files: 'files',
} as const;

function statements(
  tables: readonly LayoutTable[],
  window: AuditWindow,
  source: AuditSource = CLOUDTRAIL_SOURCE,
): Statement[] {
  const relation = source.relation(tables, window, { exactTimes: false });
  const { account, region, day, layout, records, files } = COVERAGE_COLUMNS;
  const details = Object.keys(DETAIL_COLUMNS) as Array<keyof typeof DETAIL_COLUMNS>;
  const eventColumns = [...EVENT_FIELDS.map((f) => f.column), ...details.map((d) => DETAIL_COLUMNS[d])];
  const flags = PREDICATES.map((p) => p.flag);
  const flagged = [
    ...EVENT_FIELDS.map(({ column, sql }) => `${sql} AS ${column}`),
    // What the details are made of, carried as it is: they are made only for the rows kept, below.
    ...relation.details.columns,
    ...PREDICATES.map((p) => `COALESCE(${p.sql}, false) AS ${p.flag}`),
    `COALESCE(${PREDICATES.map((p) => p.sql).join('\n      OR ')}, false) AS relevant`,
    `${relation.account} AS ${account}`,
    `${relation.region} AS ${region}`,
    `${relation.day} AS ${day}`,
    `${relation.layout} AS ${layout}`,
    // A file's key, 8 bytes where its path is a hundred: a million files are grouped by it. Two files of one
    // account, region and day sharing a 64-bit hash, the only way it could miscount, is beyond any real trail.
    `xxhash64(to_utf8(${relation.path})) AS file_key`,
  ];
  const kept = [
    ...EVENT_FIELDS.map(({ column }) => `CASE WHEN relevant THEN ${column} END AS ${column}`),
    ...details.map(
      (d) => `CASE WHEN relevant THEN ${detailText(d, relation.details.sql[d])} END AS ${DETAIL_COLUMNS[d]}`,
    ),
    ...flags,
    'relevant',
    account,
    region,
    day,
    layout,
    'file_key',
  ];
  const coverageKey = [account, region, day, layout];
  const eventKey = ['relevant', ...eventColumns, ...flags];
  const sql = [
    'SELECT',
    `  ${[...eventColumns, ...flags, ...coverageKey].join(',\n  ')},`,
    `  sum(${records}) AS ${records},`,
    // One row per file below, so counting them counts the files: no DISTINCT, whose table would hold every
    // file once per grouping set, the wide event set included.
    `  count(file_key) AS ${files}`,
    'FROM (',
    '  SELECT',
    `    ${[...eventKey, ...coverageKey, 'file_key'].join(',\n    ')},`,
    `    count(*) AS ${records}`,
    '  FROM (',
    '    SELECT',
    `      ${kept.join(',\n      ')}`,
    '    FROM (',
    '      SELECT',
    `        ${flagged.join(',\n        ')}`,
    `      FROM ${relation.from.replaceAll('\n', '\n      ')}`,
    ...(relation.where === undefined ? [] : [`      WHERE ${relation.where.replaceAll('\n', '\n      ')}`]),
    '    ) AS flagged',
    '  ) AS kept',
    '  GROUP BY GROUPING SETS (',
    `    (${[...coverageKey, 'file_key'].join(', ')}),`,
    `    (${eventKey.join(', ')})`,
    '  )',
    ') AS per_file',
    'GROUP BY GROUPING SETS (',
    `  (${coverageKey.join(', ')}),`,
    `  (${eventKey.join(', ')})`,
    ')',
    `HAVING ${day} IS NOT NULL OR relevant`,
    `ORDER BY ${day}, ${account}, ${region}, ${layout}, event_time, event_id`,
  ].join('\n');
  return [
    {
      id: 'single-scan',
      title:
        'Every support call, support context event and the logs read per account, region and day, in one scan',
      sql,
      parameters: relation.parameters,
    },
  ];
}

function measure([result]: readonly QueryResult[], scope: QueryScope): Measurements {
  const rows = rowObjects(result!);
  const coverageRows = rows.filter((row) => row[COVERAGE_COLUMNS.day] !== null);
  const eventRows = rows.filter((row) => row[COVERAGE_COLUMNS.day] === null);
  return { ...measureEvents(eventRows, scope.window), coverage: measureCoverage(coverageRows, scope) };
}

export const singleScan: QuerySet = {
  name: 'single-scan',
  terms: {
    supportCalls: 'the union of the above',
    roleMatch: 'the exact role name, in any partition',
    countsNote: null,
  },
  statements,
  measure,
};
