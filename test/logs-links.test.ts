/**
 * Links in the local copy of the bucket, through the real CLI (in process) on the local engine. A link inside
 * --logs stands for what it points at, as the object S3 would list at that key; a link that leads out of --logs,
 * to nothing, or back to itself is never followed, and is listed with the true reason, so the audit says it is
 * incomplete instead of counting less in silence.
 */
import { mkdir, mkdtemp, realpath, rename, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { supportCall, writeTrailFile } from './emulator/fixtures.js';
import { runCliInProcess } from './helpers/cli-in-process.js';

const A = '111122223333';
const B = '444455556666';
const DAY = '2026-11-10';
const FOLDER = {
  account: `AWSLogs/${B}`,
  region: `AWSLogs/${B}/CloudTrail/eu-west-1`,
  day: `AWSLogs/${B}/CloudTrail/eu-west-1/2026/11/10`,
} as const;

let root: string;
/** The copy of the bucket: --logs. */
let logs: string;
/** A folder beside it, outside --logs. */
let outside: string;
/** B's one log file, relative to logs. */
let fileKey: string;

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'support-audit-links-'));
  logs = path.join(root, 'bucket');
  outside = path.join(root, 'outside');
  await mkdir(outside);
  const written = await Promise.all(
    [
      [A, 'us-east-1', 'e-a'],
      [B, 'eu-west-1', 'e-b'],
    ].map(([account, region, eventId]) =>
      writeTrailFile(root, {
        bucket: 'bucket',
        account: account!,
        region: region!,
        day: DAY,
        records: [
          supportCall({
            account: account!,
            region: region!,
            eventId: eventId!,
            eventTime: `${DAY}T10:00:00Z`,
          }),
        ],
      }),
    ),
  );
  fileKey = written[1]!.key;
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Moves `relative` to `to` and leaves a link to it in its place. */
async function replaceWithLink(relative: string, to: string): Promise<void> {
  await mkdir(path.dirname(to), { recursive: true });
  await rename(path.join(logs, relative), to);
  await symlink(to, path.join(logs, relative));
}

interface Summary {
  readonly totals: { readonly supportCalls: number };
  readonly complete: boolean;
  readonly unreadableFiles: ReadonlyArray<{ path: string; reason: string }>;
}

async function audit(): Promise<Summary> {
  const out = path.join(root, 'report');
  const run = await runCliInProcess([
    ...['--logs', logs, '--start-date', DAY, '--end-date', DAY, '--output-dir', out],
    ...['--format', 'json', '--no-require-logs'],
  ]);
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as Summary;
}

describe('links inside --logs are read as S3 would see the objects', () => {
  it.each(['account', 'region', 'day'] as const)('a symlinked %s folder is read', async (level) => {
    await replaceWithLink(FOLDER[level], path.join(logs, 'store', level));
    const summary = await audit();
    expect(summary).toMatchObject({ totals: { supportCalls: 2 }, complete: true, unreadableFiles: [] });
  });

  it('a symlinked log file is read under its own name, whatever the name of its target', async () => {
    await replaceWithLink(fileKey, path.join(logs, 'store', 'blob-without-extension'));
    const summary = await audit();
    expect(summary).toMatchObject({ totals: { supportCalls: 2 }, complete: true, unreadableFiles: [] });
  });
});

describe('links out of --logs are never followed, and listed with the true reason', () => {
  it.each(['account', 'region', 'day'] as const)(
    'the %s folder linked outside --logs: not read, listed, the audit incomplete',
    async (level) => {
      const target = path.join(outside, level);
      await replaceWithLink(FOLDER[level], target);
      const summary = await audit();
      expect(summary.totals.supportCalls).toBe(1);
      expect(summary.complete).toBe(false);
      expect(summary.unreadableFiles).toEqual([
        { path: `${FOLDER[level]}/`, reason: `a link to ${target}, outside the logs folder: not read` },
      ]);
    },
  );

  it('a log file linked outside --logs: not read, listed', async () => {
    const target = path.join(outside, 'copied.json.gz');
    await replaceWithLink(fileKey, target);
    const summary = await audit();
    expect(summary.totals.supportCalls).toBe(1);
    expect(summary.unreadableFiles).toEqual([
      { path: fileKey, reason: `a link to ${target}, outside the logs folder: not read` },
    ]);
  });

  it('a region folder linked to nothing, and a log file linked to itself: listed with their reasons', async () => {
    await rm(path.join(logs, FOLDER.region), { recursive: true });
    await symlink(path.join(outside, 'gone'), path.join(logs, FOLDER.region));
    const loop = `AWSLogs/${A}/CloudTrail/us-east-1/2026/11/10/loop.json.gz`;
    await symlink(path.join(logs, loop), path.join(logs, loop));
    const summary = await audit();
    expect(summary.totals.supportCalls).toBe(1);
    expect(summary.unreadableFiles).toEqual([
      { path: loop, reason: 'a link that leads back to itself (ELOOP): not read' },
      { path: `${FOLDER.region}/`, reason: 'a link to nothing: not read' },
    ]);
  });

  it("an organization's folder linked outside --logs: the audit is refused, saying why", async () => {
    const organizationId = 'o-abcdefghij';
    await writeTrailFile(root, {
      bucket: 'bucket',
      organizationId,
      account: A,
      region: 'us-east-1',
      day: DAY,
      records: [
        supportCall({ account: A, region: 'us-east-1', eventId: 'e-o', eventTime: `${DAY}T10:00:00Z` }),
      ],
    });
    const target = path.join(outside, 'organization');
    await replaceWithLink(`AWSLogs/${organizationId}`, target);
    const run = await runCliInProcess([
      ...['--logs', logs, '--start-date', DAY, '--end-date', DAY, '--organization-id', organizationId],
      ...['--output-dir', path.join(root, 'report')],
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      `support-audit: AWSLogs/${organizationId}/ in ${await realpath(logs)} is a link to ${target}, outside the logs folder: not read.`,
    );
  });
});
