/**
 * A local Security Lake audit reads two windows, the audit's and the explanation's lead-in (the days before
 * it), each through a relation of its own under the same name: a view over its objects, or an empty table when
 * it has none. Either may be empty: a lake enabled on the window's first day has no lead-in, and a window after
 * the last object has nothing of its own. Each must be read as it is, whatever the other was.
 */
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sampleLogsDir } from '../src/core/sample.js';
import { auditSecurityLakeLocal } from './helpers/security-lake.js';

const temporary: string[] = [];
afterAll(async () => {
  await Promise.all(temporary.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A copy of the Security Lake sample (objects of 2026-11-01 to 2026-11-09). */
async function sampleCopy(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'support-audit-lake-windows-'));
  temporary.push(dir);
  await cp(sampleLogsDir('security-lake'), dir, { recursive: true });
  return dir;
}

describe('a local Security Lake audit whose lead-in or window holds no object', () => {
  it('with no object before the window (the lake enabled on its first day): the window is read, the lead-in empty', async () => {
    const result = await auditSecurityLakeLocal(await sampleCopy(), {
      'start-date': '2026-11-01',
      'end-date': '2026-11-07',
    });
    expect(result.totals.supportCalls).toBeGreaterThan(0);
    expect(result.statistics.queries.map((q) => q.id)).toContain('case-lead-in');
  });

  it('with no object in the window but some before it: the window is read as empty, the lead-in as it is', async () => {
    const result = await auditSecurityLakeLocal(await sampleCopy(), {
      'start-date': '2026-11-15',
      'end-date': '2026-11-21',
    });
    expect(result.totals.supportCalls).toBe(0);
    expect(result.complete).toBe(false);
    expect(result.statistics.queries.map((q) => q.id)).toContain('case-lead-in');
  });

  it("names what it passed over in the window's day folders, though the lead-in, read after, passed over nothing", async () => {
    const copy = await sampleCopy();
    const day = 'aws/CLOUD_TRAIL_MGMT/2.0/region=us-east-1/accountId=111122223333/eventDay=20261103';
    await writeFile(path.join(copy, day, 'notes.txt'), 'not an object');
    const result = await auditSecurityLakeLocal(copy, {
      'start-date': '2026-11-02',
      'end-date': '2026-11-08',
    });
    expect(result.statistics.queries.map((q) => q.id)).toContain('case-lead-in');
    expect(result.table.actions).toContain(
      `1 entry in the window's day folders (not *.parquet) not read: ${day}/notes.txt`,
    );
  });
});
