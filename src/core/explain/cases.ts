/**
 * Support cases, from the AWS Support API calls CloudTrail recorded (and, when asked, from the Support API's
 * DescribeCases). CloudTrail records the case id in CreateCase's response and in the request of the calls that
 * name a case (AddCommunicationToCase, ResolveCase); a failed call changes nothing. When a case was open is read
 * from those calls alone: a case AWS resolved without a call in the account looks open until a later source
 * says otherwise (see docs/explanation.md).
 */
import { SUPPORT_HOST } from '../criteria.js';
import type { CaseSourceName, SupportCaseRecord } from '../contract/explanation.js';
import { timeOf, type EvidenceRecord } from './evidence.js';

/** A case as the Support API's DescribeCases lists it: only what the explanation reads. */
export interface ApiCase {
  readonly caseId: string;
  readonly displayId: string | null;
  readonly status: string | null;
  readonly timeCreated: string | null;
  readonly subject: string | null;
  /** When its recent communications were written. */
  readonly communicationTimes: readonly string[];
}

type Change = { readonly time: string; readonly kind: 'opened' | 'resolved' | 'reopened' };

interface CaseDraft {
  caseId: string;
  account: string | null;
  changes: Change[];
  communications: number;
  subject: string | null;
  displayId: string | null;
  status: string | null;
  sources: Set<CaseSourceName>;
  lastSeen: string | null;
}

/** The case id each lifecycle call records, and where. */
const CASE_CALLS: Readonly<
  Record<string, { part: 'requestParameters' | 'responseElements'; kind?: Change['kind'] }>
> = {
  CreateCase: { part: 'responseElements', kind: 'opened' },
  AddCommunicationToCase: { part: 'requestParameters' },
  ResolveCase: { part: 'requestParameters', kind: 'resolved' },
  ReopenCase: { part: 'requestParameters', kind: 'reopened' },
};

const ACCOUNT_IN_CASE_ID = /^case-(\d{12})-/;

function byTime<T extends { time: string }>(a: T, b: T): number {
  return timeOf(a.time) - timeOf(b.time);
}

/** The times a case was open: from each opening to the resolution after it; null while still open. */
export function openIntervals(changes: readonly Change[]): Array<{ from: string; until: string | null }> {
  const intervals: Array<{ from: string; until: string | null }> = [];
  let open: string | null = null;
  for (const change of [...changes].sort(byTime)) {
    if (change.kind === 'resolved') {
      if (open !== null) intervals.push({ from: open, until: change.time });
      open = null;
    } else if (open === null) open = change.time;
  }
  if (open !== null) intervals.push({ from: open, until: null });
  return intervals;
}

function draftFor(drafts: Map<string, CaseDraft>, caseId: string, account: string | null): CaseDraft {
  let draft = drafts.get(caseId);
  if (!draft) {
    draft = {
      caseId,
      account,
      changes: [],
      communications: 0,
      subject: null,
      displayId: null,
      status: null,
      sources: new Set(),
      lastSeen: null,
    };
    drafts.set(caseId, draft);
  }
  return draft;
}

function fromCloudTrail(drafts: Map<string, CaseDraft>, context: readonly EvidenceRecord[]): void {
  for (const { event, details } of context) {
    const call = CASE_CALLS[event.eventName ?? ''];
    if (event.eventSource !== SUPPORT_HOST || !call || event.errorCode !== null) continue;
    const caseId = details.first(call.part, 'caseId');
    if (caseId === null || event.eventTime === null) continue;
    const draft = draftFor(drafts, caseId, event.recipientAccountId);
    draft.sources.add('cloudtrail');
    if (draft.lastSeen === null || timeOf(event.eventTime) > timeOf(draft.lastSeen)) {
      draft.lastSeen = event.eventTime;
    }
    if (call.kind === 'opened') {
      draft.account = event.recipientAccountId;
      draft.subject = details.first('requestParameters', 'subject');
    }
    if (call.kind) draft.changes.push({ time: event.eventTime, kind: call.kind });
    else draft.communications += 1;
  }
}

/**
 * What the Support API adds: a case's creation time when CloudTrail did not record the opening, its display id
 * and status, and, for a case it says is resolved with no resolution read after its last opening, a resolution
 * at the last time the case is known to have been active.
 */
function fromSupportApi(drafts: Map<string, CaseDraft>, cases: readonly ApiCase[]): void {
  for (const api of cases) {
    const draft = draftFor(drafts, api.caseId, ACCOUNT_IN_CASE_ID.exec(api.caseId)?.[1] ?? null);
    draft.sources.add('support-api');
    draft.displayId = api.displayId;
    draft.status = api.status;
    draft.subject ??= api.subject;
    const opened = draft.changes.some((c) => c.kind === 'opened');
    if (!opened && api.timeCreated !== null) draft.changes.push({ time: api.timeCreated, kind: 'opened' });
    const active = [draft.lastSeen, api.timeCreated, ...api.communicationTimes]
      .filter((t): t is string => t !== null && !Number.isNaN(timeOf(t)))
      .sort((a, b) => timeOf(a) - timeOf(b))
      .at(-1);
    const intervals = openIntervals(draft.changes);
    if (api.status === 'resolved' && intervals.at(-1)?.until === null && active !== undefined) {
      draft.changes.push({ time: active, kind: 'resolved' });
    }
  }
}

/** Every case read, opened first, with when each was open. Subjects only with `caseDetails`. */
export function readCases(
  context: readonly EvidenceRecord[],
  apiCases: readonly ApiCase[],
  caseDetails: boolean,
): SupportCaseRecord[] {
  const drafts = new Map<string, CaseDraft>();
  fromCloudTrail(drafts, context);
  fromSupportApi(drafts, apiCases);
  const sorted = (kind: Change['kind'], d: CaseDraft) =>
    d.changes
      .filter((c) => c.kind === kind)
      .sort(byTime)
      .map((c) => c.time);
  return [...drafts.values()]
    .map((d) => ({
      caseId: d.caseId,
      displayId: d.displayId,
      account: d.account,
      openedAt: sorted('opened', d)[0] ?? null,
      communications: d.communications,
      resolvedAt: sorted('resolved', d),
      reopenedAt: sorted('reopened', d),
      status: d.status,
      sources: (['cloudtrail', 'support-api'] as const).filter((s) => d.sources.has(s)),
      subject: caseDetails ? d.subject : null,
      open: openIntervals(d.changes),
    }))
    .sort((a, b) => {
      const first = (c: SupportCaseRecord) => c.openedAt ?? c.open[0]?.from ?? c.resolvedAt[0] ?? '9999';
      return first(a) < first(b) ? -1 : first(a) > first(b) ? 1 : a.caseId < b.caseId ? -1 : 1;
    });
}
