/**
 * The explanation of AWS Support's access, computed once from what the audit read: the window's support calls
 * grouped into sessions, the cases and permits read in the window and its lead-in (and from the Support API
 * when asked), and which explains each session.
 */
import { addDays } from '../dates.js';
import type { AuditResult } from '../result.js';
import type { ExplanationSummary } from '../contract/explanation.js';
import { readCases, type ApiCase } from './cases.js';
import { timeOf, type Evidence, type EvidenceRecord } from './evidence.js';
import { explainSession } from './explain.js';
import type { LeadIn } from './lead-in.js';
import { readPermits } from './permits.js';
import { groupSessions, sessionFigures } from './sessions.js';

export type { ApiCase } from './cases.js';

/** The settings the explanation follows, from the inputs. */
export interface ExplainSettings {
  readonly sessionGapMinutes: number;
  readonly caseLookbackDays: number;
  readonly casesFrom: readonly ('cloudtrail' | 'support-api')[];
  readonly caseDetails: boolean;
  readonly caseGraceHours: number;
  readonly caseScope: 'account' | 'organization';
}

/** What the Support API listed, or why it listed nothing (a plan without API access), as notes. */
export interface SupportCaseListing {
  readonly cases: readonly ApiCase[];
  readonly notes: readonly string[];
}

/** Lists the cases created after `afterTime` (ISO 8601), resolved ones included. */
export type SupportCaseReader = (afterTime: string) => Promise<SupportCaseListing>;

export type ExplainedFields = Pick<AuditResult, 'events' | 'sessions' | 'cases' | 'permits' | 'explanation'>;

export interface ExplainInput {
  readonly evidence: Evidence;
  readonly leadIn: LeadIn | { readonly none: string };
  readonly leadInRecords: readonly EvidenceRecord[];
  readonly supportApi: SupportCaseListing | null;
  readonly settings: ExplainSettings;
  readonly window: { readonly start: string; readonly end: string };
  readonly accounts: readonly string[];
}

/** Case and permit events of the lead-in and the window, each once, in time order. */
function contextOf(input: ExplainInput): EvidenceRecord[] {
  const from = 'window' in input.leadIn ? input.leadIn.window.start : input.window.start;
  const until = timeOf(addDays(input.window.end, 1));
  const seen = new Set<string>();
  return [...input.evidence.context, ...input.leadInRecords]
    .filter(({ event }) => timeOf(event.eventTime) >= timeOf(from) && timeOf(event.eventTime) < until)
    .filter(({ event }) => {
      if (event.eventId === null) return true;
      const key = JSON.stringify([event.eventId, event.recipientAccountId]);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => timeOf(a.event.eventTime) - timeOf(b.event.eventTime));
}

export function explainAccess(input: ExplainInput): ExplainedFields {
  const { settings } = input;
  const context = contextOf(input);
  const cases = readCases(context, input.supportApi?.cases ?? [], settings.caseDetails);
  const permits = readPermits(context);
  const groups = groupSessions(input.evidence.calls, settings.sessionGapMinutes);
  const rules = {
    caseGraceHours: settings.caseGraceHours,
    caseScope: settings.caseScope,
    accounts: input.accounts,
  };
  const sessionOf = new Map<EvidenceRecord, string>();
  const sessions = groups.map((group, i) => {
    const id = `S${i + 1}`;
    for (const call of group.calls) sessionOf.set(call, id);
    const figures = sessionFigures(group, id);
    return { ...figures, explanation: explainSession(figures, cases, permits, rules) };
  });
  const byRule = (...rules: string[]) => sessions.filter((s) => rules.includes(s.explanation.rule)).length;
  const leadIn = 'window' in input.leadIn ? input.leadIn : null;
  const explanation: ExplanationSummary = {
    sessionGapMinutes: settings.sessionGapMinutes,
    caseLookbackDays: settings.caseLookbackDays,
    caseGraceHours: settings.caseGraceHours,
    caseScope: settings.caseScope,
    casesFrom: settings.casesFrom,
    leadIn: {
      start: leadIn?.window.start ?? null,
      end: leadIn?.window.end ?? null,
      regions: leadIn?.regions ?? [],
    },
    sessions: sessions.length,
    explainedByCase: byRule('case', 'case-grace'),
    explainedByPermit: byRule('permit'),
    unexplainedSessions: byRule('none'),
    notes: [...('none' in input.leadIn ? [input.leadIn.none] : []), ...(input.supportApi?.notes ?? [])],
  };
  const events = input.evidence.calls.map((call) => ({
    ...call.event,
    sessionId: sessionOf.get(call) ?? null,
  }));
  return { events, sessions, cases, permits, explanation };
}
