import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createTableStatement } from '../src/engines/athena/ddl.js';
import { tableLayout, type TableLayoutInput } from '../src/core/layout.js';
import { hiveErrors } from './helpers/sql-parser.js';

const ARTICLE_DDL = readFileSync(new URL('./fixtures/article-ddl.sql', import.meta.url), 'utf8');

const ONE_ACCOUNT_ONE_REGION: TableLayoutInput = {
  root: 's3://amzn-s3-demo-bucket/',
  prefix: '',
  organizationId: undefined,
  accounts: ['111122223333'],
  regions: ['us-east-1'],
  projectionStart: '2025-01-01',
};

/** Whitespace and the case of type keywords do not matter to Hive; everything else must match. */
function normalise(sql: string): string {
  return sql
    .replace(/\s+/g, ' ')
    .replace(/\s*([<>(),:=])\s*/g, '$1')
    .replace(/\b(STRING|STRUCT|ARRAY|MAP)\b/gi, (t) => t.toLowerCase())
    .trim();
}

describe('the DDL of the partition-projected table', () => {
  it("is the article's statement for one account and one region, with IF NOT EXISTS and the database named", () => {
    const ddl = createTableStatement(
      { database: 'default', table: 'cloudtrail_logs_pp' },
      tableLayout(ONE_ACCOUNT_ONE_REGION),
    );
    const expected = normalise(ARTICLE_DDL).replace(
      'CREATE EXTERNAL TABLE cloudtrail_logs_pp(',
      'CREATE EXTERNAL TABLE IF NOT EXISTS `default`.`cloudtrail_logs_pp`(',
    );
    expect(normalise(ddl.sql)).toBe(expected);
  });

  it('uses the configured projection start', () => {
    const ddl = createTableStatement(
      { database: 'default', table: 't' },
      tableLayout({ ...ONE_ACCOUNT_ONE_REGION, projectionStart: '2019-06-30' }),
    );
    expect(ddl.sql).toContain("'projection.timestamp.range'='2019/06/30,NOW'");
  });

  it.each([
    ['one account, one region', ONE_ACCOUNT_ONE_REGION],
    ['several regions', { ...ONE_ACCOUNT_ONE_REGION, regions: ['us-east-1', 'eu-west-1'] }],
    ['several accounts', { ...ONE_ACCOUNT_ONE_REGION, accounts: ['111122223333', '444455556666'] }],
    [
      'an organization trail under a prefix',
      {
        ...ONE_ACCOUNT_ONE_REGION,
        organizationId: 'o-abcdefghij',
        prefix: 'trails/main',
        regions: ['us-east-1', 'eu-west-1'],
      },
    ],
  ])('parses as Hive DDL: %s', (_name, input) => {
    const ddl = createTableStatement(
      { database: 'audit_db', table: 'cloudtrail_logs_pp' },
      tableLayout(input),
    );
    expect(hiveErrors(ddl.sql)).toEqual([]);
  });

  it('a broken statement fails the parser, so the check above can fail', () => {
    expect(hiveErrors('CREATE EXTERNAL TABLE x (a STRING PARTITIONED BY')).not.toEqual([]);
  });

  it('refuses an identifier that was not validated', () => {
    expect(() =>
      createTableStatement(
        { database: 'default', table: 'x`; DROP TABLE y' },
        tableLayout(ONE_ACCOUNT_ONE_REGION),
      ),
    ).toThrow(/unvalidated identifier/);
  });
});
