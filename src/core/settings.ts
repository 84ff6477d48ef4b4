/**
 * Every input of the CLI and the action, parsed and validated once into a frozen, typed settings object.
 * Inputs arrive as strings by their kebab-case names (see inputs.ts); an empty string means "not given", as it
 * does for an action input left unset.
 */
import path from 'node:path';
import { addDays, utcDate } from './dates.js';
import { InputError, UsageError } from './errors.js';
import { checkRules } from './settings-rules.js';
import {
  ACCOUNT,
  boolean,
  bucket,
  casesFrom,
  CATALOG,
  date,
  folder,
  given,
  integer,
  list,
  matching,
  MAX_LATE_DELIVERY_DAYS,
  MAX_LOG_FILE_MIB,
  MAX_GRACE_HOURS,
  MAX_LOOKBACK_DAYS,
  MAX_REUSE_MINUTES,
  MAX_SESSION_GAP_MINUTES,
  MAX_TIMEOUT_SECONDS,
  NAME,
  oneOf,
  ORGANIZATION,
  outputLocation,
  prefixes,
  REGION,
  withDefault,
  WORKGROUP,
} from './input-rules.js';
import { DEFAULTS, type RawInputs } from './inputs.js';
import type { CommentMode, Settings } from './settings-model.js';
import { ENGINE_NAMES, QUERY_SET_NAMES, SOURCE_NAMES, type AuditWindow, type EngineName } from './types.js';

export type { AthenaSettings, CommentMode, Settings } from './settings-model.js';

function auditWindow(raw: RawInputs, today: string): AuditWindow {
  const start = given(raw, 'start-date');
  const end = given(raw, 'end-date');
  const lookback = given(raw, 'lookback-days');
  const lateDeliveryDays = integer(
    'late-delivery-days',
    withDefault(raw, 'late-delivery-days'),
    0,
    MAX_LATE_DELIVERY_DAYS,
  );
  if ((start !== undefined || end !== undefined) && lookback !== undefined) {
    throw new UsageError('Give either start-date and end-date, or lookback-days, not both.');
  }
  let window: AuditWindow;
  if (start !== undefined || end !== undefined) {
    if (start === undefined) throw new UsageError('end-date needs start-date too.');
    window = {
      start: date('start-date', start),
      end: end === undefined ? today : date('end-date', end),
      lateDeliveryDays,
    };
    if (end === undefined && window.start > today) {
      throw new InputError('start-date', window.start, `must not be in the future (today is ${today} UTC)`);
    }
    if (window.end < window.start) {
      throw new InputError('end-date', window.end, `must not be before start-date ${window.start}`);
    }
  } else {
    // Complete days only: a scheduled run then covers each day exactly once, whatever the hour it runs at.
    const days = integer('lookback-days', lookback ?? DEFAULTS['lookback-days'], 1, MAX_LOOKBACK_DAYS);
    window = { start: addDays(today, -days), end: addDays(today, -1), lateDeliveryDays };
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

/** require-complete, or require-logs, the name it had: both may not be given, unless they agree. */
function requireComplete(raw: RawInputs): boolean {
  const complete = given(raw, 'require-complete');
  const logs = given(raw, 'require-logs');
  const value = (name: string, text: string | undefined) =>
    text === undefined ? undefined : boolean(name, text);
  const [chosen, alias] = [value('require-complete', complete), value('require-logs', logs)];
  if (chosen !== undefined && alias !== undefined && chosen !== alias) {
    throw new UsageError(
      `require-complete is ${chosen} but require-logs, its former name, is ${alias}: give one of them.`,
    );
  }
  return chosen ?? alias ?? boolean('require-complete', DEFAULTS['require-complete']);
}

function threshold(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  return integer('threshold', value, 0, Number.MAX_SAFE_INTEGER);
}

export interface ParseOptions {
  /**
   * Where the command was typed: a relative folder (logs, output-dir) means one there, which under npm is
   * INIT_CWD rather than the package's own folder. Unset, relative folders stay relative.
   */
  readonly cwd?: string;
}

/** Parses and validates every input, or throws the first InputError or UsageError. */
export function parseSettings(raw: RawInputs, now: Date = new Date(), options: ParseOptions = {}): Settings {
  const today = utcDate(now);
  const place = (name: 'logs' | 'output-dir' | 'baseline', value: string) => {
    const checked = folder(name, value);
    return options.cwd === undefined ? checked : path.resolve(options.cwd, checked);
  };
  const logs = given(raw, 'logs');
  const baseline = given(raw, 'baseline');
  const logsDir = logs === undefined ? undefined : place('logs', logs);
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
    prefixes: prefixes(given(raw, 'prefix')),
    database: matching('database', withDefault(raw, 'database'), NAME, nameRule()),
    table: matching('table', withDefault(raw, 'table'), NAME, nameRule()),
    projectionStart,
    querySet: oneOf('query-set', withDefault(raw, 'query-set'), QUERY_SET_NAMES),
    threshold: threshold(given(raw, 'threshold')),
    failOnWriteCalls: boolean('fail-on-write-calls', withDefault(raw, 'fail-on-write-calls')),
    requireComplete: requireComplete(raw),
    idleAccounts: list(raw, 'idle-accounts', ACCOUNT, accountRule),
    maxLogFileBytes:
      integer('max-log-file-mib', withDefault(raw, 'max-log-file-mib'), 1, MAX_LOG_FILE_MIB) * 2 ** 20,
    failOnUnexplained: boolean('fail-on-unexplained', withDefault(raw, 'fail-on-unexplained')),
    explain: {
      sessionGapMinutes: integer(
        'session-gap-minutes',
        withDefault(raw, 'session-gap-minutes'),
        1,
        MAX_SESSION_GAP_MINUTES,
      ),
      caseLookbackDays: integer(
        'case-lookback-days',
        withDefault(raw, 'case-lookback-days'),
        0,
        MAX_LOOKBACK_DAYS,
      ),
      casesFrom: casesFrom(withDefault(raw, 'cases-from')),
      caseDetails: boolean('case-details', withDefault(raw, 'case-details')),
      caseGraceHours: integer('case-grace-hours', withDefault(raw, 'case-grace-hours'), 0, MAX_GRACE_HOURS),
      caseScope: oneOf('case-scope', withDefault(raw, 'case-scope'), ['account', 'organization'] as const),
    },
    baseline: baseline === undefined ? undefined : place('baseline', baseline),
    failOnNewAccess: boolean('fail-on-new-access', withDefault(raw, 'fail-on-new-access')),
    outputDir: place('output-dir', withDefault(raw, 'output-dir')),
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
  checkRules(settings, raw);
  return Object.freeze(settings);
}

function nameRule(): string {
  return 'must start with a lowercase letter or underscore and hold only lowercase letters, digits and underscores (at most 128)';
}
