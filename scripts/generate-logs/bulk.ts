/** Bulk data for benchmarks and tests: any days, accounts, regions and sizes, with the counts it planted. */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { eachDay, isCalendarDate } from '../../src/core/dates.js';
import type { AuditWindow } from '../../src/core/types.js';
import { Tally, type ExpectedCounts } from './counts.js';
import { dayStart, isoSeconds, logKey, recordsFile, type TrailPrefix } from './layout.js';
import { place } from './places.js';
import { Random, stableHex } from './random.js';
import { pickWeighted, sourceTemplates, type SourceTemplates } from './sources.js';
import { TaskPool } from './task-pool.js';
import { render, type Template } from './templates.js';

const gzipAsync = promisify(gzip);

export interface GenerateLogsOptions {
  readonly outDir: string;
  /** First and last delivery day, `YYYY-MM-DD`; the counts cover events whose eventTime falls in them. */
  readonly start: string;
  readonly end: string;
  readonly accounts: readonly string[];
  readonly regions: readonly string[];
  readonly organizationId?: string;
  readonly prefix?: string;
  /** Log files per account, region and day. */
  readonly filesPerDay: number;
  /** Records in each file, or, with `sizeMix`, on average in a busy region's files. */
  readonly recordsPerFile: number;
  /** File sizes drawn as a real trail's are: see SizeMix. Unset, every file holds `recordsPerFile` records. */
  readonly sizeMix?: SizeMix;
  /** Support calls planted per file, among its records; a fraction plants one every so many files. */
  readonly supportCallsPerFile: number;
  readonly seed: number;
  /** gzip level, 6 (zlib's default) unless given. */
  readonly level?: number;
  /** Delete `[PREFIX/]AWSLogs` under outDir first. */
  readonly clean?: boolean;
  /**
   * Customer roles whose names contain the support role's name (default true). Without them the article's
   * substring match and the exact role match agree, as the differential test needs.
   */
  readonly roleLookalikes?: boolean;
}

/**
 * A real trail's spread of file sizes: one or two busy regions deliver large files, every other region files of
 * a handful of records, as often. A busy region's file holds from half to one and a half times `recordsPerFile`
 * records, an idle region's from 1 to twice `idleRecordsPerFile` less one, each drawn evenly.
 */
export interface SizeMix {
  readonly busyRegions: readonly string[];
  readonly idleRecordsPerFile: number;
}

export interface GenerateLogsResult {
  readonly files: number;
  readonly records: number;
  readonly compressedBytes: number;
  readonly uncompressedBytes: number;
  /** Counts over events whose eventTime falls from `start` to `end`, both days included. */
  readonly window: AuditWindow;
  readonly expected: ExpectedCounts;
}

const ACCOUNT_ID = /^\d{12}$/;
const REGION_NAME = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;
const PREFIX = /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/;

function validate(options: GenerateLogsOptions): void {
  const fail = (message: string) => {
    throw new Error(`generate-logs: ${message}`);
  };
  if (!isCalendarDate(options.start) || !isCalendarDate(options.end))
    fail('start and end must be YYYY-MM-DD');
  if (options.end < options.start) fail('end is before start');
  if (options.accounts.length === 0 || !options.accounts.every((a) => ACCOUNT_ID.test(a))) {
    fail('accounts must be 12-digit account ids');
  }
  if (options.regions.length === 0 || !options.regions.every((r) => REGION_NAME.test(r))) {
    fail('regions must be region names such as us-east-1');
  }
  if (options.organizationId !== undefined && !ORGANIZATION_ID.test(options.organizationId)) {
    fail('organizationId must look like o- then 10 to 32 lowercase letters or digits');
  }
  if (options.prefix && !PREFIX.test(options.prefix))
    fail('prefix must be folder names separated by single slashes');
  for (const [name, value] of [
    ['filesPerDay', options.filesPerDay],
    ['recordsPerFile', options.recordsPerFile],
  ] as const) {
    if (!Number.isInteger(value) || value < 1) fail(`${name} must be a whole number of at least 1`);
  }
  if (!(options.supportCallsPerFile >= 0) || options.supportCallsPerFile > options.recordsPerFile) {
    fail('supportCallsPerFile must be from 0 to recordsPerFile');
  }
  if (options.sizeMix) {
    const { busyRegions, idleRecordsPerFile } = options.sizeMix;
    if (!busyRegions.every((r) => options.regions.includes(r))) fail('busy regions must be among regions');
    if (!Number.isInteger(idleRecordsPerFile) || idleRecordsPerFile < 1) {
      fail('idleRecordsPerFile must be a whole number of at least 1');
    }
  }
  if (!Number.isInteger(options.seed)) fail('seed must be a whole number');
}

/** How many records the next file of a region holds. */
function recordsInFile(options: GenerateLogsOptions, region: string, random: Random): number {
  const { sizeMix, recordsPerFile } = options;
  if (!sizeMix) return recordsPerFile;
  if (sizeMix.busyRegions.includes(region)) {
    return random.between(Math.max(1, Math.ceil(recordsPerFile / 2)), Math.floor((recordsPerFile * 3) / 2));
  }
  return random.between(1, 2 * sizeMix.idleRecordsPerFile - 1);
}

/**
 * Bulk logs: for every day, account and region, `filesPerDay` files spread over the day, each holding
 * `recordsPerFile` records (or as many as `sizeMix` draws) timed in the quarter hour before its delivery (so
 * the first file of a day carries some events of the day before, as real deliveries do). Support calls rotate
 * through the support role's reads, with a legacy Root call every 20th and the role deleting itself every 50th
 * where IAM is recorded.
 */
export async function generateLogs(options: GenerateLogsOptions): Promise<GenerateLogsResult> {
  validate(options);
  const trail: TrailPrefix = { prefix: options.prefix ?? '', organizationId: options.organizationId };
  const random = new Random(options.seed);
  const level = options.level ?? 6;
  if (options.clean) {
    await rm(path.join(options.outDir, trail.prefix, 'AWSLogs'), { recursive: true, force: true });
  }
  const tally = new Tally();
  const templates = new Map<string, SourceTemplates>();
  for (const account of options.accounts) {
    for (const region of options.regions) {
      const session = `SupportSession-${stableHex(`${account}/session`, 10)}`;
      templates.set(
        `${account}/${region}`,
        sourceTemplates(place(account, region), session, true, options.roleLookalikes ?? true),
      );
    }
  }
  const pool = new TaskPool(Math.max(2, availableParallelism()));
  const folders = new Map<string, Promise<void>>();
  const slotMs = 86_400_000 / options.filesPerDay;
  let files = 0;
  let records = 0;
  let compressedBytes = 0;
  let uncompressedBytes = 0;
  let supportCarry = 0;
  let supportIndex = 0;

  for (const day of eachDay(options.start, options.end)) {
    const midnight = dayStart(day);
    for (const account of options.accounts) {
      for (const region of options.regions) {
        const source = templates.get(`${account}/${region}`)!;
        for (let f = 0; f < options.filesPerDay; f++) {
          const deliveredAt =
            Math.floor((midnight + f * slotMs + random.below(Math.max(1, slotMs))) / 60_000) * 60_000;
          const recordCount = recordsInFile(options, region, random);
          supportCarry += options.supportCallsPerFile;
          const supportCalls = Math.min(recordCount, Math.floor(supportCarry));
          supportCarry -= supportCalls;
          const lines: string[] = new Array<string>(recordCount);
          for (let r = 0; r < recordCount; r++) {
            const eventTime = isoSeconds(deliveredAt - random.between(30, 900) * 1000);
            let template: Template;
            if (r < supportCalls) {
              supportIndex++;
              template =
                supportIndex % 50 === 0 && source.write
                  ? source.write
                  : supportIndex % 20 === 0
                    ? source.legacy
                    : source.support[supportIndex % source.support.length]!;
            } else {
              template = pickWeighted(source, random);
            }
            lines[r] = render(template, eventTime, random);
            const date = eventTime.slice(0, 10);
            if (date >= options.start && date <= options.end) tally.add(template.tags, account, region);
          }
          const key = logKey(trail, account, region, deliveredAt, random);
          const body = Buffer.from(recordsFile(lines));
          files++;
          records += lines.length;
          uncompressedBytes += body.length;
          const folder = key.slice(0, key.lastIndexOf('/'));
          let folderReady = folders.get(folder);
          if (!folderReady) {
            folderReady = mkdir(path.join(options.outDir, folder), { recursive: true }).then(() => undefined);
            // Awaited by every write into the folder; a failure surfaces there.
            folderReady.catch(() => undefined);
            folders.set(folder, folderReady);
          }
          const ready = folderReady;
          await pool.add(async () => {
            await ready;
            const compressed = await gzipAsync(body, { level });
            compressedBytes += compressed.length;
            await writeFile(path.join(options.outDir, key), compressed);
          });
        }
      }
    }
  }
  await pool.drain();
  return {
    files,
    records,
    compressedBytes,
    uncompressedBytes,
    window: { start: options.start, end: options.end, lateDeliveryDays: 1 },
    expected: tally.result(),
  };
}
