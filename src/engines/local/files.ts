/**
 * Finds the CloudTrail log files of a window in a local copy of the bucket: the local form of partition
 * projection. It reads exactly the folders Athena would for the same inputs: one layout (an organization
 * trail's `AWSLogs/o-.../ACCOUNT/` when organization-id is given, a trail's `AWSLogs/ACCOUNT/` otherwise), only
 * `CloudTrail/` folders (never digests, Insight, Config or other siblings), only the window's day folders.
 * Whatever else it meets is named in a note, and whatever it could not list or read is listed as unreadable.
 *
 * Only folders that exist are listed (day-folders.ts), so a listing costs what the copy holds.
 */
import path from 'node:path';
import { deliveryDays } from '../../core/dates.js';
import type { AccountRegions, TableRequest, UnreadableFile } from '../../core/engine.js';
import { UsageError } from '../../core/errors.js';
import { cloudTrailFolder, tableLayout, type TableLayout } from '../../core/layout.js';
import { plural } from '../../core/wording.js';
import { windowFiles, type ListingWatch, type Source } from './day-folders.js';
import { listFolder, type FolderEntry } from './folders.js';
import { logsRoot } from './logs-folder.js';
import type { LogFileList } from './log-file-list.js';

const ACCOUNT_FOLDER = /^\d{12}$/;
/** Looser than the organization-id input: a copy of the bucket may hold shortened (anonymised) ids. */
const ORGANIZATION_FOLDER = /^o-[a-z0-9]+$/;
/** How many paths a note names before it only counts the rest. */
const NAMED_IN_NOTE = 5;

export interface WindowFiles {
  /** The logs folder, a real path: every file read must lie inside it. */
  readonly root: string;
  /** The layout the request gets, with the accounts and regions found when none were asked. */
  readonly layout: TableLayout;
  readonly files: LogFileList;
  /** The account and region folders the audit covers: the asked ones, or those found. */
  readonly found: readonly AccountRegions[];
  readonly unreadable: readonly UnreadableFile[];
  /** What was passed over, for the report. */
  readonly notes: readonly string[];
}

/** The log files a request reads in the local copy under `logsDir`, and the layout they form. */
export async function findWindowFiles(
  logsDir: string,
  request: TableRequest,
  watch: ListingWatch = { intervalMs: 5000 },
): Promise<WindowFiles> {
  const root = await logsRoot(logsDir);
  const { layout: asked } = request;
  const notes: string[] = [];
  const unreadable: UnreadableFile[] = [];
  const accounts = selectedAccounts(root, asked, notes, unreadable);
  const found: AccountRegions[] = [];
  const sources: Source[] = [];
  for (const account of asked.accounts.length > 0 ? asked.accounts : accounts) {
    const trail = cloudTrailFolder(asked.prefix, asked.organizationId, account);
    const listing = accounts.includes(account) ? listFolder(root, trail) : { entries: [] };
    if ('error' in listing) unreadable.push({ path: `${trail}/`, reason: listing.error });
    const entries = 'entries' in listing ? listing.entries : [];
    const wanted = (name: string) => asked.regions.length === 0 || asked.regions.includes(name);
    unreadable.push(
      ...notFollowed(
        entries.filter((e) => wanted(e.name)),
        trail,
      ),
    );
    const present = entries.filter((e) => e.kind === 'folder').map((e) => e.name);
    const regions = asked.regions.length > 0 ? [...asked.regions] : present;
    found.push({ account, regions });
    for (const region of regions.filter((r) => present.includes(r))) {
      sources.push({ account, region, folder: `${trail}/${region}` });
    }
  }
  const regions = [...new Set(found.flatMap((f) => f.regions))].sort();
  if (found.length === 0 || regions.length === 0) {
    throw new UsageError(
      `No CloudTrail logs to audit in ${logsDir}: ${found.length === 0 ? 'no account folders' : 'no region folders'} under ${awsLogsFolder(asked)}/${notes.length ? ` (${notes.join('; ')})` : ''}. Name the accounts and regions with --account and --region, or check --prefix and --organization-id.`,
    );
  }
  const layout = {
    ...tableLayout({
      ...asked,
      root: `${root}/`,
      accounts: asked.accounts.length > 0 ? [...asked.accounts] : found.map((f) => f.account),
      regions: asked.regions.length > 0 ? [...asked.regions] : regions,
    }),
    // The copy has no table: what the audit read is the AWSLogs folder of the layout the inputs select.
    location: path.join(root, awsLogsFolder(asked)),
  };
  const listing = await windowFiles(root, sources, deliveryDays(request.window), watch);
  unreadable.push(...listing.unreadable);
  if (listing.passedOver.length > 0) notes.push(passedOverNote(listing.passedOver));
  if (listing.besideGzip.length > 0) notes.push(besideGzipNote(listing.besideGzip));
  return { root, layout, files: listing.files, found, unreadable, notes };
}

function awsLogsFolder(asked: TableRequest['layout']): string {
  return [asked.prefix, 'AWSLogs', asked.organizationId].filter(Boolean).join('/');
}

/**
 * The account folders of the layout the inputs select. The other layout's folders, and anything else at the
 * top, are named in a note with the option that would select them.
 */
function selectedAccounts(
  root: string,
  asked: TableRequest['layout'],
  notes: string[],
  unreadable: UnreadableFile[],
): string[] {
  const awsLogs = [asked.prefix, 'AWSLogs'].filter(Boolean).join('/');
  const top = listFolder(root, awsLogs);
  if ('error' in top) throw new UsageError(`${awsLogs}/ in ${root} is ${top.error}.`);
  if (top.entries.length === 0) {
    const parent =
      path.basename(root) === 'AWSLogs'
        ? ` (it is itself an AWSLogs folder: give its parent, ${path.dirname(root)})`
        : '';
    throw new UsageError(
      `No ${awsLogs}/ folder with accounts in ${root}${parent}: logs must be a copy of the trail bucket, as "aws s3 sync s3://BUCKET DIR" makes it${asked.prefix ? ', and prefix the part before AWSLogs/' : ''}.`,
    );
  }
  const layoutFolder = (name: string) =>
    asked.organizationId === undefined ? ACCOUNT_FOLDER.test(name) : name === asked.organizationId;
  const blocked = notFollowed(
    top.entries.filter((e) => layoutFolder(e.name)),
    awsLogs,
  );
  unreadable.push(...blocked);
  const folders = top.entries.filter((e) => e.kind === 'folder').map((e) => e.name);
  const organizations = folders.filter((name) => ORGANIZATION_FOLDER.test(name));
  const plain = folders.filter((name) => ACCOUNT_FOLDER.test(name));
  const other = folders.filter((name) => !organizations.includes(name) && !plain.includes(name));
  if (other.length > 0) {
    notes.push(
      `${named(other.map((f) => `${awsLogs}/${f}/`))} ${other.length === 1 ? 'is' : 'are'} neither an account nor an organization folder: not read`,
    );
  }
  if (asked.organizationId === undefined) {
    for (const org of organizations) {
      notes.push(
        `${awsLogs}/${org}/ holds an organization trail's logs: not read (add --organization-id ${org} to audit them)`,
      );
    }
    return plain;
  }
  if (plain.length > 0) {
    notes.push(
      `${named(plain.map((a) => `${awsLogs}/${a}/`))} ${plain.length === 1 ? 'holds a trail' : 'hold trails'} outside the organization folder: not read (leave out --organization-id to audit them)`,
    );
  }
  for (const org of organizations.filter((o) => o !== asked.organizationId)) {
    notes.push(`${awsLogs}/${org}/ is another organization's folder: not read`);
  }
  // In this layout the one folder that can be blocked is the organization's own: nothing below it can be read.
  const [organizationLink] = blocked;
  if (organizationLink)
    throw new UsageError(`${organizationLink.path} in ${root} is ${organizationLink.reason}.`);
  if (!organizations.includes(asked.organizationId)) {
    throw new UsageError(
      `No ${awsLogs}/${asked.organizationId}/ folder in ${root}, which organization-id ${asked.organizationId} selects${organizations.length ? `; organization folders there: ${organizations.join(', ')}` : ''}.`,
    );
  }
  const organization = `${awsLogs}/${asked.organizationId}`;
  const accounts = listFolder(root, organization);
  if ('error' in accounts) throw new UsageError(`${organization}/ in ${root} is ${accounts.error}.`);
  const accountFolders = accounts.entries.filter((e) => ACCOUNT_FOLDER.test(e.name));
  unreadable.push(...notFollowed(accountFolders, organization));
  return accountFolders.filter((e) => e.kind === 'folder').map((e) => e.name);
}

/** Links out of the logs folder, or to nothing, among the folders the audit would read: listed, never dropped. */
function notFollowed(entries: readonly FolderEntry[], parent: string): UnreadableFile[] {
  return entries.flatMap((entry) =>
    entry.kind === 'outside' || entry.kind === 'broken'
      ? [{ path: `${parent}/${entry.name}/`, reason: entry.reason }]
      : [],
  );
}

function passedOverNote(paths: readonly string[]): string {
  return `${paths.length} ${paths.length === 1 ? 'entry' : 'entries'} in the window's day folders ${paths.length === 1 ? 'is' : 'are'} not a log file (not named *.json.gz or *.json) and ${paths.length === 1 ? 'was' : 'were'} not read: ${named(paths)}`;
}

function besideGzipNote(paths: readonly string[]): string {
  return `${plural(paths.length, 'plain .json file')} beside the same name in .json.gz ${paths.length === 1 ? 'was' : 'were'} read too (CloudTrail writes .json.gz; a decompressed copy's calls are folded as duplicate deliveries): ${named(paths)}`;
}

function named(paths: readonly string[]): string {
  const shown = paths.slice(0, NAMED_IN_NOTE).join(', ');
  return paths.length > NAMED_IN_NOTE ? `${shown} and ${paths.length - NAMED_IN_NOTE} more` : shown;
}
