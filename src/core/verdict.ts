/**
 * The verdict: whether the run passes, computed once from the gates and the completeness of the audit, as data
 * every output renders (report.md, report.html, summary.json, the job summary, the PR comment, the result line,
 * the action's outputs and failure). A new gate is one more entry in GATE_RULES.
 *
 * A gate on a count (calls over a threshold, write calls) measures a lower bound when the audit is incomplete:
 * what it did not read can only add calls. So an incomplete audit can fail such a gate, never pass it.
 */
import type { Coverage, Totals } from './result.js';
import type { Gate, GateName, GateOutcome, RunStatus, Verdict } from './contract/summary.js';
import type { AuditWindow } from './types.js';
import { plural } from './wording.js';

export type { Gate, GateOutcome, RunStatus, Verdict } from './contract/summary.js';

/** What the gates are set to, from the settings. */
export interface GateSettings {
  readonly threshold: number | undefined;
  readonly failOnWriteCalls: boolean;
  readonly requireComplete: boolean;
  /** Fail when a support session is explained by no case and no permit. */
  readonly failOnUnexplained?: boolean;
  /** Fail when AWS Support did anything for the first time since the baseline. */
  readonly failOnNewAccess?: boolean;
}

/** What the gates judge, from the audit. */
export interface GateFacts {
  readonly totals: Totals;
  readonly coverage: Coverage | null;
  readonly complete: boolean;
  /** Why it is not complete, in words (completeness.ts). */
  readonly incompleteReasons: readonly string[];
  readonly window: AuditWindow;
  /** Sessions nothing explains; null when not measured (the seed set). */
  readonly unexplainedSessions?: number | null;
  /** What is new since the baseline, all kinds together; null when not compared. */
  readonly newAccess?: number | null;
  /** Why the baseline given was not used; null when it was, or none was given. */
  readonly baselineProblem?: string | null;
}

interface GateRule {
  readonly name: GateName;
  readonly input: string;
  readonly enabled: (settings: GateSettings) => boolean;
  /** The figure and its limit; `measured` null when not measured. */
  readonly measure: (facts: GateFacts, settings: GateSettings) => { measured: number | null; limit: number };
  /** True when the figure counts what was read, so that what was not read could only raise it. */
  readonly lowerBound: boolean;
  /** Fails when it measured nothing (its default: when the figure is not a lower bound). */
  readonly failsUnmeasured?: boolean;
  /** Listed even when off, because its reason says what the audit found. */
  readonly shownWhenOff: boolean;
  readonly reason: (outcome: GateOutcome, measured: number | null, limit: number, facts: GateFacts) => string;
  readonly advice: (facts: GateFacts) => string | null;
}

const GATE_RULES: readonly GateRule[] = [
  {
    name: 'threshold',
    input: 'threshold',
    enabled: (settings) => settings.threshold !== undefined,
    measure: (facts, settings) => ({ measured: facts.totals.supportCalls, limit: settings.threshold ?? 0 }),
    lowerBound: true,
    shownWhenOff: true,
    reason: (outcome, measured, limit) => {
      const calls = plural(measured ?? 0, 'support call');
      const max = limit.toLocaleString('en-US');
      if (outcome === 'off') return `${calls}; no threshold set`;
      if (outcome === 'failed') {
        return `${calls}: ${((measured ?? 0) - limit).toLocaleString('en-US')} over the threshold of ${max}`;
      }
      if (outcome === 'undecided') {
        return `${calls} found, within the threshold of ${max}, but the audit is incomplete: there may be more`;
      }
      return `${calls}, within the threshold of ${max}`;
    },
    advice: () => null,
  },
  {
    name: 'write-calls',
    input: 'fail-on-write-calls',
    enabled: (settings) => settings.failOnWriteCalls,
    measure: (facts) => ({ measured: facts.totals.writeCalls, limit: 0 }),
    lowerBound: true,
    shownWhenOff: false,
    reason: (outcome, measured) => {
      if (outcome === 'off') return 'fail-on-write-calls is off';
      if (outcome === 'failed') {
        return `${plural(measured ?? 0, 'write (non-read-only) support call')}; fail-on-write-calls is on`;
      }
      if (outcome === 'undecided') {
        return 'no write (non-read-only) support call found, but the audit is incomplete; fail-on-write-calls is on';
      }
      return 'no write (non-read-only) support calls; fail-on-write-calls is on';
    },
    advice: () => null,
  },
  {
    name: 'require-complete',
    input: 'require-complete',
    enabled: (settings) => settings.requireComplete,
    measure: (facts) => ({ measured: facts.incompleteReasons.length, limit: 0 }),
    lowerBound: false,
    shownWhenOff: false,
    reason: (outcome, _measured, _limit, facts) => {
      if (outcome === 'off') return 'require-complete is off';
      if (outcome === 'passed') return 'the audit read everything in the window; require-complete is on';
      // Not passed: it measured at least one reason.
      const [first, ...others] = facts.incompleteReasons;
      const more = others.length > 0 ? ` and ${plural(others.length, 'more reason')}` : '';
      return `the audit is incomplete: ${headOf(first!)}${more}; require-complete is on`;
    },
    advice: (facts) => {
      const reasons = facts.incompleteReasons;
      // The reason above says the first one's head; what it lists, and any other reason, is said here in full.
      const whole =
        reasons.length === 1 && headOf(reasons[0]!) === reasons[0]
          ? ''
          : `Incomplete: ${reasons.join('; ')}. `;
      return (
        `${whole}Between ${facts.window.start} and ${facts.window.end} the audit cannot say whether AWS Support ` +
        'called anything in what it did not read. Check the bucket, prefixes, organization id, accounts, regions ' +
        'and window (and name an account known to be idle in idle-accounts), or set require-complete to false to ' +
        'report without failing.'
      );
    },
  },
  {
    name: 'unexplained-sessions',
    input: 'fail-on-unexplained',
    enabled: (settings) => settings.failOnUnexplained === true,
    measure: (facts) => ({ measured: facts.unexplainedSessions ?? null, limit: 0 }),
    lowerBound: true,
    shownWhenOff: false,
    reason: (outcome, measured) => {
      if (outcome === 'off') return 'fail-on-unexplained is off';
      if (outcome === 'failed') {
        return `${plural(measured ?? 0, 'support session')} explained by no case and no permit; fail-on-unexplained is on`;
      }
      if (outcome === 'undecided') {
        return 'every support session found is explained, but the audit is incomplete; fail-on-unexplained is on';
      }
      return 'every support session is explained by a case or a permit; fail-on-unexplained is on';
    },
    advice: () =>
      'The Sessions section lists each unexplained session with what it missed. Find the case or permit behind it ' +
      '(a case older than the lead-in needs a longer case-lookback-days; a case opened from an account outside the ' +
      'audit needs that account audited, with case-scope organization).',
  },
  {
    name: 'new-access',
    input: 'fail-on-new-access',
    enabled: (settings) => settings.failOnNewAccess === true,
    measure: (facts) => ({ measured: facts.newAccess ?? null, limit: 0 }),
    lowerBound: true,
    // The run asked to be compared with a baseline it could not use: it cannot vouch that nothing is new.
    failsUnmeasured: true,
    shownWhenOff: false,
    reason: (outcome, measured, _limit, facts) => {
      if (outcome === 'off') return 'fail-on-new-access is off';
      if (measured === null) {
        return `nothing was compared: the baseline was not used (${facts.baselineProblem ?? 'none given'}); fail-on-new-access is on`;
      }
      if (outcome === 'failed') {
        return `${plural(measured, 'thing')} AWS Support did for the first time since the baseline; fail-on-new-access is on`;
      }
      if (outcome === 'undecided') {
        return 'nothing new since the baseline, but the audit is incomplete; fail-on-new-access is on';
      }
      return 'nothing new since the baseline; fail-on-new-access is on';
    },
    advice: (facts) =>
      facts.newAccess === null || facts.newAccess === undefined
        ? 'Give the summary.json of the previous run of this audit as baseline, or set fail-on-new-access to false.'
        : 'The section "Since the last audit" lists what is new. Check that a case or a permit asked for it.',
  },
];

/** A reason of incompleteness without the list it ends with: `1 log file could not be read (a, b)` → `1 log file could not be read`. */
function headOf(reason: string): string {
  return reason.replace(/ \(.*$/, '');
}

function judge(rule: GateRule, facts: GateFacts, settings: GateSettings): Gate {
  const base = { name: rule.name, input: rule.input };
  if (!rule.enabled(settings)) {
    const { measured } = rule.measure(facts, settings);
    return {
      ...base,
      enabled: false,
      shown: rule.shownWhenOff,
      outcome: 'off',
      measured,
      limit: null,
      over: null,
      reason: rule.reason('off', measured, 0, facts),
      advice: null,
    };
  }
  const { measured, limit } = rule.measure(facts, settings);
  const failed = measured === null ? (rule.failsUnmeasured ?? !rule.lowerBound) : measured > limit;
  const outcome: GateOutcome = failed
    ? 'failed'
    : measured !== null && (facts.complete || !rule.lowerBound)
      ? 'passed'
      : 'undecided';
  return {
    ...base,
    enabled: true,
    shown: true,
    outcome,
    measured,
    limit,
    over: failed && measured !== null ? measured - limit : null,
    reason: rule.reason(outcome, measured, limit, facts),
    advice: outcome === 'failed' ? rule.advice(facts) : null,
  };
}

const STATEMENTS: Readonly<Record<RunStatus, string>> = {
  passed: 'The audit passes its gates.',
  failed: 'The audit fails its gates.',
  incomplete: 'The audit is incomplete: no gate failed, but its figures may be lower than the truth.',
  'not-gated': 'No gate is set: this audit reports and never fails.',
};

export function verdictOf(facts: GateFacts, settings: GateSettings): Verdict {
  const gates = GATE_RULES.map((rule) => judge(rule, facts, settings));
  const status: RunStatus = gates.some((g) => g.outcome === 'failed')
    ? 'failed'
    : !facts.complete
      ? 'incomplete'
      : gates.some((g) => g.enabled)
        ? 'passed'
        : 'not-gated';
  return { status, statement: STATEMENTS[status], gates };
}

/** The failed gates, each with what to do, as the failure message says them. */
export function failureMessages(verdict: Verdict): string[] {
  return verdict.gates
    .filter((gate) => gate.outcome === 'failed')
    .map((gate) => (gate.advice === null ? `${gate.reason}.` : `${gate.reason}. ${gate.advice}`));
}
