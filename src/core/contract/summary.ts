/**
 * The shape of an audit's result, defined once: the result model's types are inferred from it, summary.json and
 * events.json are written through it (in its key order, checked against it), schema/summary.schema.json is
 * generated from it (`npm run schema`), and the field tables of docs/summary-json.md are generated from its
 * descriptions (a test keeps both current). A new figure is a field here, with its meaning.
 *
 * Within schema version 1 fields are only ever added; see docs/summary-json.md for the promise.
 */
import { z } from 'zod';
import { SUPPORT_CRITERIA } from '../criteria.js';
import { EVENT_FIELDS, type SupportEvent } from '../events.js';
import { ENGINE_NAMES, QUERY_SET_NAMES, SOURCE_NAMES } from '../types.js';
import {
  accountAndRegionSchema,
  coverageSchema,
  identityAndSourceSchema,
  queryRecordSchema,
  totalsSchema,
  trailChangeSchema,
  unreadableFileSchema,
} from './figures.js';
import { count, list, logValue, measure, record, SCHEMA_VERSION, text, windowSchema } from './parts.js';
import { verdictSchema } from './verdict.js';
import { caseSchema, explanationSummarySchema, permitSchema, sessionSchema } from './explanation.js';
import { carriedFields } from './baseline.js';

export * from './figures.js';
export * from './verdict.js';
export * from './explanation.js';
export * from './baseline.js';
export { SCHEMA_VERSION } from './parts.js';

export const scopeDetailSchema = record({
  label: text.describe('What the line is about: `Table`, `Location`, `Logs`, `Read`, `Note`…'),
  value: text.describe('What it says.'),
});

export const scopeSchema = record({
  title: text.describe('What the report is about, as its title says it.'),
  engine: text.describe(
    'The engine, as the reports name it (`Athena (us-east-1)`, `local (DuckDB), over a copy of the trail bucket`).',
  ),
  source: z
    .string()
    .nullable()
    .describe("What the reports say of the source, when it is not a trail's log files (Security Lake)."),
  sample: z
    .string()
    .nullable()
    .describe('Set when the audit read a synthetic sample shipped with the tool: what it is and where.'),
  details: list(scopeDetailSchema).describe('What the engine read, line by line, as the reports list it.'),
  billing: z
    .string()
    .nullable()
    .describe('`null` when the engine bills the bytes it scans (Athena); otherwise why nothing is billed.'),
});

export const auditSummarySchema = record({
  schemaVersion: z.literal(SCHEMA_VERSION).describe('Version of this contract.'),
  generatedAt: z.iso
    .datetime()
    .describe('When the audit finished, ISO 8601 in UTC (`2025-01-08T09:00:00.000Z`).'),
  engine: z
    .enum(ENGINE_NAMES)
    .describe('Where the queries ran: Amazon Athena, or the local DuckDB engine over downloaded log files.'),
  querySet: z
    .enum(QUERY_SET_NAMES)
    .describe("Which queries ran: one scan that measures everything, or the article's five queries."),
  source: record({
    name: z
      .enum(SOURCE_NAMES)
      .describe(
        "`cloudtrail`: CloudTrail log files (a trail's bucket, or a local copy of it); `security-lake`: Amazon Security Lake's CloudTrail management events (its table, or a local copy of its bucket), see [security-lake.md](security-lake.md).",
      ),
    sample: z
      .boolean()
      .describe(
        '`true` when the audit read a synthetic sample shipped with the tool (`npm start` with no options, or with only `--source`), never your logs.',
      ),
    version: z
      .string()
      .nullable()
      .describe(
        'Security Lake\'s source version, `"2.0"` or `"1.0"`; `null` for CloudTrail log files. Security Lake files each record under its event\'s own day, so `coverage` then counts records per event day, not per delivery day.',
      ),
  }).describe('Where the records came from.'),
  window: windowSchema,
  scope: scopeSchema.describe('What was audited and how, in the words every report uses.'),
  table: record({
    database: text.describe('Its database.'),
    table: text.describe('Its name.'),
    layout: z
      .enum(['single', 'regions', 'accounts', 'accounts-and-regions'])
      .describe(
        "`single` (one account, one region: the article's table), `regions`, `accounts` or `accounts-and-regions`: which partition columns it has besides `timestamp`. Security Lake's table is always `accounts-and-regions`.",
      ),
    location: text.describe(
      'Its LOCATION: an `s3://` folder for Athena, a local folder for the local engine (for Security Lake, its `aws/CLOUD_TRAIL_MGMT/VERSION` folder).',
    ),
    locations: list(text).describe(
      "Every location read: the table's own, then the other layouts' (an account trail's beside an organization trail's, other prefixes); for the local engine, the AWSLogs folders of the copy it read.",
    ),
    partitions: list(z.enum(['account', 'region', 'timestamp', 'accountid', 'time_dt', 'eventday'])).describe(
      "Its partition columns, in order: `account`, `region`, `timestamp` for a trail's table; `region`, `accountid` and `time_dt` (source version 2) or `eventday` (version 1) for Security Lake's.",
    ),
    accounts: list(text).describe('The accounts whose logs it covers.'),
    regions: list(text).describe('The regions whose logs it covers.'),
    actions: list(text).describe('What preparing the table did, in words (created, reused, loaded N files).'),
  }).describe("The table the queries read: the trail's CloudTrail table, or Security Lake's."),
  criteria: list(
    record({
      name: z.enum(SUPPORT_CRITERIA.map((c) => c.name) as [string, ...string[]]).describe('The criterion.'),
      description: text.describe('What it matches.'),
    }),
  ).describe('What counts as a call by AWS Support. `name` is `sourceIp`, `supportRole` or `invokedBy`.'),
  totals: totalsSchema.describe('The counts of support calls in the window.'),
  byAccountAndRegion: list(accountAndRegionSchema).describe(
    'Support calls per account and region, most first. Empty with `seed`.',
  ),
  byIdentityAndSource: list(identityAndSourceSchema).describe(
    'Calls matching `sourceIp` per session issuer and event source, most first.',
  ),
  roleArns: list(
    record({ arn: logValue.describe('An ARN.'), count: measure.describe('Its calls; `null` with `seed`.') }),
  ).describe(
    "Distinct ARNs of the support role's calls, most first. With `seed`, the ARNs of the article's sample.",
  ),
  principalIds: list(
    record({
      principalId: logValue.describe('A principal ID.'),
      count: measure.describe('Its calls; `null` with `seed`.'),
    }),
  ).describe("Distinct principal IDs of the support role's calls, as `roleArns`."),
  context: record({
    supportApiCalls: measure.describe(
      'Calls to the AWS Support API by your own principals (eventSource `support.amazonaws.com`, and not a support call). `null` with `seed`.',
    ),
    supportAuthorizationEvents: measure.describe(
      'AWS Support authorization events (eventSource `supportauthz.amazonaws.com`). `null` with `seed`.',
    ),
    trailChanges: measure.describe(
      'CloudTrail calls that change what a trail records (StopLogging, StartLogging, DeleteTrail, UpdateTrail, PutEventSelectors, PutInsightSelectors). `null` with `seed`.',
    ),
  }).describe('Events that are not support calls but worth knowing about; not counted in `totals`.'),
  trailChanges: list(trailChangeSchema)
    .nullable()
    .describe('Those trail changes, oldest first: they can explain a gap in the logs. `null` with `seed`.'),
  coverage: coverageSchema
    .nullable()
    .describe(
      'What the audit read, from the same scan as the counts. `null` with `seed`, which does not measure it.',
    ),
  sessions: list(sessionSchema)
    .nullable()
    .describe(
      "AWS Support's sessions in the window, each with its explanation, in the order of their first call (see [explanation.md](explanation.md)). `null` with `seed`.",
    ),
  cases: list(caseSchema)
    .nullable()
    .describe(
      'The support cases read in the window and its lead-in, and from the Support API when asked. `null` with `seed`.',
    ),
  permits: list(permitSchema)
    .nullable()
    .describe(
      'The support permits whose creation was read in the window and its lead-in. `null` with `seed`.',
    ),
  explanation: explanationSummarySchema
    .nullable()
    .describe(
      'How the sessions were explained: the settings, the lead-in and the counts. `null` with `seed`.',
    ),
  article: record({
    numberOfCalls: count.describe('Calls from `support.amazonaws.com`.'),
    calls: list(
      record({
        eventId: logValue.describe('Its eventID.'),
        eventTime: logValue.describe('Its eventTime.'),
        eventName: logValue.describe('Its eventName.'),
      }),
    ).describe('Up to 10 of those calls.'),
    byIdentityAndSource: list(identityAndSourceSchema).describe(
      'Calls per session issuer and event source, as `byIdentityAndSource`.',
    ),
    roleArns: list(logValue).describe(
      "Up to 10 ARNs of the support role's calls, repeats included. With `seed`, by the article's substring match on the role name.",
    ),
    principalIds: list(logValue).describe('Up to 10 principal IDs of the same calls.'),
  }).describe("The answers to the article's five queries, whichever query set computed them."),
  eventsComplete: z
    .boolean()
    .describe(
      '`true` when events.json lists every support call (`single-scan`); `false` when the query set lists none (`seed`).',
    ),
  undatedSupportCalls: list(
    record({
      eventId: logValue.describe('Its eventID.'),
      eventTime: logValue.describe('Its eventTime, as logged.'),
    }),
  )
    .nullable()
    .describe(
      'Support calls whose eventTime is missing or not a time (a number, say). They cannot be placed in the window, so they are not counted, and `complete` is `false`. `null` with `seed`.',
    ),
  unreadableFiles: list(unreadableFileSchema).describe(
    'Files the engine could not read as CloudTrail records.',
  ),
  complete: z
    .boolean()
    .describe(
      '`false` when the audit may have missed calls: no record was read at all, an audited account has no logs in the window or on some of its days (unless named in `idle-accounts`), a log file could not be read, a support call could not be placed in the window, or (with `seed`) coverage was not measured. Every count may then be lower than the truth.',
    ),
  incompleteReasons: list(text).describe(
    "Why `complete` is `false`, in words, most serious first; empty when it is `true`. The report's first lines say the same.",
  ),
  verdict: verdictSchema.describe(
    'Whether the run passes: its status and each gate, as every report renders it.',
  ),
  threshold: record({
    max: measure.describe('Most support calls allowed; `null` when no threshold was set.'),
    exceeded: z.boolean().describe('`true` when the threshold gate failed (`verdict.gates`).'),
  }).describe('The `threshold` input and its outcome (also in `verdict`).'),
  writeCallGate: record({
    enabled: z.boolean().describe('Whether the input was on.'),
    exceeded: z.boolean().describe('`true` when the write-calls gate failed (`verdict.gates`).'),
  }).describe('The `fail-on-write-calls` input and its outcome (also in `verdict`).'),
  requireLogs: record({
    enabled: z.boolean().describe('Whether require-complete (formerly require-logs) was on (the default).'),
    failed: z.boolean().describe('`true` when the require-complete gate failed (`verdict.gates`).'),
  }).describe(
    'The `require-complete` input (`require-logs`, as it was first named) and its outcome (also in `verdict`).',
  ),
  statistics: record({
    dataScannedBytes: count.describe(
      "Bytes scanned by all queries together: Athena's `DataScannedInBytes`; for the local engine, the compressed size of the log files it read, once per query.",
    ),
    athenaRegion: z
      .string()
      .nullable()
      .describe('The AWS region the Athena queries ran in; `null` for the local engine.'),
    queries: list(queryRecordSchema).describe('One object per query, in the order they ran.'),
  }).describe('What the queries cost.'),
  ...carriedFields,
});

/** What summary.json says of a run that holds no result. */
export const RUN_RECORD_STATUSES = ['running', 'failed', 'interrupted'] as const;

/** summary.json of a run that has not finished: running, failed, or interrupted. */
export const runRecordSchema = record({
  schemaVersion: z.literal(SCHEMA_VERSION).describe('Version of this contract.'),
  generatedAt: z.iso.datetime().describe('When the record was written.'),
  status: z
    .enum(RUN_RECORD_STATUSES)
    .describe(
      '`running`: the run is still going (or was killed before it could say more: SIGKILL, a power cut); `failed`: it failed; `interrupted`: a SIGINT or SIGTERM stopped it before its result was written (a second signal to the CLI too). Absent in a result.',
    ),
  error: z
    .string()
    .optional()
    .describe(
      'What the run failed with, or what stopped it, as the CLI or the action reported it. Only with `"failed"` or `"interrupted"`.',
    ),
  complete: z.literal(false).describe('Always `false`: the folder holds no result of this run.'),
});

export const summaryFileSchema = z.union([auditSummarySchema, runRecordSchema]);

/** A support call as events.json writes it: the CloudTrail fields kept, then a flag per criterion. */
export const supportEventSchema = record(
  Object.fromEntries([
    ...EVENT_FIELDS.map(({ field, key }) => [field, logValue.describe(`\`${key}\``)]),
    ...SUPPORT_CRITERIA.map(({ field, name }) => [
      field,
      z.boolean().describe(`matches the \`${name}\` criterion`),
    ]),
    ['sessionId', logValue.describe('The support session it belongs to (`sessions[].id` in summary.json).')],
  ]),
) as unknown as z.ZodType<SupportEvent>;

export const eventsFileSchema = record({
  schemaVersion: z.literal(SCHEMA_VERSION).describe('Version of this contract.'),
  window: windowSchema,
  eventsComplete: z.boolean().describe('As in summary.json.'),
  complete: z.boolean().describe('As in summary.json.'),
  events: list(supportEventSchema).describe('Every support call found, one object per event.'),
});

export type AuditSummary = z.infer<typeof auditSummarySchema>;
export type RunRecord = z.infer<typeof runRecordSchema>;
export type Scope = z.infer<typeof scopeSchema>;
export type ScopeDetail = z.infer<typeof scopeDetailSchema>;
