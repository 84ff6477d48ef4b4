/**
 * The inputs of the explanation: each bad value is refused with the input, the value and the rule, before the
 * engine is opened, so before any AWS call (the emulator behind the run receives no request); the defaults.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSettings } from '../src/core/settings.js';
import { runCliInProcess } from './helpers/cli-in-process.js';
import { TODAY } from './helpers/audit-local.js';
import { startBareEmulator, type BareEmulator } from './helpers/emulated-athena.js';

let bare: BareEmulator;
beforeAll(async () => {
  bare = await startBareEmulator();
});
afterAll(async () => {
  await bare.close();
});

const ATHENA = [
  '--engine',
  'athena',
  '--bucket',
  'trail-bucket',
  '--account',
  '111122223333',
  '--region',
  'us-east-1',
];

describe('the explanation inputs', () => {
  it.each([
    [
      ['--session-gap-minutes', '0'],
      'Invalid session-gap-minutes "0": must be a whole number from 1 to 1440',
    ],
    [
      ['--case-lookback-days', '-1'],
      'Invalid case-lookback-days "-1": must be a whole number from 0 to 3660',
    ],
    [
      ['--cases-from', 'cloudtrail,email'],
      'Invalid cases-from "cloudtrail,email": must be cloudtrail, or cloudtrail,support-api',
    ],
    [
      ['--cases-from', 'support-api'],
      'Invalid cases-from "support-api": must be cloudtrail, or cloudtrail,support-api',
    ],
    [
      ['--case-grace-hours', 'a day'],
      'Invalid case-grace-hours "a day": must be a whole number from 0 to 8760',
    ],
    [['--case-scope', 'region'], 'Invalid case-scope "region": must be one of account, organization'],
    [
      ['--query-set', 'seed', '--no-require-logs', '--fail-on-unexplained'],
      'fail-on-unexplained needs the single-scan query set',
    ],
  ])('%j is refused before any AWS call', async (args, message) => {
    const before = bare.emulator.requests.length;
    const run = await runCliInProcess([...ATHENA, ...args], {
      now: () => TODAY,
      env: { ...process.env, ...bare.env },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(bare.emulator.requests.length).toBe(before);
  });

  it('default to a 30-minute gap, a 30-day lead-in, CloudTrail alone, a 24-hour grace, one account, no details', () => {
    const settings = parseSettings({ logs: '/tmp', 'lookback-days': '7' }, TODAY);
    expect(settings.explain).toEqual({
      sessionGapMinutes: 30,
      caseLookbackDays: 30,
      casesFrom: ['cloudtrail'],
      caseDetails: false,
      caseGraceHours: 24,
      caseScope: 'account',
    });
    expect(settings.failOnUnexplained).toBe(false);
    expect(
      parseSettings({ logs: '/tmp', 'cases-from': 'support-api, cloudtrail' }, TODAY).explain.casesFrom,
    ).toEqual(['cloudtrail', 'support-api']);
  });
});
