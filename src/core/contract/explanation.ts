/**
 * The shape of the explanation of AWS Support's access: its sessions, the support cases and permits read beside
 * them, and which of them explains each session. See docs/explanation.md for the rules and their sources.
 */
import { z } from 'zod';
import { count, day, list, logValue, record, text } from './parts.js';

export const EXPLANATION_RULES = ['case', 'case-grace', 'permit', 'none'] as const;
export const CASE_SOURCES = ['cloudtrail', 'support-api'] as const;

const time = z.string().describe('An eventTime, as CloudTrail writes it (`2026-11-02T09:41:12Z`).');

export const explanationSchema = record({
  rule: z
    .enum(EXPLANATION_RULES)
    .describe(
      '`case`: a case of the account was open over the whole session; `case-grace`: the session ended within `case-grace-hours` of the case being resolved; `permit`: a permit of the account and region allowed the whole session; `none`: unexplained.',
    ),
  caseId: logValue.describe('The case that explains it; `null` unless `rule` is `case` or `case-grace`.'),
  permit: logValue.describe('The permit (its ARN, or its name) that explains it; `null` unless `permit`.'),
  reason: text.describe('The explanation in one line, as every report says it.'),
});

export const sessionSchema = record({
  id: text.describe('`S1`, `S2`…: the sessions in the order of their first call. events.json names it.'),
  account: logValue.describe('The recipient account of its calls.'),
  groupedBy: z
    .enum(['role-session', 'gap'])
    .describe(
      "`role-session`: the support role's calls of one role session name; `gap`: calls without one, no more than `session-gap-minutes` apart.",
    ),
  roleSession: logValue.describe(
    'The role session name after `assumed-role/AWSServiceRoleForSupport/`; `null` when grouped by gap.',
  ),
  regions: list(logValue).describe('The regions of its calls.'),
  firstCall: time,
  lastCall: time,
  calls: count.describe('Support calls.'),
  writeCalls: count.describe('Those not recorded as read-only.'),
  failedCalls: list(
    record({ errorCode: text.describe('The error code.'), count: count.describe('Calls.') }),
  ).describe('Calls that failed, by error code, most first.'),
  services: list(text).describe('The event sources of its calls (`iam.amazonaws.com`).'),
  actions: list(
    record({ action: text.describe('`iam:GetRole`.'), count: count.describe('Calls.') }),
  ).describe('The API calls it made, most first.'),
  resources: list(text).describe(
    "Up to 10 resources it touched: the ARNs of the events' `resources`, then the identifiers its request parameters name (see docs/explanation.md).",
  ),
  moreResources: count.describe('Resources beyond those listed.'),
  explanation: explanationSchema,
});

export const caseSchema = record({
  caseId: text.describe('The case id (`case-ACCOUNT-...`).'),
  displayId: logValue.describe('The id the Support Center shows; only the Support API gives it.'),
  account: logValue.describe('The account that opened it: the recipient account of its CreateCase event.'),
  openedAt: logValue.describe('When it was opened; `null` when its opening was not read.'),
  communications: count.describe('AddCommunicationToCase calls read for it.'),
  resolvedAt: list(z.string()).describe('Each time it was resolved.'),
  reopenedAt: list(z.string()).describe('Each time it was reopened.'),
  status: logValue.describe(
    "The Support API's status (`resolved`, `opened`…); `null` without the Support API.",
  ),
  sources: list(z.enum(CASE_SOURCES)).describe('Where it was read from.'),
  subject: logValue.describe('Its subject, only with `case-details: true`; otherwise `null`.'),
  open: list(
    record({
      from: z.string().describe('Opened, or reopened.'),
      until: z.string().nullable().describe('Resolved; `null` while open.'),
    }),
  ).describe('When it was open, as the explanation reads it.'),
});

export const permitSchema = record({
  name: logValue.describe('Its name.'),
  arn: logValue.describe('Its ARN, when the event records it.'),
  account: logValue.describe('The account it was created in.'),
  region: logValue.describe('The region it was created in.'),
  createdAt: time,
  caseDisplayId: logValue.describe('The support case it names (`supportCaseDisplayId`).'),
  allowAfter: logValue.describe('Its `allowAfter` condition, as an ISO time; `null` when none.'),
  allowBefore: logValue.describe('Its `allowBefore` condition, as an ISO time; `null` when none.'),
  actions: list(text)
    .nullable()
    .describe(
      'The actions its scope names; `["*"]` for all actions; `null` when the event does not record them.',
    ),
  resources: list(text)
    .nullable()
    .describe('The resources its scope names; `["*"]` for all in the region; `null` when not recorded.'),
  deletedAt: logValue.describe('When it was deleted; `null` when no deletion was read.'),
  readable: z
    .boolean()
    .describe('`false` when a condition could not be read as a time: such a permit explains nothing.'),
});

export const explanationSummarySchema = record({
  sessionGapMinutes: count.describe('`session-gap-minutes`.'),
  caseLookbackDays: count.describe('`case-lookback-days`.'),
  caseGraceHours: count.describe('`case-grace-hours`.'),
  caseScope: z.enum(['account', 'organization']).describe('`case-scope`.'),
  casesFrom: list(z.enum(CASE_SOURCES)).describe('`cases-from`.'),
  leadIn: record({
    start: day.nullable().describe('First day of the lead-in; `null` when none was read.'),
    end: day.nullable().describe('Last day of the lead-in.'),
    regions: list(text).describe('The regions it read (where the Support API records case events).'),
  }).describe('The days before the window read for case and permit events.'),
  sessions: count.describe('Support sessions in the window.'),
  explainedByCase: count.describe('Sessions explained by a case, grace period included.'),
  explainedByPermit: count.describe('Sessions explained by a permit.'),
  unexplainedSessions: count.describe('Sessions nothing explains.'),
  notes: list(text).describe(
    'What limits the explanation in this run (a Support API refusal, regions not read), in words.',
  ),
});

export type SessionRecord = z.infer<typeof sessionSchema>;
export type SupportCaseRecord = z.infer<typeof caseSchema>;
export type PermitRecord = z.infer<typeof permitSchema>;
export type Explanation = z.infer<typeof explanationSchema>;
export type ExplanationSummary = z.infer<typeof explanationSummarySchema>;
export type ExplanationRule = Explanation['rule'];
export type CaseSourceName = (typeof CASE_SOURCES)[number];
