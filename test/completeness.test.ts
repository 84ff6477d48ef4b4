/**
 * Completeness and size: every support call reaches events.json and events.csv with exact counts, through
 * both engines, and a result too large for GitHub's limits is shortened there without failing the run.
 */
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateLogs, type GenerateLogsResult } from '../scripts/generate-logs/index.js';
import { runAudit } from '../src/core/audit.js';
import { AthenaEngine } from '../src/engines/athena/engine.js';
import { writeReportFiles } from '../src/report/files.js';
import {
  fitComment,
  fitJobSummary,
  JOB_SUMMARY_MAX_BYTES,
  PR_COMMENT_MAX_CHARS,
} from '../src/report/markdown/index.js';
import type { AuditResult } from '../src/core/result.js';
import { parseSettings } from '../src/core/settings.js';
import { startAthenaEmulator } from './emulator/index.js';
import { auditLocal, TODAY } from './helpers/audit-local.js';
import { useEmulatorInThisProcess } from './helpers/emulated-athena.js';
import { totalsOf } from './helpers/count-logs.js';
import { readSummary } from './helpers/summary-schema.js';

const WINDOW = { start: '2026-10-01', end: '2026-10-05', lateDeliveryDays: 1 };

async function expectFilesComplete(result: AuditResult, expected: number) {
  const dir = await mkdtemp(path.join(tmpdir(), 'support-audit-complete-'));
  const files = await writeReportFiles(result, dir);
  const events = JSON.parse(await readFile(files.eventsJson, 'utf8')).events as Array<{ eventId: string }>;
  expect(events).toHaveLength(expected);
  expect(new Set(events.map((e) => e.eventId)).size).toBe(expected);
  const csvRows = (await readFile(files.eventsCsv, 'utf8')).split('\r\n').filter(Boolean);
  expect(csvRows).toHaveLength(expected + 1);
  const summary = await readSummary(files.summaryJson);
  expect(summary.totals.supportCalls).toBe(expected);
}

describe('25,000 support calls in a window', () => {
  let bucketsDir: string;
  let generated: GenerateLogsResult;

  beforeAll(async () => {
    bucketsDir = await mkdtemp(path.join(tmpdir(), 'support-audit-25k-'));
    generated = await generateLogs({
      outDir: path.join(bucketsDir, 'trail-bucket'),
      start: WINDOW.start,
      end: WINDOW.end,
      accounts: ['111122223333'],
      regions: ['us-east-1'],
      filesPerDay: 12,
      recordsPerFile: 600,
      supportCallsPerFile: 600,
      seed: 25,
    });
  });

  it('are all listed by the local engine, with exact counts', async () => {
    const result = await auditLocal(path.join(bucketsDir, 'trail-bucket'), {
      'start-date': WINDOW.start,
      'end-date': WINDOW.end,
    });
    const { expected } = generated;
    expect(expected.supportCalls).toBeGreaterThanOrEqual(25_000);
    expect(result.totals).toEqual(totalsOf(expected));
    await expectFilesComplete(result, expected.supportCalls);
  });

  it('are all fetched from Athena, page after page, with the same counts', async () => {
    const emulator = await startAthenaEmulator({
      bucketsDir,
      latency: { queueMs: 0, runMs: 10 },
      workgroups: { primary: { outputLocation: 's3://results-bucket/' } },
    });
    useEmulatorInThisProcess(emulator.endpoint);
    try {
      const settings = parseSettings(
        {
          bucket: 'trail-bucket',
          account: '111122223333',
          region: 'us-east-1',
          'start-date': WINDOW.start,
          'end-date': WINDOW.end,
        },
        TODAY,
      );
      // The product's own client; only the polling is quicker than Athena's schedule (a query here takes
      // a fraction of a second).
      const engine = await AthenaEngine.create(settings.athena, {
        sleep: (_ms, signal) => sleep(20, undefined, { signal }),
      });
      const result = await runAudit(settings, engine).finally(() => engine.close());
      const { expected } = generated;
      expect(result.totals).toEqual(totalsOf(expected));
      expect(emulator.requests.filter((r) => r.target === 'GetQueryResults').length).toBeGreaterThanOrEqual(
        25,
      );
      await expectFilesComplete(result, expected.supportCalls);
    } finally {
      await emulator.close();
    }
  });
});

describe('20,000 distinct support principals', () => {
  let result: AuditResult;

  beforeAll(async () => {
    // Synthetic: one support-role call per session, so every ARN and principal ID is distinct.
    const logs = await mkdtemp(path.join(tmpdir(), 'support-audit-20k-'));
    const folder = path.join(logs, 'AWSLogs/111122223333/CloudTrail/us-east-1/2026/10/03');
    await mkdir(folder, { recursive: true });
    for (let file = 0; file < 20; file++) {
      const records = Array.from({ length: 1000 }, (_, i) => {
        const session = `SupportSession-${file}-${i}`;
        return {
          eventVersion: '1.08',
          userIdentity: {
            type: 'AssumedRole',
            principalId: `AROAEXAMPLE${file}:${session}`,
            arn: `arn:aws:sts::111122223333:assumed-role/AWSServiceRoleForSupport/${session}`,
            invokedBy: 'support.amazonaws.com',
            sessionContext: { sessionIssuer: { type: 'Role', userName: 'AWSServiceRoleForSupport' } },
          },
          eventTime: `2026-10-03T10:${String(file).padStart(2, '0')}:00Z`,
          eventSource: 'ec2.amazonaws.com',
          eventName: 'DescribeInstances',
          awsRegion: 'us-east-1',
          sourceIPAddress: 'support.amazonaws.com',
          userAgent: 'support.amazonaws.com',
          eventID: `00000000-0000-4000-8000-${String(file * 1000 + i).padStart(12, '0')}`,
          readOnly: true,
          recipientAccountId: '111122223333',
        };
      });
      await writeFile(
        path.join(
          folder,
          `111122223333_CloudTrail_us-east-1_20261003T10${String(file).padStart(2, '0')}Z_synthetic${file}.json.gz`,
        ),
        gzipSync(JSON.stringify({ Records: records })),
      );
    }
    result = await auditLocal(logs, { 'start-date': '2026-10-03', 'end-date': '2026-10-03' });
  });

  it('are all counted and written to the files', async () => {
    expect(result.principalIds).toHaveLength(20_000);
    expect(result.roleArns).toHaveLength(20_000);
    await expectFilesComplete(result, 20_000);
  });

  it('keep the job summary under 1 MiB, pointing to the full report', () => {
    const summary = fitJobSummary(result, { fullReportPath: '/work/out/report.md' });
    expect(Buffer.byteLength(summary, 'utf8')).toBeLessThanOrEqual(JOB_SUMMARY_MAX_BYTES);
    expect(summary).toContain('/work/out/report.md');
    expect(summary).toMatch(/20,?000 support calls/);
  });

  it('keep the pull-request comment under 65,536 characters, pointing to the full report', () => {
    const comment = fitComment(result, {
      fullReportPath: 'report.md in the report artifact',
      reservedChars: 40,
    });
    expect(comment.length).toBeLessThanOrEqual(PR_COMMENT_MAX_CHARS - 40);
    expect(comment).toContain('report.md in the report artifact');
  });
});
