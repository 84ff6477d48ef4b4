/**
 * Bad inputs, table-driven, across every option of the CLI and every input of the action: each is refused
 * with one message naming the input and the value, and before any AWS call (the emulator hears nothing).
 * The table runs in this process, through the CLI's runCli and the action's input reader; a few cases also
 * run as real processes (the CLI, and the bundled action on Node 24), so the process edges stay covered.
 * Then the secrets check: the canary credentials never reach any output.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ACTION_INPUTS, readActionSettings } from '../src/action/inputs.js';
import { describeError, InputError } from '../src/core/errors.js';
import { parseSettings } from '../src/core/settings.js';
import { runCliInProcess } from './helpers/cli-in-process.js';
import {
  CANARY,
  startBareEmulator,
  useEmulatorInThisProcess,
  type BareEmulator,
} from './helpers/emulated-athena.js';
import { emulatorPerTest } from './helpers/emulator-per-test.js';
import {
  actionDefaults,
  ensureBundle,
  inputVariable,
  requireNode24,
  runAction,
} from './helpers/run-action.js';
import { runCli, type CliRun } from './helpers/run-cli.js';

interface BadInput {
  /** The input (the CLI option's and the action input's name) the message must name. */
  readonly input: string;
  readonly value: string;
  /** Other inputs the case needs, e.g. the other end of a window. */
  readonly with?: Readonly<Record<string, string>>;
  /** The value as the message names it when it is not `value` itself (one item of a list). */
  readonly shows?: string;
  /**
   * For a combination of inputs rather than one bad value: what the message must contain instead of
   * `Invalid INPUT "VALUE"`.
   */
  readonly mentions?: readonly string[];
  /** Also refused by the action's inputs. */
  readonly action?: true;
  /** Also run as a real process: the CLI's, and the bundled action's when `action` is set. */
  readonly process?: true;
}

/** A path below a regular file: no process can create it. Replaced in beforeAll. */
const UNWRITABLE = '<unwritable>';

const BAD_INPUTS: readonly BadInput[] = [
  // account
  { input: 'account', value: '12', action: true },
  { input: 'account', value: '1111222233334' },
  { input: 'account', value: '11112222333a' },
  { input: 'account', value: '111122223333,12', shows: '12' },
  { input: 'account', value: '111122223333,', mentions: ['account', '"111122223333,"', 'empty items'] },
  { input: 'account', value: '１１１１２２２２３３３３' },
  { input: 'account', value: "111122223333' OR '1'='1", action: true, process: true },
  { input: 'account', value: '${account}' },
  { input: 'account', value: '111122223333;DROP TABLE x' },
  // region
  { input: 'region', value: 'US-EAST-1' },
  { input: 'region', value: 'us-east-1;' },
  { input: 'region', value: 'us_east_1' },
  { input: 'region', value: 'us-east-1\n-- comment', shows: '-- comment', action: true, process: true },
  { input: 'region', value: 'us-eаst-1' },
  { input: 'region', value: '${region}' },
  { input: 'region', value: "us-east-1' --" },
  // organization-id
  { input: 'organization-id', value: 'o-short' },
  { input: 'organization-id', value: 'O-ABCDEFGHIJ' },
  { input: 'organization-id', value: 'o-abcdefghij/..' },
  { input: 'organization-id', value: 'o-abcdefghij\u200b', action: true },
  { input: 'organization-id', value: 'o-${org}' },
  // bucket
  { input: 'bucket', value: 'ab' },
  { input: 'bucket', value: 'Trail-Bucket' },
  { input: 'bucket', value: 'trail_bucket' },
  { input: 'bucket', value: 'trail..bucket' },
  { input: 'bucket', value: '192.168.0.1' },
  { input: 'bucket', value: 'trail-bucket/AWSLogs' },
  { input: 'bucket', value: "trail-bucket'; DROP TABLE x; --", action: true },
  { input: 'bucket', value: 'b'.repeat(64) },
  { input: 'bucket', value: 'trail-bucket-' },
  { input: 'bucket', value: 'trаil-bucket' },
  { input: 'bucket', value: '${bucket}' },
  // prefix
  { input: 'prefix', value: '../escape' },
  { input: 'prefix', value: 'logs//nested' },
  { input: 'prefix', value: 'logs/AWSLogs' },
  { input: 'prefix', value: 'logs\\sub', action: true },
  { input: 'prefix', value: 'logs/${timestamp}' },
  { input: 'prefix', value: "logs' --" },
  { input: 'prefix', value: 'logs/a b' },
  { input: 'prefix', value: 'logs,,other' },
  { input: 'prefix', value: 'logs\n../other', shows: '../other' },
  {
    input: 'prefix',
    value: 'p'.repeat(801),
    mentions: [`Invalid prefix "${'p'.repeat(200)}"… (801 characters)`, 'at most 800 characters'],
  },
  // database, table, catalog, workgroup
  { input: 'database', value: 'Default' },
  { input: 'database', value: 'my-db' },
  { input: 'database', value: 'db; DROP DATABASE x', action: true },
  { input: 'database', value: '`db`' },
  { input: 'database', value: '1db' },
  { input: 'database', value: 'd'.repeat(129) },
  { input: 'database', value: 'db/*x*/' },
  { input: 'table', value: 'cloudtrail logs' },
  { input: 'table', value: "t'x" },
  { input: 'table', value: 'ｔａｂｌｅ' },
  { input: 'table', value: 'logs--x' },
  { input: 'table', value: 'db.table' },
  { input: 'table', value: '${table}', action: true },
  { input: 'catalog', value: 'Aws Data Catalog' },
  { input: 'catalog', value: 'AwsDataCatalog;' },
  { input: 'catalog', value: 'c'.repeat(129) },
  { input: 'workgroup', value: 'primary/other' },
  { input: 'workgroup', value: 'primary workgroup' },
  { input: 'workgroup', value: 'prímary' },
  { input: 'workgroup', value: '${workgroup}' },
  // output-location
  { input: 'output-location', value: 'results-bucket' },
  { input: 'output-location', value: 's3://Results/' },
  { input: 'output-location', value: 's3://results-bucket//double/' },
  { input: 'output-location', value: 'https://results-bucket/' },
  { input: 'output-location', value: "s3://results-bucket/it's/", action: true },
  { input: 'output-location', value: 's3://results-bucket/${x}/' },
  {
    input: 'output-location',
    value: `s3://results-bucket/${'k'.repeat(961)}/`,
    mentions: [
      'Invalid output-location "s3://results-bucket/kkk',
      '(982 characters)',
      'at most 960 characters',
    ],
  },
  // the window
  { input: 'start-date', value: '2026-02-30', action: true },
  { input: 'start-date', value: '2026-13-01' },
  { input: 'start-date', value: '2026/11/01' },
  { input: 'start-date', value: '20261101' },
  { input: 'end-date', value: '2025-02-29', with: { 'start-date': '2025-02-01' } },
  { input: 'end-date', value: '2026-11-02', with: { 'start-date': '2026-11-08' } },
  { input: 'end-date', value: '2099-01-07', with: { 'start-date': '2099-01-01' }, action: true },
  // Regression: a start in the future alone blamed end-date, an input never given.
  {
    input: 'start-date',
    value: '2099-01-01',
    mentions: ['Invalid start-date "2099-01-01"', 'must not be in the future'],
  },
  // The default projection-start is not the user's input: the start date is.
  {
    input: 'start-date',
    value: '2013-10-01',
    with: { 'end-date': '2013-10-07' },
    mentions: ['Invalid start-date "2013-10-01"', 'before 2013-11-01, the default projection-start'],
  },
  { input: 'start-date', value: '0000-01-01', with: { 'end-date': '2013-10-07' }, action: true },
  {
    input: 'end-date',
    value: '2026-11-07',
    mentions: ['end-date needs start-date'],
  },
  {
    input: 'lookback-days',
    value: '7',
    with: { 'start-date': '2026-11-01' },
    mentions: ['start-date', 'lookback-days'],
  },
  // projection-start
  {
    input: 'projection-start',
    value: '2026-11-05',
    with: { 'start-date': '2026-11-02', 'end-date': '2026-11-08' },
  },
  { input: 'projection-start', value: '2026-02-31' },
  { input: 'projection-start', value: 'NOW' },
  // lookback-days
  { input: 'lookback-days', value: '0', action: true },
  { input: 'lookback-days', value: '-1' },
  { input: 'lookback-days', value: '3661' },
  { input: 'lookback-days', value: '99999999999999999999' },
  { input: 'lookback-days', value: '7.5' },
  { input: 'lookback-days', value: 'seven' },
  { input: 'lookback-days', value: '1e3' },
  // threshold
  { input: 'threshold', value: '-1', action: true },
  { input: 'threshold', value: 'ten' },
  { input: 'threshold', value: '1.5' },
  { input: 'threshold', value: '0x10' },
  { input: 'threshold', value: '9007199254740993' },
  // enumerations
  { input: 'source', value: 'securitylake', action: true },
  { input: 'source', value: 'CloudTrail' },
  {
    input: 'source',
    value: 'security-lake',
    mentions: ['bucket says where a trail writes its logs', 'leave it out'],
  },
  { input: 'query-set', value: 'all' },
  { input: 'query-set', value: 'SEED', action: true },
  {
    input: 'fail-on-write-calls',
    value: 'true',
    with: { 'query-set': 'seed', 'require-logs': 'false' },
    mentions: ['fail-on-write-calls', 'seed'],
  },
  {
    input: 'require-complete',
    value: 'true',
    with: { 'query-set': 'seed' },
    mentions: ['require-complete', 'seed'],
  },
  // the explanation
  {
    input: 'fail-on-unexplained',
    value: 'true',
    with: { 'query-set': 'seed', 'require-complete': 'false' },
    mentions: ['fail-on-unexplained', 'seed'],
  },
  // since the last audit
  { input: 'baseline', value: 'previous\nsummary.json', action: true },
  { input: 'fail-on-new-access', value: 'true', mentions: ['fail-on-new-access needs baseline'] },
  {
    input: 'fail-on-new-access',
    value: 'true',
    with: { 'query-set': 'seed', 'require-complete': 'false', baseline: 'summary.json' },
    mentions: ['fail-on-new-access', 'seed'],
  },
  { input: 'session-gap-minutes', value: '0' },
  { input: 'session-gap-minutes', value: '1441' },
  { input: 'case-lookback-days', value: '-1' },
  { input: 'cases-from', value: 'cloudtrail,email' },
  { input: 'case-grace-hours', value: 'a day' },
  { input: 'case-scope', value: 'region' },
  { input: 'idle-accounts', value: '1111222233334' },
  { input: 'idle-accounts', value: '111122223333,,444455556666' },
  { input: 'late-delivery-days', value: '32' },
  { input: 'late-delivery-days', value: '-1' },
  { input: 'max-log-file-mib', value: '0' },
  { input: 'max-log-file-mib', value: '1.5' },
  { input: 'engine', value: 'bigquery' },
  { input: 'engine', value: 'local', mentions: ['local engine needs logs'] },
  { input: 'logs', value: '/tmp', mentions: ['logs is for the local engine'] },
  { input: 'format', value: 'html' },
  // deadlines and reuse
  { input: 'timeout-seconds', value: '0' },
  { input: 'timeout-seconds', value: '86401', action: true },
  { input: 'timeout-seconds', value: '10s' },
  { input: 'result-reuse-minutes', value: '-5' },
  { input: 'result-reuse-minutes', value: '10081' },
  // the output folder
  { input: 'output-dir', value: UNWRITABLE },
  { input: 'output-dir', value: 'report\nsecond-line', action: true, process: true },
  { input: 'output-dir', value: '/', action: true },
  { input: 'output-dir', value: '/proc/self/x', action: true },
  { input: 'output-dir', value: '/etc/support-audit' },
  { input: 'logs', value: 'logs\u001b[2Jcopy' },
];

/** Inputs only the action has as text (the CLI has switches for the booleans, and no comment). */
const ACTION_ONLY: readonly BadInput[] = [
  { input: 'create-table', value: 'maybe', action: true },
  { input: 'fail-on-write-calls', value: 'yes', action: true },
  { input: 'require-logs', value: 'yes', action: true },
  { input: 'require-complete', value: 'yes', action: true },
  { input: 'fail-on-unexplained', value: 'yes', action: true },
  { input: 'case-details', value: 'maybe', action: true },
  { input: 'fail-on-new-access', value: 'maybe', action: true },
  {
    input: 'require-logs',
    value: 'false',
    with: { 'require-complete': 'true' },
    action: true,
    mentions: ['require-complete is true but require-logs, its former name, is false'],
  },

  { input: 'comment-on-pr', value: 'sometimes', action: true, process: true },
  // The workspace may hold a pull request's code: the action writes nowhere else.
  { input: 'output-dir', value: '../../escaped', action: true, process: true },
  { input: 'output-dir', value: '/tmp/support-audit-escaped', action: true },
];

/** Switches given a value on the command line. */
const CLI_SWITCHES: ReadonlyArray<{ option: string; value: string; process?: true }> = [
  { option: 'create-table', value: 'maybe' },
  { option: 'fail-on-write-calls', value: 'yes' },
  { option: 'require-logs', value: 'yes' },
  { option: 'require-complete', value: 'yes' },
  { option: 'fail-on-unexplained', value: 'yes' },
  { option: 'case-details', value: 'maybe' },
  { option: 'fail-on-new-access', value: 'maybe' },
  { option: 'dry-run', value: 'true', process: true },
];

const SWITCHES = new Set([
  'fail-on-write-calls',
  'require-logs',
  'require-complete',
  'fail-on-unexplained',
  'case-details',
  'fail-on-new-access',
]);

const BASE = {
  engine: 'athena',
  bucket: 'trail-bucket',
  account: '111122223333',
  region: 'us-east-1',
};

let unwritable: string;
let root: string;

function resolveValue(value: string): string {
  return value === UNWRITABLE ? unwritable : value;
}

function cliArgs(bad: BadInput): string[] {
  const options: Record<string, string> = {
    ...BASE,
    ...bad.with,
    [bad.input]: resolveValue(bad.value),
  };
  // `--name=value`, so a value starting with a dash reaches the parser as a value; switches as switches.
  return Object.entries(options).map(([name, value]) => {
    if (SWITCHES.has(name) && value === 'true') return `--${name}`;
    if (SWITCHES.has(name) && value === 'false') return `--no-${name}`;
    return `--${name}=${value}`;
  });
}

function expectedMessage(bad: BadInput): readonly string[] {
  return bad.mentions ?? [`Invalid ${bad.input} ${JSON.stringify(resolveValue(bad.shows ?? bad.value))}`];
}

function expectNoStack(output: string): void {
  expect(output).not.toContain('    at ');
}

/** The CLI's refusal: exit 2, one line on stderr naming the input and the value, nothing on stdout. */
function expectCliRefused(run: CliRun, bad: BadInput): void {
  expectNoStack(run.stderr);
  const lines = run.stderr.trimEnd().split('\n');
  expect(lines, run.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^support-audit: /);
  for (const text of expectedMessage(bad)) expect(lines[0]).toContain(text);
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
}

/** The CLI's refusal of a value given to a switch: the parser's message and where to look. */
function expectSwitchRefused(run: CliRun, option: string): void {
  expectNoStack(run.stderr);
  const lines = run.stderr.trimEnd().split('\n');
  expect(lines[0]).toBe(`support-audit: Option '--${option}' does not take an argument`);
  expect(lines.slice(1)).toEqual(['Run with --help to see the options.']);
  expect(run.code).toBe(2);
}

function switchArgs(option: string, value: string): string[] {
  return [...cliArgs({ input: 'bucket', value: 'trail-bucket' }), `--${option}=${value}`];
}

/** The action's inputs for a case: action.yml's defaults, the case's, and no engine (the action has none). */
function actionInputs(bad: BadInput): Record<string, string> {
  const inputs: Record<string, string> = { ...BASE, ...bad.with, [bad.input]: bad.value };
  delete inputs.engine;
  return inputs;
}

const caseName = (bad: BadInput) => [`${bad.input} ${JSON.stringify(bad.value)}`, bad] as const;
const ACTION_CASES = [...BAD_INPUTS, ...ACTION_ONLY].filter((bad) => bad.action);

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'support-audit-faults-'));
  const file = path.join(root, 'a-file');
  await writeFile(file, 'not a folder');
  unwritable = path.join(file, 'report');
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('the table of bad inputs', () => {
  it('has at least 60 cases and covers every input of the action', () => {
    const all = [...BAD_INPUTS, ...ACTION_ONLY];
    expect(all.length).toBeGreaterThanOrEqual(60);
    const covered = new Set(all.map((bad) => bad.input));
    const uncovered = ACTION_INPUTS.filter((name) => name !== 'github-token' && !covered.has(name));
    expect(uncovered).toEqual([]);
    expect(ACTION_CASES.length).toBeGreaterThanOrEqual(10);
  });

  it('runs a few cases as real processes: the CLI with a value and with a switch, and the bundled action', () => {
    expect(BAD_INPUTS.filter((bad) => bad.process).length).toBeGreaterThanOrEqual(2);
    expect(CLI_SWITCHES.filter((s) => s.process).length).toBeGreaterThanOrEqual(1);
    expect(ACTION_CASES.filter((bad) => bad.process).length).toBeGreaterThanOrEqual(2);
  });
});

describe('a value of 127 KB', () => {
  const HUGE = 'x'.repeat(127_000);
  const INPUTS = [
    'account',
    'region',
    'organization-id',
    'bucket',
    'prefix',
    'database',
    'table',
    'catalog',
    'workgroup',
    'output-location',
    'start-date',
    'projection-start',
    'lookback-days',
    'threshold',
    'query-set',
    'timeout-seconds',
    'result-reuse-minutes',
    'comment-on-pr',
  ];

  it.each(INPUTS)('is shown shortened, with its length, when %s refuses it', (input) => {
    const error = (() => {
      try {
        parseSettings({ ...BASE, [input]: HUGE });
      } catch (thrown) {
        return thrown as Error;
      }
    })();
    expect(error).toBeInstanceOf(InputError);
    expect(error!.message).toMatch(new RegExp(`^Invalid ${input} "x{200}"… \\(127000 characters\\): `));
    expect(error!.message.length).toBeLessThan(600);
  });
});

describe('the CLI refuses each bad input before any AWS call', () => {
  // This process's SDK points at an emulator over an empty S3: any call the CLI made would be heard there.
  let bare: BareEmulator;

  beforeAll(async () => {
    bare = await startBareEmulator();
    useEmulatorInThisProcess(bare.emulator.endpoint);
  });

  afterAll(async () => {
    await bare?.close();
  });

  let heardBefore = 0;

  beforeEach(() => {
    heardBefore = bare.emulator.requests.length;
  });

  afterEach(() => {
    const heard = bare.emulator.requests.slice(heardBefore).map((r) => r.target);
    expect(heard, 'requests the emulator received').toEqual([]);
  });

  /** The case's options, with the output folder in a temporary one so that nothing lands in the repository. */
  const inProcessArgs = (bad: BadInput) => [`--output-dir=${path.join(root, 'report')}`, ...cliArgs(bad)];

  it.each(BAD_INPUTS.map(caseName))('%s', async (_, bad) => {
    expectCliRefused(await runCliInProcess(inProcessArgs(bad)), bad);
  });

  it.each(CLI_SWITCHES.map((s) => [`--${s.option}=${s.value}`, s] as const))(
    'the switch %s',
    async (_, { option, value }) => {
      expectSwitchRefused(await runCliInProcess(switchArgs(option, value)), option);
    },
  );
});

describe("the action's inputs refuse each bad input with the same message", () => {
  it.each(ACTION_CASES.map(caseName))('%s', (_, bad) => {
    // The runner sets every input: action.yml's defaults, and the empty string for the others. The token is
    // left empty: reading it would print an add-mask command into the test's output.
    const inputs: Record<string, string> = { ...actionDefaults(), ...actionInputs(bad), 'github-token': '' };
    for (const name of ACTION_INPUTS) vi.stubEnv(inputVariable(name), inputs[name] ?? '');
    let error: unknown;
    try {
      readActionSettings();
    } catch (thrown) {
      error = thrown;
    } finally {
      vi.unstubAllEnvs();
    }
    expect(error, 'no error').toBeInstanceOf(Error);
    const message = describeError(error);
    for (const text of expectedMessage(bad)) expect(message).toContain(text);
    expect(message).not.toMatch(/^Unexpected error/);
  });
});

describe.concurrent('as real processes, bad inputs are refused before any AWS call', () => {
  /** Runs `run` against an emulator of its own, and returns what it heard. */
  async function heard<T>(run: (bare: BareEmulator) => Promise<T>): Promise<{ run: T; requests: number }> {
    const bare = await startBareEmulator();
    try {
      const result = await run(bare);
      return { run: result, requests: bare.emulator.requests.length };
    } finally {
      await bare.close();
    }
  }

  it.each(BAD_INPUTS.filter((bad) => bad.process).map(caseName))('by the CLI: %s', async (_, bad) => {
    const { run, requests } = await heard((bare) => runCli(cliArgs(bad), { env: bare.env, cwd: root }));
    expectCliRefused(run, bad);
    expect(requests, 'requests the emulator received').toBe(0);
  });

  it.each(CLI_SWITCHES.filter((s) => s.process).map((s) => [`--${s.option}=${s.value}`, s] as const))(
    'by the CLI: the switch %s',
    async (_, { option, value }) => {
      const { run, requests } = await heard((bare) =>
        runCli(switchArgs(option, value), { env: bare.env, cwd: root }),
      );
      expectSwitchRefused(run, option);
      expect(requests).toBe(0);
    },
  );

  it.each(ACTION_CASES.filter((bad) => bad.process).map(caseName))(
    'by the bundled action: %s',
    async (_, bad) => {
      requireNode24();
      ensureBundle();
      const { run, requests } = await heard(async (bare) => {
        const action = await runAction(actionInputs(bad), { env: bare.env });
        await action.dispose();
        return action;
      });
      expect(run.code).toBe(1);
      const errors = run.stdout.split('\n').filter((line) => line.startsWith('::error::'));
      expect(errors, run.stdout).toHaveLength(1);
      for (const text of expectedMessage(bad)) expect(errors[0]).toContain(text);
      expectNoStack(run.stdout + run.stderr);
      expect(requests, 'requests the emulator received').toBe(0);
      expect(run.outputs).toEqual({});
    },
  );
});

/** What must never appear in anything the tool prints or writes. */
const SECRET_MATERIAL: ReadonlyArray<readonly [string, RegExp]> = [
  ['the secret access key', new RegExp(CANARY.secretAccessKey)],
  ['the session token', new RegExp(CANARY.sessionToken)],
  ['the access key id', new RegExp(CANARY.accessKeyId)],
  ['a SigV4 signature', /Signature=/],
  ['a SigV4 credential scope', /Credential=|AWS4-HMAC-SHA256/],
  ['an Authorization header', /authorization\s*[:=]|"authorization"/i],
  ['a security token header', /x-amz-security-token/i],
];

function expectNoSecrets(where: string, text: string): void {
  expect(text.length, `${where} is empty`).toBeGreaterThan(0);
  for (const [what, pattern] of SECRET_MATERIAL) {
    expect(pattern.test(text), `${what} in ${where}`).toBe(false);
  }
}

async function filesIn(dir: string): Promise<Array<[string, string]>> {
  const names = await readdir(dir);
  return Promise.all(
    names.map(async (name) => [name, await readFile(path.join(dir, name), 'utf8')] as [string, string]),
  );
}

describe.concurrent('the canary credentials', () => {
  const fresh = emulatorPerTest();

  it('appear nowhere in the output or files of a successful CLI run', async () => {
    const emulated = await fresh();
    const out = await emulated.tempDir('cli-secrets');
    const run = await runCli([...emulated.sampleArgs, '--output-dir', out, '--debug'], { env: emulated.env });
    expect(run.code, run.stderr).toBe(0);
    // The canaries did reach the emulator: the check below is not vacuous.
    const signed = emulated.emulator.requests.map((r) => JSON.stringify(r.headers)).join('\n');
    expect(signed).toContain(CANARY.sessionToken);
    expect(signed).toContain(CANARY.accessKeyId);
    expectNoSecrets('stdout', run.stdout);
    expectNoSecrets('stderr', run.stderr);
    const files = await filesIn(out);
    expect(files.map(([name]) => name).sort()).toEqual([
      'events.csv',
      'events.json',
      'report.html',
      'report.md',
      'summary.json',
    ]);
    for (const [name, text] of files) expectNoSecrets(name, text);
  });

  it('appear nowhere in the error of a denied call, even with --debug', async () => {
    const emulated = await fresh();
    emulated.emulator.faults.deny = { operations: ['GetQueryResults'] };
    const out = await emulated.tempDir('cli-denied');
    const run = await runCli([...emulated.sampleArgs, '--output-dir', out, '--debug'], {
      env: emulated.env,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('athena:GetQueryResults');
    expectNoSecrets('stderr', run.stderr);
  });

  it('appear nowhere in the logs, job summary, outputs or files of a successful action run', async () => {
    requireNode24();
    ensureBundle();
    const emulated = await fresh();
    const { manifest } = emulated;
    const run = await runAction(
      {
        bucket: 'trail-bucket',
        account: manifest.accounts.join(','),
        region: manifest.regions.join(','),
        'start-date': manifest.window.start,
        'end-date': manifest.window.end,
        threshold: '0',
      },
      { env: emulated.env },
    );
    try {
      // Exit 1: the threshold of 0 fails the step, after everything was written.
      expect(run.code, run.stdout).toBe(1);
      expectNoSecrets('the action log', run.stdout + run.stderr);
      expectNoSecrets('the job summary', run.summary);
      expectNoSecrets('GITHUB_OUTPUT', run.outputFile);
      const files = await filesIn(run.outputs['report-dir']!);
      expect(files).toHaveLength(5);
      for (const [name, text] of files) expectNoSecrets(name, text);
    } finally {
      await run.dispose();
    }
  });
});
