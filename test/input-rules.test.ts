/**
 * The rule of each input, at its edges: the largest value accepted and the next one refused, the shapes a
 * pattern must refuse whole, and the error that names the input, the value and the rule.
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../src/core/errors.js';
import type { RawInputs } from '../src/core/inputs.js';
import { parseSettings } from '../src/core/settings.js';

const NOW = new Date('2026-11-24T15:00:00Z');
const ATHENA: RawInputs = { bucket: 'trail-bucket', account: '111122223333', region: 'us-east-1' };

const parse = (inputs: RawInputs) => parseSettings({ ...ATHENA, ...inputs }, NOW);

/** The error parsing these inputs throws; fails the test when it throws none. */
function refusal(inputs: RawInputs): InputError {
  try {
    parse(inputs);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error(`accepted ${JSON.stringify(inputs)}`);
}

describe('whole numbers, up to the top value of each', () => {
  it.each([
    ['lookback-days', '3660', 1],
    ['timeout-seconds', '86400', 1],
    ['result-reuse-minutes', '10080', 0],
    ['threshold', String(Number.MAX_SAFE_INTEGER), 0],
  ])('%s accepts %s and refuses one more, naming the range', (input, top, min) => {
    expect(() => parse({ [input]: top })).not.toThrow();
    const over = (BigInt(top) + 1n).toString();
    expect(refusal({ [input]: over })).toMatchObject({
      input,
      value: over,
      rule: `must be a whole number from ${min} to ${top}`,
    });
  });

  it('take the value given: a lookback of 3660 days is a window of 3660 days', () => {
    expect(parse({ 'lookback-days': '3660' }).window).toEqual({
      start: '2016-11-16',
      end: '2026-11-23',
      lateDeliveryDays: 1,
    });
    expect(parse({ 'timeout-seconds': '86400', 'result-reuse-minutes': '10080' }).athena).toMatchObject({
      timeoutSeconds: 86400,
      resultReuseMinutes: 10080,
    });
    expect(parse({ threshold: String(Number.MAX_SAFE_INTEGER) }).threshold).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('accept the bottom value of each', () => {
    expect(parse({ threshold: '0' }).threshold).toBe(0);
    expect(parse({ 'result-reuse-minutes': '0' }).athena.resultReuseMinutes).toBe(0);
    expect(parse({ 'timeout-seconds': '1' }).athena.timeoutSeconds).toBe(1);
  });

  it.each(['1e3', '0x10', '+5', '5 days', 'five5', '5.0', '١٢'])(
    'refuse %s: digits only, in any position',
    (value) => {
      expect(refusal({ threshold: value }).input).toBe('threshold');
    },
  );
});

describe('lists of accounts and regions', () => {
  it.each(['11112222333', '1111222233334', 'a111122223333', '111122223333a'])(
    'an account must be exactly 12 digits: %s is refused',
    (account) => {
      expect(refusal({ account })).toMatchObject({
        input: 'account',
        value: account,
        rule: 'must be 12-digit AWS account ids, separated by commas or newlines',
      });
    },
  );

  it.each(['us-east-1', 'us-gov-west-1', 'eusc-de-east-1', 'ap-southeast-10', 'cn-north-1'])(
    'the region %s is accepted',
    (region) => {
      expect(parse({ region }).regions).toEqual([region]);
    },
  );

  it.each([
    'u-east-1',
    'abcde-east-1',
    'us-east-100',
    'us-east',
    'us-1',
    'useast-1',
    'us-east-1a',
    '1us-east-1',
    'us-East-1',
    'us--east-1',
  ])('the region %s is refused', (region) => {
    expect(refusal({ region })).toMatchObject({
      input: 'region',
      rule: 'must be AWS region names such as us-east-1, separated by commas or newlines',
    });
  });

  it('an empty item is refused with the whole list as the value', () => {
    expect(refusal({ account: '111122223333,\n444455556666,' })).toMatchObject({
      input: 'account',
      value: '111122223333,\n444455556666,',
      rule: 'must be a list separated by commas or newlines, without empty items',
    });
  });

  it('a bad item is named alone', () => {
    expect(refusal({ region: 'us-east-1, moon-1' })).toMatchObject({ input: 'region', value: 'moon-1' });
  });
});

describe('names of things in AWS', () => {
  it.each([
    ['organization-id', 'o-abcdefghij'],
    ['organization-id', `o-${'a1'.repeat(16)}`],
    ['database', 'a'],
    ['database', '_audit_2'],
    ['table', `t${'x'.repeat(127)}`],
    ['catalog', 'my-catalog_1'],
    ['catalog', 'C'.repeat(128)],
    ['workgroup', 'team.audit-1_x'],
    ['workgroup', 'W'.repeat(128)],
  ])('%s accepts %s', (input, value) => {
    expect(() => parse({ [input]: value })).not.toThrow();
  });

  it.each([
    ['organization-id', 'o-abcdefghi', 'must look like o- then 10 to 32 lowercase letters or digits'],
    ['organization-id', `o-${'a'.repeat(33)}`, 'must look like o- then 10 to 32 lowercase letters or digits'],
    ['organization-id', 'o-ABCDEFGHIJ', 'must look like o- then 10 to 32 lowercase letters or digits'],
    ['organization-id', 'xo-abcdefghij', 'must look like o- then 10 to 32 lowercase letters or digits'],
    ['database', '1audit', 'must start with a lowercase letter or underscore'],
    ['database', `d${'x'.repeat(128)}`, 'at most 128'],
    ['table', 'logs-2026', 'hold only lowercase letters, digits and underscores'],
    ['catalog', 'my.catalog', 'must be 1 to 128 letters, digits, hyphens or underscores'],
    ['catalog', 'C'.repeat(129), 'must be 1 to 128 letters, digits, hyphens or underscores'],
    ['workgroup', 'W'.repeat(129), 'must be 1 to 128 letters, digits, dots, hyphens or underscores'],
  ])('%s refuses %s', (input, value, rule) => {
    const error = refusal({ [input]: value });
    expect(error).toMatchObject({ input, value });
    expect(error.rule).toContain(rule);
  });

  it.each(['abc', 'a.b-c', `b${'x'.repeat(61)}c`, 'logs.10.0.0.1', '10.0.0.1.logs'])(
    'the bucket %s is accepted',
    (bucket) => {
      expect(parse({ bucket }).bucket).toBe(bucket);
    },
  );

  it.each([
    'ab',
    `b${'x'.repeat(62)}c`,
    '-bucket',
    'bucket-',
    'my..bucket',
    '10.0.0.1',
    '192.168.100.200',
    'a_b',
  ])('the bucket %s is refused with the naming rule', (bucket) => {
    expect(refusal({ bucket })).toMatchObject({
      input: 'bucket',
      value: bucket,
      rule: 'must be an S3 bucket name: 3 to 63 lowercase letters, digits, dots and hyphens',
    });
  });
});

describe('true or false', () => {
  it('in any case', () => {
    expect(parse({ 'create-table': 'FALSE', 'fail-on-write-calls': 'True' }).athena.createTable).toBe(false);
    expect(parse({ 'fail-on-write-calls': 'True' }).failOnWriteCalls).toBe(true);
  });

  it.each(['require-logs', 'fail-on-write-calls', 'create-table'])(
    'anything else is refused, naming %s',
    (input) => {
      expect(refusal({ [input]: 'no' })).toMatchObject({ input, value: 'no', rule: 'must be true or false' });
    },
  );
});

describe('one of a few values', () => {
  it('names the values allowed', () => {
    expect(refusal({ 'comment-on-pr': 'sometimes' })).toMatchObject({
      input: 'comment-on-pr',
      value: 'sometimes',
      rule: 'must be one of never, on-failure, always',
    });
    expect(refusal({ source: 'guardduty' })).toMatchObject({
      input: 'source',
      rule: 'must be one of cloudtrail, security-lake',
    });
  });

  it.each(['never', 'on-failure', 'always'])('comment-on-pr %s is taken as given', (mode) => {
    expect(parse({ 'comment-on-pr': mode }).commentOnPr).toBe(mode);
  });
});

describe('the key prefix of the trail', () => {
  it('may be 800 characters long, and no longer', () => {
    const longest = `${'a'.repeat(399)}/${'b'.repeat(400)}`;
    expect(parse({ prefix: longest }).prefixes).toEqual([longest]);
    const error = refusal({ prefix: `${longest}b` });
    expect(error).toMatchObject({ input: 'prefix', value: `${longest}b` });
    expect(error.rule).toMatch(/^must be at most 800 characters: S3 keys stop at 1,024 bytes/);
  });

  it('loses every leading and trailing slash, and keeps single slashes between folders', () => {
    expect(parse({ prefix: '//trails/main//' }).prefixes).toEqual(['trails/main']);
    expect(parse({ prefix: '/' }).prefixes).toEqual(['']);
  });

  it('is the bucket root alone when not given', () => {
    expect(parse({}).prefixes).toEqual(['']);
  });

  it('may be a list, separated by commas or newlines, each item checked, / the root, each given once', () => {
    expect(parse({ prefix: '/, trails/main\nold/,trails/main/' }).prefixes).toEqual([
      '',
      'trails/main',
      'old',
    ]);
    expect(refusal({ prefix: 'trails,a//b' })).toMatchObject({ input: 'prefix', value: 'a//b' });
  });

  it.each(['trails,', ',trails', 'a,,b', 'a\n\nb', 'a, ,b'])(
    'refuses the empty item of %j, naming the list',
    (prefix) => {
      expect(refusal({ prefix })).toMatchObject({
        input: 'prefix',
        value: prefix,
        rule: 'must be a list separated by commas or newlines, without empty items (write / for the bucket root)',
      });
    },
  );

  it.each(['a//b', 'a/./b', '.', 'a/..', 'a b', 'a\\b', 'a/$x'])(
    'refuses the folder names of %s',
    (prefix) => {
      expect(refusal({ prefix })).toMatchObject({
        input: 'prefix',
        rule: 'must be folder names of letters, digits, dots, hyphens and underscores separated by single slashes',
      });
    },
  );

  it('refuses AWSLogs itself as a folder of the prefix, naming the prefix', () => {
    expect(refusal({ prefix: 'trails/AWSLogs' })).toMatchObject({
      input: 'prefix',
      value: 'trails/AWSLogs',
      rule: 'is the part before AWSLogs/: leave AWSLogs out',
    });
  });

  it('accepts dots within a folder name', () => {
    expect(parse({ prefix: 'logs.v2/..trail' }).prefixes).toEqual(['logs.v2/..trail']);
  });
});

describe('the Athena results location', () => {
  it('may have 960 characters after the bucket, and no more', () => {
    const longest = `s3://results/${'k'.repeat(959)}/`;
    expect(parse({ 'output-location': longest }).athena.outputLocation).toBe(longest);
    const error = refusal({ 'output-location': `s3://results/${'k'.repeat(960)}/` });
    expect(error.input).toBe('output-location');
    expect(error.rule).toMatch(/^must have at most 960 characters after the bucket/);
  });

  it('ends with a slash, added when missing', () => {
    expect(parse({ 'output-location': 's3://results/athena' }).athena.outputLocation).toBe(
      's3://results/athena/',
    );
    expect(parse({ 'output-location': 's3://results' }).athena.outputLocation).toBe('s3://results/');
  });

  it.each(['s3://results//x/', 'S3://results/x/', 's3://results/a b/', 'xs3://results/'])(
    'refuses %s, which is not an S3 location',
    (location) => {
      expect(refusal({ 'output-location': location }).rule).toBe(
        'must be s3://bucket/optional/prefix/ with letters, digits, dots, hyphens, underscores and equals signs',
      );
    },
  );

  it('refuses a bucket name S3 would refuse, saying it is the bucket', () => {
    expect(refusal({ 'output-location': 's3://Results/x/' })).toMatchObject({
      input: 'output-location',
      value: 's3://Results/x/',
      rule: 'must name a valid S3 bucket: 3 to 63 lowercase letters, digits, dots and hyphens after s3://',
    });
  });

  it('a bucket name too long is refused as a bucket name, not as too long a location', () => {
    const location = `s3://${'b'.repeat(1000)}`;
    expect(refusal({ 'output-location': location }).rule).toBe(
      'must name a valid S3 bucket: 3 to 63 lowercase letters, digits, dots and hyphens after s3://',
    );
  });

  it('keeps a partition-style prefix with equals signs', () => {
    expect(parse({ 'output-location': 's3://results/run=1/' }).athena.outputLocation).toBe(
      's3://results/run=1/',
    );
  });
});

describe('folders the tool reads or writes', () => {
  const LOCAL: RawInputs = { bucket: '', account: '', region: '' };

  it.each([
    ['a line feed', 'out\nput'],
    ['a carriage return', 'out\rput'],
    ['a NUL', 'out\u0000put'],
    ['a unit separator', 'out\u001fput'],
    ['DEL', 'out\u007fput'],
    ['a C1 control', 'out\u0085put'],
    ['the last C1 control', 'out\u009fput'],
    ['a line separator', 'out\u2028put'],
    ['a paragraph separator', 'out\u2029put'],
  ])('output-dir and logs refuse %s', (_case, folder) => {
    for (const input of ['output-dir', 'logs']) {
      expect(refusal({ ...LOCAL, logs: 'logs', [input]: folder })).toMatchObject({
        input,
        value: folder,
        rule: 'must not hold line breaks or other control characters',
      });
    }
  });

  it('accept any other character a folder name may hold', () => {
    const folder = 'rapport d’audit [2026] ü\u00a0#1';
    expect(parse({ ...LOCAL, logs: folder, 'output-dir': folder })).toMatchObject({
      logsDir: folder,
      outputDir: folder,
    });
  });

  it('are where the command was typed when relative, and stay as given when absolute', () => {
    const settings = parseSettings({ logs: 'copy', 'output-dir': 'out' }, NOW, { cwd: '/home/me' });
    expect(settings).toMatchObject({ logsDir: '/home/me/copy', outputDir: '/home/me/out' });
    expect(parseSettings({ logs: '/data/copy' }, NOW, { cwd: '/home/me' }).logsDir).toBe('/data/copy');
  });

  it('no logs folder stays none, with a working folder or without', () => {
    expect(parseSettings(ATHENA, NOW, { cwd: '/home/me' }).logsDir).toBeUndefined();
  });

  it('stay relative without a working folder to resolve them against', () => {
    expect(parseSettings({ logs: 'copy' }, NOW)).toMatchObject({
      logsDir: 'copy',
      outputDir: 'support-audit-report',
    });
  });
});

describe('values given with blanks around them', () => {
  it('are trimmed, and blanks alone are not given', () => {
    const settings = parse({ account: ' 111122223333 ', threshold: ' 5 ', prefix: '   ', engine: ' ' });
    expect(settings).toMatchObject({
      accounts: ['111122223333'],
      threshold: 5,
      prefixes: [''],
      engine: 'athena',
    });
  });
});

describe('the inputs of the explanation and the baseline', () => {
  it('take the values given', () => {
    const explain = {
      'session-gap-minutes': '45',
      'case-lookback-days': '10',
      'cases-from': 'cloudtrail',
      'case-details': 'true',
      'case-grace-hours': '5',
      'case-scope': 'organization',
    };
    expect(parse(explain).explain).toEqual({
      sessionGapMinutes: 45,
      caseLookbackDays: 10,
      casesFrom: ['cloudtrail'],
      caseDetails: true,
      caseGraceHours: 5,
      caseScope: 'organization',
    });
    expect(
      parse({ 'fail-on-unexplained': 'true', 'fail-on-new-access': 'true', baseline: 'prev/summary.json' }),
    ).toMatchObject({ failOnUnexplained: true, failOnNewAccess: true, baseline: 'prev/summary.json' });
    const local = parseSettings({ logs: './logs', 'max-log-file-mib': '3' }, NOW);
    expect(local.maxLogFileBytes).toBe(3 * 1024 * 1024);
  });

  it.each([
    ['session-gap-minutes', '0'],
    ['case-lookback-days', '-1'],
    ['case-details', 'yes'],
    ['case-grace-hours', '-1'],
    ['case-scope', 'everyone'],
    ['fail-on-unexplained', 'yes'],
    ['fail-on-new-access', 'yes'],
    ['require-complete', 'yes'],
    ['baseline', 'prev\u0007/summary.json'],
  ])('a bad %s is refused, naming it', (input, value) => {
    expect(refusal({ [input]: value })).toMatchObject({ input, value });
  });

  it('a bad max-log-file-mib is refused, naming it', () => {
    expect(() => parseSettings({ logs: './logs', 'max-log-file-mib': '0' }, NOW)).toThrow(
      expect.objectContaining({ input: 'max-log-file-mib', value: '0' }),
    );
  });
});

describe('cases-from', () => {
  it('is CloudTrail, and the Support API besides it when named, in any order and spacing', () => {
    expect(parse({ 'cases-from': 'cloudtrail' }).explain.casesFrom).toEqual(['cloudtrail']);
    expect(parse({ 'cases-from': ' support-api ,cloudtrail ' }).explain.casesFrom).toEqual([
      'cloudtrail',
      'support-api',
    ]);
  });

  it.each(['support-api', 'cloudtrail,cloudtrail', 'cloudtrail,email', 'cloudtrail,,support-api'])(
    'refuses %s',
    (value) => {
      expect(refusal({ 'cases-from': value })).toMatchObject({
        input: 'cases-from',
        value,
        rule: 'must be cloudtrail, or cloudtrail,support-api',
      });
    },
  );
});

describe('an input of spaces alone', () => {
  it('is not given: its default applies', () => {
    expect(parse({ threshold: '   ', 'output-location': ' ' })).toMatchObject({
      threshold: undefined,
      athena: { outputLocation: undefined },
    });
  });
});
