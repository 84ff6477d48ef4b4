/**
 * What the differential tests of the two sources share: a local audit of a Security Lake copy, the figures two
 * audits of the same events must agree on, and the CloudTrail records as Security Lake files them.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { runAudit } from '../../src/core/audit.js';
import type { RawInputs } from '../../src/core/inputs.js';
import type { AuditResult } from '../../src/core/result.js';
import { parseSettings } from '../../src/core/settings.js';
import { LocalEngine } from '../../src/engines/local/engine.js';
import { TODAY } from './audit-local.js';
import { dayAfter, listFiles, type Json } from './count-logs.js';

export async function auditSecurityLakeLocal(logs: string, inputs: RawInputs): Promise<AuditResult> {
  const settings = parseSettings({ logs, source: 'security-lake', ...inputs }, TODAY);
  const engine = await LocalEngine.open({ source: 'security-lake', logsDir: logs });
  try {
    return await runAudit(settings, engine, { now: () => TODAY });
  } finally {
    await engine.close();
  }
}

/** Every figure about the events: what two audits of the same events, from either source, must agree on. */
export function eventFigures(result: AuditResult) {
  const { coverage } = result;
  return {
    criteria: result.criteria,
    totals: result.totals,
    byAccountAndRegion: result.byAccountAndRegion,
    byIdentityAndSource: result.byIdentityAndSource,
    roleArns: result.roleArns,
    principalIds: result.principalIds,
    context: result.context,
    trailChanges: result.trailChanges,
    article: result.article,
    events: result.events,
    eventsComplete: result.eventsComplete,
    undatedSupportCalls: result.undatedSupportCalls,
    complete: result.complete,
    // The reasons name the files, whose paths differ between the sources.
    incompleteReasons: result.incompleteReasons.map((reason) => reason.replace(/ \(.*\)$/, '')),
    unreadableFiles: result.unreadableFiles.length,
    gaps: coverage && {
      accountsWithoutLogs: coverage.accountsWithoutLogs,
      regionsWithoutLogs: coverage.regionsWithoutLogs,
      daysWithoutLogs: coverage.daysWithoutLogs,
    },
  };
}

/** Records per account, region and day of the coverage (each source's own objects are not compared). */
export function coverageRecords(result: AuditResult): Record<string, number> {
  return Object.fromEntries(
    (result.coverage?.cells ?? []).map((c) => [`${c.account} ${c.region} ${c.day}`, c.records]),
  );
}

const LOG_FILE =
  /(?:^|\/)AWSLogs\/(\d{12})\/CloudTrail\/([a-z0-9-]+)\/(\d{4})\/(\d{2})\/(\d{2})\/[^/]+\.json\.gz$/;

/** The readable CloudTrail log files of a trail copy, with the folder's account, region and delivery day. */
async function logFiles(trailDir: string) {
  const files = [];
  for (const key of await listFiles(trailDir)) {
    const match = LOG_FILE.exec(key);
    if (!match) continue;
    const [, account, region, year, month, day] = match;
    try {
      const file = path.join(trailDir, key);
      const records = (JSON.parse(gunzipSync(await readFile(file)).toString('utf8')) as Json)
        .Records as Json[];
      files.push({ file, account: account!, region: region!, day: `${year}-${month}-${day}`, records });
    } catch {
      // The corrupt log file: no record of it is read from either source.
    }
  }
  return files;
}

/**
 * The coverage a Security Lake audit of the converted copy must report: the trail's records (of readable files)
 * filed under their event's own day instead of their delivery day, over the days the audit reads.
 */
export async function eventDayRecords(
  trailDir: string,
  window: { start: string; end: string },
  cells: Record<string, number>,
): Promise<Record<string, number>> {
  const expected = Object.fromEntries(Object.keys(cells).map((key) => [key, 0]));
  for (const { account, region, records } of await logFiles(trailDir)) {
    for (const record of records) {
      const day = String(record.eventTime).slice(0, 10);
      if (day < window.start || day > dayAfter(window.end)) continue;
      const key = `${account} ${region} ${day}`;
      expected[key] = (expected[key] ?? 0) + 1;
    }
  }
  return expected;
}

/**
 * Rewrites a trail copy so that every record is delivered on its event's day: the records a file delivered
 * after midnight are dropped. On such logs a trail's delivery days and Security Lake's event days are the same.
 */
export async function dropMidnightCrossings(trailDir: string): Promise<number> {
  let dropped = 0;
  for (const { file, day, records } of await logFiles(trailDir)) {
    const kept = records.filter((r) => String(r.eventTime).startsWith(day));
    dropped += records.length - kept.length;
    if (kept.length !== records.length) await writeFile(file, gzipSync(JSON.stringify({ Records: kept })));
  }
  return dropped;
}
