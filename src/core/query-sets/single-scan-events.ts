/**
 * The single scan's event rows as the result's figures. Each row is a distinct event with its count of
 * deliveries; an event delivered more than once (the same eventID for the same recipient account, as trails
 * that include global service events deliver IAM calls) is one call in every figure and file.
 */
import { CONTEXT_PREDICATES, SUPPORT_CRITERIA, type ContextName } from '../criteria.js';
import { addDays } from '../dates.js';
import { EVENT_FIELDS, isWriteCall, type SupportEvent } from '../events.js';
import { RecordDetails, type RawDetails } from '../explain/details.js';
import { rawDetails, type EvidenceRecord } from '../explain/evidence.js';
import { ARTICLE_LIMIT, type Measurements, type TrailChange } from '../result.js';
import type { AuditWindow } from '../types.js';
import { countBy, distinctWithCounts, identityAndSource } from './counting.js';

type Row = Readonly<Record<string, string | null>>;

/** An eventTime that can be placed in the window: it begins with its date, as CloudTrail writes it. */
const DATED = /^\d{4}-\d{2}-\d{2}/;

/** Whether the scan raised a criterion's or a context's flag on the row. */
function raised(row: Row, flag: string): boolean {
  return row[flag] === 'true';
}

interface ScannedEvent {
  readonly event: SupportEvent;
  readonly context: ReadonlySet<ContextName>;
  readonly details: RawDetails;
  readonly deliveries: number;
}

function toScannedEvent(row: Row): ScannedEvent {
  const event = Object.fromEntries([
    ...EVENT_FIELDS.map(({ field, column }) => [field, row[column] ?? null]),
    ...SUPPORT_CRITERIA.map(({ field, flag }) => [field, raised(row, flag)]),
    ['sessionId', null],
  ]) as SupportEvent;
  return {
    event,
    context: new Set(CONTEXT_PREDICATES.filter((p) => raised(row, p.flag)).map((p) => p.name)),
    details: rawDetails(row),
    deliveries: Number(row.records ?? 1),
  };
}

/**
 * Events within the window's exact times, one per eventID and recipient account (rows without an eventID are
 * never folded: nothing says they are the same call), in the order the scan returned them.
 */
function distinctEventsInWindow(
  rows: readonly Row[],
  window: AuditWindow,
): { inWindow: ScannedEvent[]; undated: ScannedEvent[] } {
  const dayAfter = addDays(window.end, 1);
  const byKey = new Map<string, ScannedEvent>();
  const unkeyed: ScannedEvent[] = [];
  const undated: ScannedEvent[] = [];
  for (const scanned of rows.map(toScannedEvent)) {
    const { eventTime, eventId, recipientAccountId } = scanned.event;
    if (eventTime === null || !DATED.test(eventTime)) {
      undated.push(scanned);
      continue;
    }
    if (eventTime < window.start || eventTime >= dayAfter) continue;
    if (eventId === null) {
      unkeyed.push(scanned);
      continue;
    }
    const key = JSON.stringify([eventId, recipientAccountId]);
    const seen = byKey.get(key);
    byKey.set(key, seen ? merged(seen, scanned) : scanned);
  }
  return { inWindow: sortedByTimeAndId([...byKey.values(), ...unkeyed]), undated };
}

/** Two deliveries of one call: the first one's fields; a flag any delivery raises. */
function merged(first: ScannedEvent, other: ScannedEvent): ScannedEvent {
  const flags = Object.fromEntries(
    SUPPORT_CRITERIA.map(({ field }) => [field, first.event[field] || other.event[field]]),
  );
  return {
    event: { ...first.event, ...flags },
    context: new Set([...first.context, ...other.context]),
    details: first.details,
    deliveries: first.deliveries + other.deliveries,
  };
}

/** In time order, then by eventID: each key made once, not at every comparison. */
function sortedByTimeAndId(events: readonly ScannedEvent[]): ScannedEvent[] {
  return events
    .map((scanned) => ({
      scanned,
      key: `${scanned.event.eventTime ?? ''}\u0000${scanned.event.eventId ?? ''}`,
    }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map(({ scanned }) => scanned);
}

function trailChange({ event, details }: ScannedEvent): TrailChange {
  const request = new RecordDetails(details);
  return {
    eventTime: event.eventTime,
    eventName: event.eventName,
    // StopLogging and the like name the trail as `name`; PutEventSelectors and PutInsightSelectors as `trailName`.
    trail: request.first('requestParameters', 'name') ?? request.first('requestParameters', 'trailName'),
    account: event.recipientAccountId,
    region: event.awsRegion,
    principal: event.arn ?? event.principalId,
    errorCode: event.errorCode,
  };
}

/** The flags of the context that explains support sessions. */
const SUPPORT_CONTEXT_FLAGS = CONTEXT_PREDICATES.filter(
  ({ name }) => name === 'supportApiCalls' || name === 'supportAuthorizationEvents',
).map(({ flag }) => flag);

/** Support API calls and support authorization events, one per eventID and account, whatever their time. */
function supportContext(rows: readonly Row[]): EvidenceRecord[] {
  const seen = new Map<string, EvidenceRecord>();
  // Only the rows of that context become events: in a window of many support calls they are few.
  for (const row of rows) {
    if (!SUPPORT_CONTEXT_FLAGS.some((flag) => raised(row, flag))) continue;
    const scanned = toScannedEvent(row);
    const { eventId, recipientAccountId } = scanned.event;
    const key = eventId === null ? `#${seen.size}` : JSON.stringify([eventId, recipientAccountId]);
    if (!seen.has(key)) seen.set(key, { event: scanned.event, details: new RecordDetails(scanned.details) });
  }
  return [...seen.values()];
}

export function measureEvents(rows: readonly Row[], window: AuditWindow): Omit<Measurements, 'coverage'> {
  const { inWindow: scanned, undated } = distinctEventsInWindow(rows, window);
  const isCall = ({ event }: ScannedEvent) => SUPPORT_CRITERIA.some(({ field }) => event[field]);
  const calls = scanned.filter(isCall);
  const events = calls.map((s) => s.event);
  const bySourceIp = events.filter((e) => e.bySourceIp);
  const bySupportRole = events.filter((e) => e.bySupportRole);
  const byIdentityAndSource = identityAndSource(bySourceIp);
  const inContext = (name: ContextName) => scanned.filter((s) => s.context.has(name));
  return {
    totals: {
      supportCalls: events.length,
      ...(Object.fromEntries(
        SUPPORT_CRITERIA.map(({ field }) => [field, events.filter((e) => e[field]).length]),
      ) as Record<(typeof SUPPORT_CRITERIA)[number]['field'], number>),
      writeCalls: events.filter(isWriteCall).length,
      duplicateDeliveries: calls.reduce((sum, s) => sum + s.deliveries - 1, 0),
    },
    byAccountAndRegion: countBy(events, (e) => JSON.stringify([e.recipientAccountId, e.awsRegion])).map(
      ({ items }) => ({
        account: items[0]!.recipientAccountId,
        region: items[0]!.awsRegion,
        count: items.length,
      }),
    ),
    byIdentityAndSource,
    roleArns: distinctWithCounts(
      bySupportRole.map((e) => e.arn),
      'arn',
    ),
    principalIds: distinctWithCounts(
      bySupportRole.map((e) => e.principalId),
      'principalId',
    ),
    context: Object.fromEntries(
      CONTEXT_PREDICATES.map(({ name }) => [name, inContext(name).length]),
    ) as Measurements['context'],
    trailChanges: inContext('trailChanges').map(trailChange),
    article: {
      numberOfCalls: bySourceIp.length,
      calls: bySourceIp.slice(0, ARTICLE_LIMIT).map(({ eventId, eventTime, eventName }) => ({
        eventId,
        eventTime,
        eventName,
      })),
      byIdentityAndSource,
      roleArns: bySupportRole.slice(0, ARTICLE_LIMIT).map((e) => e.arn),
      principalIds: bySupportRole.slice(0, ARTICLE_LIMIT).map((e) => e.principalId),
    },
    events,
    eventsComplete: true,
    evidence: {
      calls: calls.map(({ event, details }) => ({ event, details: new RecordDetails(details) })),
      context: supportContext(rows),
    },
    undatedSupportCalls: undated
      .filter(isCall)
      .map(({ event }) => ({ eventId: event.eventId, eventTime: event.eventTime })),
  };
}
