/**
 * The coverage of report.html as heat maps: records read per account and region over the window, then the
 * same per day (or week or month), gaps marked. Tables rather than pictures: each cell's number can be read,
 * searched and copied, and the colours are classes the themes and print set.
 */
import { eachDay } from '../../core/dates.js';
import type { AuditResult, Coverage, CoverageCell } from '../../core/result.js';
import { bucketOfDay, timeAxis, type TimeBucket } from '../activity.js';
import { dayRanges } from '../../core/dates.js';
import { number, plural } from '../markdown/format.js';
import { escapeHtml } from './escape.js';

/** Beyond this many cells the day view would bury the page; summary.json keeps every figure. */
export const MAX_DAY_VIEW_CELLS = 40_000;

const LEVELS = 5;

/** Account-regions named in the findings before the rest are counted. */
const LISTED = 10;

interface Tally {
  records: number;
  files: number | null;
  daysWithRecords: number;
}

/** A colour level from 1 to LEVELS in proportion to the busiest cell; the number itself is in the cell. */
function level(records: number, most: number): string {
  if (records === 0) return 'gap';
  return `l${Math.max(1, Math.ceil((LEVELS * records) / Math.max(1, most)))}`;
}

const key = (...parts: string[]) => JSON.stringify(parts);

function tallies(cells: readonly CoverageCell[], inWindow: (day: string) => boolean): Map<string, Tally> {
  const byPlace = new Map<string, Tally>();
  for (const cell of cells) {
    const id = key(cell.account, cell.region);
    const tally = byPlace.get(id) ?? { records: 0, files: 0, daysWithRecords: 0 };
    byPlace.set(id, tally);
    if (!inWindow(cell.day)) continue;
    tally.records += cell.records;
    tally.files = tally.files === null || cell.files === null ? null : tally.files + cell.files;
    if (cell.records > 0) tally.daysWithRecords += 1;
  }
  return byPlace;
}

function ramp(): string {
  return Array.from({ length: LEVELS }, (_, i) => `<i class="swatch l${i + 1}"></i>`).join('');
}

const MATRIX_LEGEND = `<p class="legend">fewer ${ramp()} more records · <i class="swatch gap"></i> no record: a gap · — not audited</p>`;

const DAY_LEGEND =
  '<p class="legend">Each cell against the usual day of its row (the median): <i class="swatch usual"></i> at least ' +
  'half · <i class="swatch low"></i> a tenth to half · <i class="swatch scant"></i> under a tenth · ' +
  '<i class="swatch gap"></i> no record in any region of the account: a gap · <i class="swatch idle"></i> none ' +
  'in this region, logs in another</p>';

function matrix(
  coverage: Coverage,
  accounts: readonly string[],
  regions: readonly string[],
  days: number,
  inWindow: (day: string) => boolean,
): string {
  const byPlace = tallies(coverage.cells, inWindow);
  const most = Math.max(0, ...[...byPlace.values()].map((t) => t.records));
  const rows = accounts.map((account) => {
    const cells = regions.map((region) => {
      const tally = byPlace.get(key(account, region));
      if (tally === undefined)
        return `<td class="na" title="${escapeHtml(`${account} · ${region}: not audited`)}">—</td>`;
      const files = tally.files === null ? '' : ` in ${plural(tally.files, 'file')}`;
      const title = `${account} · ${region}: ${plural(tally.records, 'record')}${files}, on ${tally.daysWithRecords} of ${days} days`;
      return (
        `<td class="${level(tally.records, most)}" data-account="${escapeHtml(account)}" data-region="${escapeHtml(region)}" ` +
        `data-records="${tally.records}" title="${escapeHtml(title)}">${tally.records === 0 ? 'no logs' : number(tally.records)}` +
        `<small>${tally.daysWithRecords}/${days} days</small></td>`
      );
    });
    return `<tr><th scope="row">${escapeHtml(account)}</th>${cells.join('')}</tr>`;
  });
  const head = regions.map((r) => `<th scope="col">${escapeHtml(r)}</th>`).join('');
  return (
    '<div class="scroll"><table class="heat matrix" data-heatmap="accounts-regions">' +
    `<thead><tr><th scope="col">Account</th>${head}</tr></thead><tbody>${rows.join('')}</tbody></table></div>`
  );
}

const days = (bucket: TimeBucket) => eachDay(bucket.first, bucket.last).length;

/** The median records per day over a row's stretches that have any, so a dip shows against the row's own norm. */
function usualPerDay(counts: readonly number[], buckets: readonly TimeBucket[]): number {
  const rates = counts
    .map((count, i) => count / days(buckets[i]!))
    .filter((rate) => rate > 0)
    .sort((a, b) => a - b);
  return rates.length === 0 ? 0 : rates[Math.floor(rates.length / 2)]!;
}

function against(rate: number, usual: number): string {
  if (rate >= usual / 2) return 'usual';
  return rate >= usual / 10 ? 'low' : 'scant';
}

function dayView(
  result: AuditResult,
  coverage: Coverage,
  accounts: readonly string[],
  regions: readonly string[],
): string {
  const axis = timeAxis(result.window);
  const bucketOf = bucketOfDay(axis);
  const records = new Map<string, number>();
  const accountRecords = new Map<string, number>();
  const places = new Set<string>();
  for (const cell of coverage.cells) {
    places.add(key(cell.account, cell.region));
    const bucket = bucketOf.get(cell.day);
    if (bucket === undefined) continue;
    const id = key(cell.account, cell.region, String(bucket));
    records.set(id, (records.get(id) ?? 0) + cell.records);
    const accountId = key(cell.account, String(bucket));
    accountRecords.set(accountId, (accountRecords.get(accountId) ?? 0) + cell.records);
  }
  const rows = accounts.flatMap((a) =>
    regions.filter((r) => places.has(key(a, r))).map((r) => [a, r] as const),
  );
  const heading = `<h3>Per ${axis.unit}</h3>`;
  if (rows.length * axis.buckets.length > MAX_DAY_VIEW_CELLS) {
    return (
      `${heading}<p>${number(rows.length)} account-regions over ${plural(axis.buckets.length, axis.unit)} are too many ` +
      'to draw one by one: coverage.cells in summary.json holds every figure.</p>'
    );
  }
  const body = rows.map(([account, region]) => {
    const counts = axis.buckets.map((_, i) => records.get(key(account, region, String(i))) ?? 0);
    const usual = usualPerDay(counts, axis.buckets);
    const cells = axis.buckets.map((bucket, i) => {
      const count = counts[i]!;
      const when = bucket.first === bucket.last ? bucket.first : `${bucket.first} to ${bucket.last}`;
      const loggedElsewhere = (accountRecords.get(key(account, String(i))) ?? 0) > 0;
      const className =
        count === 0 ? (loggedElsewhere ? 'idle' : 'gap') : against(count / days(bucket), usual);
      const title = `${account} · ${region}, ${when}: ${count === 0 ? 'no record' : plural(count, 'record')}`;
      return `<td class="${className}" data-records="${count}" title="${escapeHtml(title)}"></td>`;
    });
    return `<tr><th scope="row">${escapeHtml(account)} · ${escapeHtml(region)}</th>${cells.join('')}</tr>`;
  });
  const head = axis.buckets.map((b) => `<th scope="col"><span>${escapeHtml(b.label)}</span></th>`).join('');
  return (
    `${heading}${DAY_LEGEND}<div class="scroll"><table class="heat days" data-heatmap="days">` +
    `<thead><tr><th scope="col">Account · region</th>${head}</tr></thead><tbody>${body.join('')}</tbody></table></div>`
  );
}

function findings(coverage: Coverage): string {
  const items: string[] = [];
  if (coverage.accountsWithoutLogs.length > 0) {
    items.push(
      `<li class="bad">No logs at all in the window for ${coverage.accountsWithoutLogs.map(escapeHtml).join(', ')}.</li>`,
    );
  }
  const partial = coverage.daysWithoutLogs.filter((d) => !coverage.accountsWithoutLogs.includes(d.account));
  const byAccount = new Map<string, string[]>();
  for (const { account, day } of partial) byAccount.set(account, [...(byAccount.get(account) ?? []), day]);
  for (const [account, gapDays] of byAccount) {
    items.push(
      `<li class="warn">No record in any region for ${escapeHtml(account)} on ${dayRanges(gapDays)}.</li>`,
    );
  }
  const idleRegions = coverage.regionsWithoutLogs.filter(
    (r) => !coverage.accountsWithoutLogs.includes(r.account),
  );
  if (idleRegions.length > 0) {
    const named = idleRegions
      .slice(0, LISTED)
      .map((r) => `${escapeHtml(r.account)} in ${escapeHtml(r.region)}`);
    const more = idleRegions.length > LISTED ? ` and ${number(idleRegions.length - LISTED)} more` : '';
    items.push(
      `<li>No record over the window, while the account has logs elsewhere: ${named.join(', ')}${more}.</li>`,
    );
  }
  return items.length === 0
    ? '<p class="good">Every account and region audited has records on every day of the window.</p>'
    : `<ul class="findings">${items.join('')}</ul>`;
}

export function coverageSection(result: AuditResult): string {
  const heading = '<h2 id="coverage">Coverage: what the audit read</h2>';
  const { coverage, window } = result;
  if (coverage === null) {
    return `<section>${heading}<p>Not measured by the ${escapeHtml(result.querySet)} query set.</p></section>`;
  }
  const inWindow = (day: string) => day >= window.start && day <= window.end;
  const accounts = [...new Set(coverage.cells.map((c) => c.account))];
  const regions = [...new Set(coverage.cells.map((c) => c.region))].sort();
  const days = eachDay(window.start, window.end).length;
  return (
    `<section>${heading}<p>Records delivered on the window’s days, per account and region (hover a cell for its ` +
    'figures). The day after the window is read for late deliveries but is no evidence of coverage.</p>' +
    `${findings(coverage)}${MATRIX_LEGEND}${matrix(coverage, accounts, regions, days, inWindow)}` +
    `${dayView(result, coverage, accounts, regions)}</section>`
  );
}
