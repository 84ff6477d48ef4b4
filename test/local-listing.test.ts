/**
 * The local engine's listing costs what the copy holds, not the window's calendar days times its accounts and
 * regions, and every phase of a local audit says how far it has got; the retry after files are set aside is
 * said once.
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import { listFolder } from '../src/engines/local/folders.js';
import { auditLocal, supportCall } from './helpers/audit-local.js';

// The real listing, counted.
vi.mock('../src/engines/local/folders.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../src/engines/local/folders.js')>();
  return { ...real, listFolder: vi.fn(real.listFolder) };
});

const ACCOUNTS = ['111122223333', '444455556666'];
const REGIONS = ['us-east-1', 'eu-west-1', 'ap-south-1'];
const logFile = (...ids: string[]) => gzipSync(JSON.stringify({ Records: ids.map((id) => supportCall(id)) }));

/** A copy with a log file on two days, in every account and region. */
async function sparseCopy(): Promise<string> {
  const logs = await mkdtemp(path.join(tmpdir(), 'support-audit-listing-'));
  for (const account of ACCOUNTS) {
    for (const region of REGIONS) {
      for (const day of ['2015/03/01', '2026/10/03']) {
        const folder = path.join(logs, 'AWSLogs', account, 'CloudTrail', region, day);
        await mkdir(folder, { recursive: true });
        await writeFile(
          path.join(folder, `${account}_CloudTrail_${region}_${day.replaceAll('/', '')}T0800Z_a.json.gz`),
          logFile(`${account}-${region}-${day}`),
        );
      }
    }
  }
  return logs;
}

describe('listing a twelve-year window', () => {
  it('lists the folders that exist, not every calendar day of every account and region', async () => {
    const logs = await sparseCopy();
    vi.mocked(listFolder).mockClear();
    const lines: string[] = [];
    const result = await auditLocal(
      logs,
      // The window's listing alone: the case lead-in lists the days before it.
      { 'start-date': '2014-10-01', 'end-date': '2026-10-03', 'case-lookback-days': '0' },
      { log: (line) => lines.push(line), progressIntervalMs: 0 },
    );
    expect(result.totals.supportCalls).toBe(ACCOUNTS.length * REGIONS.length * 2);
    // The logs folder (searched for AWSLogs/ under prefixes not named), AWSLogs/, each account's CloudTrail/,
    // and per region its folder, two years, two months and two days.
    const folders = 2 + ACCOUNTS.length * (1 + REGIONS.length * (1 + 2 + 2 + 2));
    expect(vi.mocked(listFolder).mock.calls.length).toBeLessThanOrEqual(folders);
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^Listing the window's day folders: \d+ folders? and \d+ log files? \(.*\) so far, in \d+ s$/,
      ),
    );
  });
});

describe('a query that sets files aside twice', () => {
  it('says once that it runs again', async () => {
    const logs = await mkdtemp(path.join(tmpdir(), 'support-audit-again-'));
    const folder = path.join(logs, 'AWSLogs/111122223333/CloudTrail/us-east-1/2026/10/03');
    await mkdir(folder, { recursive: true });
    const calls = (prefix: string) =>
      Array.from({ length: 600 }, (_, i) =>
        supportCall(`${prefix}-${i}`, { userAgent: `agent ${prefix} ${i * 7919} ${i ** 3}` }),
      );
    // Read by DuckDB directly and refused (a digest has no Records): then looked at closely, and set aside.
    await writeFile(
      path.join(folder, '111122223333_CloudTrail_us-east-1_20261003T0800Z_digest.json.gz'),
      gzipSync(JSON.stringify({ digestStartTime: '2026-10-03T00:00:00Z', logFiles: calls('x') })),
    );
    await writeFile(
      path.join(folder, '111122223333_CloudTrail_us-east-1_20261003T0800Z_good.json.gz'),
      gzipSync(JSON.stringify({ Records: calls('good') })),
    );
    const lines: string[] = [];
    const result = await auditLocal(
      logs,
      { 'start-date': '2026-10-03', 'end-date': '2026-10-03' },
      { log: (line) => lines.push(line) },
    );
    expect(result.unreadableFiles).toHaveLength(1);
    expect(lines.filter((line) => line.startsWith('Set aside log files'))).toEqual([
      'Set aside log files that could not be read as they are; running single-scan again',
    ]);
  });
});
