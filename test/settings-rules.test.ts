/**
 * Inputs that cannot work together: each combination is refused before any AWS call with a message that says
 * which inputs and what to do, never run as an audit of something other than what was asked.
 */
import { describe, expect, it } from 'vitest';
import { InputError, UsageError } from '../src/core/errors.js';
import { INPUTS, type RawInputs } from '../src/core/inputs.js';
import { SETTINGS_RULES } from '../src/core/settings-rules.js';
import { parseSettings, type Settings } from '../src/core/settings.js';

const NOW = new Date('2026-11-24T15:00:00Z');
const ATHENA: RawInputs = { bucket: 'trail-bucket', account: '111122223333', region: 'us-east-1' };
const LOCAL: RawInputs = { logs: '/data/copy' };
const LAKE: RawInputs = { source: 'security-lake', account: '111122223333', region: 'us-east-1' };

function thrown(inputs: RawInputs, now = NOW): Error {
  try {
    parseSettings(inputs, now);
  } catch (error) {
    return error as Error;
  }
  throw new Error(`accepted ${JSON.stringify(inputs)}`);
}

/** The message of the UsageError these inputs give. */
function usage(inputs: RawInputs, now = NOW): string {
  const error = thrown(inputs, now);
  expect(error).toBeInstanceOf(UsageError);
  return error.message;
}

describe('the window', () => {
  it('end-date with lookback-days is refused: the window would not be the one asked for', () => {
    expect(usage({ ...ATHENA, 'end-date': '2026-11-20', 'lookback-days': '3' })).toBe(
      'Give either start-date and end-date, or lookback-days, not both.',
    );
  });

  it('start-date with lookback-days is refused', () => {
    expect(usage({ ...ATHENA, 'start-date': '2026-11-01', 'lookback-days': '3' })).toBe(
      'Give either start-date and end-date, or lookback-days, not both.',
    );
  });

  it('end-date alone is refused, rather than read as a window of unknown start', () => {
    expect(usage({ ...ATHENA, 'end-date': '2026-11-20' })).toBe('end-date needs start-date too.');
  });

  it('a window of one day is accepted', () => {
    expect(
      parseSettings({ ...ATHENA, 'start-date': '2026-11-20', 'end-date': '2026-11-20' }, NOW).window,
    ).toEqual({
      start: '2026-11-20',
      end: '2026-11-20',
      lateDeliveryDays: 1,
    });
  });

  it('reads late deliveries for as many days as late-delivery-days says, none included', () => {
    expect(parseSettings({ ...ATHENA, 'late-delivery-days': '3' }, NOW).window.lateDeliveryDays).toBe(3);
    expect(parseSettings({ ...ATHENA, 'late-delivery-days': '0' }, NOW).window.lateDeliveryDays).toBe(0);
    expect(thrown({ ...ATHENA, 'late-delivery-days': '-1' })).toMatchObject({
      input: 'late-delivery-days',
      value: '-1',
    });
  });

  it('without any date it is the default lookback: the 7 complete days ending yesterday', () => {
    expect(parseSettings(ATHENA, NOW).window).toEqual({
      start: '2026-11-17',
      end: '2026-11-23',
      lateDeliveryDays: 1,
    });
  });

  it('a start-date in the future, without end-date, names start-date and today', () => {
    expect(thrown({ ...ATHENA, 'start-date': '2026-11-25' })).toMatchObject({
      input: 'start-date',
      value: '2026-11-25',
      rule: 'must not be in the future (today is 2026-11-24 UTC)',
    });
  });

  it('start-date today, without end-date, is the day so far', () => {
    expect(parseSettings({ ...ATHENA, 'start-date': '2026-11-24' }, NOW).window).toEqual({
      start: '2026-11-24',
      end: '2026-11-24',
      lateDeliveryDays: 1,
    });
  });

  it('an end-date in the future names end-date and today', () => {
    expect(thrown({ ...ATHENA, 'start-date': '2026-11-20', 'end-date': '2026-11-25' })).toMatchObject({
      input: 'end-date',
      value: '2026-11-25',
      rule: 'must not be in the future (today is 2026-11-24 UTC)',
    });
  });

  it('a window wholly in the future names its end-date', () => {
    expect(thrown({ ...ATHENA, 'start-date': '2026-11-25', 'end-date': '2026-11-26' })).toMatchObject({
      input: 'end-date',
      value: '2026-11-26',
    });
  });

  it('an end-date before start-date names both', () => {
    expect(thrown({ ...ATHENA, 'start-date': '2026-11-20', 'end-date': '2026-11-19' })).toMatchObject({
      input: 'end-date',
      value: '2026-11-19',
      rule: 'must not be before start-date 2026-11-20',
    });
  });

  it('an end-date that does not exist is refused', () => {
    expect(thrown({ ...ATHENA, 'start-date': '2026-02-01', 'end-date': '2026-02-29' })).toMatchObject({
      input: 'end-date',
      value: '2026-02-29',
    });
  });
});

describe('a window before the projection starts', () => {
  it('blames projection-start when it was set', () => {
    const error = thrown({ ...ATHENA, 'start-date': '2026-01-01', 'projection-start': '2026-01-02' });
    expect(error).toMatchObject({
      input: 'projection-start',
      value: '2026-01-02',
      rule: 'must not be after the window start 2026-01-01: Athena returns no rows before it',
    });
  });

  it('is accepted when the window starts on the projection start', () => {
    const settings = parseSettings(
      { ...ATHENA, 'start-date': '2026-01-01', 'projection-start': '2026-01-01' },
      NOW,
    );
    expect(settings.projectionStart).toBe('2026-01-01');
  });

  it('blames start-date, with the way out, when projection-start is the default', () => {
    const error = thrown({ ...ATHENA, 'start-date': '2013-10-31', 'end-date': '2013-11-02' });
    expect(error).toMatchObject({ input: 'start-date', value: '2013-10-31' });
    expect((error as InputError).rule).toBe(
      'must not reach before 2013-11-01, the default projection-start (CloudTrail began in November 2013): ' +
        'Athena returns no rows before it; set projection-start to audit earlier days',
    );
  });

  it('blames lookback-days when the lookback reaches before it', () => {
    const early = new Date('2013-11-05T10:00:00Z');
    expect(thrown({ ...ATHENA, 'lookback-days': '5' }, early)).toMatchObject({
      input: 'lookback-days',
      value: '5',
    });
    expect(thrown(ATHENA, early)).toMatchObject({ input: 'lookback-days', value: '7' });
  });

  it('a projection-start that does not exist is refused', () => {
    expect(thrown({ ...ATHENA, 'projection-start': '2020-02-30' })).toMatchObject({
      input: 'projection-start',
      value: '2020-02-30',
    });
  });
});

describe('gates the query set cannot measure', () => {
  it('fail-on-write-calls with the seed query set is refused, even with require-complete off', () => {
    expect(
      usage({ ...ATHENA, 'query-set': 'seed', 'require-complete': 'false', 'fail-on-write-calls': 'true' }),
    ).toBe(
      "fail-on-write-calls needs the single-scan query set: the seed set (the article's queries) does not measure write calls.",
    );
  });

  it('fail-on-unexplained with the seed query set is refused', () => {
    expect(
      usage({ ...ATHENA, 'query-set': 'seed', 'require-complete': 'false', 'fail-on-unexplained': 'true' }),
    ).toBe(
      "fail-on-unexplained needs the single-scan query set: the seed set (the article's queries) does not list the support calls it would group into sessions.",
    );
  });

  it('fail-on-new-access with the seed query set is refused', () => {
    expect(
      usage({
        ...ATHENA,
        'query-set': 'seed',
        'require-complete': 'false',
        'fail-on-new-access': 'true',
        baseline: 'previous/summary.json',
      }),
    ).toBe(
      "fail-on-new-access needs the single-scan query set: the seed set (the article's queries) does not list the support calls it would compare.",
    );
  });

  it('fail-on-new-access without a baseline is refused; with one it is taken, the path as given', () => {
    expect(usage({ ...ATHENA, 'fail-on-new-access': 'true' })).toBe(
      "fail-on-new-access needs baseline: the previous run's summary.json, to say what is new against it.",
    );
    expect(
      parseSettings({ ...ATHENA, 'fail-on-new-access': 'true', baseline: 'previous/summary.json' }, NOW),
    ).toMatchObject({ failOnNewAccess: true, baseline: 'previous/summary.json' });
  });

  it('require-complete with the seed query set is refused, saying how to run the article as written', () => {
    expect(usage({ ...ATHENA, 'query-set': 'seed' })).toBe(
      "require-complete needs the single-scan query set: the seed set (the article's queries) does not measure " +
        "which logs it read. Set require-complete to false to run the article's queries as written.",
    );
  });

  it('the seed query set runs with the other gates off, and with a threshold, which it measures', () => {
    expect(
      parseSettings({ ...ATHENA, 'query-set': 'seed', 'require-complete': 'false', threshold: '3' }, NOW),
    ).toMatchObject({ querySet: 'seed', requireComplete: false, failOnWriteCalls: false, threshold: 3 });
  });

  it('the single-scan query set takes every gate, require-complete on by default', () => {
    expect(
      parseSettings({ ...ATHENA, 'fail-on-write-calls': 'true', 'fail-on-unexplained': 'true' }, NOW),
    ).toMatchObject({ failOnWriteCalls: true, failOnUnexplained: true, requireComplete: true });
  });
});

describe('require-logs, the former name of require-complete', () => {
  it('still sets require-complete', () => {
    expect(parseSettings({ ...ATHENA, 'require-logs': 'false' }, NOW).requireComplete).toBe(false);
    expect(
      parseSettings({ ...ATHENA, 'query-set': 'seed', 'require-logs': 'false' }, NOW).requireComplete,
    ).toBe(false);
  });

  it('may be given with require-complete when both agree', () => {
    expect(
      parseSettings({ ...ATHENA, 'require-logs': 'false', 'require-complete': 'false' }, NOW).requireComplete,
    ).toBe(false);
  });

  it('is refused when it disagrees with require-complete, naming both', () => {
    expect(usage({ ...ATHENA, 'require-logs': 'false', 'require-complete': 'true' })).toBe(
      'require-complete is true but require-logs, its former name, is false: give one of them.',
    );
  });
});

describe('idle-accounts', () => {
  it('are account ids, like account', () => {
    expect(parseSettings({ ...ATHENA, 'idle-accounts': '444455556666' }, NOW).idleAccounts).toEqual([
      '444455556666',
    ]);
    expect(thrown({ ...ATHENA, 'idle-accounts': '4444' })).toMatchObject({ input: 'idle-accounts' });
  });

  it('are none unless given', () => {
    expect(parseSettings(ATHENA, NOW).idleAccounts).toEqual([]);
  });
});

describe('the engine and where it reads', () => {
  it('is local when logs are given and athena otherwise', () => {
    expect(parseSettings(LOCAL, NOW).engine).toBe('local');
    expect(parseSettings(ATHENA, NOW).engine).toBe('athena');
  });

  it('the local engine without logs is refused, saying what logs are', () => {
    expect(usage({ engine: 'local' })).toBe(
      'The local engine needs logs: the folder that holds a copy of the bucket (--logs DIR).',
    );
  });

  it('an Athena input with the local engine is refused, naming the folder it reads instead', () => {
    expect(usage({ ...LOCAL, workgroup: 'audit' })).toBe(
      'workgroup is for the athena engine; the local engine reads the copy in /data/copy and would ignore it.',
    );
  });

  it('several Athena inputs with the local engine are named together', () => {
    expect(usage({ ...LOCAL, workgroup: 'audit', catalog: 'c', 'result-reuse-minutes': '60' })).toBe(
      'workgroup, catalog and result-reuse-minutes are for the athena engine; the local engine reads the copy in ' +
        '/data/copy and would ignore them.',
    );
  });

  it('logs with the athena engine are refused', () => {
    expect(usage({ ...ATHENA, logs: '/data/copy', engine: 'athena' })).toBe(
      'logs is for the local engine; the athena engine reads the bucket itself and would ignore it.',
    );
  });

  it('an input left empty is not given, so it is not refused', () => {
    expect(parseSettings({ ...LOCAL, workgroup: '', bucket: '' }, NOW).engine).toBe('local');
  });

  it('Athena needs the bucket, the accounts and the regions, and says which are missing', () => {
    expect(usage({ bucket: 'trail-bucket' })).toBe(
      'account and region are required to audit with Athena: they say where the CloudTrail logs are.',
    );
    expect(usage({ account: '111122223333', region: 'us-east-1' })).toBe(
      'bucket is required to audit with Athena: they say where the CloudTrail logs are.',
    );
    expect(usage({})).toBe(
      'bucket, account and region are required to audit with Athena: they say where the CloudTrail logs are.',
    );
  });
});

describe('the Security Lake source', () => {
  it('with Athena needs accounts and regions, not a bucket', () => {
    expect(parseSettings(LAKE, NOW)).toMatchObject({ source: 'security-lake', bucket: undefined });
    expect(usage({ source: 'security-lake', account: '111122223333' })).toBe(
      'region is required to audit with Athena: they say where the CloudTrail logs are (the partitions of the ' +
        'Security Lake table to read).',
    );
  });

  it("refuses a trail's input, which it would ignore", () => {
    expect(usage({ ...LAKE, prefix: 'trails' })).toBe(
      "prefix says where a trail writes its logs; source security-lake reads Security Lake's own table, so leave it out.",
    );
  });

  it('refuses several trail inputs together, and with the local engine names its bucket copy', () => {
    expect(
      usage({ ...LOCAL, source: 'security-lake', 'organization-id': 'o-abcdefghij', prefix: 'trails' }),
    ).toBe(
      "organization-id and prefix say where a trail writes its logs; source security-lake reads Security Lake's " +
        'own table (or a copy of its bucket, with --logs), so leave them out.',
    );
  });

  it('is read locally from a copy of its bucket', () => {
    expect(parseSettings({ ...LOCAL, source: 'security-lake' }, NOW)).toMatchObject({
      engine: 'local',
      source: 'security-lake',
    });
  });
});

describe('the table of rules', () => {
  const base = parseSettings(ATHENA, NOW);
  const names = new Set(INPUTS.map((input) => input.name));
  const breaking: Array<[string, Settings, RawInputs]> = [
    [
      'a trail input with Security Lake',
      { ...base, source: 'security-lake' },
      { ...ATHENA, prefix: 'trails' },
    ],
    ['the write-call gate with the seed set', { ...base, querySet: 'seed', failOnWriteCalls: true }, ATHENA],
    ['the completeness gate with the seed set', { ...base, querySet: 'seed' }, ATHENA],
    [
      'the unexplained-sessions gate with the seed set',
      { ...base, querySet: 'seed', requireComplete: false, failOnUnexplained: true },
      ATHENA,
    ],
    [
      'the new-access gate with the seed set',
      { ...base, querySet: 'seed', requireComplete: false, failOnNewAccess: true, baseline: 'previous.json' },
      ATHENA,
    ],
    ['the new-access gate without a baseline', { ...base, failOnNewAccess: true }, ATHENA],
    ['the local engine without logs', { ...base, engine: 'local', bucket: undefined }, { engine: 'local' }],
    [
      'an Athena input with the local engine',
      { ...base, engine: 'local', logsDir: 'copy' },
      { workgroup: 'w' },
    ],
    [
      'Athena without a bucket',
      { ...base, bucket: undefined },
      { account: '111122223333', region: 'us-east-1' },
    ],
  ];

  it('names only inputs that exist', () => {
    for (const rule of SETTINGS_RULES) {
      expect(rule.inputs.length).toBeGreaterThan(0);
      for (const input of rule.inputs) expect(names, input).toContain(input);
    }
  });

  it('a rule of inputs another engine or source would ignore names each such input, and only those', () => {
    const kinds = [
      { kind: 'engines', all: ['athena', 'local'], set: (chosen: string) => ({ engine: chosen }) },
      {
        kind: 'sources',
        all: ['cloudtrail', 'security-lake'],
        set: (chosen: string) => ({ source: chosen }),
      },
    ] as const;
    for (const { kind, all, set } of kinds) {
      const limited = INPUTS.filter((input) => input[kind] !== undefined);
      const [example] = limited;
      const other = all.find((value) => !(example![kind] as readonly string[]).includes(value))!;
      const rule = SETTINGS_RULES.find(
        (r) => r.broken({ ...base, ...set(other) } as Settings, { [example!.name]: 'x' }) !== false,
      )!;
      // Every input it names is one it refuses when the engine or source chosen would ignore it.
      for (const name of rule.inputs) {
        const input = INPUTS.find((candidate) => candidate.name === name)!;
        expect(input[kind], name).toBeDefined();
        const ignoring = all.find((value) => !(input[kind] as readonly string[]).includes(value))!;
        expect(rule.broken({ ...base, ...set(ignoring) } as Settings, { [name]: 'x' })).toEqual([name]);
      }
      expect(rule.inputs).toHaveLength(limited.length);
    }
  });

  it.each(breaking)(
    'blames for %s at least one input, each one the rule is about',
    (_case, settings, raw) => {
      const broken = SETTINGS_RULES.map((rule) => ({ rule, blamed: rule.broken(settings, raw) })).filter(
        ({ blamed }) => blamed !== false,
      );
      expect(broken.length).toBeGreaterThan(0);
      for (const { rule, blamed } of broken) {
        expect(blamed).not.toEqual([]);
        for (const input of blamed as readonly string[]) expect(rule.inputs).toContain(input);
      }
    },
  );
});
