/**
 * A support call as the audit reports it: the CloudTrail fields kept of each event, then a flag per criterion.
 * Defined once here; the single scan selects these fields, and events.json and events.csv write them, in this
 * order. Each field has its name in the result, its column in the scan, its SQL, and its CloudTrail key.
 */
import { SUPPORT_CRITERIA, type CriterionField } from './criteria.js';

export const EVENT_FIELDS = [
  { field: 'eventId', column: 'event_id', sql: 'eventid', key: 'eventID' },
  { field: 'eventTime', column: 'event_time', sql: 'eventtime', key: 'eventTime' },
  { field: 'eventSource', column: 'event_source', sql: 'eventsource', key: 'eventSource' },
  { field: 'eventName', column: 'event_name', sql: 'eventname', key: 'eventName' },
  { field: 'awsRegion', column: 'aws_region', sql: 'awsregion', key: 'awsRegion' },
  {
    field: 'recipientAccountId',
    column: 'recipient_account_id',
    sql: 'recipientaccountid',
    key: 'recipientAccountId',
  },
  { field: 'identityType', column: 'identity_type', sql: 'useridentity.type', key: 'userIdentity.type' },
  { field: 'arn', column: 'arn', sql: 'useridentity.arn', key: 'userIdentity.arn' },
  {
    field: 'principalId',
    column: 'principal_id',
    sql: 'useridentity.principalid',
    key: 'userIdentity.principalId',
  },
  {
    field: 'sessionIssuer',
    column: 'session_issuer',
    sql: 'useridentity.sessioncontext.sessionissuer.username',
    key: 'userIdentity.sessionContext.sessionIssuer.userName',
  },
  { field: 'sourceIpAddress', column: 'source_ip_address', sql: 'sourceipaddress', key: 'sourceIPAddress' },
  { field: 'userAgent', column: 'user_agent', sql: 'useragent', key: 'userAgent' },
  { field: 'readOnly', column: 'read_only', sql: 'readonly', key: 'readOnly' },
  { field: 'errorCode', column: 'error_code', sql: 'errorcode', key: 'errorCode' },
] as const;

export type EventField = (typeof EVENT_FIELDS)[number]['field'];

export type SupportEvent = { readonly [F in EventField]: string | null } & {
  readonly [C in CriterionField]: boolean;
} & {
  /** The support session the call belongs to (`S1`…), once the calls are grouped; null before. */
  readonly sessionId: string | null;
};

/** Every key of a support call, in the order its files write them. */
export const SUPPORT_EVENT_KEYS: ReadonlyArray<keyof SupportEvent> = [
  ...EVENT_FIELDS.map((f) => f.field),
  ...SUPPORT_CRITERIA.map((c) => c.field),
  'sessionId',
];

/** A write call: one CloudTrail does not record as read-only (`readOnly` other than "true"). */
export function isWriteCall(event: SupportEvent): boolean {
  return event.readOnly !== 'true';
}

/** The API called, `iam:GetRole` from `iam.amazonaws.com` and `GetRole`. */
export function apiName(event: SupportEvent): string {
  const service = (event.eventSource ?? '?').replace(/\.amazonaws\.com$/, '');
  return `${service}:${event.eventName ?? '?'}`;
}

/** Who made the call, as the reports show it: the caller's ARN, else its identity type and principal id. */
export function caller(event: SupportEvent): string | null {
  if (event.arn !== null) return event.arn;
  const parts = [event.identityType, event.principalId].filter((part) => part !== null);
  return parts.length === 0 ? null : parts.join(' ');
}

/** The names of the criteria the call matches, in the criteria's order. */
export function matchedCriteria(event: SupportEvent): string[] {
  return SUPPORT_CRITERIA.filter(({ field }) => event[field]).map(({ name }) => name);
}
