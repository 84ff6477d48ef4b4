/**
 * The shape of what an audit carries from one run to the next (see docs/baseline.md): the comparison with the
 * previous run's summary.json (`sinceBaseline`), the short history of the runs (`history`) and what AWS Support
 * has touched so far (`touched`), each written into summary.json so the next run can read it as its baseline.
 */
import { z } from 'zod';
import { count, day, list, measure, record, text } from './parts.js';

/** Runs the history keeps, this one included: a year of weekly runs. */
export const HISTORY_RUNS = 52;

/** Names each kind of `touched` keeps; beyond it the least recently seen are forgotten. */
export const TOUCHED_NAMES = 2000;

export const historyEntrySchema = record({
  generatedAt: z.iso.datetime().describe('When that audit finished.'),
  window: record({
    start: day.describe('First day.'),
    end: day.describe('Last day.'),
  }).describe('The days it audited.'),
  organizationId: z.string().nullable().describe('The `organization-id` it audited; `null` when none.'),
  accounts: list(text).describe('The accounts it audited.'),
  supportCalls: count.describe('Support calls.'),
  writeCalls: measure.describe('Write (non-read-only) support calls; `null` with `seed`.'),
  sessions: measure.describe('Support sessions; `null` with `seed`.'),
  unexplainedSessions: measure.describe('Sessions nothing explained; `null` with `seed`.'),
  records: measure.describe('Records read (its coverage); `null` with `seed`.'),
  daysWithoutLogs: measure.describe('Days of an account without logs; `null` with `seed`.'),
  complete: z.boolean().describe('Whether that audit was complete.'),
});

const seenSchema = record({
  name: text.describe('What was touched.'),
  firstSeen: day.describe('The last day of the first audit that saw it.'),
  lastSeen: day.describe('The last day of the latest audit that saw it.'),
});

const seenList = (what: string) =>
  list(seenSchema).describe(
    `${what}, sorted by name; at most ${TOUCHED_NAMES}, the least recently seen dropped.`,
  );

export const touchedSchema = record({
  accounts: seenList('The recipient accounts of support calls'),
  regions: seenList('Their regions'),
  eventSources: seenList('Their event sources (`iam.amazonaws.com`)'),
  apis: seenList('The API calls (`iam:GetRole`)'),
  writeApis: seenList('The API calls made as write (non-read-only) calls'),
  resources: seenList(
    "The resources: the ARNs of the events' `resources` and the identifiers their request parameters name",
  ),
});

const span = record({
  start: day.describe('First day.'),
  end: day.describe('Last day.'),
  days: count.describe('Days.'),
});

export const CONTINUITY_STATUSES = ['joined', 'gap', 'overlap', 'same-window'] as const;

export const coverageRegressionsSchema = record({
  accounts: list(text).describe('Accounts with records in the baseline and none in this window.'),
  regions: list(record({ account: text, region: text })).describe(
    '`{ "account", "region" }` with records in the baseline and none in this window (the account has records elsewhere).',
  ),
  lowDays: list(
    record({
      account: text.describe('The account.'),
      day: day.describe('The day.'),
      records: count.describe('Records read that day, all regions together.'),
      baselineMedian: count.describe("The median of the account's daily records in the baseline's window."),
    }),
  ).describe(
    "Days with some records, but fewer than a tenth of the baseline's daily median for the account (days with none are in `coverage.daysWithoutLogs`).",
  ),
});

export const newAccessSchema = record({
  accounts: list(text).describe('Accounts AWS Support called in for the first time.'),
  regions: list(text).describe('Regions it called in for the first time.'),
  eventSources: list(text).describe('Event sources it called for the first time.'),
  apis: list(text).describe('API calls (`iam:GetRole`) it made for the first time.'),
  resources: list(text).describe('Resources it touched for the first time.'),
  writeCalls: list(
    record({ api: text.describe('`iam:DeleteRole`.'), calls: count.describe('Write calls.') }),
  ).describe('Write (non-read-only) calls of an API never made as a write call before.'),
  unexplainedSessions: list(text).describe(
    'Sessions (`sessions[].id`) nothing explains that the baseline did not hold (by account, role session and first call).',
  ),
  total: count.describe('All of the above together: what `fail-on-new-access` counts.'),
});

export const sinceBaselineSchema = record({
  path: text.describe('The `baseline` input, as given.'),
  problem: z
    .string()
    .nullable()
    .describe(
      'Why the baseline was not used (no such file, not a summary.json, damaged, another schema version, other accounts or organization, newer than this window); `null` when it was.',
    ),
  baseline: record({
    generatedAt: z.iso.datetime().describe('When the baseline audit finished.'),
    window: record({ start: day.describe('First day.'), end: day.describe('Last day.') }).describe(
      'The days it audited.',
    ),
  })
    .nullable()
    .describe('The baseline audit; `null` when it was not used.'),
  continuity: record({
    status: z
      .enum(CONTINUITY_STATUSES)
      .describe(
        "`joined`: this window starts the day after the baseline's ended; `gap`: days between them no audit covered; `overlap`: days both covered; `same-window`: the same days again.",
      ),
    gap: span.nullable().describe('The days between the two windows; `null` unless `gap`.'),
    overlap: span.nullable().describe('The days both windows covered; `null` when none.'),
  })
    .nullable()
    .describe("Whether this window joins the baseline's; `null` when the baseline was not used."),
  coverageRegressions: coverageRegressionsSchema
    .nullable()
    .describe(
      'Logs the baseline had that this audit did not; `null` when not compared (no baseline, `seed`).',
    ),
  new: newAccessSchema
    .nullable()
    .describe(
      'What AWS Support did for the first time, against `touched` of the baseline; `null` when not compared (no baseline, `seed`).',
    ),
});

/** The fields of summary.json carried from run to run, last in its key order. */
export const carriedFields = {
  sinceBaseline: sinceBaselineSchema
    .nullable()
    .describe(
      "This audit against the previous run's summary.json, the `baseline` input (see [baseline.md](baseline.md)); `null` without one.",
    ),
  history: list(historyEntrySchema).describe(
    `The last runs, oldest first, this one last: carried forward from the baseline's, at most ${HISTORY_RUNS}. A run of the same window as the last replaces it.`,
  ),
  touched: touchedSchema.describe(
    'What AWS Support has touched in this audit and the runs before it (carried forward from the baseline): what the next run compares with to say what is new.',
  ),
};

/**
 * A baseline as this version reads it: the parts of an audit's summary.json the comparison needs. Every other
 * field is ignored, and those an earlier release of schema version 1 did not write (history, touched, sessions)
 * may be missing.
 */
export const baselineFileSchema = z.object({
  schemaVersion: z.literal(1),
  generatedAt: z.iso.datetime(),
  window: z.object({ start: day, end: day }),
  table: z.object({ accounts: z.array(text), regions: z.array(text) }),
  totals: z.object({ supportCalls: count, writeCalls: measure }),
  byAccountAndRegion: z.array(
    z.object({ account: z.string().nullable(), region: z.string().nullable(), count }),
  ),
  coverage: z
    .object({
      read: z.object({ records: count }),
      cells: z.array(z.object({ account: text, region: text, day, records: count })),
      daysWithoutLogs: z.array(z.object({ account: text, day })),
    })
    .nullable(),
  sessions: z
    .array(
      z.object({
        account: z.string().nullable(),
        roleSession: z.string().nullable(),
        firstCall: text,
        services: z.array(text),
        actions: z.array(z.object({ action: text })),
        resources: z.array(text),
        explanation: z.object({ rule: text }),
      }),
    )
    .nullable()
    .optional(),
  complete: z.boolean(),
  history: z.array(historyEntrySchema).optional(),
  touched: touchedSchema.optional(),
});

export type HistoryEntry = z.infer<typeof historyEntrySchema>;
export type Touched = z.infer<typeof touchedSchema>;
export type Seen = z.infer<typeof seenSchema>;
export type SinceBaseline = z.infer<typeof sinceBaselineSchema>;
export type NewAccess = z.infer<typeof newAccessSchema>;
export type CoverageRegressions = z.infer<typeof coverageRegressionsSchema>;
export type BaselineFile = z.infer<typeof baselineFileSchema>;
