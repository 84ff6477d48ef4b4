/**
 * No input reaches SQL except as a validated token or an execution parameter. Every field gets classic
 * payloads; each is either refused before any statement is built, or the statements it produces have exactly
 * the shape (token types, by an independent parser) of the statements built from a plain value.
 */
import { describe, expect, it } from 'vitest';
import { tableRequest } from '../src/core/audit.js';
import { createTableStatement } from '../src/engines/athena/ddl.js';
import { InputError, UsageError } from '../src/core/errors.js';
import { tableLayout } from '../src/core/layout.js';
import type { RawInputs } from '../src/core/inputs.js';
import { QUERY_SETS } from '../src/core/query-sets/index.js';
import { parseSettings } from '../src/core/settings.js';
import { statementShape } from './helpers/sql-parser.js';

const NOW = new Date('2026-11-24T12:00:00Z');
const BASE: RawInputs = {
  bucket: 'trail-bucket',
  account: '111122223333',
  region: 'us-east-1',
  'organization-id': 'o-abcdefghij',
  prefix: 'trails',
  database: 'audit',
  table: 'cloudtrail_logs_pp',
  workgroup: 'primary',
  catalog: 'AwsDataCatalog',
  'output-location': 's3://results-bucket/support/',
  'projection-start': '2020-01-01',
  'start-date': '2026-11-01',
  'end-date': '2026-11-07',
  'query-set': 'single-scan',
  threshold: '3',
  'timeout-seconds': '60',
};

const PAYLOADS = [
  "' OR '1'='1",
  "'; DROP TABLE cloudtrail_logs_pp; --",
  '" OR ""="',
  '`; DROP TABLE x; --',
  '/* comment */',
  '-- comment',
  '\\',
  "\\'",
  'x\nDROP TABLE y',
  '${timestamp}',
  '${account}',
  'ʼ OR ʼ1ʼ=ʼ1', // U+02BC, a quote look-alike
  '＇ OR 1=1', // a full-width apostrophe
  '１１１１２２２２３３３３', // full-width digits
  'us-east-1\u200b', // a zero-width space
  ') UNION SELECT * FROM secrets (',
];

function statements(raw: RawInputs) {
  const settings = parseSettings(raw, NOW);
  const request = tableRequest(settings);
  const layout = tableLayout(request.layouts[0]!);
  return [
    { sql: createTableStatement(request, layout).sql, dialect: 'hive' as const },
    ...(['single-scan', 'seed'] as const).flatMap((set) =>
      QUERY_SETS[set].statements([{ name: request, layout: layout }], settings.window).map((s) => ({
        sql: s.sql,
        dialect: 'trino' as const,
      })),
    ),
  ];
}

const baseline = statements(BASE).map(({ sql, dialect }) => statementShape(sql, dialect));

describe('injection', () => {
  const fields = Object.keys(BASE);
  const cases = fields.flatMap((field) =>
    PAYLOADS.flatMap((payload) => [
      [field, payload, payload],
      [field, payload, `${BASE[field]}${payload}`],
    ]),
  );

  it.each(cases)(
    '%s with %j is refused or leaves every statement unchanged in shape',
    (field, _payload, value) => {
      let built;
      try {
        built = statements({ ...BASE, [field]: value });
      } catch (error) {
        expect(error instanceof InputError || error instanceof UsageError, String(error)).toBe(true);
        return;
      }
      expect(built.map(({ sql, dialect }) => statementShape(sql, dialect))).toEqual(baseline);
    },
  );

  it.each([
    ['prefix', 'a.b/c-d_e/f'],
    ['bucket', 'my.trail-bucket.2026'],
    ['database', '_x9'],
    ['table', 'support_audit_2026'],
    ['organization-id', 'o-0123456789abcdef'],
    ['start-date', '2026-02-28'],
  ])('an unusual but valid %s (%s) keeps every statement in shape', (field, value) => {
    const built = statements({ ...BASE, [field]: value });
    expect(built.map(({ sql, dialect }) => statementShape(sql, dialect))).toEqual(baseline);
  });

  it('the shape check can fail: a statement with an injected clause has another shape', () => {
    const [ddl, query] = statements(BASE);
    expect(statementShape(query!.sql.replace('WHERE', "WHERE 1=1 OR 'a'='a' AND"), 'trino')).not.toEqual(
      baseline[1],
    );
    expect(
      statementShape(
        ddl!.sql.replace("'projection.enabled'='true'", "'x'='y', 'projection.enabled'='true'"),
        'hive',
      ),
    ).not.toEqual(baseline[0]);
  });
});
