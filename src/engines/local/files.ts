/**
 * Finds the CloudTrail log files of a window in a local copy of the bucket: the local form of partition
 * projection. Only `CloudTrail/` folders are read (never the digest, Insight, Config or other siblings), and
 * only the day folders the window needs. Anything in those day folders that is not a log file is reported.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { deliveryDays, eachDay, partitionDay } from '../../core/dates.js';
import type { TableRequest, UnreadableFile } from '../../core/engine.js';
import { UsageError } from '../../core/errors.js';
import { cloudTrailFolder, tableLayout, type TableLayout } from '../../core/layout.js';

const ACCOUNT_FOLDER = /^\d{12}$/;
/** Looser than the organization-id input: a copy of the bucket may hold shortened (anonymised) ids. */
const ORGANIZATION_FOLDER = /^o-[a-z0-9]+$/;
const LOG_FILE = /\.json(\.gz)?$/;

export interface LogSource {
  readonly organizationId: string | undefined;
  readonly account: string;
  readonly region: string;
  /** The `CloudTrail/REGION` folder, relative to the logs root. */
  readonly folder: string;
}

export interface LogFile {
  /** Relative to the logs root, with forward slashes, as the S3 key. */
  readonly key: string;
  readonly absolutePath: string;
  readonly account: string;
  readonly region: string;
  /** The delivery-day partition value, `YYYY/MM/DD`. */
  readonly timestamp: string;
}

export interface SourceFilter {
  readonly prefix: string;
  readonly organizationId: string | undefined;
  readonly accounts: readonly string[];
  readonly regions: readonly string[];
}

async function folders(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/**
 * The account and region folders under `[prefix/]AWSLogs/`, both plain and organization-trail layouts, limited
 * to the accounts and regions asked for (all of them when none are).
 */
async function discoverSources(
  root: string,
  filter: SourceFilter,
): Promise<{ sources: LogSource[]; ignoredFolders: string[] }> {
  const awsLogs = [filter.prefix, 'AWSLogs'].filter(Boolean).join('/');
  const top = await folders(path.join(root, awsLogs));
  if (top.length === 0) {
    throw new UsageError(
      `No ${awsLogs}/ folder with accounts under ${root}: logs must be a copy of the trail bucket, as "aws s3 sync s3://BUCKET DIR" makes it.`,
    );
  }
  const accountFolders: Array<{ organizationId: string | undefined; account: string }> = [];
  const ignoredFolders: string[] = [];
  for (const name of top) {
    if (ORGANIZATION_FOLDER.test(name)) {
      if ((filter.organizationId ?? name) !== name) continue;
      for (const account of await folders(path.join(root, awsLogs, name))) {
        if (ACCOUNT_FOLDER.test(account)) accountFolders.push({ organizationId: name, account });
        else ignoredFolders.push(`${awsLogs}/${name}/${account}`);
      }
    } else if (ACCOUNT_FOLDER.test(name)) {
      if (filter.organizationId === undefined)
        accountFolders.push({ organizationId: undefined, account: name });
    } else {
      ignoredFolders.push(`${awsLogs}/${name}`);
    }
  }
  const sources: LogSource[] = [];
  for (const { organizationId, account } of accountFolders) {
    if (filter.accounts.length > 0 && !filter.accounts.includes(account)) continue;
    const trail = cloudTrailFolder(filter.prefix, organizationId, account);
    for (const region of await folders(path.join(root, trail))) {
      if (filter.regions.length > 0 && !filter.regions.includes(region)) continue;
      sources.push({ organizationId, account, region, folder: `${trail}/${region}` });
    }
  }
  return { sources, ignoredFolders };
}

/** The log files in the day folders from `firstDay` to `lastDay`, and whatever else those folders hold. */
async function windowFiles(
  root: string,
  sources: readonly LogSource[],
  days: { readonly first: string; readonly last: string },
): Promise<{ files: LogFile[]; unreadable: UnreadableFile[] }> {
  const files: LogFile[] = [];
  const unreadable: UnreadableFile[] = [];
  for (const source of sources) {
    for (const day of eachDay(days.first, days.last)) {
      const timestamp = partitionDay(day);
      const folder = `${source.folder}/${timestamp}`;
      let entries;
      try {
        entries = await readdir(path.join(root, folder), { withFileTypes: true });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw error;
      }
      for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
        const key = `${folder}/${entry.name}`;
        if (!entry.isFile() || !LOG_FILE.test(entry.name)) {
          unreadable.push({ path: key, reason: 'not a CloudTrail log file (expected a .json.gz file)' });
          continue;
        }
        const absolutePath = path.join(root, folder, entry.name);
        files.push({ key, absolutePath, account: source.account, region: source.region, timestamp });
      }
    }
  }
  return { files, unreadable };
}

export interface WindowFiles {
  /** The layout the request gets, with the accounts and regions found when none were asked. */
  readonly layout: TableLayout;
  readonly files: readonly LogFile[];
  readonly unreadable: readonly UnreadableFile[];
  /** What was passed over or not found, for the report. */
  readonly notes: readonly string[];
}

/** The log files a request reads in the local copy under `logsDir`, and the layout they form. */
export async function findWindowFiles(logsDir: string, request: TableRequest): Promise<WindowFiles> {
  const { layout: asked } = request;
  const { sources, ignoredFolders } = await discoverSources(logsDir, asked);
  const found = (pick: (s: (typeof sources)[number]) => string) => [...new Set(sources.map(pick))].sort();
  const notes = [
    ...ignoredFolders.map((f) => `${f} is neither an account nor an organization folder: not read`),
    ...asked.accounts
      .filter((a) => !sources.some((s) => s.account === a))
      .map((a) => `no logs for account ${a}`),
    ...asked.regions
      .filter((r) => !sources.some((s) => s.region === r))
      .map((r) => `no logs for region ${r}`),
  ];
  if (sources.length === 0) {
    throw new UsageError(
      `No CloudTrail logs under ${logsDir} for the accounts and regions asked${notes.length ? ` (${notes.join('; ')})` : ''}.`,
    );
  }
  const organizations = found((s) => s.organizationId ?? '');
  const layout = tableLayout({
    ...asked,
    root: `${logsDir}/`,
    organizationId:
      asked.organizationId ?? (organizations.length === 1 && organizations[0] ? organizations[0] : undefined),
    accounts: asked.accounts.length > 0 ? [...asked.accounts] : found((s) => s.account),
    regions: asked.regions.length > 0 ? [...asked.regions] : found((s) => s.region),
  });
  const listing = await windowFiles(logsDir, sources, deliveryDays(request.window));
  return { layout, ...listing, notes };
}
