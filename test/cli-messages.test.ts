/**
 * What a newcomer meets in the first ten minutes: each message names the input, the value and the rule, with a
 * suggestion where one exists, and a run ends with one line that says what it found over what.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliInProcess } from './helpers/cli-in-process.js';
import { supportCall, writeTrailFile } from './emulator/fixtures.js';
import { TODAY } from './helpers/audit-local.js';
import { REPO_ROOT } from './helpers/run-cli.js';

const SAMPLE = path.join(REPO_ROOT, 'examples', 'logs');
let root: string;

const cli = (args: readonly string[]) => runCliInProcess(args, { now: () => TODAY });

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'support-audit-messages-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('messages that name the input, the value and the rule', () => {
  it.each([
    [['--lookback', '30'], 'Unknown option --lookback. Did you mean --lookback-days?'],
    [['--logs', SAMPLE, '--threshold', '-1'], 'Invalid threshold "-1": must be a whole number from 0'],
    [['--logs', '/nonexistent/copy'], 'logs "/nonexistent/copy" does not exist'],
    [
      ['--logs', path.join(REPO_ROOT, 'README.md')],
      'is a file: give the folder that holds the copy of the bucket',
    ],
    [['--logs', path.join(SAMPLE, 'AWSLogs')], `it is itself an AWSLogs folder: give its parent, ${SAMPLE}`],
    [['--logs', SAMPLE, '--bucket', 'trail-bucket'], 'bucket is for the athena engine'],
    [
      ['--engine', 'athena', '--bucket', 'trail-bucket'],
      'account and region are required to audit with Athena',
    ],
    [
      ['--engine', 'athena', '--bucket', 'trail-bucket', '--account', '1,2', '--region', 'us-east-1'],
      'separated by commas or newlines',
    ],
  ])('%j', async (args, message) => {
    const run = await cli(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr).not.toContain('Unexpected error');
  });
});

describe('the end of a run', () => {
  it('says in one line what was found, over what, and against which gate', async () => {
    const run = await cli([
      '--logs',
      SAMPLE,
      '--start',
      '2026-11-02',
      '--end',
      '2026-11-08',
      '--threshold',
      '40',
      '--out',
      path.join(root, 'one-line'),
    ]);
    const last = run.stderr.trim().split('\n').at(-1);
    expect(last).toBe(
      '31 support calls (1 not read-only) in 3 accounts and 3 regions, 2026-11-02 to 2026-11-08: failed. ' +
        'Audited: AWS Support activity in CloudTrail, on local (DuckDB), over a copy of the trail bucket. ' +
        'Gates: 31 support calls found, within the threshold of 40, but the audit is incomplete: there may be ' +
        'more (undecided); the audit is incomplete: 1 log file could not be read; require-complete is on (failed). ' +
        'Incomplete: 1 log file could not be read (AWSLogs/444455556666/CloudTrail/eu-west-1/2026/11/05/' +
        '444455556666_CloudTrail_eu-west-1_20261105T1025Z_kHXZWH0uHDnUJk8K.json.gz).',
    );
  });

  it('says "1 call", never "1 calls", when the gate fails', async () => {
    const bucketsDir = await mkdtemp(path.join(root, 'one-call-'));
    const account = '111122223333';
    await writeTrailFile(bucketsDir, {
      bucket: 'trail',
      account,
      region: 'us-east-1',
      day: '2026-11-10',
      records: [
        supportCall({ account, region: 'us-east-1', eventTime: '2026-11-10T08:00:00Z', eventId: 'e1' }),
      ],
    });
    const logs = path.join(bucketsDir, 'trail');
    const run = await cli([
      '--logs',
      logs,
      '--start',
      '2026-11-10',
      '--end',
      '2026-11-10',
      '--threshold',
      '0',
      '--out',
      path.join(root, 'one-call-out'),
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('\n1 support call: 1 over the threshold of 0.\n');
    expect(run.stderr).toContain('2026-11-10 to 2026-11-10: failed.');
  });

  it('lists at most 50 calls on the terminal, and points to events.csv for the rest', async () => {
    const bucketsDir = await mkdtemp(path.join(root, 'many-'));
    const account = '111122223333';
    const records = Array.from({ length: 60 }, (_, i) =>
      supportCall({
        account,
        region: 'us-east-1',
        eventTime: `2026-11-10T08:${String(i).padStart(2, '0')}:00Z`,
        eventId: `e${i}`,
      }),
    );
    await writeTrailFile(bucketsDir, {
      bucket: 'trail',
      account,
      region: 'us-east-1',
      day: '2026-11-10',
      records,
    });
    const out = path.join(root, 'many-out');
    const run = await cli([
      '--logs',
      path.join(bucketsDir, 'trail'),
      '--start',
      '2026-11-10',
      '--end',
      '2026-11-10',
      '--out',
      out,
    ]);
    const calls = run.stdout.slice(run.stdout.indexOf('\n## Support calls\n'));
    expect(calls.match(/^\| 2026-11-10T/gm)).toHaveLength(50);
    expect(calls).toContain(`… and 10 more support calls: every call is in ${path.join(out, 'events.csv')}.`);
  });
});

describe('an account or a region the copy does not hold', () => {
  const HOLDS =
    'The copy holds accounts 111122223333, 444455556666 and 777788889999, regions eu-west-1, us-east-1 and ' +
    'us-gov-west-1, day folders from 2026-11-01 to 2026-11-09.';

  it.each([
    ['account', ['--account', '000000000000'], 'no log records were read at all (000000000000)'],
    ['region', ['--region', 'eu-west-3'], 'no log records were read at all (111122223333, 444455556666'],
  ])('a missing %s is an incomplete audit that says what the copy holds', async (name, option, reason) => {
    const out = path.join(root, `missing-${name}`);
    const run = await cli([
      '--logs',
      SAMPLE,
      '--start',
      '2026-11-02',
      '--end',
      '2026-11-08',
      ...option,
      '--out',
      out,
    ]);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toContain(reason);
    expect(run.stderr).toContain(HOLDS);
    expect(await readFile(path.join(out, 'report.md'), 'utf8')).toContain(HOLDS);
  });
});
