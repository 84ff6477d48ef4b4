/**
 * Every input of the CLI and the action, parsed and validated once into a frozen, typed settings object.
 * Inputs arrive as strings by their kebab-case names (see inputs.ts); an empty string means "not given", as it
 * does for an action input left unset.
 */
import { addDays, utcDate } from './dates.js';
import { InputError, UsageError } from './errors.js';
import {
  ACCOUNT,
  boolean,
  bucket,
  CATALOG,
  date,
  folder,
  given,
  integer,
  list,
  matching,
  MAX_LOOKBACK_DAYS,
  MAX_REUSE_MINUTES,
  MAX_TIMEOUT_SECONDS,
  NAME,
  oneOf,
  ORGANIZATION,
  outputLocation,
  prefix,
  REGION,
  withDefault,
  WORKGROUP,
} from './input-rules.js';
import { DEFAULTS, type RawInputs } from './inputs.js';
import {
  ENGINE_NAMES,
  QUERY_SET_NAMES,
  SOURCE_NAMES,
  type AuditWindow,
  type EngineName,
  type QuerySetName,
  type SourceName,
} from './types.js';

export type CommentMode = 'never' | 'on-failure' | 'always';

export interface AthenaSettings {
  readonly workgroup: string;
  readonly outputLocation: string | undefined;
  readonly catalog: string;
  readonly createTable: boolean;
  readonly timeoutSeconds: number;
  readonly resultReuseMinutes: number;
}

export interface Settings {
  readonly engine: EngineName;
  /** A trail's CloudTrail log files, or Amazon Security Lake's CloudTrail management events table. */
  readonly source: SourceName;
  readonly logsDir: string | undefined;
  readonly window: AuditWindow;
  readonly accounts: readonly string[];
  readonly regions: readonly string[];
  readonly organizationId: string | undefined;
  readonly bucket: string | undefined;
  readonly prefix: string;
  readonly database: string;
  readonly table: string;
  readonly projectionStart: string;
  readonly querySet: QuerySetName;
  readonly threshold: number | undefined;
  readonly failOnWriteCalls: boolean;
  /** Fail when an account asked for has no logs in the window. */
  readonly requireLogs: boolean;
  readonly outputDir: string;
  readonly commentOnPr: CommentMode;
  readonly athena: AthenaSettings;
}

function auditWindow(raw: RawInputs, today: string): AuditWindow {
  const start = given(raw, 'start-date');
  const end = given(raw, 'end-date');
  const lookback = given(raw, 'lookback-days');
  if ((start !== undefined || end !== undefined) && lookback !== undefined) {
    throw new UsageError('Give either start-date and end-date, or lookback-days, not both.');
  }
  let window: AuditWindow;
  if (start !== undefined || end !== undefined) {
    if (start === undefined) throw new UsageError('end-date needs start-date too.');
    window = { start: date('start-date', start), end: date('end-date', end ?? today) };
    if (window.end < window.start) {
      throw new InputError('end-date', window.end, `must not be before start-date ${window.start}`);
    }
  } else {
    // Complete days only: a scheduled run then covers each day exactly once, whatever the hour it runs at.
    const days = integer('lookback-days', lookback ?? DEFAULTS['lookback-days'], 1, MAX_LOOKBACK_DAYS);
    window = { start: addDays(today, -days), end: addDays(today, -1) };
  }
  if (window.end > today) {
    throw new InputError('end-date', window.end, `must not be in the future (today is ${today} UTC)`);
  }
  return window;
}

/**
 * A window that starts before the projection: the input to blame is the one the user set. The action's runner
 * passes projection-start's default as a value, so the default counts as not set.
 */
function beforeProjection(raw: RawInputs, window: AuditWindow, projectionStart: string): InputError {
  const consequence = 'Athena returns no rows before it';
  if (projectionStart !== DEFAULTS['projection-start']) {
    return new InputError(
      'projection-start',
      projectionStart,
      `must not be after the window start ${window.start}: ${consequence}`,
    );
  }
  const [input, value] =
    given(raw, 'start-date') !== undefined
      ? ['start-date', window.start]
      : ['lookback-days', given(raw, 'lookback-days') ?? DEFAULTS['lookback-days']];
  return new InputError(
    input,
    value,
    `must not reach before ${projectionStart}, the default projection-start (CloudTrail began in November 2013): ${consequence}; set projection-start to audit earlier days`,
  );
}

function threshold(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  return integer('threshold', value, 0, Number.MAX_SAFE_INTEGER);
}

/** Parses and validates every input, or throws the first InputError or UsageError. */
export function parseSettings(raw: RawInputs, now: Date = new Date()): Settings {
  const today = utcDate(now);
  const logs = given(raw, 'logs');
  const logsDir = logs === undefined ? undefined : folder('logs', logs);
  const engine = oneOf<EngineName>(
    'engine',
    given(raw, 'engine') ?? (logsDir ? 'local' : 'athena'),
    ENGINE_NAMES,
  );
  const accountRule = 'must be 12-digit AWS account ids, separated by commas or newlines';
  const regionRule = 'must be AWS region names such as us-east-1, separated by commas or newlines';
  const window = auditWindow(raw, today);
  const projectionStart = date('projection-start', withDefault(raw, 'projection-start'));
  if (projectionStart > window.start) throw beforeProjection(raw, window, projectionStart);
  const organizationId = given(raw, 'organization-id');
  const bucketName = given(raw, 'bucket');
  const settings: Settings = {
    engine,
    source: oneOf('source', withDefault(raw, 'source'), SOURCE_NAMES),
    logsDir,
    window,
    accounts: list(raw, 'account', ACCOUNT, accountRule),
    regions: list(raw, 'region', REGION, regionRule),
    organizationId:
      organizationId === undefined
        ? undefined
        : matching(
            'organization-id',
            organizationId,
            ORGANIZATION,
            'must look like o- then 10 to 32 lowercase letters or digits',
          ),
    bucket: bucketName === undefined ? undefined : bucket(bucketName),
    prefix: prefix(given(raw, 'prefix')),
    database: matching('database', withDefault(raw, 'database'), NAME, nameRule()),
    table: matching('table', withDefault(raw, 'table'), NAME, nameRule()),
    projectionStart,
    querySet: oneOf('query-set', withDefault(raw, 'query-set'), QUERY_SET_NAMES),
    threshold: threshold(given(raw, 'threshold')),
    failOnWriteCalls: boolean('fail-on-write-calls', withDefault(raw, 'fail-on-write-calls')),
    requireLogs: boolean('require-logs', withDefault(raw, 'require-logs')),
    outputDir: folder('output-dir', withDefault(raw, 'output-dir')),
    commentOnPr: oneOf<CommentMode>('comment-on-pr', withDefault(raw, 'comment-on-pr'), [
      'never',
      'on-failure',
      'always',
    ]),
    athena: {
      workgroup: matching(
        'workgroup',
        withDefault(raw, 'workgroup'),
        WORKGROUP,
        'must be 1 to 128 letters, digits, dots, hyphens or underscores',
      ),
      outputLocation: outputLocation(given(raw, 'output-location')),
      catalog: matching(
        'catalog',
        withDefault(raw, 'catalog'),
        CATALOG,
        'must be 1 to 128 letters, digits, hyphens or underscores',
      ),
      createTable: boolean('create-table', withDefault(raw, 'create-table')),
      timeoutSeconds: integer('timeout-seconds', withDefault(raw, 'timeout-seconds'), 1, MAX_TIMEOUT_SECONDS),
      resultReuseMinutes: integer(
        'result-reuse-minutes',
        withDefault(raw, 'result-reuse-minutes'),
        0,
        MAX_REUSE_MINUTES,
      ),
    },
  };
  requireEngineInputs(settings, raw);
  return Object.freeze(settings);
}

function nameRule(): string {
  return 'must start with a lowercase letter or underscore and hold only lowercase letters, digits and underscores (at most 128)';
}

/** Inputs only Athena reads; given to the local engine they would be ignored, so they are refused. */
const ATHENA_ONLY = [
  'bucket',
  'workgroup',
  'output-location',
  'catalog',
  'create-table',
  'result-reuse-minutes',
];

/** Inputs that say where a trail writes: Security Lake keeps its own layout, so they would be ignored. */
const TRAIL_ONLY = ['bucket', 'prefix', 'organization-id'];

function requireEngineInputs(settings: Settings, raw: RawInputs): void {
  const trailInputs = TRAIL_ONLY.filter((name) => given(raw, name) !== undefined);
  if (settings.source === 'security-lake' && trailInputs.length > 0) {
    throw new UsageError(
      `${trailInputs.join(', ')} ${trailInputs.length === 1 ? 'says' : 'say'} where a trail writes its logs; source security-lake reads Security Lake's own table${settings.engine === 'local' ? ' (or a copy of its bucket, with --logs)' : ''}, so leave ${trailInputs.length === 1 ? 'it' : 'them'} out.`,
    );
  }
  if (settings.failOnWriteCalls && settings.querySet === 'seed') {
    throw new UsageError(
      "fail-on-write-calls needs the single-scan query set: the seed set (the article's queries) does not measure write calls.",
    );
  }
  if (settings.requireLogs && settings.querySet === 'seed') {
    throw new UsageError(
      "require-logs needs the single-scan query set: the seed set (the article's queries) does not measure which logs it read. Set require-logs to false to run the article's queries as written.",
    );
  }
  if (settings.engine === 'local') {
    if (settings.logsDir === undefined) {
      throw new UsageError(
        'The local engine needs logs: the folder that holds a copy of the bucket (--logs DIR).',
      );
    }
    const ignored = ATHENA_ONLY.filter((name) => given(raw, name) !== undefined);
    if (ignored.length > 0) {
      throw new UsageError(
        `${ignored.join(', ')} ${ignored.length === 1 ? 'is' : 'are'} for the athena engine; the local engine reads the copy in ${settings.logsDir} and would ignore ${ignored.length === 1 ? 'it' : 'them'}.`,
      );
    }
    return;
  }
  if (settings.logsDir !== undefined) {
    throw new UsageError('logs is for the local engine; the athena engine reads the bucket itself.');
  }
  const missing = [
    settings.source === 'cloudtrail' && settings.bucket === undefined && 'bucket',
    settings.accounts.length === 0 && 'account',
    settings.regions.length === 0 && 'region',
  ].filter(Boolean);
  if (missing.length > 0) {
    const names =
      missing.length === 1 ? missing[0] : `${missing.slice(0, -1).join(', ')} and ${missing.at(-1)}`;
    throw new UsageError(
      `${names} ${missing.length === 1 ? 'is' : 'are'} required to audit with Athena: they say where the CloudTrail logs are${settings.source === 'security-lake' ? ' (the partitions of the Security Lake table to read)' : ''}.`,
    );
  }
}
