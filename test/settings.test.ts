import { describe, expect, it } from 'vitest';
import { InputError, UsageError } from '../src/core/errors.js';
import { DEFAULTS, type RawInputs } from '../src/core/inputs.js';
import { parseSettings } from '../src/core/settings.js';

const NOW = new Date('2026-11-24T15:00:00Z');
const ATHENA: RawInputs = { bucket: 'trail-bucket', account: '111122223333', region: 'us-east-1' };

describe('settings', () => {
  it('fills every default from one table', () => {
    const settings = parseSettings(ATHENA, NOW);
    expect(settings).toMatchObject({
      engine: 'athena',
      database: DEFAULTS.database,
      table: DEFAULTS.table,
      querySet: 'single-scan',
      threshold: undefined,
      failOnWriteCalls: false,
      prefixes: [''],
      requireComplete: true,
      idleAccounts: [],
      maxLogFileBytes: 1024 * 2 ** 20,
      outputDir: 'support-audit-report',
      commentOnPr: 'never',
      athena: {
        workgroup: 'primary',
        catalog: 'AwsDataCatalog',
        createTable: true,
        timeoutSeconds: 900,
        resultReuseMinutes: 0,
      },
    });
    expect(Object.isFrozen(settings)).toBe(true);
  });

  it('a lookback of N days is the N complete days ending yesterday, UTC', () => {
    expect(parseSettings({ ...ATHENA, 'lookback-days': '7' }, NOW).window).toEqual({
      start: '2026-11-17',
      end: '2026-11-23',
      lateDeliveryDays: 1,
    });
    expect(parseSettings({ ...ATHENA, 'lookback-days': '1' }, NOW).window).toEqual({
      start: '2026-11-23',
      end: '2026-11-23',
      lateDeliveryDays: 1,
    });
  });

  it('takes explicit dates, end defaulting to today', () => {
    expect(
      parseSettings({ ...ATHENA, 'start-date': '2026-02-28', 'end-date': '2026-03-01' }, NOW).window,
    ).toEqual({
      start: '2026-02-28',
      end: '2026-03-01',
      lateDeliveryDays: 1,
    });
    expect(parseSettings({ ...ATHENA, 'start-date': '2026-11-01' }, NOW).window.end).toBe('2026-11-24');
  });

  it('treats empty strings as not given, as an unset action input is', () => {
    const settings = parseSettings({ ...ATHENA, threshold: '', prefix: '', 'lookback-days': '' }, NOW);
    expect(settings.threshold).toBeUndefined();
    expect(settings.window.start).toBe('2026-11-17');
  });

  it('splits lists on commas and newlines, trims and drops duplicates', () => {
    const settings = parseSettings(
      { ...ATHENA, account: '111122223333, 444455556666\n111122223333', region: 'us-east-1,eu-west-1' },
      NOW,
    );
    expect(settings.accounts).toEqual(['111122223333', '444455556666']);
    expect(settings.regions).toEqual(['us-east-1', 'eu-west-1']);
  });

  it('normalises the prefix so that no path has //', () => {
    expect(parseSettings({ ...ATHENA, prefix: '/trails/main/' }, NOW).prefixes).toEqual(['trails/main']);
  });

  it('the local engine is chosen by logs and needs no bucket, account or region', () => {
    const settings = parseSettings({ logs: './logs' }, NOW);
    expect(settings.engine).toBe('local');
    expect(settings.accounts).toEqual([]);
  });
});

describe('bad input fails with the input, the value and the rule', () => {
  const cases: Array<[string, RawInputs, RegExp]> = [
    ['account too short', { account: '12345' }, /Invalid account "12345": must be 12-digit/],
    ['account with letters', { account: '11112222333a' }, /Invalid account/],
    ['empty list item', { account: '111122223333,,444455556666' }, /without empty items/],
    ['region shape', { region: 'US-EAST-1' }, /Invalid region "US-EAST-1"/],
    ['organization id', { 'organization-id': 'o-short' }, /Invalid organization-id/],
    ['bucket uppercase', { bucket: 'My-Bucket' }, /Invalid bucket "My-Bucket"/],
    ['bucket with quote', { bucket: "b'ucket" }, /Invalid bucket/],
    ['bucket like an IP', { bucket: '192.168.1.1' }, /Invalid bucket/],
    ['prefix with //', { prefix: 'a//b' }, /Invalid prefix/],
    ['prefix with ..', { prefix: 'a/../b' }, /Invalid prefix/],
    ['prefix with AWSLogs', { prefix: 'x/AWSLogs' }, /leave AWSLogs out/],
    ['prefix with template', { prefix: '${account}' }, /Invalid prefix/],
    ['database uppercase', { database: 'Audit' }, /Invalid database "Audit"/],
    ['table with quote', { table: 'x"y' }, /Invalid table/],
    ['table with semicolon', { table: 'x;drop' }, /Invalid table/],
    ['catalog with space', { catalog: 'Aws Data' }, /Invalid catalog/],
    ['workgroup with slash', { workgroup: 'a/b' }, /Invalid workgroup/],
    ['output location not s3', { 'output-location': 'https://x/y' }, /Invalid output-location/],
    ['output location with quote', { 'output-location': "s3://bucket/a'b/" }, /Invalid output-location/],
    [
      'date that does not exist',
      { 'start-date': '2026-02-30' },
      /Invalid start-date "2026-02-30": must be a date that exists/,
    ],
    ['date in another format', { 'start-date': '11/01/2026' }, /Invalid start-date/],
    [
      'reversed window',
      { 'start-date': '2026-11-10', 'end-date': '2026-11-01' },
      /Invalid end-date "2026-11-01": must not be before/,
    ],
    [
      'window in the future',
      { 'start-date': '2026-11-20', 'end-date': '2026-11-30' },
      /must not be in the future/,
    ],
    [
      'window before the projection',
      { 'start-date': '2020-01-01', 'projection-start': '2021-01-01' },
      /Invalid projection-start/,
    ],
    ['lookback of 0', { 'lookback-days': '0' }, /Invalid lookback-days "0": must be a whole number from 1/],
    ['negative lookback', { 'lookback-days': '-3' }, /Invalid lookback-days/],
    ['huge lookback', { 'lookback-days': '100000' }, /Invalid lookback-days/],
    ['negative threshold', { threshold: '-1' }, /Invalid threshold "-1"/],
    ['threshold not a number', { threshold: 'ten' }, /Invalid threshold/],
    ['threshold with a fraction', { threshold: '1.5' }, /Invalid threshold/],
    [
      'unknown query set',
      { 'query-set': 'fast' },
      /Invalid query-set "fast": must be one of single-scan, seed/,
    ],
    ['unknown engine', { engine: 'spark' }, /Invalid engine/],
    ['bad boolean', { 'create-table': 'yes' }, /Invalid create-table "yes": must be true or false/],
    ['unknown comment mode', { 'comment-on-pr': 'sometimes' }, /Invalid comment-on-pr/],
    ['timeout 0', { 'timeout-seconds': '0' }, /Invalid timeout-seconds/],
  ];

  it.each(cases)('%s', (_name, override, message) => {
    const error = (() => {
      try {
        parseSettings({ ...ATHENA, ...override }, NOW);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(message);
  });

  it.each([
    ['dates and lookback together', { 'start-date': '2026-11-01', 'lookback-days': '3' }],
    ['end without start', { 'end-date': '2026-11-01' }],
    ['athena without bucket', { bucket: '' }],
    ['logs with the athena engine', { logs: './x', engine: 'athena' }],
    ['local engine without logs', { engine: 'local' }],
    ['write-call gate with the seed set', { 'fail-on-write-calls': 'true', 'query-set': 'seed' }],
    ['the logs gate with the seed set', { 'query-set': 'seed' }],
    ['an Athena-only input with the local engine', { bucket: '', logs: './x', workgroup: 'wg' }],
  ])('%s is a usage error', (_name, override) => {
    expect(() => parseSettings({ ...ATHENA, ...override }, NOW)).toThrow(UsageError);
  });
});
