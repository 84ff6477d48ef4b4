/**
 * A corpus of broken logs in one window, beside good ones: the local engine completes the audit, counts what
 * it can read exactly, and lists and counts every file it cannot read, saying the totals may be incomplete.
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderMarkdown } from '../src/report/markdown/index.js';
import type { AuditResult } from '../src/core/result.js';
import { auditLocal, supportCall } from './helpers/audit-local.js';

const DAY = 'AWSLogs/111122223333/CloudTrail/us-east-1/2026/10/03';

const gz = (value: unknown) => gzipSync(JSON.stringify(value));

const CORPUS: Record<string, { body: Buffer; unreadable: RegExp | null }> = {
  'good.json.gz': { body: gz({ Records: [supportCall('good-1'), supportCall('good-2')] }), unreadable: null },
  'truncated.json.gz': {
    body: gz({ Records: [supportCall('lost-1')] }).subarray(0, 60),
    unreadable: /./,
  },
  'invalid-json.json.gz': {
    body: gzipSync('{"Records":[{"eventID": "x" "y"}]}'),
    unreadable: /Malformed JSON/,
  },
  'empty-object.json.gz': { body: gzipSync('{}'), unreadable: /no "Records" array/ },
  'empty-records.json.gz': { body: gz({ Records: [] }), unreadable: null },
  'zero-bytes.json.gz': { body: Buffer.alloc(0), unreadable: /./ },
  'digest-in-wrong-folder.json.gz': {
    body: gz({ awsAccountId: '111122223333', digestStartTime: '2026-10-03T00:00:00Z', logFiles: [] }),
    unreadable: /no "Records" array/,
  },
  'insight-in-wrong-folder.json.gz': {
    body: gz({
      Records: [
        {
          eventVersion: '1.07',
          eventTime: '2026-10-03T09:00:00Z',
          eventType: 'AwsCloudTrailInsight',
          eventID: 'insight-1',
        },
      ],
    }),
    unreadable: null,
  },
  'no-user-identity.json.gz': {
    body: gz({
      Records: [
        {
          eventTime: '2026-10-03T09:00:00Z',
          eventSource: 's3.amazonaws.com',
          eventID: 'anon-1',
          sourceIPAddress: 'support.amazonaws.com',
        },
      ],
    }),
    unreadable: null,
  },
  'large-request-parameters.json.gz': {
    body: gz({ Records: [supportCall('big-1', { requestParameters: { filter: 'x'.repeat(100 * 1024) } })] }),
    unreadable: null,
  },
  // The audit reads userIdentity.sessionContext: text where an object belongs is read as NULL, and said.
  'odd-shapes.json.gz': {
    body: gz({
      Records: [
        supportCall('odd-1', { resources: ['not', 'objects'], readOnly: 'true' }),
        supportCall('odd-2', {
          userIdentity: { ...supportCall('').userIdentity, sessionContext: 'not an object' },
        }),
      ],
    }),
    unreadable: null,
  },
  // CloudTrail writes a file on one line; a copy laid out otherwise is read all the same.
  'pretty-printed.json.gz': {
    body: gzipSync(JSON.stringify({ Records: [supportCall('pretty-1')] }, null, 2)),
    unreadable: null,
  },
  'byte-order-mark.json.gz': {
    body: gzipSync(`\ufeff${JSON.stringify({ Records: [supportCall('bom-1')] })}`),
    unreadable: null,
  },
  // Not named as a log file: passed over with a note, not counted as unreadable (see the note test below).
  'notes.txt': { body: Buffer.from('not a log file'), unreadable: null },
};

describe('broken logs in the local engine', () => {
  let result: AuditResult;

  beforeAll(async () => {
    const logs = await mkdtemp(path.join(tmpdir(), 'support-audit-broken-'));
    await mkdir(path.join(logs, DAY), { recursive: true });
    for (const [name, { body }] of Object.entries(CORPUS)) await writeFile(path.join(logs, DAY, name), body);
    result = await auditLocal(logs, { 'start-date': '2026-10-03', 'end-date': '2026-10-03' });
  });

  it('names a file that is not a log file in a note, without reading it', () => {
    expect(result.table.actions.join('\n')).toContain(
      `1 entry in the window's day folders is not a log file`,
    );
    expect(result.table.actions.join('\n')).toContain(`${DAY}/notes.txt`);
  });

  it('lists and counts every file it cannot read, with its reason, and nothing else', () => {
    const expected = Object.entries(CORPUS)
      .filter(([, f]) => f.unreadable)
      .map(([name]) => `${DAY}/${name}`)
      .sort();
    expect(result.unreadableFiles.map((f) => f.path)).toEqual(expected);
    for (const file of result.unreadableFiles) {
      expect(file.reason).toMatch(CORPUS[path.basename(file.path)]!.unreadable!);
      expect(file.reason).not.toContain(tmpdir());
    }
  });

  it('counts exactly what the readable files hold', () => {
    expect(result.events.map((e) => e.eventId).sort()).toEqual([
      'anon-1',
      'big-1',
      'bom-1',
      'good-1',
      'good-2',
      'odd-1',
      'odd-2',
      'pretty-1',
    ]);
    // The record without userIdentity has no readOnly either: not recorded as read-only, so a write call.
    expect(result.totals).toEqual({
      duplicateDeliveries: 0,
      supportCalls: 8,
      bySourceIp: 8,
      bySupportRole: 7,
      byInvokedBy: 7,
      writeCalls: 1,
    });
    const odd = result.events.find((e) => e.eventId === 'odd-2')!;
    expect(odd.sessionIssuer).toBeNull();
  });

  it('says the totals may be incomplete, and why', () => {
    expect(result.complete).toBe(false);
    const report = renderMarkdown(result);
    expect(report).toContain(`${result.unreadableFiles.length} files could not be read`);
    expect(result.table.actions.join('\n')).toMatch(/1 file held values of an unexpected shape/);
  });
});

describe('a log file larger than DuckDB holds by default (16 MB decompressed)', () => {
  it('is read whole, its size taken from the gzip trailer', async () => {
    const logs = await mkdtemp(path.join(tmpdir(), 'support-audit-large-'));
    await mkdir(path.join(logs, DAY), { recursive: true });
    const filler = { requestParameters: { padding: 'p'.repeat(20_000) } };
    const records = Array.from({ length: 1200 }, (_, i) => supportCall(`large-${i}`, filler));
    const body = gz({ Records: records });
    expect(body.readUInt32LE(body.length - 4)).toBeGreaterThan(16 * 1024 * 1024);
    await writeFile(path.join(logs, DAY, 'large.json.gz'), body);
    const large = await auditLocal(logs, { 'start-date': '2026-10-03', 'end-date': '2026-10-03' });
    expect(large.unreadableFiles).toEqual([]);
    expect(large.totals.supportCalls).toBe(1200);
    expect(large.table.actions.join('\n')).not.toMatch(/unexpected shape/);
  });
});
