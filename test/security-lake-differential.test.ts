/**
 * The same events audited from a trail's log files and from Security Lake's OCSF objects must give the same
 * figures: totals, criteria, events, context, gaps. Coverage differs in one explained way only: a trail files a
 * record under the day it was delivered, Security Lake under its event's day, so the coverage of Security Lake
 * is the trail's records re-filed by event day; on logs where no delivery crosses midnight the two are equal.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateLogs } from '../scripts/generate-logs/index.js';
import { convertTrail } from '../scripts/generate-security-lake/index.js';
import { SAMPLE_WINDOW, sampleLogsDir } from '../src/core/sample.js';
import type { AuditResult } from '../src/core/result.js';
import { auditLocal } from './helpers/audit-local.js';
import {
  auditSecurityLakeLocal,
  coverageRecords,
  dropMidnightCrossings,
  eventDayRecords,
  eventFigures,
} from './helpers/security-lake.js';

const temporary: string[] = [];
afterAll(async () => {
  await Promise.all(temporary.map((dir) => rm(dir, { recursive: true, force: true })));
});
async function tempDir(label: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), `support-audit-${label}-`));
  temporary.push(dir);
  return dir;
}

const WINDOW = { 'start-date': SAMPLE_WINDOW.start, 'end-date': SAMPLE_WINDOW.end };

describe('the shipped samples: the trail and Security Lake', () => {
  let trail: AuditResult;
  let lake: AuditResult;

  beforeAll(async () => {
    trail = await auditLocal(sampleLogsDir(), WINDOW);
    lake = await auditSecurityLakeLocal(sampleLogsDir('security-lake'), WINDOW);
  });

  it('give the same figures and the same events', () => {
    expect(lake.totals.supportCalls).toBe(31);
    expect(eventFigures(lake)).toEqual(eventFigures(trail));
  });

  it('say which source they read', () => {
    expect(trail.source).toEqual({ name: 'cloudtrail', version: null, sample: false });
    expect(lake.source).toEqual({ name: 'security-lake', version: '2.0', sample: false });
    expect(lake.table.partitions).toEqual(['region', 'accountid', 'time_dt']);
  });

  it('list the unreadable log file and the unreadable object, each in its own source', () => {
    expect(trail.unreadableFiles.map((f) => f.path)).toEqual([
      expect.stringMatching(/^AWSLogs\/444455556666\/CloudTrail\/eu-west-1\/2026\/11\/05\//),
    ]);
    expect(lake.unreadableFiles).toEqual([
      {
        path: expect.stringMatching(
          /^aws\/CLOUD_TRAIL_MGMT\/2\.0\/region=eu-west-1\/accountId=444455556666\/eventDay=20261105\//,
        ),
        reason: 'not Parquet: no magic bytes (PAR1) at its end',
      },
    ]);
  });

  it("count Security Lake's records under their event's day, the trail's under their delivery day", async () => {
    const lakeCells = coverageRecords(lake);
    const trailCells = coverageRecords(trail);
    expect(Object.keys(lakeCells)).toEqual(Object.keys(trailCells));
    expect(lakeCells).toEqual(await eventDayRecords(sampleLogsDir(), SAMPLE_WINDOW, lakeCells));
    // The sample holds deliveries after midnight, so the two really differ: the test would not see a mix-up.
    expect(lakeCells).not.toEqual(trailCells);
  });
});

describe('generated logs without deliveries across midnight', () => {
  let trailDir: string;
  let lakeDir: string;
  let version1Dir: string;
  let window: { start: string; end: string };

  beforeAll(async () => {
    trailDir = await tempDir('trail');
    const generated = await generateLogs({
      outDir: trailDir,
      start: '2026-10-01',
      end: '2026-10-05',
      accounts: ['111122223333', '444455556666'],
      regions: ['us-east-1', 'eu-west-1'],
      filesPerDay: 3,
      recordsPerFile: 60,
      supportCallsPerFile: 3,
      seed: 11,
    });
    window = { start: '2026-10-02', end: generated.window.end };
    expect(await dropMidnightCrossings(trailDir)).toBeGreaterThan(0);
    lakeDir = await tempDir('lake');
    await convertTrail(trailDir, lakeDir, '2.0');
    version1Dir = await tempDir('lake-v1');
    await convertTrail(trailDir, version1Dir, '1.0');
  });

  it.each([
    ['every account and region', {}],
    ['one account and region', { account: '444455556666', region: 'eu-west-1' }],
  ])('give the same figures and the same coverage, version 2 and 1: %s', async (_, scope) => {
    const inputs = { 'start-date': window.start, 'end-date': window.end, ...scope };
    const trail = await auditLocal(trailDir, inputs);
    const lake = await auditSecurityLakeLocal(lakeDir, inputs);
    const version1 = await auditSecurityLakeLocal(version1Dir, inputs);
    expect(trail.totals.supportCalls).toBeGreaterThan(10);
    expect(trail.totals.duplicateDeliveries).toBe(0);
    expect(version1.source.version).toBe('1.0');
    for (const result of [lake, version1]) {
      expect(eventFigures(result)).toEqual(eventFigures(trail));
      expect(coverageRecords(result)).toEqual(coverageRecords(trail));
    }
  });

  it('give the same figures with the article queries (seed)', async () => {
    const inputs = {
      'start-date': window.start,
      'end-date': window.end,
      'query-set': 'seed',
      'require-logs': 'false',
    };
    const trail = await auditLocal(trailDir, inputs);
    for (const dir of [lakeDir, version1Dir]) {
      const lake = await auditSecurityLakeLocal(dir, inputs);
      expect(lake.totals).toEqual(trail.totals);
      expect(lake.article.numberOfCalls).toBe(trail.article.numberOfCalls);
      const sorted = (r: AuditResult) =>
        [...r.article.byIdentityAndSource].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
      expect(sorted(lake)).toEqual(sorted(trail));
    }
  });

  it('reads a copy holding both versions as version 2, and names version 1 in a note', async () => {
    const both = await tempDir('both');
    await cp(lakeDir, both, { recursive: true });
    await cp(version1Dir, both, { recursive: true });
    const result = await auditSecurityLakeLocal(both, { 'start-date': window.start, 'end-date': window.end });
    expect(result.source.version).toBe('2.0');
    expect(result.table.actions.join('\n')).toContain('aws/CLOUD_TRAIL_MGMT/1.0/ holds source version 1');
  });
});
