/**
 * Log files of any size are read whole and counted exactly, the reading threads, their rings and DuckDB's
 * table function never waiting on each other in a circle: files of 1 to 200 MiB of JSON (around every size a
 * ring or a piece could fill up at), in one audit and each alone. Files of 32 to 64 MiB once hung the audit.
 */
import { createWriteStream } from 'node:fs';
import { link, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditResult } from '../src/core/result.js';
import { auditLocal, supportCall } from './helpers/audit-local.js';

const SIZES_MIB = [1, 31, 33, 48, 63, 65, 200];
const DAY = 'AWSLogs/111122223333/CloudTrail/us-east-1/2026/10/03';
/** A record that is not a support call, short, so that a large file is quick to write and to parse. */
const FILLER = JSON.stringify({
  eventVersion: '1.08',
  eventTime: '2026-10-03T08:00:00Z',
  eventSource: 's3.amazonaws.com',
  eventName: 'GetObject',
  awsRegion: 'us-east-1',
  sourceIPAddress: '203.0.113.7',
  userIdentity: {
    type: 'AssumedRole',
    arn: 'arn:aws:sts::111122223333:assumed-role/App/i-0',
    accountId: '111122223333',
  },
  eventID: 'filler',
});

interface LargeFile {
  readonly name: string;
  readonly records: number;
  readonly calls: readonly string[];
}

/** A log file of about `mib` MiB of JSON: a support call first, one in the middle and one last, fillers between. */
async function writeLargeFile(folder: string, mib: number): Promise<LargeFile> {
  const calls = ['first', 'middle', 'last'].map((at) => `${mib}-mib-${at}`);
  const fillers = Math.ceil((mib * 2 ** 20) / (FILLER.length + 1));
  const batch = 4096;
  async function* json() {
    yield `{"Records":[${JSON.stringify(supportCall(calls[0]!))}`;
    for (let written = 0; written < fillers; written += batch) {
      const count = Math.min(batch, fillers - written);
      if (written <= fillers / 2 && written + count > fillers / 2)
        yield `,${JSON.stringify(supportCall(calls[1]!))}`;
      yield `,${Array.from({ length: count }, () => FILLER).join(',')}`;
    }
    yield `,${JSON.stringify(supportCall(calls[2]!))}]}`;
  }
  // One of them plain JSON, as a copy may hold it; the others gzip, as CloudTrail writes them.
  const plain = mib === 33;
  const name = `111122223333_CloudTrail_us-east-1_20261003T0800Z_${mib}mib.json${plain ? '' : '.gz'}`;
  const out = createWriteStream(path.join(folder, name));
  await (plain
    ? pipeline(Readable.from(json()), out)
    : pipeline(Readable.from(json()), createGzip({ level: 1 }), out));
  return { name, records: fillers + calls.length, calls };
}

function figures(result: AuditResult) {
  const cells = result.coverage!.cells;
  return {
    events: result.events.map((e) => e.eventId).sort(),
    records: cells.reduce((sum, c) => sum + c.records, 0),
    files: cells.reduce((sum, c) => sum + (c.files ?? 0), 0),
    unreadable: result.unreadableFiles,
    complete: result.complete,
  };
}

const WINDOW = { 'start-date': '2026-10-03', 'end-date': '2026-10-03' };

describe('log files of 1 to 200 MiB of JSON', () => {
  let root: string;
  const files: LargeFile[] = [];

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'support-audit-large-'));
    await mkdir(path.join(root, 'all', DAY), { recursive: true });
    for (const mib of SIZES_MIB) {
      const file = await writeLargeFile(path.join(root, 'all', DAY), mib);
      files.push(file);
      // Each alone, in a copy of its own (a hard link: no second copy of the bytes).
      await mkdir(path.join(root, `${mib}`, DAY), { recursive: true });
      await link(path.join(root, 'all', DAY, file.name), path.join(root, `${mib}`, DAY, file.name));
    }
  }, 120_000);

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('are all read in one audit, every record counted and every call found', async () => {
    const result = await auditLocal(path.join(root, 'all'), WINDOW);
    expect(figures(result)).toEqual({
      events: files.flatMap((f) => f.calls).sort(),
      records: files.reduce((sum, f) => sum + f.records, 0),
      files: files.length,
      unreadable: [],
      complete: true,
    });
  }, 120_000);

  it.each(SIZES_MIB)('are each read alone: %i MiB', async (mib) => {
    const file = files.find((f) => f.name.includes(`_${mib}mib.`))!;
    const result = await auditLocal(path.join(root, `${mib}`), WINDOW);
    expect(figures(result)).toEqual({
      events: [...file.calls].sort(),
      records: file.records,
      files: 1,
      unreadable: [],
      complete: true,
    });
  });
});
