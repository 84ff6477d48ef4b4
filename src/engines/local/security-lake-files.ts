/**
 * Finds the Parquet objects of a window in a local copy of a Security Lake bucket, as Athena's partition pruning
 * would select them: `aws/CLOUD_TRAIL_MGMT/VERSION/region=R/accountId=A/eventDay=YYYYMMDD/`, for the accounts and
 * regions asked (all found when none are) and the window's days. One version is read: 2.0 when the copy holds
 * it, 1.0 otherwise; the other is named in a note. Whatever else the day folders hold is named in a note, and
 * whatever could not be listed is listed as unreadable.
 */
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { deliveryDays, eachDay } from '../../core/dates.js';
import type { AccountRegions, TableRequest, UnreadableFile } from '../../core/engine.js';
import { UsageError } from '../../core/errors.js';
import type { TableLayout } from '../../core/layout.js';
import { SECURITY_LAKE_VERSIONS, type SecurityLakeVersion } from '../../core/sources/ocsf.js';
import { securityLakeFolder, securityLakeLayout } from '../../core/sources/security-lake.js';
import { firstNamed, plural } from '../../core/wording.js';
import { listFolder } from './folders.js';

const OBJECT = /\.parquet$/;
const NAMED_IN_NOTE = 5;

export interface LakeObject {
  /** Relative to the copy's root, with forward slashes, as the S3 key. */
  readonly key: string;
  readonly absolutePath: string;
  readonly bytes: number;
  /** The partitions its key names: `region=`, `accountId=` and `eventDay=` (`YYYYMMDD`). */
  readonly region: string;
  readonly account: string;
  readonly day: string;
}

export interface LakeWindow {
  /** The copy's real path. */
  readonly root: string;
  readonly version: SecurityLakeVersion;
  readonly layout: TableLayout;
  readonly objects: readonly LakeObject[];
  readonly found: readonly AccountRegions[];
  readonly unreadable: readonly UnreadableFile[];
  readonly notes: readonly string[];
}

async function rootOf(logsDir: string): Promise<string> {
  try {
    const root = await realpath(logsDir);
    if ((await stat(root)).isDirectory()) return root;
  } catch {
    // Named below, with what logs must be.
  }
  throw new UsageError(
    `logs ${JSON.stringify(logsDir)} is not a folder: give a copy of the Security Lake bucket (aws s3 sync s3://aws-security-data-lake-REGION-ID DIR).`,
  );
}

/** The values of `name=VALUE` folders in a folder. */
async function partitionValues(root: string, folder: string, name: string): Promise<string[]> {
  const listing = listFolder(root, folder);
  if ('error' in listing) return [];
  const prefix = `${name}=`;
  return listing.entries
    .filter((e) => e.kind === 'folder' && e.name.startsWith(prefix))
    .map((e) => e.name.slice(prefix.length));
}

/** Lists an object with its size, or as unreadable when it is gone or cannot be looked at since the listing. */
async function listObject(
  objects: LakeObject[],
  unreadable: UnreadableFile[],
  { key, absolutePath }: { key: string; absolutePath: string },
  region: string,
  account: string,
  day: string,
): Promise<void> {
  try {
    const { size } = await stat(absolutePath);
    objects.push({ key, absolutePath, bytes: size, region, account, day });
  } catch (error) {
    unreadable.push({
      path: key,
      reason: `could not be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    });
  }
}

/** The window's objects under `logsDir`, of `only` that version when given, of the newest one found otherwise. */
export async function findLakeWindow(
  logsDir: string,
  request: TableRequest,
  only?: SecurityLakeVersion,
): Promise<LakeWindow> {
  const root = await rootOf(logsDir);
  const listing = listFolder(root, 'aws/CLOUD_TRAIL_MGMT');
  const versions = SECURITY_LAKE_VERSIONS.filter(
    (v) =>
      (only === undefined || v === only) &&
      'entries' in listing &&
      listing.entries.some((e) => e.kind === 'folder' && e.name === v),
  );
  const version = versions[0];
  if (version === undefined) {
    throw new UsageError(
      `No aws/CLOUD_TRAIL_MGMT/2.0/ or 1.0/ folder in ${root}: logs must be a copy of the Security Lake bucket (aws s3 sync s3://aws-security-data-lake-REGION-ID DIR), which holds CloudTrail management events under aws/CLOUD_TRAIL_MGMT/.`,
    );
  }
  const notes = versions
    .slice(1)
    .map(
      (other) =>
        `${securityLakeFolder(other)}/ holds source version ${other.replace('.0', '')}'s objects: not read (an audit reads one version; ${version} is the newer)`,
    );
  const base = securityLakeFolder(version);
  const asked = request.layouts[0]!;
  const regionsFound = await partitionValues(root, base, 'region');
  const byAccount = new Map<string, string[]>();
  for (const region of regionsFound) {
    for (const account of await partitionValues(root, `${base}/region=${region}`, 'accountId')) {
      byAccount.set(account, [...(byAccount.get(account) ?? []), region]);
    }
  }
  const accounts = asked.accounts.length > 0 ? [...asked.accounts] : [...byAccount.keys()].sort();
  const found = accounts.map((account) => ({
    account,
    regions: asked.regions.length > 0 ? [...asked.regions] : (byAccount.get(account) ?? []).sort(),
  }));
  const regions = [...new Set(found.flatMap((f) => f.regions))].sort();
  if (found.length === 0 || regions.length === 0) {
    throw new UsageError(
      `No Security Lake objects to audit in ${logsDir}: ${found.length === 0 ? 'no accountId=' : 'no region='} folders under ${base}/. Name the accounts and regions with --account and --region.`,
    );
  }
  const objects: LakeObject[] = [];
  const unreadable: UnreadableFile[] = [];
  const passedOver: string[] = [];
  const { first, last } = deliveryDays(request.window);
  for (const { account, regions: accountRegions } of found) {
    for (const region of accountRegions) {
      for (const day of eachDay(first, last)) {
        const eventDay = day.replaceAll('-', '');
        const folder = `${base}/region=${region}/accountId=${account}/eventDay=${eventDay}`;
        const entries = listFolder(root, folder);
        if ('error' in entries) {
          unreadable.push({ path: `${folder}/`, reason: entries.error });
          continue;
        }
        for (const entry of entries.entries) {
          const key = `${folder}/${entry.name}`;
          if (entry.kind === 'outside' || entry.kind === 'broken')
            unreadable.push({ path: key, reason: entry.reason });
          else if (entry.kind !== 'file' || !OBJECT.test(entry.name)) passedOver.push(key);
          else
            await listObject(
              objects,
              unreadable,
              { key, absolutePath: entry.absolutePath },
              region,
              account,
              eventDay,
            );
        }
      }
    }
  }
  if (passedOver.length > 0) {
    notes.push(
      `${plural(passedOver.length, 'entry', 'entries')} in the window's day folders (not *.parquet) not read: ${firstNamed(passedOver, NAMED_IN_NOTE)}`,
    );
  }
  const layout = securityLakeLayout({ ...asked, root: `${root}/`, accounts, regions }, path.join(root, base));
  return { root, version, layout, objects, found, unreadable, notes };
}
