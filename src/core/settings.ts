/**
 * Every input of the CLI and the action, parsed and validated once into a frozen, typed settings object.
 * Inputs arrive as strings by their kebab-case names (see inputs.ts); an empty string means "not given", as it
 * does for an action input left unset.
 */
import { addDays, isCalendarDate, utcDate } from './dates.js';
import { InputError, UsageError } from './errors.js';
import { DEFAULTS, type RawInputs } from './inputs.js';
import {
  ENGINE_NAMES,
  QUERY_SET_NAMES,
  type AuditWindow,
  type EngineName,
  type QuerySetName,
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
  readonly outputDir: string;
  readonly commentOnPr: CommentMode;
  readonly athena: AthenaSettings;
}

const ACCOUNT = /^\d{12}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const ORGANIZATION = /^o-[a-z0-9]{10,32}$/;
const NAME = /^[a-z_][a-z0-9_]{0,127}$/;
const CATALOG = /^[A-Za-z0-9_-]{1,128}$/;
const WORKGROUP = /^[A-Za-z0-9._-]{1,128}$/;
const PREFIX_SEGMENT = /^[A-Za-z0-9._-]+$/;
const MAX_LOOKBACK_DAYS = 3660;
const MAX_TIMEOUT_SECONDS = 86_400;
const MAX_REUSE_MINUTES = 10_080;

function given(raw: RawInputs, name: string): string | undefined {
  const value = raw[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function withDefault(raw: RawInputs, name: keyof typeof DEFAULTS): string {
  return given(raw, name) ?? DEFAULTS[name];
}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new InputError(name, value, `must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

function boolean(name: string, value: string): boolean {
  const normalised = value.toLowerCase();
  if (normalised === 'true') return true;
  if (normalised === 'false') return false;
  throw new InputError(name, value, 'must be true or false');
}

function integer(name: string, value: string, min: number, max: number): number {
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new InputError(name, value, `must be a whole number from ${min} to ${max}`);
  }
  return Number(value);
}

function matching(name: string, value: string, pattern: RegExp, rule: string): string {
  if (!pattern.test(value)) throw new InputError(name, value, rule);
  return value;
}

/** A comma- or newline-separated list, each item checked, duplicates dropped, order kept. */
function list(raw: RawInputs, name: string, pattern: RegExp, rule: string): string[] {
  const value = given(raw, name);
  if (value === undefined) return [];
  const items = value.split(/[,\n]/).map((item) => item.trim());
  for (const item of items) {
    if (item === '') throw new InputError(name, value, 'must be a comma-separated list without empty items');
    matching(name, item, pattern, rule);
  }
  return [...new Set(items)];
}

function date(name: string, value: string): string {
  if (!isCalendarDate(value)) throw new InputError(name, value, 'must be a date that exists, as YYYY-MM-DD');
  return value;
}

/** S3 bucket naming rules, so the name is safe to write into a LOCATION. */
function bucket(value: string): string {
  const rule = 'must be an S3 bucket name: 3 to 63 lowercase letters, digits, dots and hyphens';
  matching('bucket', value, /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, rule);
  if (value.includes('..') || /^\d+\.\d+\.\d+\.\d+$/.test(value)) throw new InputError('bucket', value, rule);
  return value;
}

/** The key prefix before `AWSLogs/`, without leading or trailing slashes, so no path ever holds `//`. */
function prefix(value: string | undefined): string {
  if (value === undefined) return '';
  const trimmed = value.replace(/^\/+|\/+$/g, '');
  const segments = trimmed === '' ? [] : trimmed.split('/');
  for (const segment of segments) {
    if (!PREFIX_SEGMENT.test(segment) || segment === '.' || segment === '..') {
      throw new InputError(
        'prefix',
        value,
        'must be folder names of letters, digits, dots, hyphens and underscores separated by single slashes',
      );
    }
    if (segment === 'AWSLogs') {
      throw new InputError('prefix', value, 'is the part before AWSLogs/: leave AWSLogs out');
    }
  }
  return segments.join('/');
}

function outputLocation(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const match = /^s3:\/\/([^/]+)((?:\/[A-Za-z0-9._=-]+)*)\/?$/.exec(value);
  if (!match) {
    throw new InputError(
      'output-location',
      value,
      'must be s3://bucket/optional/prefix/ with letters, digits, dots, hyphens, underscores and equals signs',
    );
  }
  try {
    bucket(match[1]!);
  } catch {
    throw new InputError(
      'output-location',
      value,
      'must name a valid S3 bucket: 3 to 63 lowercase letters, digits, dots and hyphens after s3://',
    );
  }
  return value.endsWith('/') ? value : `${value}/`;
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
    const days = integer('lookback-days', lookback ?? DEFAULTS['lookback-days'], 1, MAX_LOOKBACK_DAYS);
    window = { start: addDays(today, 1 - days), end: today };
  }
  if (window.end > today) {
    throw new InputError('end-date', window.end, `must not be in the future (today is ${today} UTC)`);
  }
  return window;
}

function threshold(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  return integer('threshold', value, 0, Number.MAX_SAFE_INTEGER);
}

/** Parses and validates every input, or throws the first InputError or UsageError. */
export function parseSettings(raw: RawInputs, now: Date = new Date()): Settings {
  const today = utcDate(now);
  const logsDir = given(raw, 'logs');
  const engine = oneOf<EngineName>(
    'engine',
    given(raw, 'engine') ?? (logsDir ? 'local' : 'athena'),
    ENGINE_NAMES,
  );
  const accountRule = 'must be 12-digit AWS account ids, separated by commas';
  const regionRule = 'must be AWS region names such as us-east-1, separated by commas';
  const window = auditWindow(raw, today);
  const projectionStart = date('projection-start', withDefault(raw, 'projection-start'));
  if (projectionStart > window.start) {
    throw new InputError(
      'projection-start',
      projectionStart,
      `must not be after the window start ${window.start}: Athena would return no rows before it`,
    );
  }
  const organizationId = given(raw, 'organization-id');
  const bucketName = given(raw, 'bucket');
  const settings: Settings = {
    engine,
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
    outputDir: withDefault(raw, 'output-dir'),
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
  requireEngineInputs(settings);
  return Object.freeze(settings);
}

function nameRule(): string {
  return 'must start with a lowercase letter or underscore and hold only lowercase letters, digits and underscores (at most 128)';
}

function requireEngineInputs(settings: Settings): void {
  if (settings.failOnWriteCalls && settings.querySet === 'seed') {
    throw new UsageError(
      "fail-on-write-calls needs the single-scan query set: the seed set (the article's queries) does not measure write calls.",
    );
  }
  if (settings.engine === 'local') {
    if (settings.logsDir === undefined) {
      throw new UsageError(
        'The local engine needs logs: the folder that holds a copy of the bucket (--logs DIR).',
      );
    }
    return;
  }
  if (settings.logsDir !== undefined) {
    throw new UsageError('logs is for the local engine; the athena engine reads the bucket itself.');
  }
  const missing = [
    settings.bucket === undefined && 'bucket',
    settings.accounts.length === 0 && 'account',
    settings.regions.length === 0 && 'region',
  ].filter(Boolean);
  if (missing.length > 0) {
    throw new UsageError(`The athena engine needs ${missing.join(', ')}: where the CloudTrail logs are.`);
  }
}
