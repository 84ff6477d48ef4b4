/** The figures of a result, by the objects that hold them: counts, coverage, trail changes, queries. */
import { z } from 'zod';
import { count, day, list, logValue, measure, record, text } from './parts.js';

export const identityAndSourceSchema = record({
  username: logValue.describe("The session issuer's user name."),
  eventSource: logValue.describe('The event source.'),
  count: count.describe('Calls.'),
});

export const accountAndRegionSchema = record({
  account: logValue.describe('The recipient account.'),
  region: logValue.describe('The region.'),
  count: count.describe('Support calls.'),
});

export const totalsSchema = record({
  supportCalls: count.describe(
    "Calls matching any criterion. With `seed`, the calls matching `sourceIp`, the article's only criterion.",
  ),
  bySourceIp: measure.describe('Calls whose sourceIPAddress is `support.amazonaws.com`.'),
  bySupportRole: measure.describe(
    'Calls by the role `AWSServiceRoleForSupport` itself (exact role name, any partition). `null` with `seed`.',
  ),
  byInvokedBy: measure.describe(
    'Calls whose userIdentity.invokedBy is `support.amazonaws.com`. `null` with `seed`.',
  ),
  writeCalls: measure.describe(
    'Support calls not recorded as read-only (readOnly other than `"true"`, including missing). `null` with `seed`.',
  ),
  duplicateDeliveries: measure.describe(
    'Extra deliveries of a support call already counted: records with the same eventID for the same recipient ' +
      'account (trails that include global service events each deliver IAM calls). Every figure and file counts ' +
      "such a call once. `null` with `seed`, whose counts are the article's and count every delivery.",
  ),
});

export const coverageCellSchema = record({
  account: text.describe('The account.'),
  region: text.describe('The region.'),
  day: day.describe('The delivery day, `YYYY-MM-DD`.'),
  records: count.describe('Records read there; `0` where nothing was.'),
  files: measure.describe('Log files read there; `null` where the engine cannot tell files apart.'),
});

export const coverageSchema = record({
  read: record({
    records: count.describe('Records read, on every delivery day read (the day after the window included).'),
    files: measure.describe('Log files read; `null` where the engine cannot tell files apart.'),
  }).describe('What the scan read in all.'),
  cells: list(coverageCellSchema).describe(
    'A cell for every account and region audited (asked, or found in a local copy when none were asked) and ' +
      "every delivery day read: the window's days and the day after it (late deliveries).",
  ),
  accountsWithoutLogs: list(text).describe(
    "Audited accounts with no record delivered on any of the window's days (the day after the window does not count).",
  ),
  regionsWithoutLogs: list(record({ account: text, region: text })).describe(
    '`{ "account", "region" }` with no record on any of the window\'s days. Idle and opt-in regions are normal: shown, never failed.',
  ),
  daysWithoutLogs: list(record({ account: text, day })).describe(
    '`{ "account", "day" }`: days of the window on which an account has no record in any region.',
  ),
});

export const trailChangeSchema = record({
  eventTime: logValue.describe('When.'),
  eventName: logValue.describe(
    'StopLogging, StartLogging, DeleteTrail, UpdateTrail, PutEventSelectors or PutInsightSelectors.',
  ),
  trail: logValue.describe("The trail's name or ARN, from the request."),
  account: logValue.describe('The account.'),
  region: logValue.describe('The region.'),
  principal: logValue.describe("Who made the change: the caller's ARN, or its principal ID."),
  errorCode: logValue.describe('Set when the call failed and changed nothing.'),
});

export const unreadableFileSchema = record({
  path: text.describe('Relative to the logs folder (or the object key).'),
  reason: text.describe('Why it could not be read.'),
});

export const queryRecordSchema = record({
  id: text.describe('`single-scan`, or `seed-1-count` to `seed-5-principals`.'),
  title: text.describe('What the query answers.'),
  queryExecutionId: z.string().nullable().describe("Athena's QueryExecutionId; `null` for the local engine."),
  dataScannedBytes: count.describe(
    "Bytes the query scanned, as Athena reports them (local engine: the files' compressed size).",
  ),
  engineExecutionMs: count.describe('Time the engine spent running it, in milliseconds.'),
  queueMs: count.describe("Time it waited in Athena's queue, in milliseconds."),
  totalMs: count.describe('Time from submission to completion, in milliseconds.'),
  reusedPreviousResult: z
    .boolean()
    .describe('`true` when Athena answered from an earlier result (result reuse): nothing was scanned.'),
  link: z
    .string()
    .nullable()
    .describe(
      "Where to see the query in its engine's console (Athena's query history); `null` when there is none.",
    ),
});

export type Totals = z.infer<typeof totalsSchema>;
export type IdentityAndSource = z.infer<typeof identityAndSourceSchema>;
export type AccountAndRegion = z.infer<typeof accountAndRegionSchema>;
export type Coverage = z.infer<typeof coverageSchema>;
export type CoverageCell = z.infer<typeof coverageCellSchema>;
export type TrailChange = z.infer<typeof trailChangeSchema>;
export type UnreadableFile = z.infer<typeof unreadableFileSchema>;
export type QueryRecord = z.infer<typeof queryRecordSchema>;
