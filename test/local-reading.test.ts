/**
 * The local engine reads exactly the files it lists, as Athena reads every object of a partition: whatever
 * characters a file's name holds, a plain JSON file under a `.json.gz` name, a record holding a lone surrogate
 * escape. And one bad file never ends the audit: a gzip stream followed by garbage and a file expanding beyond
 * what one log file may hold are listed with their true reason while the rest is read.
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import type { AuditResult } from '../src/core/result.js';
import { DIRECT_BYTES } from '../src/engines/local/direct-read.js';
import { ReadingThreads } from '../src/engines/local/reading-threads.js';
import { auditLocal, supportCall } from './helpers/audit-local.js';

const DAY = 'AWSLogs/111122223333/CloudTrail/us-east-1/2026/10/03';
const PREFIX = '111122223333_CloudTrail_us-east-1_20261003T0800Z';

const logFile = (...ids: string[]) => JSON.stringify({ Records: ids.map((id) => supportCall(id)) });

/** A limit on one file's JSON small enough for a test to exceed. */
const LIMIT = 8 * 2 ** 20;

/** Audits a day folder holding these files, named by their suffix after the usual prefix. */
async function auditFiles(files: Record<string, Buffer | string>): Promise<AuditResult> {
  const logs = await mkdtemp(path.join(tmpdir(), 'support-audit-reading-'));
  await mkdir(path.join(logs, DAY), { recursive: true });
  for (const [suffix, body] of Object.entries(files)) {
    await writeFile(path.join(logs, DAY, `${PREFIX}_${suffix}`), body);
  }
  return auditLocal(
    logs,
    { 'start-date': '2026-10-03', 'end-date': '2026-10-03' },
    { maxLogFileBytes: LIMIT },
  );
}

function readFigures(result: AuditResult) {
  const cells = result.coverage!.cells;
  return {
    events: result.events.map((e) => e.eventId).sort(),
    duplicateDeliveries: result.totals.duplicateDeliveries,
    records: cells.reduce((sum, c) => sum + c.records, 0),
    files: cells.reduce((sum, c) => sum + (c.files ?? 0), 0),
    unreadable: result.unreadableFiles.map((f) => `${path.basename(f.path)}: ${f.reason}`),
  };
}

describe('file names with glob characters', () => {
  it('reads each file exactly once, whatever characters its name holds, and no other file again', async () => {
    const names = ['copy', '[c]opy', '*', '?', '{a,b}', 'a', 'b', '**'];
    const result = await auditFiles(
      Object.fromEntries(names.map((name, i) => [`${name}.json.gz`, gzipSync(logFile(`id-${i}`))])),
    );
    expect(readFigures(result)).toEqual({
      events: names.map((_, i) => `id-${i}`).sort(),
      duplicateDeliveries: 0,
      records: names.length,
      files: names.length,
      unreadable: [],
    });
  });
});

describe('a plain JSON file saved under a .json.gz name', () => {
  it('is read, as Athena reads it', async () => {
    const result = await auditFiles({
      'plain.json.gz': logFile('plain-1', 'plain-2'),
      'gzip.json.gz': gzipSync(logFile('gzip-1')),
    });
    expect(readFigures(result)).toMatchObject({ events: ['gzip-1', 'plain-1', 'plain-2'], unreadable: [] });
  });
});

describe('a record holding a lone UTF-16 surrogate escape', () => {
  it('is read, as Athena reads it, the lone half as the replacement character, and the file with it', async () => {
    // JSON allows an escape of half a surrogate pair; DuckDB's parser refuses it. The escapes go in as written.
    const escapes = { HIGH: '\\ud800', LOW: '\\uDC00', PAIR: '\\ud83d\\ude00', BACKSLASH: '\\\\ud800' };
    const records = [
      supportCall('lone-high', { userAgent: 'agent HIGH high' }),
      supportCall('lone-low', { userAgent: 'agent LOW low' }),
      supportCall('pair', { userAgent: 'agent PAIR pair' }),
      supportCall('escaped-backslash', { userAgent: 'agent BACKSLASH text' }),
    ];
    let text = JSON.stringify({ Records: records });
    for (const [name, escape] of Object.entries(escapes)) text = text.replace(name, escape);
    const result = await auditFiles({ 'surrogates.json.gz': gzipSync(text) });
    expect(readFigures(result)).toMatchObject({
      events: ['escaped-backslash', 'lone-high', 'lone-low', 'pair'],
      unreadable: [],
    });
    const agents = Object.fromEntries(result.events.map((e) => [e.eventId, e.userAgent]));
    expect(agents).toEqual({
      'lone-high': 'agent \ufffd high',
      'lone-low': 'agent \ufffd low',
      pair: 'agent \u{1f600} pair',
      'escaped-backslash': 'agent \\ud800 text',
    });
  });
});

describe('a gzip with trailing garbage after the stream', () => {
  it('is listed as unreadable with the true reason, and the audit goes on', async () => {
    const result = await auditFiles({
      'garbage.json.gz': Buffer.concat([gzipSync(logFile('lost-1')), Buffer.from('not gzip at all')]),
      'good.json.gz': gzipSync(logFile('good-1')),
    });
    expect(readFigures(result)).toMatchObject({
      events: ['good-1'],
      unreadable: [
        `${PREFIX}_garbage.json.gz: 15 bytes of trailing garbage after the end of the gzip stream`,
      ],
    });
    expect(result.complete).toBe(false);
  });
});

describe('a record bomb: a small gzip expanding beyond what one log file may hold', () => {
  it('is listed as unreadable with the true reason once the limit is inflated, and the audit goes on', async () => {
    const record = JSON.stringify(supportCall('bomb'));
    const count = Math.ceil((LIMIT * 1.1) / (record.length + 1));
    const bomb = gzipSync(`{"Records":[${Array.from({ length: count }, () => record).join(',')}]}`, {
      level: 1,
    });
    expect(bomb.length).toBeLessThan(LIMIT / 20);
    // Its trailer claims what a small log file holds: the limit counts what is inflated, not what is claimed.
    bomb.writeUInt32LE(4096, bomb.length - 4);
    const result = await auditFiles({
      'bomb.json.gz': bomb,
      'good.json.gz': gzipSync(logFile('good-1')),
    });
    expect(readFigures(result).unreadable).toEqual([
      `${PREFIX}_bomb.json.gz: larger than 8 MiB of JSON, the most one log file may hold here (max-log-file-mib): not read (a decompression bomb?)`,
    ]);
    expect(readFigures(result).events).toContain('good-1');
    expect(result.complete).toBe(false);
  });
});

describe('a large file DuckDB reads directly, that it cannot read as it is', () => {
  /** Synthetic calls, with enough varied text to stay large once compressed. */
  const calls = (prefix: string) =>
    Array.from({ length: 600 }, (_, i) =>
      supportCall(`${prefix}-${i}`, { userAgent: `agent ${prefix} ${i * 7919} ${i ** 3}` }),
    );
  const large = (records: object[]) => {
    const body = gzipSync(JSON.stringify({ Records: records }));
    expect(body.length).toBeGreaterThanOrEqual(DIRECT_BYTES);
    return body;
  };

  it('goes to the reading threads, which read it or name why not, and the audit goes on', async () => {
    // Text where the audit reads an object (the support role's session issuer) is read as NULL, and said.
    const shaped: object[] = calls('shape');
    const odd = calls('shape')[3]!;
    shaped[3] = { ...odd, userIdentity: { ...odd.userIdentity, sessionContext: 'text' } };
    const surrogate = JSON.stringify({ Records: calls('surrogate') }).replace(
      'agent surrogate 0',
      'agent \\udc00',
    );
    const garbled = large(calls('garbage'));
    const result = await auditFiles({
      'good.json.gz': large(calls('good')),
      'shape.json.gz': large(shaped),
      'surrogate.json.gz': gzipSync(surrogate),
      // The gzip trailer repeated after the garbage, so that the file looks whole at a glance.
      'garbage.json.gz': Buffer.concat([garbled, Buffer.from('garbage'), garbled.subarray(-8)]),
      'malformed.json.gz': large(calls('malformed')).subarray(0, -20),
      'digest.json.gz': gzipSync(
        JSON.stringify({ digestStartTime: '2026-10-03T00:00:00Z', logFiles: calls('x') }),
      ),
    });
    const figures = readFigures(result);
    expect(figures.unreadable).toEqual([
      `${PREFIX}_digest.json.gz: no "Records" array: not a CloudTrail log file (a digest?)`,
      `${PREFIX}_garbage.json.gz: 15 bytes of trailing garbage after the end of the gzip stream`,
      `${PREFIX}_malformed.json.gz: truncated: the gzip stream ends early`,
    ]);
    expect(figures.events).toEqual(
      [...calls('good'), ...calls('shape'), ...calls('surrogate')].map((c) => c.eventID).sort(),
    );
    expect(result.table.actions.join('\n')).toMatch(/1 file held values of an unexpected shape/);
  });
});

describe('a failure of the reading threads themselves', () => {
  // DuckDB keeps only an error's message ("Invalid Input Error: offset is out of bounds", once, on a million
  // files): the error itself, with its stack, is what says where it came from.
  it.each([
    ['as the scan starts', 'open'],
    ['while it reads', 'poll'],
  ] as const)('%s ends the audit with that very error, not a file set aside', async (_, step) => {
    const fault = new RangeError('offset is out of bounds');
    const original = ReadingThreads.start.bind(ReadingThreads);
    const start = vi.spyOn(ReadingThreads, 'start').mockImplementation((root, count) => {
      const threads = original(root, count);
      vi.spyOn(threads, step).mockImplementation(() => {
        throw fault;
      });
      return threads;
    });
    try {
      await expect(auditFiles({ 'a.json.gz': gzipSync(logFile('id-a')) })).rejects.toBe(fault);
      expect(start).toHaveBeenCalled();
    } finally {
      start.mockRestore();
    }
  });
});
