/**
 * The verdict: each gate's outcome and reason, and the run's status, from the audit's figures and whether it
 * read everything. A count measured on an incomplete audit is a lower bound: it can fail a gate, never pass it.
 */
import { describe, expect, it } from 'vitest';
import type { Coverage, Totals } from '../src/core/result.js';
import { failureMessages, verdictOf, type GateFacts, type GateSettings } from '../src/core/verdict.js';

const WINDOW = { start: '2025-01-01', end: '2025-01-07', lateDeliveryDays: 1 };
const A = '111122223333';
const B = '444455556666';

function coverage(accountsWithoutLogs: string[] = []): Coverage {
  return {
    read: { records: 10, files: 2 },
    cells: [],
    accountsWithoutLogs,
    regionsWithoutLogs: [],
    daysWithoutLogs: [],
  };
}

function facts(
  calls: { supportCalls?: number; writeCalls?: number | null } = {},
  rest: Partial<Omit<GateFacts, 'totals'>> = {},
): GateFacts {
  const supportCalls = calls.supportCalls ?? 0;
  const totals: Totals = {
    supportCalls,
    bySourceIp: supportCalls,
    bySupportRole: supportCalls,
    byInvokedBy: supportCalls,
    writeCalls: calls.writeCalls === undefined ? 0 : calls.writeCalls,
    duplicateDeliveries: 0,
  };
  return { totals, coverage: coverage(), complete: true, incompleteReasons: [], window: WINDOW, ...rest };
}

/** An audit that did not read everything, for the reason completeness.ts gives. */
const UNREADABLE = '1 log file could not be read (logs/a.json.gz)';
const INCOMPLETE = { complete: false, incompleteReasons: [UNREADABLE] } as const;

const NO_GATES: GateSettings = { threshold: undefined, failOnWriteCalls: false, requireComplete: false };
const gates = (settings: Partial<GateSettings>): GateSettings => ({ ...NO_GATES, ...settings });

const gate = (verdict: ReturnType<typeof verdictOf>, name: string) =>
  verdict.gates.find((g) => g.name === name)!;

describe('a run without gates', () => {
  it('is not gated: it reports and never fails, and lists the threshold as not set', () => {
    const verdict = verdictOf(facts({ supportCalls: 3 }), NO_GATES);
    expect(verdict.status).toBe('not-gated');
    expect(verdict.statement).toBe('No gate is set: this audit reports and never fails.');
    expect(verdict.gates).toEqual([
      {
        name: 'threshold',
        input: 'threshold',
        enabled: false,
        shown: true,
        outcome: 'off',
        measured: 3,
        limit: null,
        over: null,
        reason: '3 support calls; no threshold set',
        advice: null,
      },
      {
        name: 'write-calls',
        input: 'fail-on-write-calls',
        enabled: false,
        shown: false,
        outcome: 'off',
        measured: 0,
        limit: null,
        over: null,
        reason: 'fail-on-write-calls is off',
        advice: null,
      },
      {
        name: 'require-complete',
        input: 'require-complete',
        enabled: false,
        shown: false,
        outcome: 'off',
        measured: 0,
        limit: null,
        over: null,
        reason: 'require-complete is off',
        advice: null,
      },
      {
        name: 'unexplained-sessions',
        input: 'fail-on-unexplained',
        enabled: false,
        shown: false,
        outcome: 'off',
        measured: null,
        limit: null,
        over: null,
        reason: 'fail-on-unexplained is off',
        advice: null,
      },
      {
        name: 'new-access',
        input: 'fail-on-new-access',
        enabled: false,
        shown: false,
        outcome: 'off',
        measured: null,
        limit: null,
        over: null,
        reason: 'fail-on-new-access is off',
        advice: null,
      },
    ]);
    expect(failureMessages(verdict)).toEqual([]);
  });

  it('is incomplete when the audit is, though nothing could fail', () => {
    expect(verdictOf(facts({}, INCOMPLETE), NO_GATES).status).toBe('incomplete');
  });

  it('says one support call in the singular', () => {
    expect(gate(verdictOf(facts({ supportCalls: 1 }), NO_GATES), 'threshold').reason).toBe(
      '1 support call; no threshold set',
    );
  });
});

describe('the threshold', () => {
  it('passes at exactly the threshold', () => {
    const verdict = verdictOf(facts({ supportCalls: 10 }), gates({ threshold: 10 }));
    expect(verdict.status).toBe('passed');
    expect(verdict.statement).toBe('The audit passes its gates.');
    expect(gate(verdict, 'threshold')).toMatchObject({
      enabled: true,
      shown: true,
      outcome: 'passed',
      measured: 10,
      limit: 10,
      over: null,
      reason: '10 support calls, within the threshold of 10',
      advice: null,
    });
  });

  it('fails one call over, saying by how much', () => {
    const verdict = verdictOf(facts({ supportCalls: 11 }), gates({ threshold: 10 }));
    expect(verdict.status).toBe('failed');
    expect(verdict.statement).toBe('The audit fails its gates.');
    expect(gate(verdict, 'threshold')).toMatchObject({
      outcome: 'failed',
      measured: 11,
      limit: 10,
      over: 1,
      reason: '11 support calls: 1 over the threshold of 10',
      advice: null,
    });
    expect(failureMessages(verdict)).toEqual(['11 support calls: 1 over the threshold of 10.']);
  });

  it('of zero passes a run without support calls and fails one with a single call', () => {
    expect(gate(verdictOf(facts(), gates({ threshold: 0 })), 'threshold').outcome).toBe('passed');
    expect(gate(verdictOf(facts({ supportCalls: 1 }), gates({ threshold: 0 })), 'threshold').reason).toBe(
      '1 support call: 1 over the threshold of 0',
    );
  });

  it('writes large numbers with thousands separators', () => {
    expect(
      gate(verdictOf(facts({ supportCalls: 12_345 }), gates({ threshold: 1_000 })), 'threshold').reason,
    ).toBe('12,345 support calls: 11,345 over the threshold of 1,000');
    expect(
      gate(verdictOf(facts({ supportCalls: 999 }), gates({ threshold: 1_000 })), 'threshold').reason,
    ).toBe('999 support calls, within the threshold of 1,000');
  });

  it('within the threshold on an incomplete audit is undecided, and the run incomplete, not passed', () => {
    const verdict = verdictOf(facts({ supportCalls: 4 }, INCOMPLETE), gates({ threshold: 10 }));
    expect(verdict.status).toBe('incomplete');
    expect(verdict.statement).toBe(
      'The audit is incomplete: no gate failed, but its figures may be lower than the truth.',
    );
    expect(gate(verdict, 'threshold')).toMatchObject({
      outcome: 'undecided',
      over: null,
      reason:
        '4 support calls found, within the threshold of 10, but the audit is incomplete: there may be more',
    });
    expect(failureMessages(verdict)).toEqual([]);
  });

  it('over the threshold on an incomplete audit fails: what was not read could only add calls', () => {
    const verdict = verdictOf(facts({ supportCalls: 12 }, INCOMPLETE), gates({ threshold: 10 }));
    expect(verdict.status).toBe('failed');
    expect(gate(verdict, 'threshold')).toMatchObject({ outcome: 'failed', over: 2 });
  });
});

describe('fail-on-write-calls', () => {
  it('fails on one write call, naming it', () => {
    const verdict = verdictOf(facts({ supportCalls: 3, writeCalls: 1 }), gates({ failOnWriteCalls: true }));
    expect(verdict.status).toBe('failed');
    expect(gate(verdict, 'write-calls')).toMatchObject({
      enabled: true,
      shown: true,
      outcome: 'failed',
      measured: 1,
      limit: 0,
      over: 1,
      reason: '1 write (non-read-only) support call; fail-on-write-calls is on',
      advice: null,
    });
  });

  it('counts several write calls in the plural', () => {
    expect(
      gate(verdictOf(facts({ writeCalls: 2 }), gates({ failOnWriteCalls: true })), 'write-calls').reason,
    ).toBe('2 write (non-read-only) support calls; fail-on-write-calls is on');
  });

  it('passes a complete audit without write calls', () => {
    const verdict = verdictOf(facts({ supportCalls: 3 }), gates({ failOnWriteCalls: true }));
    expect(verdict.status).toBe('passed');
    expect(gate(verdict, 'write-calls')).toMatchObject({
      outcome: 'passed',
      reason: 'no write (non-read-only) support calls; fail-on-write-calls is on',
    });
  });

  it('is undecided without write calls on an incomplete audit', () => {
    const verdict = verdictOf(facts({}, INCOMPLETE), gates({ failOnWriteCalls: true }));
    expect(gate(verdict, 'write-calls')).toMatchObject({
      outcome: 'undecided',
      reason:
        'no write (non-read-only) support call found, but the audit is incomplete; fail-on-write-calls is on',
    });
  });

  it('is undecided, never passed, when write calls were not measured', () => {
    const verdict = verdictOf(facts({ writeCalls: null }), gates({ failOnWriteCalls: true }));
    expect(gate(verdict, 'write-calls')).toMatchObject({ outcome: 'undecided', measured: null, over: null });
    expect(verdict.status).toBe('passed');
  });
});

const ADVICE =
  'Between 2025-01-01 and 2025-01-07 the audit cannot say whether AWS Support called anything in what it did ' +
  'not read. Check the bucket, prefixes, organization id, accounts, regions and window (and name an account ' +
  'known to be idle in idle-accounts), or set require-complete to false to report without failing.';

describe('require-complete', () => {
  it('passes when the audit read everything in the window', () => {
    const verdict = verdictOf(facts(), gates({ requireComplete: true }));
    expect(verdict.status).toBe('passed');
    expect(gate(verdict, 'require-complete')).toMatchObject({
      enabled: true,
      shown: true,
      outcome: 'passed',
      measured: 0,
      limit: 0,
      over: null,
      reason: 'the audit read everything in the window; require-complete is on',
      advice: null,
    });
  });

  it('fails for an account without logs, naming it, with what to check', () => {
    const reason = `no logs in the window for account ${A}`;
    const verdict = verdictOf(
      facts({}, { coverage: coverage([A]), complete: false, incompleteReasons: [reason] }),
      gates({ requireComplete: true }),
    );
    expect(verdict.status).toBe('failed');
    expect(gate(verdict, 'require-complete')).toMatchObject({
      outcome: 'failed',
      measured: 1,
      over: 1,
      reason: `the audit is incomplete: ${reason}; require-complete is on`,
      advice: ADVICE,
    });
    expect(failureMessages(verdict)).toEqual([
      `the audit is incomplete: ${reason}; require-complete is on. ${ADVICE}`,
    ]);
  });

  it('says the head of the first reason, counts the others, and gives them all in full in the advice', () => {
    const days = `no logs for account ${B} on 2 days of the window (2025-01-02 to 2025-01-03)`;
    const verdict = verdictOf(
      facts({}, { complete: false, incompleteReasons: [UNREADABLE, days] }),
      gates({ requireComplete: true }),
    );
    expect(gate(verdict, 'require-complete')).toMatchObject({
      outcome: 'failed',
      measured: 2,
      over: 2,
      reason:
        'the audit is incomplete: 1 log file could not be read and 1 more reason; require-complete is on',
      advice: `Incomplete: ${UNREADABLE}; ${days}. ${ADVICE}`,
    });
  });

  it('gives a single reason in full in the advice when the reason says only its head', () => {
    const verdict = verdictOf(facts({}, INCOMPLETE), gates({ requireComplete: true }));
    expect(gate(verdict, 'require-complete')).toMatchObject({
      reason: 'the audit is incomplete: 1 log file could not be read; require-complete is on',
      advice: `Incomplete: ${UNREADABLE}. ${ADVICE}`,
    });
  });

  it('counts the reasons in the plural', () => {
    const verdict = verdictOf(
      facts({}, { complete: false, incompleteReasons: [UNREADABLE, 'a', 'b'] }),
      gates({ requireComplete: true }),
    );
    expect(gate(verdict, 'require-complete').reason).toBe(
      'the audit is incomplete: 1 log file could not be read and 2 more reasons; require-complete is on',
    );
  });

  it('fails an incomplete audit, whatever it is missing, rather than leave the run incomplete', () => {
    const verdict = verdictOf(facts({}, INCOMPLETE), gates({ requireComplete: true }));
    expect(gate(verdict, 'require-complete').outcome).toBe('failed');
    expect(verdict.status).toBe('failed');
  });

  it('when off, leaves an incomplete audit incomplete, not failed', () => {
    const verdict = verdictOf(facts({}, INCOMPLETE), NO_GATES);
    expect(gate(verdict, 'require-complete')).toMatchObject({ outcome: 'off', measured: 1 });
    expect(verdict.status).toBe('incomplete');
  });
});

describe('several gates', () => {
  it('fail together, each message in the gates’ order', () => {
    const verdict = verdictOf(
      facts(
        { supportCalls: 5, writeCalls: 2 },
        {
          coverage: coverage([B]),
          complete: false,
          incompleteReasons: [`no logs in the window for account ${B}`],
        },
      ),
      { threshold: 4, failOnWriteCalls: true, requireComplete: true },
    );
    expect(verdict.status).toBe('failed');
    expect(failureMessages(verdict).map((m) => m.slice(0, 20))).toEqual([
      '5 support calls: 1 o',
      '2 write (non-read-on',
      'the audit is incompl',
    ]);
  });

  it('one failed gate fails the run though the others pass', () => {
    const verdict = verdictOf(facts({ supportCalls: 5, writeCalls: 1 }), {
      threshold: 10,
      failOnWriteCalls: true,
      requireComplete: true,
    });
    expect(verdict.gates.map((g) => g.outcome)).toEqual(['passed', 'failed', 'passed', 'off', 'off']);
    expect(verdict.status).toBe('failed');
  });
});

describe('new access since the baseline', () => {
  const on = gates({ failOnNewAccess: true });
  const newAccess = (verdict: ReturnType<typeof verdictOf>) => gate(verdict, 'new-access');

  it('is off by default, and not listed', () => {
    const g = newAccess(verdictOf(facts({}, { newAccess: 3 }), NO_GATES));
    expect(g).toMatchObject({ outcome: 'off', shown: false, measured: 3 });
  });

  it('fails on anything new, with what to read', () => {
    const verdict = verdictOf(facts({}, { newAccess: 2 }), on);
    expect(newAccess(verdict)).toMatchObject({ outcome: 'failed', measured: 2, limit: 0, over: 2 });
    expect(failureMessages(verdict)).toEqual([
      '2 things AWS Support did for the first time since the baseline; fail-on-new-access is on. The section ' +
        '"Since the last audit" lists what is new. Check that a case or a permit asked for it.',
    ]);
    expect(verdict.status).toBe('failed');
  });

  it('passes with nothing new on a complete audit; is undecided on an incomplete one', () => {
    expect(newAccess(verdictOf(facts({}, { newAccess: 0 }), on))).toMatchObject({
      outcome: 'passed',
      reason: 'nothing new since the baseline; fail-on-new-access is on',
    });
    expect(newAccess(verdictOf(facts({}, { newAccess: 0, ...INCOMPLETE }), on)).outcome).toBe('undecided');
  });

  it('fails when the baseline could not be used, saying why', () => {
    const verdict = verdictOf(facts({}, { newAccess: null, baselineProblem: 'it is not JSON' }), on);
    expect(newAccess(verdict)).toMatchObject({
      outcome: 'failed',
      measured: null,
      over: null,
      reason: 'nothing was compared: the baseline was not used (it is not JSON); fail-on-new-access is on',
      advice:
        'Give the summary.json of the previous run of this audit as baseline, or set fail-on-new-access to false.',
    });
  });
});

describe('fail-on-unexplained', () => {
  const on = gates({ failOnUnexplained: true });
  const unexplained = (verdict: ReturnType<typeof verdictOf>) => gate(verdict, 'unexplained-sessions');
  const ADVICE_UNEXPLAINED =
    'The Sessions section lists each unexplained session with what it missed. Find the case or permit behind it ' +
    '(a case older than the lead-in needs a longer case-lookback-days; a case opened from an account outside the ' +
    'audit needs that account audited, with case-scope organization).';

  it('is off by default, and not listed, though it still says what it measured', () => {
    const verdict = verdictOf(facts({}, { unexplainedSessions: 2 }), NO_GATES);
    expect(unexplained(verdict)).toMatchObject({ enabled: false, outcome: 'off', shown: false, measured: 2 });
    expect(verdict.status).toBe('not-gated');
  });

  it('fails on each session nothing explains, counting them, with where to look', () => {
    for (const [sessions, said] of [
      [1, '1 support session'],
      [3, '3 support sessions'],
    ] as const) {
      const verdict = verdictOf(facts({}, { unexplainedSessions: sessions }), on);
      expect(unexplained(verdict)).toMatchObject({
        enabled: true,
        shown: true,
        outcome: 'failed',
        measured: sessions,
        limit: 0,
        over: sessions,
        reason: `${said} explained by no case and no permit; fail-on-unexplained is on`,
        advice: ADVICE_UNEXPLAINED,
      });
      expect(verdict.status).toBe('failed');
    }
  });

  it('passes when every session is explained on a complete audit', () => {
    const verdict = verdictOf(facts({}, { unexplainedSessions: 0 }), on);
    expect(unexplained(verdict)).toMatchObject({
      outcome: 'passed',
      reason: 'every support session is explained by a case or a permit; fail-on-unexplained is on',
      advice: null,
    });
    expect(verdict.status).toBe('passed');
  });

  it('is undecided when every session found is explained but the audit is incomplete: a session not read may not be', () => {
    const verdict = verdictOf(facts({}, { unexplainedSessions: 0, ...INCOMPLETE }), on);
    expect(unexplained(verdict)).toMatchObject({
      outcome: 'undecided',
      reason:
        'every support session found is explained, but the audit is incomplete; fail-on-unexplained is on',
    });
    expect(verdict.status).toBe('incomplete');
  });
});

describe('new access since the baseline, more', () => {
  const on = gates({ failOnNewAccess: true });

  it('says why it is undecided with nothing new on an incomplete audit', () => {
    const verdict = verdictOf(facts({}, { newAccess: 0, ...INCOMPLETE }), on);
    expect(gate(verdict, 'new-access').reason).toBe(
      'nothing new since the baseline, but the audit is incomplete; fail-on-new-access is on',
    );
  });

  it('fails when no baseline was given at all, saying so, and asks for one', () => {
    const verdict = verdictOf(facts(), on);
    expect(gate(verdict, 'new-access')).toMatchObject({
      outcome: 'failed',
      reason: 'nothing was compared: the baseline was not used (none given); fail-on-new-access is on',
      advice:
        'Give the summary.json of the previous run of this audit as baseline, or set fail-on-new-access to false.',
    });
  });
});

describe('require-complete, more', () => {
  it('gives every reason in full in the advice when there are several, even if the first says no list', () => {
    const account = `no logs in the window for account ${B}`;
    const verdict = verdictOf(
      facts({}, { complete: false, incompleteReasons: [account, UNREADABLE] }),
      gates({ requireComplete: true }),
    );
    expect(gate(verdict, 'require-complete')).toMatchObject({
      reason: `the audit is incomplete: ${account} and 1 more reason; require-complete is on`,
      advice: `Incomplete: ${account}; ${UNREADABLE}. ${ADVICE}`,
    });
  });
});
