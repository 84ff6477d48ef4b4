/**
 * Partition projection: the partitions a query reads, computed from the table's `projection.*` properties and
 * the query's filters on its partition columns, and the S3 folders (local folders here) that
 * `storage.location.template` maps them to. Every object in those folders counts as scanned, as in Athena.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { StoredTable } from './catalog.js';
import type { Operand, PartitionPredicate } from './query-analysis.js';

export type ParameterValue = string | number;

/** A reason Athena itself would give for refusing the query. */
export class ProjectionError extends Error {
  override name = 'ProjectionError';
}

/** Something Athena does that the emulator does not: the query fails with a reason that says so. */
export class EmulatorLimitation extends Error {
  override name = 'EmulatorLimitation';
  constructor(message: string) {
    super(`emulator limitation: ${message}`);
  }
}

/** The values each partition key takes in the partitions a query reads, in DDL order. */
export type PartitionSelection = ReadonlyMap<string, readonly string[]>;

const DAY_MS = 86_400_000;
const NUMERIC_TYPES = new Set([
  'tinyint',
  'smallint',
  'int',
  'integer',
  'bigint',
  'float',
  'double',
  'decimal',
]);

export function isProjected(table: StoredTable): boolean {
  return property(table, 'projection.enabled')?.toLowerCase() === 'true';
}

export function storageTemplate(table: StoredTable): string {
  const template = property(table, 'storage.location.template');
  if (!template) {
    throw new EmulatorLimitation(
      `table ${table.database}.${table.name} has no storage.location.template; Hive-style default locations are not emulated`,
    );
  }
  return template;
}

/** Property keys are matched without case, as Athena matches projection keys to column names. */
function property(table: StoredTable, key: string): string | undefined {
  const wanted = key.toLowerCase();
  return Object.entries(table.properties).find(([k]) => k.toLowerCase() === wanted)?.[1];
}

/**
 * The projected partitions the query reads. `predicates` are the query's filters, or undefined when the
 * emulator cannot tell which table a filter applies to (then every projected partition is read).
 */
export function selectPartitions(
  table: StoredTable,
  predicates: readonly PartitionPredicate[] | undefined,
  parameters: readonly ParameterValue[],
  now: Date,
): PartitionSelection {
  const selection = new Map<string, string[]>();
  for (const key of table.partitionKeys) {
    const own = (predicates ?? []).filter((p) => p.column === key.name);
    const resolve = (operand: Operand) =>
      'literal' in operand ? operand.literal : String(parameters[operand.parameter]);
    const numeric = key.type.kind === 'primitive' && NUMERIC_TYPES.has(key.type.name);
    const type = property(table, `projection.${key.name}.type`)?.toLowerCase();
    let values: string[];
    if (type === 'injected') {
      values = injectedValues(key.name, own, resolve);
    } else if (type === 'enum') {
      values = (property(table, `projection.${key.name}.values`) ?? '').split(',').map((v) => v.trim());
    } else if (type === 'date') {
      values = dateValues(table, key.name, now);
    } else if (type === 'integer') {
      values = integerValues(table, key.name);
    } else {
      throw new EmulatorLimitation(
        `projection type ${JSON.stringify(type ?? '')} of partition column ${key.name} is not emulated`,
      );
    }
    selection.set(
      key.name,
      values.filter((value) => own.every((p) => satisfies(value, p, resolve, numeric))),
    );
  }
  return selection;
}

function injectedValues(
  column: string,
  predicates: readonly PartitionPredicate[],
  resolve: (operand: Operand) => string,
): string[] {
  const equalities = predicates.filter((p) => p.operator === '=' || p.operator === 'in');
  if (equalities.length === 0 || equalities.length !== predicates.length) {
    throw new ProjectionError(
      `CONSTRAINT_VIOLATION: For the injected projected partition column ${column}, the WHERE clause must contain only static equality conditions, and at least one such condition must be present.`,
    );
  }
  return [...new Set(equalities[0]!.operands.map(resolve))];
}

function satisfies(
  value: string,
  predicate: PartitionPredicate,
  resolve: (operand: Operand) => string,
  numeric: boolean,
): boolean {
  const compare = (other: Operand) => {
    const b = resolve(other);
    if (numeric) return Number(value) - Number(b);
    return value < b ? -1 : value > b ? 1 : 0;
  };
  const [first, second] = predicate.operands as [Operand, Operand];
  switch (predicate.operator) {
    case '=':
      return compare(first) === 0;
    case 'in':
      return predicate.operands.some((o) => compare(o) === 0);
    case 'between':
      return compare(first) >= 0 && compare(second) <= 0;
    case '<':
      return compare(first) < 0;
    case '<=':
      return compare(first) <= 0;
    case '>':
      return compare(first) > 0;
    case '>=':
      return compare(first) >= 0;
  }
}

/** The days of a `date` projection, formatted as its partition values; NOW is the emulator's clock. */
function dateValues(table: StoredTable, column: string, now: Date): string[] {
  const format = property(table, `projection.${column}.format`) ?? '';
  const unit = (property(table, `projection.${column}.interval.unit`) ?? 'DAYS').toUpperCase();
  const interval = Number(property(table, `projection.${column}.interval`) ?? '1');
  if (!/^(yyyy|MM|dd|[^A-Za-z])+$/.test(format) || unit !== 'DAYS' || !(interval >= 1)) {
    throw new EmulatorLimitation(
      `date projection of ${column} must use a yyyy/MM/dd-style format and a DAYS interval (got ${JSON.stringify(format)}, ${unit})`,
    );
  }
  const [start, end] = (property(table, `projection.${column}.range`) ?? '')
    .split(',')
    .map((bound) => dateBound(bound.trim(), format, now, column));
  if (start === undefined || end === undefined) {
    throw new ProjectionError(`projection.${column}.range must be START,END`);
  }
  const values: string[] = [];
  for (let t = start; t <= end; t += interval * DAY_MS) values.push(formatDate(new Date(t), format));
  return values;
}

function dateBound(bound: string, format: string, now: Date, column: string): number {
  const relative = /^NOW(?:([+-])(\d+)(DAYS?|WEEKS?|MONTHS?|YEARS?))?$/i.exec(bound);
  if (relative) {
    const date = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
    const amount = Number(relative[2] ?? 0) * (relative[1] === '-' ? -1 : 1);
    const unit = (relative[3] ?? 'DAYS').toUpperCase().replace(/S$/, '');
    if (unit === 'DAY') date.setUTCDate(date.getUTCDate() + amount);
    else if (unit === 'WEEK') date.setUTCDate(date.getUTCDate() + 7 * amount);
    else if (unit === 'MONTH') date.setUTCMonth(date.getUTCMonth() + amount);
    else date.setUTCFullYear(date.getUTCFullYear() + amount);
    return date.getTime();
  }
  const pattern = new RegExp(
    `^${format.replace(/yyyy|MM|dd|[^A-Za-z]/g, (part) =>
      part === 'yyyy'
        ? '(?<y>\\d{4})'
        : part === 'MM'
          ? '(?<m>\\d{2})'
          : part === 'dd'
            ? '(?<d>\\d{2})'
            : `\\${part}`,
    )}$`,
  );
  const match = pattern.exec(bound);
  if (!match?.groups) {
    throw new ProjectionError(
      `HIVE_INVALID_METADATA: projection.${column}.range bound ${JSON.stringify(bound)} does not match format ${format}`,
    );
  }
  return Date.UTC(Number(match.groups.y), Number(match.groups.m ?? 1) - 1, Number(match.groups.d ?? 1));
}

function formatDate(date: Date, format: string): string {
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return format
    .replace('yyyy', pad(date.getUTCFullYear(), 4))
    .replace('MM', pad(date.getUTCMonth() + 1, 2))
    .replace('dd', pad(date.getUTCDate(), 2));
}

function integerValues(table: StoredTable, column: string): string[] {
  const [low, high] = (property(table, `projection.${column}.range`) ?? '').split(',').map(Number);
  const step = Number(property(table, `projection.${column}.interval`) ?? '1');
  const digits = Number(property(table, `projection.${column}.digits`) ?? '0');
  if (!Number.isInteger(low) || !Number.isInteger(high) || !(step >= 1)) {
    throw new ProjectionError(`projection.${column}.range must be two integers`);
  }
  const values: string[] = [];
  for (let n = low!; n <= high!; n += step) values.push(String(n).padStart(digits, '0'));
  return values;
}

/** Every combination of the selected values, substituted into the template: the folders the query reads. */
export function partitionLocations(template: string, selection: PartitionSelection): string[] {
  let locations = [template];
  for (const [key, values] of selection) {
    const placeholder = `\${${key}}`;
    if (!template.includes(placeholder)) continue;
    locations = locations.flatMap((location) => values.map((v) => location.replaceAll(placeholder, v)));
  }
  return locations;
}

/** `s3://BUCKET/KEY` as a path under the folder that stands for S3. */
export function localPath(bucketsDir: string, uri: string): string {
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri);
  if (!match) throw new ProjectionError(`HIVE_INVALID_METADATA: ${uri} is not an s3:// location`);
  return path.join(bucketsDir, match[1]!, match[2]!);
}

export interface ScannedFile {
  readonly uri: string;
  readonly bytes: number;
}

/** The objects directly in each folder; names starting with `_` or `.` are hidden from Hive tables. */
export async function partitionFiles(
  bucketsDir: string,
  locations: readonly string[],
): Promise<ScannedFile[]> {
  const files: ScannedFile[] = [];
  for (const location of locations) {
    const folder = localPath(bucketsDir, location);
    let names: string[];
    try {
      names = (await readdir(folder)).sort();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    for (const name of names) {
      if (name.startsWith('_') || name.startsWith('.')) continue;
      const info = await stat(path.join(folder, name));
      if (info.isFile()) files.push({ uri: `${location.replace(/\/$/, '')}/${name}`, bytes: info.size });
    }
  }
  return files;
}

/** A template in CloudTrail's key layout, split into what the product's local loader takes. */
export interface CloudTrailTemplate {
  readonly bucket: string;
  readonly prefix: string;
  readonly organizationId: string | undefined;
  /** A fixed value, or the partition column the template substitutes. */
  readonly account: { readonly value: string } | { readonly column: string };
  readonly region: { readonly value: string } | { readonly column: string };
  readonly timestampColumn: string;
}

const CLOUDTRAIL_TEMPLATE =
  /^s3:\/\/([^/]+)\/(?:(.+)\/)?AWSLogs\/(?:(o-[a-z0-9]+)\/)?(?:\$\{(\w+)\}|(\d{12}))\/CloudTrail\/(?:\$\{(\w+)\}|([a-z0-9-]+))\/\$\{(\w+)\}\/?$/;

export function cloudTrailTemplate(template: string): CloudTrailTemplate {
  const match = CLOUDTRAIL_TEMPLATE.exec(template);
  if (!match) {
    throw new EmulatorLimitation(
      `storage.location.template ${template} is not s3://BUCKET/[PREFIX/]AWSLogs/[o-ID/]ACCOUNT/CloudTrail/REGION/\${timestamp}`,
    );
  }
  const [, bucket, prefix, organizationId, accountColumn, account, regionColumn, region, timestampColumn] =
    match;
  return {
    bucket: bucket!,
    prefix: prefix ?? '',
    organizationId,
    account: accountColumn ? { column: accountColumn.toLowerCase() } : { value: account! },
    region: regionColumn ? { column: regionColumn.toLowerCase() } : { value: region! },
    timestampColumn: timestampColumn!.toLowerCase(),
  };
}
