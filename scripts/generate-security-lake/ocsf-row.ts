/**
 * A CloudTrail record as Security Lake stores it in OCSF, for the SYNTHETIC sample: the fields the published
 * mappings name go to their OCSF columns (see docs/security-lake.md), every other field to `unmapped`, flattened
 * to dotted keys as Security Lake's own samples show it. Class and activity are simplified: every record is an
 * API Activity, whatever class Security Lake would give it; the audit reads neither.
 */
import type { SecurityLakeVersion } from '../../src/core/sources/ocsf.js';

export type Json = Record<string, unknown>;

/** The CloudTrail fields that have an OCSF column; everything else is unmapped. */
const MAPPED = new Set([
  'eventVersion',
  'userIdentity.type',
  'userIdentity.principalId',
  'userIdentity.arn',
  'userIdentity.accountId',
  'userIdentity.accessKeyId',
  'userIdentity.userName',
  'userIdentity.invokedBy',
  'userIdentity.sessionContext.attributes.creationDate',
  'userIdentity.sessionContext.attributes.mfaAuthenticated',
  'userIdentity.sessionContext.sessionIssuer.arn',
  'userIdentity.sessionContext.webIdFederationData.federatedProvider',
  'eventTime',
  'eventSource',
  'eventName',
  'awsRegion',
  'sourceIPAddress',
  'userAgent',
  'errorCode',
  'errorMessage',
  'requestID',
  'eventID',
  'apiVersion',
  'eventCategory',
  'vpcEndpointId',
]);

const IP = /^(\d{1,3}(\.\d{1,3}){3}|[0-9a-fA-F:]*:[0-9a-fA-F:.]*)$/;

/** Adds `value` under dotted keys: `a.b`, arrays as `a[]` (objects in them as `a[].b`), several values joined by commas. */
function flatten(value: unknown, key: string, out: Map<string, string[]>): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) {
    for (const element of value) flatten(element, `${key}[]`, out);
    return;
  }
  if (typeof value === 'object') {
    for (const [name, inner] of Object.entries(value as Json)) flatten(inner, `${key}.${name}`, out);
    return;
  }
  if (MAPPED.has(key)) return;
  out.set(key, [...(out.get(key) ?? []), String(value)]);
}

/** The record's fields without an OCSF column, as Security Lake's `unmapped` map holds them. */
export function unmapped(record: Json, version: SecurityLakeVersion): Record<string, string> {
  const out = new Map<string, string[]>();
  for (const [name, value] of Object.entries(record)) {
    // resources have their own column; version 2 keeps eventType in metadata.event_code, version 1 does not.
    if (name === 'resources' || (name === 'eventType' && version === '2.0')) continue;
    flatten(value, name, out);
  }
  return Object.fromEntries([...out].map(([key, values]) => [key, values.join(',')]));
}

const text = (value: unknown): string | null =>
  value === undefined || value === null ? null : typeof value === 'string' ? value : String(value);

function activity(eventName: string): { id: number; name: string } {
  if (/^(Describe|List|Get|Lookup|Search)/.test(eventName)) return { id: 2, name: 'Read' };
  if (/^Create/.test(eventName)) return { id: 1, name: 'Create' };
  if (/^Delete/.test(eventName)) return { id: 4, name: 'Delete' };
  if (/^(Update|Put|Modify|Start|Stop|Attach|Detach)/.test(eventName)) return { id: 3, name: 'Update' };
  return { id: 99, name: 'Other' };
}

/** `2026-11-02T09:41:12Z` as a TIMESTAMP's text, or null when it is not a time. */
function timestampText(value: unknown): string | null {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(value)
    ? value.replace('T', ' ').replace('Z', '')
    : null;
}

/** One record as a row of the version's table; `account` and `region` are the partition it is filed under. */
export function ocsfRow(
  record: Json,
  version: SecurityLakeVersion,
  place: { readonly account: string; readonly region: string },
): Json {
  const identity = (record.userIdentity ?? {}) as Json;
  const session = (identity.sessionContext ?? {}) as Json;
  const attributes = (session.attributes ?? {}) as Json;
  const issuer = (session.sessionIssuer ?? {}) as Json;
  const eventName = text(record.eventName) ?? '';
  const source = text(record.sourceIPAddress);
  const isIp = source !== null && IP.test(source);
  const resources = Array.isArray(record.resources) ? (record.resources as Json[]) : [];
  const time = Date.parse(String(record.eventTime));
  const { id: activityId, name: activityName } = activity(eventName);
  const common = {
    cloud: { region: text(record.awsRegion), provider: 'AWS' },
    api: {
      response: { error: text(record.errorCode), message: text(record.errorMessage) },
      operation: eventName,
      version: text(record.apiVersion),
      service: { name: text(record.eventSource) },
      request: { uid: text(record.requestID) },
    },
    http_request: { user_agent: text(record.userAgent) },
    src_endpoint: {
      uid: text(record.vpcEndpointId),
      ip: isIp ? source : null,
      domain: isIp ? null : source,
    },
    class_name: 'API Activity',
    severity_id: 1,
    severity: 'Informational',
    status: record.errorCode === undefined ? 'Success' : 'Failure',
    activity_name: activityName,
    activity_id: activityId,
    unmapped: unmapped(record, version),
  };
  const metadata = (ocsf: string) => ({
    product: {
      version: text(record.eventVersion),
      name: 'CloudTrail',
      vendor_name: 'AWS',
      feature: { name: text(record.eventCategory) },
    },
    uid: text(record.eventID),
    profiles: ['cloud', 'datetime'],
    version: ocsf,
  });
  if (version === '2.0') {
    return {
      metadata: { ...metadata('1.1.0'), event_code: text(record.eventType) },
      time: Number.isNaN(time) ? null : time,
      time_dt: timestampText(record.eventTime),
      ...common,
      resources: resources.map((r) => ({
        uid: text(r.ARN),
        owner: { account: { uid: text(r.accountId) } },
        type: text(r.type),
      })),
      actor: {
        user: {
          type: text(identity.type),
          name: text(identity.userName),
          uid_alt: text(identity.principalId),
          uid: text(identity.arn),
          account: { uid: text(identity.accountId) },
          credential_uid: text(identity.accessKeyId),
        },
        session: {
          created_time_dt: timestampText(attributes.creationDate),
          is_mfa: attributes.mfaAuthenticated === undefined ? null : attributes.mfaAuthenticated === 'true',
          issuer: text(issuer.arn),
        },
        invoked_by: text(identity.invokedBy),
        idp: { name: null },
      },
      class_uid: 6003,
      category_name: 'Application Activity',
      category_uid: 6,
      type_uid: 600300 + activityId,
      type_name: `API Activity: ${activityName}`,
      accountid: place.account,
      region: place.region,
      asl_version: '2.0',
    };
  }
  return {
    metadata: metadata('1.0.0-rc.2'),
    time: Number.isNaN(time) ? null : time,
    ...common,
    resources: resources.map((r) => ({
      uid: text(r.ARN),
      account_uid: text(r.accountId),
      type: text(r.type),
    })),
    actor: {
      user: {
        type: text(identity.type),
        name: text(identity.userName),
        uid: text(identity.principalId),
        uuid: text(identity.arn),
        account_uid: text(identity.accountId),
        credential_uid: text(identity.accessKeyId),
      },
      session: {
        created_time: Date.parse(String(attributes.creationDate)) || null,
        mfa: attributes.mfaAuthenticated === undefined ? null : attributes.mfaAuthenticated === 'true',
        issuer: text(issuer.arn),
      },
      invoked_by: text(identity.invokedBy),
      idp: { name: null },
    },
    class_uid: 3005,
    category_name: 'Audit Activity',
    category_uid: 3,
    type_uid: 300500 + activityId,
    type_name: `API Activity: ${activityName}`,
  };
}
