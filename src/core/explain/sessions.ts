/**
 * Support sessions: the support role's calls grouped by account and role session name (the part of the ARN
 * after `assumed-role/AWSServiceRoleForSupport/`); calls without one (the older Root-identity calls, calls
 * recorded with `invokedBy` only) by account, a new session starting after a pause longer than the gap.
 */
import { SUPPORT_ROLE } from '../criteria.js';
import { apiName, isWriteCall } from '../events.js';
import type { SessionRecord } from '../contract/explanation.js';
import { timeOf, type EvidenceRecord } from './evidence.js';

/** How many resources a session lists, and how long each may be: a session is a line of a report. */
export const LISTED_RESOURCES = 10;
const RESOURCE_CHARS = 200;

const ROLE_SESSION = new RegExp(`^arn:[^:]+:sts::[^:]*:assumed-role/${SUPPORT_ROLE}/(.+)$`);

/** The role session name of a support-role call, or null. */
export function roleSessionName(record: EvidenceRecord): string | null {
  const { arn, bySupportRole } = record.event;
  if (!bySupportRole || arn === null) return null;
  return ROLE_SESSION.exec(arn)?.[1] ?? null;
}

export interface SessionGroup {
  readonly account: string | null;
  readonly roleSession: string | null;
  readonly calls: readonly EvidenceRecord[];
}

/** The calls as sessions, in the order of their first call. `calls` are in time order. */
export function groupSessions(calls: readonly EvidenceRecord[], gapMinutes: number): SessionGroup[] {
  const byRole = new Map<string, EvidenceRecord[]>();
  const byGap = new Map<string, EvidenceRecord[][]>();
  for (const call of calls) {
    const account = call.event.recipientAccountId;
    const role = roleSessionName(call);
    if (role !== null) {
      const key = JSON.stringify([account, role]);
      const group = byRole.get(key);
      if (group) group.push(call);
      else byRole.set(key, [call]);
      continue;
    }
    const key = JSON.stringify([account]);
    const runs = byGap.get(key) ?? [];
    const last = runs.at(-1);
    const previous = last?.at(-1);
    const apart = previous ? timeOf(call.event.eventTime) - timeOf(previous.event.eventTime) : Infinity;
    if (last && apart <= gapMinutes * 60_000) last.push(call);
    else runs.push([call]);
    byGap.set(key, runs);
  }
  const groups: SessionGroup[] = [
    ...[...byRole.values()].map((group) => ({
      account: group[0]!.event.recipientAccountId,
      roleSession: roleSessionName(group[0]!),
      calls: group,
    })),
    ...[...byGap.values()].flat().map((group) => ({
      account: group[0]!.event.recipientAccountId,
      roleSession: null,
      calls: group,
    })),
  ];
  const first = (g: SessionGroup) =>
    `${g.calls[0]!.event.eventTime ?? ''}\u0000${g.account ?? ''}\u0000${g.roleSession ?? ''}`;
  return groups.sort((a, b) => (first(a) < first(b) ? -1 : first(a) > first(b) ? 1 : 0));
}

function counted(values: readonly string[]): Array<{ value: string; count: number }> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
}

function distinct(values: ReadonlyArray<string | null>): Array<string | null> {
  return [...new Set(values)].sort((a, b) => ((a ?? '') < (b ?? '') ? -1 : (a ?? '') > (b ?? '') ? 1 : 0));
}

/** The resources a call touched: its events' ARNs, then the identifiers its request names, each cut to a line. */
export function resourcesOf(call: EvidenceRecord): string[] {
  return [...call.details.resourceArns(), ...call.details.requestIdentifiers()].map((r) =>
    r.length > RESOURCE_CHARS ? `${r.slice(0, RESOURCE_CHARS - 1)}…` : r,
  );
}

/** A session's figures, without its explanation. */
export function sessionFigures(group: SessionGroup, id: string): Omit<SessionRecord, 'explanation'> {
  const events = group.calls.map((c) => c.event);
  const resources = [...new Set(group.calls.flatMap(resourcesOf))];
  return {
    id,
    account: group.account,
    groupedBy: group.roleSession === null ? 'gap' : 'role-session',
    roleSession: group.roleSession,
    regions: distinct(events.map((e) => e.awsRegion)),
    firstCall: events[0]!.eventTime ?? '',
    lastCall: events.at(-1)!.eventTime ?? '',
    calls: events.length,
    writeCalls: events.filter(isWriteCall).length,
    failedCalls: counted(events.flatMap((e) => (e.errorCode === null ? [] : [e.errorCode]))).map(
      ({ value, count }) => ({ errorCode: value, count }),
    ),
    services: distinct(events.map((e) => e.eventSource)).filter((s): s is string => s !== null),
    actions: counted(events.map(apiName)).map(({ value, count }) => ({ action: value, count })),
    resources: resources.slice(0, LISTED_RESOURCES),
    moreResources: Math.max(0, resources.length - LISTED_RESOURCES),
  };
}
