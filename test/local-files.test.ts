/**
 * Nothing in a day folder is passed over in silence, and what is read is what was checked: every entry is read,
 * listed as unreadable with its reason, or named in a note; a file swapped after the listing (for a FIFO, for a link out of the logs folder) is opened once,
 * checked as opened, and listed, never followed and never waited on.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runAudit } from '../src/core/audit.js';
import type { Engine } from '../src/core/engine.js';
import type { AuditResult } from '../src/core/result.js';
import { parseSettings } from '../src/core/settings.js';
import { LocalEngine } from '../src/engines/local/engine.js';
import { auditLocal, supportCall, TODAY } from './helpers/audit-local.js';

const DAY = 'AWSLogs/111122223333/CloudTrail/us-east-1/2026/10/03';
const PREFIX = '111122223333_CloudTrail_us-east-1_20261003T0800Z';
const WINDOW = { 'start-date': '2026-10-03', 'end-date': '2026-10-03' };

const logFile = (...ids: string[]) => JSON.stringify({ Records: ids.map((id) => supportCall(id)) });

async function dayFolder(): Promise<{ logs: string; day: string }> {
  const logs = await mkdtemp(path.join(tmpdir(), 'support-audit-files-'));
  const day = path.join(logs, DAY);
  await mkdir(day, { recursive: true });
  return { logs, day };
}

function figures(result: AuditResult) {
  const cells = result.coverage!.cells.filter((c) => c.day === '2026-10-03');
  return {
    events: result.events.map((e) => e.eventId).sort(),
    records: cells.reduce((sum, c) => sum + c.records, 0),
    files: cells.reduce((sum, c) => sum + (c.files ?? 0), 0),
    unreadable: result.unreadableFiles.map((f) => `${path.basename(f.path)}: ${f.reason}`),
    complete: result.complete,
  };
}

describe('what a day folder holds besides log files', () => {
  it('is read, listed with its reason or named in a note, every entry, every time', async () => {
    const { logs, day } = await dayFolder();
    const socket = createServer();
    try {
      await writeFile(path.join(day, `${PREFIX}_good.json.gz`), gzipSync(logFile('good-1')));
      await writeFile(path.join(day, `${PREFIX}_copy.json.gz`), gzipSync(logFile('copy-1')));
      await writeFile(path.join(day, `${PREFIX}_copy.json`), logFile('copy-1'));
      execFileSync('mkfifo', [path.join(day, `${PREFIX}_fifo.json.gz`), path.join(day, 'notes.fifo')]);
      await symlink(`${PREFIX}_loop.json.gz`, path.join(day, `${PREFIX}_loop.json.gz`));
      // A socket's path is limited to about 100 bytes: made short, then moved into the day folder.
      const short = path.join(logs, 's');
      await new Promise<void>((resolve) => socket.listen(short, resolve));
      await rename(short, path.join(day, `${PREFIX}_socket.json.gz`));

      const result = await auditLocal(logs, WINDOW);

      expect(figures(result)).toEqual({
        events: ['copy-1', 'good-1'],
        records: 3,
        files: 3,
        unreadable: [
          `${PREFIX}_fifo.json.gz: a FIFO (named pipe), not a regular file: not read`,
          `${PREFIX}_loop.json.gz: a link that leads back to itself (ELOOP): not read`,
          `${PREFIX}_socket.json.gz: a socket, not a regular file: not read`,
        ],
        complete: false,
      });
      expect(result.totals.duplicateDeliveries).toBe(1);
      expect(result.table.actions).toContainEqual(
        expect.stringMatching(/1 entry .* not a log file .*notes\.fifo/),
      );
      expect(result.table.actions).toContainEqual(
        expect.stringMatching(
          new RegExp(
            `1 plain \\.json file beside the same name in \\.json\\.gz was read too .*${PREFIX}_copy\\.json$`,
          ),
        ),
      );
    } finally {
      socket.close();
      await rm(logs, { recursive: true, force: true });
    }
  });
});

/** Audits `logs` as the CLI would, `change` run once the engine has listed the files and before it reads them. */
async function auditChangedAfterListing(logs: string, change: () => Promise<void>): Promise<AuditResult> {
  const settings = parseSettings({ logs, ...WINDOW }, TODAY);
  const local = await LocalEngine.open({ logsDir: logs });
  const engine: Engine = {
    name: local.name,
    plan: (request) => local.plan(request),
    prepare: async (request) => {
      const prepared = await local.prepare(request);
      await change();
      return prepared;
    },
    run: (statement) => local.run(statement),
    findings: () => local.findings(),
    describe: (read) => local.describe(read),
    close: () => local.close(),
  };
  try {
    return await runAudit(settings, engine, { now: () => TODAY });
  } finally {
    await local.close();
  }
}

describe('a log file changed after the listing', () => {
  it('is not waited on when it has become a FIFO: listed, and the audit goes on', async () => {
    const { logs, day } = await dayFolder();
    const swapped = path.join(day, `${PREFIX}_swapped.json.gz`);
    await writeFile(swapped, gzipSync(logFile('swapped-1')));
    await writeFile(path.join(day, `${PREFIX}_good.json.gz`), gzipSync(logFile('good-1')));
    const result = await auditChangedAfterListing(logs, async () => {
      await rm(swapped);
      execFileSync('mkfifo', [swapped]);
    });
    expect(figures(result)).toMatchObject({
      events: ['good-1'],
      unreadable: [`${PREFIX}_swapped.json.gz: a FIFO (named pipe), not a regular file: not read`],
      complete: false,
    });
  });

  it('is not followed when it has become a link out of the logs folder: listed, its calls not counted', async () => {
    const { logs, day } = await dayFolder();
    const outside = await mkdtemp(path.join(tmpdir(), 'support-audit-outside-'));
    const planted = path.join(outside, 'planted.json.gz');
    await writeFile(planted, gzipSync(logFile('planted-1', 'planted-2')));
    const swapped = path.join(day, `${PREFIX}_swapped.json.gz`);
    await writeFile(swapped, gzipSync(logFile('swapped-1')));
    const result = await auditChangedAfterListing(logs, async () => {
      await rm(swapped);
      await symlink(planted, swapped);
    });
    expect(figures(result)).toMatchObject({
      events: [],
      unreadable: [`${PREFIX}_swapped.json.gz: a link to ${planted}, outside the logs folder: not read`],
      complete: false,
    });
  });

  it('is read as it was checked when DuckDB reads it directly: the replacement is never read', async () => {
    const { logs, day } = await dayFolder();
    const outside = await mkdtemp(path.join(tmpdir(), 'support-audit-outside-'));
    // Large enough to be read by DuckDB directly, through the descriptor the engine checked.
    const calls = (prefix: string) =>
      Array.from({ length: 400 }, (_, i) =>
        supportCall(`${prefix}-${i}`, { userAgent: `agent ${i * 7919} ${i ** 3}` }),
      );
    const planted = path.join(outside, 'planted.json.gz');
    await writeFile(planted, gzipSync(JSON.stringify({ Records: calls('planted') })));
    const swapped = path.join(day, `${PREFIX}_swapped.json.gz`);
    await writeFile(swapped, gzipSync(JSON.stringify({ Records: calls('original') })));
    const result = await auditChangedAfterListing(logs, async () => {
      await rm(swapped);
      await symlink(planted, swapped);
    });
    const { events, unreadable } = figures(result);
    expect(unreadable).toEqual([]);
    expect(events).toEqual(
      calls('original')
        .map((c) => c.eventID)
        .sort(),
    );
  });
});
