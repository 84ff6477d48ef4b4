/**
 * Support permits, from the AWS Support authorization calls CloudTrail recorded: CreateSupportPermit (its
 * name, scope, `allowAfter`/`allowBefore` conditions and case display id in the request, its ARN in the
 * response) and DeleteSupportPermit (the permit's ARN or name in the request). A failed call changes nothing.
 */
import type { PermitRecord } from '../contract/explanation.js';
import { timeOf, type EvidenceRecord } from './evidence.js';

const AUTHZ_HOST = 'supportauthz.amazonaws.com';

/** A condition's time: ISO text, or a number of seconds (the JSON protocol's timestamps) or milliseconds. */
export function conditionTime(value: string): string | null {
  const number = /^\d+(\.\d+)?$/.test(value) ? Number(value) : undefined;
  const ms = number === undefined ? Date.parse(value) : number > 1e11 ? number : number * 1000;
  return Number.isNaN(ms) ? null : new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** The latest of the times, or the earliest: several conditions are read as the narrowest window. */
function bound(
  values: readonly string[],
  pick: 'latest' | 'earliest',
): { time: string | null; readable: boolean } {
  const times = values.map(conditionTime);
  if (times.some((t) => t === null)) return { time: null, readable: false };
  const sorted = (times as string[]).sort((a, b) => timeOf(a) - timeOf(b));
  return { time: (pick === 'latest' ? sorted.at(-1) : sorted[0]) ?? null, readable: true };
}

function scope(record: EvidenceRecord, list: string, all: string): string[] | null {
  const named = record.details.values('requestParameters', list);
  if (named.length > 0) return named;
  return record.details.has('requestParameters', all) ? ['*'] : null;
}

function created(record: EvidenceRecord): PermitRecord {
  const { event, details } = record;
  const after = bound(details.values('requestParameters', 'permit.conditions[].allowAfter'), 'latest');
  const before = bound(details.values('requestParameters', 'permit.conditions[].allowBefore'), 'earliest');
  return {
    name: details.first('requestParameters', 'name'),
    arn: details.first('responseElements', 'arn'),
    account: event.recipientAccountId,
    region: event.awsRegion,
    createdAt: event.eventTime ?? '',
    caseDisplayId: details.first('requestParameters', 'supportCaseDisplayId'),
    allowAfter: after.time,
    allowBefore: before.time,
    actions: scope(record, 'permit.actions.actions[]', 'permit.actions.allActions'),
    resources: scope(record, 'permit.resources.resources[]', 'permit.resources.allResourcesInRegion'),
    deletedAt: null,
    readable: after.readable && before.readable,
  };
}

/** Every permit whose creation was read, oldest first, with its deletion when read. */
export function readPermits(context: readonly EvidenceRecord[]): PermitRecord[] {
  const calls = context
    .filter(({ event }) => event.eventSource === AUTHZ_HOST && event.errorCode === null)
    .sort((a, b) => timeOf(a.event.eventTime) - timeOf(b.event.eventTime));
  const permits: PermitRecord[] = [];
  for (const record of calls) {
    const { event, details } = record;
    if (event.eventName === 'CreateSupportPermit') permits.push(created(record));
    if (event.eventName !== 'DeleteSupportPermit') continue;
    const identifier = details.first('requestParameters', 'supportPermitIdentifier');
    const index = permits.findIndex(
      (p) =>
        p.deletedAt === null &&
        p.account === event.recipientAccountId &&
        p.region === event.awsRegion &&
        identifier !== null &&
        (p.arn === identifier || p.name === identifier),
    );
    if (index >= 0) permits[index] = { ...permits[index]!, deletedAt: event.eventTime };
  }
  return permits;
}

/** When a permit allowed access: from its creation or `allowAfter`, to its deletion or `allowBefore`. */
export function permitWindow(permit: PermitRecord): { from: string; until: string | null } {
  const later = (a: string, b: string | null) => (b !== null && timeOf(b) > timeOf(a) ? b : a);
  const earlier = (a: string | null, b: string | null) =>
    a === null ? b : b === null ? a : timeOf(b) < timeOf(a) ? b : a;
  return {
    from: later(permit.createdAt, permit.allowAfter),
    until: earlier(permit.allowBefore, permit.deletedAt),
  };
}
