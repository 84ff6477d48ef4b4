/** The local engine must agree exactly with the tests' independent oracle (test/helpers/count-logs.ts). */
import { mkdtemp, rename } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateLogs, generateSample } from '../scripts/generate-logs/index.js';
import { auditLocal } from './helpers/audit-local.js';
import { countLogs, totalsOf } from './helpers/count-logs.js';
import { layOutRealLogs, REAL_LOGS_WINDOW, requireRealLogs } from './helpers/real-logs.js';

async function expectEngineMatchesOracle(
  root: string,
  window: { start: string; end: string },
  inputs: Record<string, string> = {},
) {
  const expected = await countLogs(root, window.start, window.end);
  const result = await auditLocal(root, { 'start-date': window.start, 'end-date': window.end, ...inputs });
  expect(result.totals).toEqual(totalsOf(expected));
  expect(result.context).toEqual({
    supportApiCalls: expected.supportApiCalls,
    supportAuthorizationEvents: expected.supportAuthorizationEvents,
    trailChanges: expected.trailChanges,
  });
  // Coverage counts every record of the day folders read, in the window or not.
  expect(result.coverage!.cells.reduce((sum, cell) => sum + cell.records, 0)).toBe(expected.records);
  expect(result.events.map((e) => e.eventId).sort()).toEqual(expected.eventIds);
  expect(result.unreadableFiles.map((f) => f.path)).toEqual(expected.unreadable);
  return { expected, result };
}

describe('the engine agrees with an independent oracle', () => {
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'support-audit-oracle-'));
  });

  it('on the sample', async () => {
    const dir = path.join(work, 'sample');
    const manifest = await generateSample(dir);
    const { expected } = await expectEngineMatchesOracle(dir, manifest.window);
    expect(expected.supportCalls).toBe(manifest.expected.supportCalls);
  });

  it('on generated logs of an organization trail under a prefix, lookalike roles included', async () => {
    const dir = path.join(work, 'generated');
    await generateLogs({
      outDir: dir,
      start: '2026-09-28',
      end: '2026-10-02',
      accounts: ['111122223333', '444455556666', '777788889999'],
      regions: ['us-east-1', 'eu-west-1'],
      organizationId: 'o-abcdefghij',
      prefix: 'trails/org',
      filesPerDay: 2,
      recordsPerFile: 60,
      supportCallsPerFile: 1.5,
      seed: 11,
    });
    const { expected, result } = await expectEngineMatchesOracle(
      dir,
      { start: '2026-09-29', end: '2026-10-01' },
      { prefix: 'trails/org', 'organization-id': 'o-abcdefghij' },
    );
    expect(result.table.partitions).toEqual(['account', 'region', 'timestamp']);
    expect(expected.supportCalls).toBeGreaterThan(0);
    expect(result.complete).toBe(true);
  });

  it('on ~850 real public records: nothing crashes, unreadable files are listed, nothing is flagged falsely', async (context) => {
    requireRealLogs(context);
    const dir = path.join(work, 'real');
    const layout = await layOutRealLogs(dir);
    // One source keeps its key under an anonymised organization id, shorter than AWS issues: give its folder a
    // well-formed id. Both layouts are read, with the organization's id given or not.
    const [anonymised, ...others] = [
      ...new Set(layout.files.map((f) => /^AWSLogs\/(o-[a-z0-9]+)\//.exec(f)?.[1])),
    ].filter((id): id is string => id !== undefined);
    expect(others).toEqual([]);
    const organizationId = `${anonymised!}0000000000`.slice(0, 14);
    await rename(path.join(dir, 'AWSLogs', anonymised!), path.join(dir, 'AWSLogs', organizationId));
    const unreadable = layout.expectedUnreadable.map((key) =>
      key.replace(`AWSLogs/${anonymised}/`, `AWSLogs/${organizationId}/`),
    );
    for (const inputs of [{}, { 'organization-id': organizationId }] as Array<Record<string, string>>) {
      const { expected, result } = await expectEngineMatchesOracle(dir, REAL_LOGS_WINDOW, inputs);
      expect(expected.supportCalls).toBe(0);
      expect(result.events).toEqual([]);
      expect(result.unreadableFiles.map((f) => f.path)).toEqual([...unreadable].sort());
    }
  });
});
