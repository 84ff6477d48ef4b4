/**
 * The tests' oracle: an independent reading of CloudTrail files in plain TypeScript (node:zlib and JSON.parse),
 * applying the support criteria written apart from the product's SQL. The engine, the generator's manifests
 * and the sample are all checked against it.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';

/** Every file under `dir`, relative, with forward slashes, sorted. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

export function dayAfter(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

// An independent reading of the criteria, in plain TypeScript over the raw JSON, to check the generator's claims.
export const SUPPORT = 'support.amazonaws.com';
const ROLE_ARN = /^arn:aws(-us-gov|-cn|-eusc)?:sts::[^:]*:assumed-role\/AWSServiceRoleForSupport\//;
const ISSUER_ARN =
  /^arn:aws(-us-gov|-cn|-eusc)?:iam::[^:]*:role\/aws-service-role\/support\.amazonaws\.com\/AWSServiceRoleForSupport$/;

/** The CloudTrail calls that change what a trail records, as the CloudTrail API reference names them. */
export const TRAIL_CHANGES = [
  'StopLogging',
  'StartLogging',
  'DeleteTrail',
  'UpdateTrail',
  'PutEventSelectors',
  'PutInsightSelectors',
];

export interface Counted {
  supportCalls: number;
  bySourceIp: number;
  bySupportRole: number;
  byInvokedBy: number;
  writeCalls: number;
  /** Deliveries of a support call already counted: the same eventID for the same recipient account. */
  duplicateDeliveries: number;
  supportApiCalls: number;
  supportAuthorizationEvents: number;
  trailChanges: number;
  articleRoleSubstringMatches: number;
  byAccountAndRegion: Map<string, number>;
  unreadable: string[];
  records: number;
  /** Support calls seen anywhere, whatever their day, with the folder day they were read from. */
  supportCallDays: Array<{ eventDay: string; folderDay: string; counted: boolean }>;
  roleArns: Set<string>;
  /** eventIDs of the support calls in the window, sorted. */
  eventIds: string[];
}

export type Json = Record<string, unknown>;

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * Reads the CloudTrail day folders from `start` to the day after `end` (as the local engine does) and counts the
 * records whose eventTime falls in the window. Like the local engine, it reads every layout: the account
 * trails' folders and every organization trail's.
 */
export async function countLogs(root: string, start: string, end: string): Promise<Counted> {
  const counted: Counted = {
    supportCalls: 0,
    bySourceIp: 0,
    bySupportRole: 0,
    byInvokedBy: 0,
    writeCalls: 0,
    duplicateDeliveries: 0,
    supportApiCalls: 0,
    supportAuthorizationEvents: 0,
    trailChanges: 0,
    articleRoleSubstringMatches: 0,
    byAccountAndRegion: new Map(),
    unreadable: [],
    records: 0,
    supportCallDays: [],
    roleArns: new Set(),
    eventIds: [],
  };
  const lastFolder = dayAfter(end);
  const seen = new Set<string>();
  const layout = new RegExp(
    `(?:^|\\/)AWSLogs\\/(?:o-[a-z0-9]+\\/)?\\d{12}\\/CloudTrail\\/[^/]+\\/(\\d{4})\\/(\\d{2})\\/(\\d{2})\\/[^/]+\\.json(\\.gz)?$`,
  );
  for (const key of await listFiles(root)) {
    const match = layout.exec(key);
    if (!match) continue;
    const folderDay = `${match[1]}-${match[2]}-${match[3]}`;
    if (folderDay < start || folderDay > lastFolder) continue;
    let records: unknown;
    try {
      const bytes = await readFile(path.join(root, key));
      records = (JSON.parse((match[4] ? gunzipSync(bytes) : bytes).toString('utf8')) as Json).Records;
    } catch {
      counted.unreadable.push(key);
      continue;
    }
    if (!Array.isArray(records)) {
      counted.unreadable.push(key);
      continue;
    }
    for (const record of records as Json[]) {
      counted.records++;
      const identity = (record.userIdentity ?? {}) as Json;
      const arn = text(identity.arn) ?? '';
      const eventTime = text(record.eventTime) ?? '';
      const inWindow = eventTime >= start && eventTime < dayAfter(end);
      const bySourceIp = record.sourceIPAddress === SUPPORT;
      const issuer = text(
        ((identity.sessionContext ?? {}) as Json).sessionIssuer &&
          (((identity.sessionContext as Json).sessionIssuer ?? {}) as Json).arn,
      );
      const bySupportRole = ROLE_ARN.test(arn) && (issuer === undefined || ISSUER_ARN.test(issuer));
      const byInvokedBy = identity.invokedBy === SUPPORT;
      const isSupportCall = bySourceIp || bySupportRole || byInvokedBy;
      if (isSupportCall) {
        counted.supportCallDays.push({ eventDay: eventTime.slice(0, 10), folderDay, counted: inWindow });
      }
      if (!inWindow) continue;
      // The article's substring match counts every delivery, as its queries do.
      if (arn.includes('AWSServiceRoleForSupport')) counted.articleRoleSubstringMatches++;
      const supportApiCall = record.eventSource === SUPPORT && !isSupportCall;
      const authorization = record.eventSource === 'supportauthz.amazonaws.com';
      const trailChange =
        record.eventSource === 'cloudtrail.amazonaws.com' && TRAIL_CHANGES.includes(String(record.eventName));
      if (!(isSupportCall || supportApiCall || authorization || trailChange)) continue;
      // A call delivered again (same eventID, same account) is counted once.
      const key =
        record.eventID === undefined
          ? undefined
          : JSON.stringify([record.eventID, record.recipientAccountId]);
      if (key !== undefined && seen.has(key)) {
        if (isSupportCall) counted.duplicateDeliveries++;
        continue;
      }
      if (key !== undefined) seen.add(key);
      if (isSupportCall) {
        counted.supportCalls++;
        if (bySourceIp) counted.bySourceIp++;
        if (bySupportRole) counted.bySupportRole++;
        if (byInvokedBy) counted.byInvokedBy++;
        if (String(record.readOnly) !== 'true') counted.writeCalls++;
        counted.eventIds.push(String(record.eventID));
        const place = `${text(record.recipientAccountId)} ${text(record.awsRegion)}`;
        counted.byAccountAndRegion.set(place, (counted.byAccountAndRegion.get(place) ?? 0) + 1);
      }
      if (bySupportRole) counted.roleArns.add(arn);
      if (supportApiCall) counted.supportApiCalls++;
      if (authorization) counted.supportAuthorizationEvents++;
      if (trailChange) counted.trailChanges++;
    }
  }
  counted.eventIds.sort();
  counted.unreadable.sort();
  return counted;
}

type TotalsSource = Pick<
  Counted,
  'supportCalls' | 'bySourceIp' | 'bySupportRole' | 'byInvokedBy' | 'writeCalls'
> &
  Partial<Pick<Counted, 'duplicateDeliveries'>>;

/**
 * The figures of summary.json's `totals`, from anything that counts them (the oracle, a generator's manifest);
 * a count without duplicate deliveries has none (the generator plants none unless it says so).
 */
export function totalsOf(counts: TotalsSource): Required<TotalsSource> {
  const {
    supportCalls,
    bySourceIp,
    bySupportRole,
    byInvokedBy,
    writeCalls,
    duplicateDeliveries = 0,
  } = counts;
  return { supportCalls, bySourceIp, bySupportRole, byInvokedBy, writeCalls, duplicateDeliveries };
}
