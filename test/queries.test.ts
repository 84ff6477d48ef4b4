import { describe, expect, it } from 'vitest';
import { tableLayout, type TableLayoutInput } from '../src/core/layout.js';
import { QUERY_SETS } from '../src/core/query-sets/index.js';
import { windowPredicate } from '../src/core/query-sets/window.js';
import { trinoErrors } from './helpers/sql-parser.js';

const INPUT: TableLayoutInput = {
  root: 's3://trail-bucket/',
  prefix: '',
  organizationId: undefined,
  accounts: ['111122223333'],
  regions: ['us-east-1'],
  projectionStart: '2024-01-01',
};
const NAME = { database: 'default', table: 'cloudtrail_logs_pp' };
const WINDOW = { start: '2025-01-01', end: '2025-01-07', lateDeliveryDays: 1 };

describe('the window predicate', () => {
  it('includes the first day and pads the partitions one day past the end for late delivery', () => {
    const predicate = windowPredicate(WINDOW, tableLayout(INPUT), { exactTimes: true });
    expect(predicate.sql).toBe('"timestamp" BETWEEN ? AND ?\n  AND eventtime >= ?\n  AND eventtime < ?');
    expect(predicate.parameters).toEqual(['2025/01/01', '2025/01/08', '2025-01-01', '2025-01-08']);
  });

  it('filters account and region partitions by the values asked, as parameters', () => {
    const layout = tableLayout({
      ...INPUT,
      accounts: ['111122223333', '444455556666'],
      regions: ['us-east-1', 'eu-west-1'],
    });
    const predicate = windowPredicate(WINDOW, layout, { exactTimes: true });
    expect(predicate.sql).toContain('"account" IN (?, ?)');
    expect(predicate.sql).toContain('"region" IN (?, ?)');
    expect(predicate.parameters.slice(4)).toEqual(['111122223333', '444455556666', 'us-east-1', 'eu-west-1']);
  });

  it('counts the parameters the SQL asks for', () => {
    for (const statement of QUERY_SETS.seed.statements(
      [{ name: NAME, layout: tableLayout({ ...INPUT, regions: ['us-east-1', 'eu-west-1'] }) }],
      WINDOW,
    )) {
      expect(statement.sql.split('?').length - 1).toBe(statement.parameters.length);
    }
  });
});

describe('the query sets', () => {
  it("seed is the article's five queries over the shared window", () => {
    const statements = QUERY_SETS.seed.statements([{ name: NAME, layout: tableLayout(INPUT) }], WINDOW);
    expect(statements.map((s) => s.id)).toEqual([
      'seed-1-count',
      'seed-2-calls',
      'seed-3-by-identity',
      'seed-4-arns',
      'seed-5-principals',
    ]);
    expect(statements[0]!.sql).toContain("sourceipaddress = 'support.amazonaws.com'");
    expect(statements[3]!.sql).toContain("regexp_like(useridentity.arn, 'AWSServiceRoleForSupport')");
    expect(statements[2]!.sql).toContain('ORDER BY number_of_event DESC');
    for (const s of statements) expect(s.parameters).toEqual(statements[0]!.parameters);
  });

  it('single-scan is one query matching the union of the criteria, with the exact role name and path', () => {
    const [statement, ...rest] = QUERY_SETS['single-scan'].statements(
      [{ name: NAME, layout: tableLayout(INPUT) }],
      WINDOW,
    );
    expect(rest).toEqual([]);
    expect(statement!.sql).toContain(
      "regexp_like(useridentity.arn, '^arn:aws(-us-gov|-cn|-eusc|-iso(-[bef])?)?:sts::[^:]*:assumed-role/AWSServiceRoleForSupport/')",
    );
    expect(statement!.sql).toContain(
      "regexp_like(useridentity.sessioncontext.sessionissuer.arn, '^arn:aws(-us-gov|-cn|-eusc|-iso(-[bef])?)?:iam::[^:]*:role/aws-service-role/support[.]amazonaws[.]com/AWSServiceRoleForSupport$')",
    );
    expect(statement!.sql).toContain("useridentity.invokedby = 'support.amazonaws.com'");
    expect(statement!.sql).toContain('FROM "default"."cloudtrail_logs_pp"');
  });

  it('single-scan counts what it read in the same pass: a grouping set per account, region, day and layout', () => {
    const [statement] = QUERY_SETS['single-scan'].statements(
      [{ name: NAME, layout: tableLayout(INPUT) }],
      WINDOW,
    );
    expect(statement!.sql).toContain(
      'GROUP BY GROUPING SETS (\n  (log_account, log_region, delivery_day, log_layout),',
    );
    // Files are counted as the rows of a per-file grouping, not with DISTINCT, whose memory grows with them.
    expect(statement!.sql).toContain('(log_account, log_region, delivery_day, log_layout, file_key),');
    expect(statement!.sql).toContain('xxhash64(to_utf8("$path")) AS file_key');
    expect(statement!.sql).toContain('count(file_key) AS files');
    expect(statement!.sql).not.toContain('DISTINCT');
    expect(statement!.sql.match(/FROM "default"\."cloudtrail_logs_pp"/g)).toHaveLength(1);
    // The one account and region of the article's table are constants, not partition columns.
    expect(statement!.sql).toContain("'111122223333' AS log_account");
    // Every user value is a parameter of the WHERE clause; the exact times are applied when measuring.
    expect(statement!.parameters).toEqual(['2025/01/01', '2025/01/08']);
  });

  it.each([
    ['single-scan', 'single'],
    ['seed', 'single'],
    ['single-scan', 'organization'],
    ['seed', 'organization'],
  ] as const)('%s statements parse as Trino SQL (%s layout)', (querySet, kind) => {
    const input =
      kind === 'single'
        ? INPUT
        : { ...INPUT, organizationId: 'o-abcdefghij', regions: ['us-east-1', 'eu-west-1'] };
    for (const statement of QUERY_SETS[querySet].statements(
      [{ name: NAME, layout: tableLayout(input) }],
      WINDOW,
    )) {
      expect(trinoErrors(statement.sql), statement.id).toEqual([]);
    }
  });

  it('a malformed query fails the Trino parser, so the check above can fail', () => {
    expect(trinoErrors('SELECT FROM WHERE')).not.toEqual([]);
  });
});
