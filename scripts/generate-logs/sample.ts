/** The shipped sample in `examples/logs`: written from a fixed seed, with the manifest of what it planted. */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { addDays } from '../../src/core/dates.js';
import { SAMPLE_WINDOW } from '../../src/core/sample.js';
import type { AuditWindow } from '../../src/core/types.js';
import { isSupportCall, Tally, type ExpectedCounts } from './counts.js';
import { dayOf, logKey, recordsFile, writeObject, type TrailPrefix } from './layout.js';
import { Random } from './random.js';
import { planSample } from './sample-files.js';
import { SAMPLE_SOURCES } from './sample-plan.js';
import { writeDigest, writeInsight, type WrittenLogFile } from './sample-siblings.js';

export const SAMPLE_SEED = 20261102;

export interface SampleManifest {
  readonly seed: number;
  readonly window: AuditWindow;
  readonly accounts: readonly string[];
  readonly regions: readonly string[];
  /** Day folders written, first and last (the window plus a day either side). */
  readonly days: { readonly first: string; readonly last: string };
  /** Objects under `CloudTrail/`, the unreadable one included. */
  readonly logFiles: number;
  /** Records in the readable log files, every day folder. */
  readonly records: number;
  /** What an audit of the window must report. */
  readonly expected: ExpectedCounts;
  /** Keys, relative to the sample folder, the audit must list as unreadable. */
  readonly unreadableFiles: readonly string[];
  /** Support calls written but not to be counted. */
  readonly notCounted: {
    readonly supportCallsOutsideWindow: number;
    readonly supportCallsInUnreadableFiles: number;
  };
  /** Siblings of the CloudTrail folders the audit must not read. */
  readonly siblings: { readonly digest: readonly string[]; readonly insight: readonly string[] };
}

/**
 * Writes the shipped sample into `outDir` (replacing any `AWSLogs` folder there) and returns what it planted.
 * The same outDir content comes out of every run, byte for byte, on the same Node.js zlib.
 */
export async function generateSample(outDir: string): Promise<SampleManifest> {
  const random = new Random(SAMPLE_SEED);
  await rm(path.join(outDir, 'AWSLogs'), { recursive: true, force: true });
  const trail: TrailPrefix = { prefix: '', organizationId: undefined };
  const planned = planSample(random, new Random(SAMPLE_SEED + 1));
  const firstDay = addDays(SAMPLE_WINDOW.start, -1);
  const lastDay = addDays(SAMPLE_WINDOW.end, 1);
  const readFirst = SAMPLE_WINDOW.start;
  const readLast = addDays(SAMPLE_WINDOW.end, 1);

  const written: WrittenLogFile[] = [];
  const tally = new Tally();
  const unreadableFiles: string[] = [];
  let records = 0;
  let outsideWindow = 0;
  let inUnreadable = 0;
  for (const file of planned) {
    const key = logKey(trail, file.account, file.region, file.deliveredAt, random);
    const sorted = [...file.records].sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
    let bytes = gzipSync(Buffer.from(recordsFile(sorted.map((r) => r.json))), { level: 6 });
    const delivery = dayOf(file.deliveredAt);
    const read = delivery >= readFirst && delivery <= readLast;
    if (file.corrupt) {
      bytes = bytes.subarray(0, Math.floor(bytes.length / 2));
      unreadableFiles.push(key);
    } else {
      records += sorted.length;
    }
    for (const record of sorted) {
      const date = record.time.slice(0, 10);
      const inWindow = date >= SAMPLE_WINDOW.start && date <= SAMPLE_WINDOW.end;
      const { tags, account, region } = record.template;
      if (record.deliveredAgain) {
        if (inWindow && read && !file.corrupt) tally.addDelivery(tags);
      } else if (!isSupportCall(tags)) {
        if (inWindow && read && !file.corrupt) tally.add(tags, account, region);
      } else if (file.corrupt) inUnreadable++;
      else if (!inWindow || !read) outsideWindow++;
      else tally.add(tags, account, region);
    }
    written.push({ key, deliveredAt: file.deliveredAt, bytes, account: file.account, region: file.region });
  }
  written.sort((a, b) => (a.key < b.key ? -1 : 1));
  for (const file of written) await writeObject(outDir, file.key, file.bytes);

  const digestKey = await writeDigest(outDir, written);
  const insightKey = await writeInsight(outDir, trail, random);

  return {
    seed: SAMPLE_SEED,
    window: SAMPLE_WINDOW,
    accounts: [...new Set(SAMPLE_SOURCES.map((s) => s.account))],
    regions: [...new Set(SAMPLE_SOURCES.map((s) => s.region))],
    days: { first: firstDay, last: lastDay },
    logFiles: written.length,
    records,
    expected: tally.result(),
    unreadableFiles,
    notCounted: { supportCallsOutsideWindow: outsideWindow, supportCallsInUnreadableFiles: inUnreadable },
    siblings: { digest: [digestKey], insight: [insightKey] },
  };
}
