/** Files and keys: times as CloudTrail writes them, the S3 layout of a trail, and writing an object into it. */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { partitionDay } from '../../src/core/dates.js';
import { ALNUM, type Random } from './random.js';

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** `2026-11-02T09:41:12Z`, as CloudTrail writes eventTime. */
export function isoSeconds(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/** `20261102T0941Z`, as CloudTrail names a file by its delivery minute. */
export function fileStamp(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}${pad2(d.getUTCMonth() + 1)}${pad2(d.getUTCDate())}T${pad2(d.getUTCHours())}${pad2(d.getUTCMinutes())}Z`;
}

export function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function dayStart(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}

export interface TrailPrefix {
  readonly prefix: string;
  readonly organizationId: string | undefined;
}

/** `[PREFIX/]AWSLogs/[o-ORG/]ACCOUNT/FOLDER/REGION/YYYY/MM/DD`. */
export function dayFolder(
  trail: TrailPrefix,
  account: string,
  folder: string,
  region: string,
  date: string,
): string {
  return [trail.prefix, 'AWSLogs', trail.organizationId, account, folder, region, partitionDay(date)]
    .filter(Boolean)
    .join('/');
}

export function logKey(
  trail: TrailPrefix,
  account: string,
  region: string,
  deliveredAt: number,
  random: Random,
) {
  const folder = dayFolder(trail, account, 'CloudTrail', region, dayOf(deliveredAt));
  return `${folder}/${account}_CloudTrail_${region}_${fileStamp(deliveredAt)}_${random.chars(ALNUM, 16)}.json.gz`;
}

export function recordsFile(records: readonly string[]): string {
  return `{"Records":[${records.join(',')}]}`;
}

export async function writeObject(outDir: string, key: string, body: Buffer): Promise<void> {
  await mkdir(path.dirname(path.join(outDir, key)), { recursive: true });
  await writeFile(path.join(outDir, key), body);
}
