/**
 * Finds the CloudTrail log files of a window in a local copy of the bucket: the local form of partition
 * projection. It reads every layout that holds the audited accounts' logs under the prefixes the inputs name (an
 * account trail's `AWSLogs/ACCOUNT/`, each organization trail's `AWSLogs/o-.../ACCOUNT/`), only `CloudTrail/`
 * folders (never digests, Insight, Config or other siblings), only the window's day folders. Whatever else it
 * meets is named in a note, and whatever it could not list or read is listed as unreadable.
 *
 * Only folders that exist are listed (day-folders.ts), so a listing costs what the copy holds.
 */
import path from 'node:path';
import { deliveryDays } from '../../core/dates.js';
import type { AccountRegions, TableRequest, UnreadableFile } from '../../core/engine.js';
import { UsageError } from '../../core/errors.js';
import { cloudTrailFolder, tableLayout, type TableLayout } from '../../core/layout.js';
import { firstNamed, plural } from '../../core/wording.js';
import { windowFiles, type ListingWatch, type Source } from './day-folders.js';
import { describeCopy, type HeldFolder } from './copy-contents.js';
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
  /**
   * What was passed over, for the report, and what the copy holds when the audit asks for an account or region
   * it lacks (also said as the listing ends).
   */
  readonly notes: readonly string[];
}

/** A trail folder of the copy: a layout (its prefix and organization) and an account that has logs there. */
interface Trail {
  readonly prefix: string;
  readonly organizationId: string | undefined;
  readonly account: string;
}

/**
 * The log files a request reads in the local copy under `logsDir`, and the layout they form. Under every prefix
 * the request names, every layout that holds the accounts' logs is read: an account trail's
 * (`AWSLogs/ACCOUNT/`) and each organization trail's (`AWSLogs/o-ID/ACCOUNT/`), since a trail that moved left its
 * earlier days behind. A prefix the request does not name that holds the accounts' logs is listed as unread.
 */
export async function findWindowFiles(
  logsDir: string,
  request: TableRequest,
  watch: ListingWatch = { intervalMs: 5000 },
  namedOnly = false,
): Promise<WindowFiles> {
  const root = await logsRoot(logsDir);
  const asked = request.layouts[0]!;
  const prefixes = [...new Set(request.layouts.map((layout) => layout.prefix))];
  const notes: string[] = [];
  const unreadable: UnreadableFile[] = [];
  const trails = prefixes
    .flatMap((prefix) => trailsUnder(root, prefix, asked.organizationId, notes, unreadable))
    .filter(
      (trail) =>
        !namedOnly ||
        request.layouts.some((l) => l.prefix === trail.prefix && l.organizationId === trail.organizationId),
    );
  if (trails.length === 0) throw noAccounts(root, prefixes);
  const accounts =
    asked.accounts.length > 0 ? [...asked.accounts] : [...new Set(trails.map((t) => t.account))];
  const listings = trails.map((trail) => {
    const folder = cloudTrailFolder(trail.prefix, trail.organizationId, trail.account);
    return { account: trail.account, folder, listing: listFolder(root, folder) };
  });
  const held: HeldFolder[] = listings.flatMap(({ account, folder, listing }) =>
    'entries' in listing
      ? listing.entries
          .filter((e) => e.kind === 'folder')
          .map((e) => ({ account, region: e.name, folder: `${folder}/${e.name}` }))
      : [],
  );
  const found: AccountRegions[] = [];
  const sources: Source[] = [];
  for (const account of accounts) {
    const present = new Map<string, string[]>();
    for (const { folder, listing } of listings.filter((l) => l.account === account)) {
      if ('error' in listing) unreadable.push({ path: `${folder}/`, reason: listing.error });
      const entries = 'entries' in listing ? listing.entries : [];
      const wanted = (name: string) => asked.regions.length === 0 || asked.regions.includes(name);
      unreadable.push(
        ...notFollowed(
          entries.filter((e) => wanted(e.name)),
          folder,
        ),
      );
      for (const region of entries.filter((e) => e.kind === 'folder').map((e) => e.name)) {
        present.set(region, [...(present.get(region) ?? []), `${folder}/${region}`]);
      }
    }
    // An account the copy holds nothing of is audited in the copy's regions, as a region it holds nothing of
    // is: its days without logs make the audit incomplete, never a clean one.
    const regions =
      asked.regions.length > 0
        ? [...asked.regions]
        : present.size > 0
          ? [...present.keys()].sort()
          : [...new Set(held.map((h) => h.region))].sort();
    found.push({ account, regions });
    for (const region of regions) {
      for (const folder of present.get(region) ?? []) sources.push({ account, region, folder });
    }
  }
  const regions = [...new Set(found.flatMap((f) => f.regions))].sort();
  if (regions.length === 0) {
    throw new UsageError(
      `No CloudTrail logs to audit in ${logsDir}: no region folders under ${prefixes.map((p) => awsLogsFolder(p)).join(', ')}. Name the accounts and regions with --account and --region, or check --prefix.`,
    );
  }
  if (!namedOnly) unreadable.push(...otherPrefixes(root, prefixes, accounts));
  const layout = {
    ...tableLayout({
      ...asked,
      root: `${root}/`,
      accounts,
      regions: asked.regions.length > 0 ? [...asked.regions] : regions,
    }),
    // The copy has no table: what the audit read is the AWSLogs folder of each prefix, or the copy when several.
    location: prefixes.length === 1 ? path.join(root, awsLogsFolder(prefixes[0]!)) : root,
  };
  const listing = await windowFiles(root, sources, deliveryDays(request.window), watch);
  unreadable.push(...listing.unreadable);
  if (listing.passedOver.length > 0) notes.push(passedOverNote(listing.passedOver));
  if (listing.besideGzip.length > 0) notes.push(besideGzipNote(listing.besideGzip));
  const unheld = found.some((f) =>
    f.regions.some((region) => !sources.some((s) => s.account === f.account && s.region === region)),
  );
  if (unheld) {
    const copy = describeCopy(root, held);
    watch.log?.(copy);
    notes.push(copy);
  }
  return { root, layout, files: listing.files, found, unreadable, notes };
}

/** No account or organization folder under any prefix: no copy, refused before the run claims its output folder. */
export async function requireTrailCopy(logsDir: string, prefixes: readonly string[], organization?: string) {
  const root = await logsRoot(logsDir);
  const trails = prefixes.flatMap((prefix) => trailsUnder(root, prefix, organization, [], []));
  if (trails.length === 0) throw noAccounts(root, prefixes);
}

function awsLogsFolder(prefix: string): string {
  return [prefix, 'AWSLogs'].filter(Boolean).join('/');
}

function noAccounts(root: string, prefixes: readonly string[]): UsageError {
  const parent =
    path.basename(root) === 'AWSLogs'
      ? ` (it is itself an AWSLogs folder: give its parent, ${path.dirname(root)})`
      : '';
  const named = prefixes.some(Boolean);
  return new UsageError(
    `No ${prefixes.map((p) => `${awsLogsFolder(p)}/`).join(' or ')} folder with accounts in ${root}${parent}: logs must be a copy of the trail bucket, as "aws s3 sync s3://BUCKET DIR" makes it${named ? ', and prefix the part before AWSLogs/' : ''}.`,
  );
}

/**
 * The trails under a prefix: an account trail's account folders, and each organization's. With an organization
 * id given, its folder must be there; other organizations' folders are read too, as their accounts' trails may
 * have moved. Anything else at the top is named in a note.
 */
function trailsUnder(
  root: string,
  prefix: string,
  organizationId: string | undefined,
  notes: string[],
  unreadable: UnreadableFile[],
): Trail[] {
  const awsLogs = awsLogsFolder(prefix);
  const top = listFolder(root, awsLogs);
  if ('error' in top) throw new UsageError(`${awsLogs}/ in ${root} is ${top.error}.`);
  unreadable.push(
    ...notFollowed(
      top.entries.filter((e) => ACCOUNT_FOLDER.test(e.name) || ORGANIZATION_FOLDER.test(e.name)),
      awsLogs,
    ),
  );
  const folders = top.entries.filter((e) => e.kind === 'folder').map((e) => e.name);
  const organizations = folders.filter((name) => ORGANIZATION_FOLDER.test(name));
  const other = folders.filter((name) => !ORGANIZATION_FOLDER.test(name) && !ACCOUNT_FOLDER.test(name));
  if (other.length > 0) {
    notes.push(
      `${firstNamed(
        other.map((f) => `${awsLogs}/${f}/`),
        NAMED_IN_NOTE,
      )} ${other.length === 1 ? 'is' : 'are'} neither an account nor an organization folder: not read`,
    );
  }
  const linked = top.entries.find((e) => e.name === organizationId && 'reason' in e);
  if (linked && 'reason' in linked)
    throw new UsageError(`${awsLogs}/${linked.name}/ in ${root} is ${linked.reason}.`);
  if (organizationId !== undefined && top.entries.length > 0 && !organizations.includes(organizationId)) {
    throw new UsageError(
      `No ${awsLogs}/${organizationId}/ folder in ${root}, which organization-id ${organizationId} selects${organizations.length ? `; organization folders there: ${organizations.join(', ')}` : ''}.`,
    );
  }
  const trails: Trail[] = folders
    .filter((name) => ACCOUNT_FOLDER.test(name))
    .map((account) => ({ prefix, organizationId: undefined, account }));
  for (const organization of organizations) {
    const accounts = listFolder(root, `${awsLogs}/${organization}`);
    if ('error' in accounts) {
      unreadable.push({ path: `${awsLogs}/${organization}/`, reason: accounts.error });
      continue;
    }
    const accountFolders = accounts.entries.filter((e) => ACCOUNT_FOLDER.test(e.name));
    unreadable.push(...notFollowed(accountFolders, `${awsLogs}/${organization}`));
    for (const entry of accountFolders.filter((e) => e.kind === 'folder')) {
      trails.push({ prefix, organizationId: organization, account: entry.name });
    }
  }
  return trails;
}

/** How deep below the copy's root another prefix's AWSLogs folder is looked for. */
const PREFIX_DEPTH = 4;

/**
 * AWSLogs folders under prefixes the request does not name that hold logs of the audited accounts: the audit
 * does not read them, so each is listed as unread, with the prefix that would read it.
 */
function otherPrefixes(
  root: string,
  prefixes: readonly string[],
  accounts: readonly string[],
): UnreadableFile[] {
  const unread: UnreadableFile[] = [];
  const visit = (folder: string, depth: number) => {
    const listing = listFolder(root, folder);
    if (!('entries' in listing)) return;
    for (const entry of listing.entries.filter((e) => e.kind === 'folder')) {
      const below = folder === '' ? entry.name : `${folder}/${entry.name}`;
      if (entry.name === 'AWSLogs') {
        if (prefixes.includes(folder)) continue;
        const held = accountsUnder(root, below).filter((account) => accounts.includes(account));
        if (held.length > 0) {
          unread.push({
            path: `${below}/`,
            reason: `holds CloudTrail logs of ${held.length === 1 ? 'account' : 'accounts'} ${firstNamed(held, NAMED_IN_NOTE)} under a prefix the inputs do not name: not read (add ${folder || '/'} to --prefix)`,
          });
        }
      } else if (depth < PREFIX_DEPTH) visit(below, depth + 1);
    }
  };
  visit('', 1);
  return unread;
}

/** The accounts with a folder in an AWSLogs folder, directly or in an organization's. */
function accountsUnder(root: string, awsLogs: string): string[] {
  const top = listFolder(root, awsLogs);
  if (!('entries' in top)) return [];
  const folders = top.entries.filter((e) => e.kind === 'folder').map((e) => e.name);
  const inOrganizations = folders
    .filter((name) => ORGANIZATION_FOLDER.test(name))
    .flatMap((organization) => {
      const listing = listFolder(root, `${awsLogs}/${organization}`);
      return 'entries' in listing ? listing.entries.map((e) => e.name) : [];
    });
  return [...new Set([...folders, ...inOrganizations].filter((name) => ACCOUNT_FOLDER.test(name)))];
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
  return `${paths.length} ${paths.length === 1 ? 'entry' : 'entries'} in the window's day folders ${paths.length === 1 ? 'is' : 'are'} not a log file (not named *.json.gz or *.json) and ${paths.length === 1 ? 'was' : 'were'} not read: ${firstNamed(paths, NAMED_IN_NOTE)}`;
}

function besideGzipNote(paths: readonly string[]): string {
  return `${plural(paths.length, 'plain .json file')} beside the same name in .json.gz ${paths.length === 1 ? 'was' : 'were'} read too (CloudTrail writes .json.gz; a decompressed copy's calls are folded as duplicate deliveries): ${firstNamed(paths, NAMED_IN_NOTE)}`;
}
