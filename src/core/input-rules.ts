/**
 * The rules every input value must keep, each failure an InputError naming the input, the value and the rule.
 * Values arrive as strings; an empty string means "not given", as it does for an action input left unset.
 */
import { isCalendarDate } from './dates.js';
import { InputError } from './errors.js';
import { DEFAULTS, type RawInputs } from './inputs.js';

export const ACCOUNT = /^\d{12}$/;
/** Every partition's region names, the AWS European Sovereign Cloud's `eusc-de-east-1` included. */
export const REGION = /^[a-z]{2,4}(-[a-z]+)+-\d{1,2}$/;
export const ORGANIZATION = /^o-[a-z0-9]{10,32}$/;
export const NAME = /^[a-z_][a-z0-9_]{0,127}$/;
export const CATALOG = /^[A-Za-z0-9_-]{1,128}$/;
export const WORKGROUP = /^[A-Za-z0-9._-]{1,128}$/;
const PREFIX_SEGMENT = /^[A-Za-z0-9._-]+$/;
export const MAX_LOOKBACK_DAYS = 3660;
export const MAX_LATE_DELIVERY_DAYS = 31;
/** A log file larger than this much JSON (1 TiB) is no log file: the expansion limit stops there. */
export const MAX_LOG_FILE_MIB = 1_048_576;
export const MAX_TIMEOUT_SECONDS = 86_400;
export const MAX_REUSE_MINUTES = 10_080;
export const MAX_SESSION_GAP_MINUTES = 1440;
export const MAX_GRACE_HOURS = 8760;
/**
 * S3 keys stop at 1,024 bytes. Below the trail's prefix CloudTrail adds up to about 200
 * (`/AWSLogs/o-ID/ACCOUNT/CloudTrail/REGION/YYYY/MM/DD/` and the file name); below the results location Athena
 * adds the query id and `.csv.metadata`.
 */
export const MAX_PREFIX_CHARS = 800;
export const MAX_RESULTS_PREFIX_CHARS = 960;
// Line breaks and other control characters would split an output, a log line or a report line in two.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

export function given(raw: RawInputs, name: string): string | undefined {
  const value = raw[name]?.trim();
  return value === '' ? undefined : value;
}

export function withDefault(raw: RawInputs, name: keyof typeof DEFAULTS): string {
  return given(raw, name) ?? DEFAULTS[name];
}

export function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new InputError(name, value, `must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

export function boolean(name: string, value: string): boolean {
  const normalised = value.toLowerCase();
  if (normalised === 'true') return true;
  if (normalised === 'false') return false;
  throw new InputError(name, value, 'must be true or false');
}

export function integer(name: string, value: string, min: number, max: number): number {
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new InputError(name, value, `must be a whole number from ${min} to ${max}`);
  }
  return Number(value);
}

export function matching(name: string, value: string, pattern: RegExp, rule: string): string {
  if (!pattern.test(value)) throw new InputError(name, value, rule);
  return value;
}

/** A comma- or newline-separated list, each item checked, duplicates dropped, order kept. */
export function list(raw: RawInputs, name: string, pattern: RegExp, rule: string): string[] {
  const value = given(raw, name);
  if (value === undefined) return [];
  const items = value.split(/[,\n]/).map((item) => item.trim());
  for (const item of items) {
    if (item === '')
      throw new InputError(
        name,
        value,
        'must be a list separated by commas or newlines, without empty items',
      );
    matching(name, item, pattern, rule);
  }
  return [...new Set(items)];
}

export function date(name: string, value: string): string {
  if (!isCalendarDate(value)) throw new InputError(name, value, 'must be a date that exists, as YYYY-MM-DD');
  return value;
}

/** S3 bucket naming rules, so the name is safe to write into a LOCATION. */
export function bucket(value: string): string {
  const rule = 'must be an S3 bucket name: 3 to 63 lowercase letters, digits, dots and hyphens';
  matching('bucket', value, /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, rule);
  if (value.includes('..') || /^\d+\.\d+\.\d+\.\d+$/.test(value)) throw new InputError('bucket', value, rule);
  return value;
}

/** A folder the tool reads or writes: any name a folder may have, but on one line. */
export function folder(name: string, value: string): string {
  if (CONTROL.test(value)) {
    throw new InputError(name, value, 'must not hold line breaks or other control characters');
  }
  return value;
}

/** The key prefix before `AWSLogs/`, without leading or trailing slashes, so no path ever holds `//`. */
function prefix(value: string): string {
  if (value.length > MAX_PREFIX_CHARS) {
    throw new InputError(
      'prefix',
      value,
      `must be at most ${MAX_PREFIX_CHARS} characters: S3 keys stop at 1,024 bytes, and CloudTrail adds up to about 200 below the prefix`,
    );
  }
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

/**
 * The prefixes of a list, each as `prefix` checks it; `/` alone stands for the bucket's root, so a list can name
 * the root beside a prefix (`/,logs`). None given is the root alone.
 */
export function prefixes(value: string | undefined): string[] {
  if (value === undefined) return [''];
  const items = value.split(/[,\n]/).map((item) => item.trim());
  if (items.some((item) => item === '')) {
    throw new InputError(
      'prefix',
      value,
      'must be a list separated by commas or newlines, without empty items (write / for the bucket root)',
    );
  }
  return [...new Set(items.map(prefix))];
}

export function outputLocation(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const keyPrefix = value.replace(/^s3:\/\/[^/]*\/?/, '');
  if (keyPrefix.length > MAX_RESULTS_PREFIX_CHARS) {
    throw new InputError(
      'output-location',
      value,
      `must have at most ${MAX_RESULTS_PREFIX_CHARS} characters after the bucket: S3 keys stop at 1,024 bytes, and Athena adds the query id and .csv.metadata below it`,
    );
  }
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

/** `cases-from`: CloudTrail always, the Support API besides it when named; in any order, each once. */
export function casesFrom(value: string): Array<'cloudtrail' | 'support-api'> {
  const items = value.split(',').map((item) => item.trim());
  const allowed = ['cloudtrail', 'support-api'];
  const valid =
    items.every((item) => allowed.includes(item)) &&
    items.includes('cloudtrail') &&
    new Set(items).size === items.length;
  if (!valid) throw new InputError('cases-from', value, 'must be cloudtrail, or cloudtrail,support-api');
  return (['cloudtrail', 'support-api'] as const).filter((source) => items.includes(source));
}
