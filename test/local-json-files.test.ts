/**
 * Uncompressed log files: a copy of the bucket whose files were decompressed (`*.json`) is read as CloudTrail
 * writes it (`*.json.gz`), every call counted, nothing set aside as "not a log file".
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { auditLocal, supportCall } from './helpers/audit-local.js';

const DAY = 'AWSLogs/111122223333/CloudTrail/us-east-1/2026/10/03';
const NAME = '111122223333_CloudTrail_us-east-1_20261003T0800Z';
const WINDOW = { 'start-date': '2026-10-03', 'end-date': '2026-10-03' };

const logFile = (...ids: string[]) => JSON.stringify({ Records: ids.map((id) => supportCall(id)) });

let logs: string;
afterEach(() => rm(logs, { recursive: true, force: true }));

async function dayFolder(files: Record<string, string | Buffer>): Promise<string> {
  logs = await mkdtemp(path.join(tmpdir(), 'support-audit-json-'));
  const day = path.join(logs, DAY);
  await mkdir(day, { recursive: true });
  for (const [name, content] of Object.entries(files)) await writeFile(path.join(day, name), content);
  return logs;
}

describe('uncompressed .json log files', () => {
  it('are read by the local engine, every call counted, the audit complete', async () => {
    const result = await auditLocal(
      await dayFolder({ [`${NAME}_a.json`]: logFile('a-1', 'a-2'), [`${NAME}_b.json`]: logFile('b-1') }),
      WINDOW,
    );
    expect(result.events.map((e) => e.eventId).sort()).toEqual(['a-1', 'a-2', 'b-1']);
    expect(result.coverage!.read).toEqual({ records: 3, files: 2 });
    expect(result.unreadableFiles).toEqual([]);
    expect(result.table.actions.filter((a) => a.includes('not a log file'))).toEqual([]);
    expect(result.complete).toBe(true);
  });

  it('are read beside compressed ones of other names', async () => {
    const result = await auditLocal(
      await dayFolder({
        [`${NAME}_a.json`]: logFile('a-1'),
        [`${NAME}_b.json.gz`]: gzipSync(logFile('b-1')),
      }),
      WINDOW,
    );
    expect(result.events.map((e) => e.eventId).sort()).toEqual(['a-1', 'b-1']);
    expect(result.totals.duplicateDeliveries).toBe(0);
  });
});
