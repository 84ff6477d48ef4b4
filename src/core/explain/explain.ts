/**
 * Which case or permit explains each session. A session is explained by a case when a case of its account (of
 * any audited account, with `case-scope: organization`) was open from before its first call to after its last
 * call, or was resolved no more than the grace period before its last call; by a permit when a permit of its
 * account, created in the region of every one of its calls, allowed access over the whole session. Otherwise
 * it is unexplained. A case is preferred to a permit, an open case to one in its grace period.
 */
import type { Explanation, PermitRecord, SessionRecord, SupportCaseRecord } from '../contract/explanation.js';
import { timeOf } from './evidence.js';
import { permitWindow } from './permits.js';

export interface ExplainRules {
  readonly caseGraceHours: number;
  readonly caseScope: 'account' | 'organization';
  /** The accounts of the audit: with `organization`, a case of any of them explains a session of another. */
  readonly accounts: readonly string[];
}

type Session = Omit<SessionRecord, 'explanation'>;

interface CaseMatch {
  readonly supportCase: SupportCaseRecord;
  readonly from: string;
  readonly until: string | null;
  readonly rule: 'case' | 'case-grace';
}

function caseMatch(session: Session, supportCase: SupportCaseRecord, graceMs: number): CaseMatch | null {
  const first = timeOf(session.firstCall);
  const last = timeOf(session.lastCall);
  const matches = supportCase.open
    .filter(({ from, until }) => timeOf(from) <= first && (until === null || last <= timeOf(until) + graceMs))
    .map(({ from, until }) => ({
      supportCase,
      from,
      until,
      rule: until === null || last <= timeOf(until) ? ('case' as const) : ('case-grace' as const),
    }));
  return matches.find((m) => m.rule === 'case') ?? matches[0] ?? null;
}

function caseOf(
  session: Session,
  cases: readonly SupportCaseRecord[],
  rules: ExplainRules,
): CaseMatch | null {
  const eligible = cases.filter((c) =>
    rules.caseScope === 'account'
      ? c.account === session.account
      : c.account !== null && rules.accounts.includes(c.account),
  );
  const matches = eligible
    .map((c) => caseMatch(session, c, rules.caseGraceHours * 3_600_000))
    .filter((m): m is CaseMatch => m !== null);
  // An open case before one in its grace period; then the most recently opened.
  matches.sort((a, b) =>
    a.rule !== b.rule ? (a.rule === 'case' ? -1 : 1) : timeOf(b.from) - timeOf(a.from),
  );
  return matches[0] ?? null;
}

function permitOf(session: Session, permits: readonly PermitRecord[]): PermitRecord | null {
  const first = timeOf(session.firstCall);
  const last = timeOf(session.lastCall);
  return (
    permits.find((permit) => {
      if (!permit.readable || permit.account !== session.account) return false;
      if (!session.regions.every((region) => region === permit.region)) return false;
      const { from, until } = permitWindow(permit);
      return timeOf(from) <= first && (until === null || last <= timeOf(until));
    }) ?? null
  );
}

function caseReason(match: CaseMatch, rules: ExplainRules): string {
  const { supportCase, from, until } = match;
  const of = supportCase.account === null ? '' : ` of account ${supportCase.account}`;
  if (match.rule === 'case') {
    return `case ${supportCase.caseId}${of}, open since ${from}${until === null ? '' : ` until ${until}`}`;
  }
  return `case ${supportCase.caseId}${of}, resolved at ${until}, within the ${rules.caseGraceHours}-hour grace period`;
}

/** The session's explanation, by the rules above. */
export function explainSession(
  session: Session,
  cases: readonly SupportCaseRecord[],
  permits: readonly PermitRecord[],
  rules: ExplainRules,
): Explanation {
  const match = caseOf(session, cases, rules);
  if (match) {
    return {
      rule: match.rule,
      caseId: match.supportCase.caseId,
      permit: null,
      reason: caseReason(match, rules),
    };
  }
  const permit = permitOf(session, permits);
  if (permit) {
    const { from, until } = permitWindow(permit);
    const name = permit.arn ?? permit.name ?? 'unnamed';
    return {
      rule: 'permit',
      caseId: null,
      permit: name,
      reason: `permit ${permit.name ?? name} in ${permit.region}, allowing from ${from}${until === null ? '' : ` until ${until}`}`,
    };
  }
  const where = session.regions.filter((r) => r !== null).join(', ');
  return {
    rule: 'none',
    caseId: null,
    permit: null,
    reason: `no case of account ${session.account ?? 'unknown'} open and no permit in ${where || 'its region'} covering ${session.firstCall} to ${session.lastCall}`,
  };
}
