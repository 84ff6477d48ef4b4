/**
 * Hostile and damaged Security Lake objects on the local engine: each is listed by its key with its reason and
 * the audit goes on, in bounded memory. Records whose time is not a time are listed as undated support calls, as
 * the trail's are, identically on Athena. The objects are real Parquet written by DuckDB, then damaged
 * (helpers/hostile-parquet.ts), in a copy of the synthetic sample.
 */
import { execFileSync } from 'node:child_process';
import { symlinkSync, unlinkSync } from 'node:fs';
import { cp, copyFile, mkdtemp, readdir, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { convertTrail } from '../scripts/generate-security-lake/index.js';
import { runAudit } from '../src/core/audit.js';
import type { AuditResult } from '../src/core/result.js';
import { SAMPLE_WINDOW, sampleLogsDir } from '../src/core/sample.js';
import { parseSettings } from '../src/core/settings.js';
import type { SecurityLakeVersion } from '../src/core/sources/ocsf.js';
import { LocalEngine } from '../src/engines/local/engine.js';
import type { SecurityLakeCopyOptions } from '../src/engines/local/reader.js';
import { LAKE_OBJECT_LIMITS } from '../src/engines/local/security-lake-object.js';
import { TODAY } from './helpers/audit-local.js';
import {
  damagePage,
  dayFolder,
  footerOfColumnChunks,
  hostileFooter,
  nestedFooter,
  randomFooter,
  supportCallTemplate,
  type SupportCallRows,
  writeFooterOnly,
  writeSupportCalls,
} from './helpers/hostile-parquet.js';
import { runCli } from './helpers/run-cli.js';
import { auditSecurityLakeLocal } from './helpers/security-lake.js';
import { readSummary } from './helpers/summary-schema.js';

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
/** The support calls the sample's readable objects hold in the window. */
const SAMPLE_CALLS = 31;
const PLACE = { account: '111122223333', region: 'us-east-1', day: '2026-11-04' };

/** A fresh copy of the sample (version 2), or of the sample's trail converted to version 1. */
async function lakeCopy(version: SecurityLakeVersion = '2.0'): Promise<string> {
  const dir = await tempDir('lake');
  if (version === '2.0') await cp(sampleLogsDir('security-lake'), dir, { recursive: true });
  else await convertTrail(sampleLogsDir(), dir, version);
  return dir;
}

/** A time of the window, in the version's time column. */
const IN_WINDOW: Record<SecurityLakeVersion, string> = {
  '2.0': "TIMESTAMP '2026-11-04 10:00:00'",
  '1.0': String(Date.parse('2026-11-04T10:00:00Z')),
};

/** Writes support calls in the window (unless `time` says otherwise) at `key` of the copy. */
async function writeCalls(
  dir: string,
  key: string,
  rows: SupportCallRows,
  version: SecurityLakeVersion = '2.0',
): Promise<void> {
  await writeSupportCalls(await supportCallTemplate(dir, version), path.join(dir, key), version, {
    time: () => IN_WINDOW[version],
    ...rows,
  });
}

/** Where a test puts its object: a day of the window, under a name of its own. */
function objectKey(name: string, version: SecurityLakeVersion = '2.0'): string {
  return `${dayFolder(version, PLACE)}/${name}.gz.parquet`;
}

function audit(dir: string): Promise<AuditResult> {
  return auditSecurityLakeLocal(dir, WINDOW);
}

/** An audit on an engine opened with `options` over `dir`. */
async function auditWith(
  dir: string,
  options: Omit<SecurityLakeCopyOptions, 'logsDir' | 'source'>,
): Promise<AuditResult> {
  const engine = await LocalEngine.open({ source: 'security-lake', logsDir: dir, ...options });
  try {
    const settings = parseSettings({ logs: dir, source: 'security-lake', ...WINDOW }, TODAY);
    return await runAudit(settings, engine, { now: () => TODAY });
  } finally {
    await engine.close();
  }
}

function listed(result: AuditResult, key: string): string | undefined {
  return result.unreadableFiles.find((f) => f.path === key)?.reason;
}

describe('an object with a hostile or damaged footer', () => {
  it('is listed when its footer declares two billion entries in 37 bytes; the others are read', async () => {
    const dir = await lakeCopy();
    const key = objectKey('hostile-footer');
    await writeFooterOnly(path.join(dir, key), hostileFooter(2 ** 31 - 1));
    const result = await audit(dir);
    expect(listed(result, key)).toBe(
      'its footer is damaged: it declares a list of 2,147,483,647 entries in the 16 bytes that remain',
    );
    expect(result.totals.supportCalls).toBe(SAMPLE_CALLS);
    expect(result.complete).toBe(false);
  });

  it('is listed when its lists together declare more entries than the cap, or it nests too deep', async () => {
    const dir = await lakeCopy();
    const wide = objectKey('wide-footer');
    const deep = objectKey('deep-footer');
    await writeFooterOnly(path.join(dir, wide), footerOfColumnChunks(LAKE_OBJECT_LIMITS.footer.entries));
    await writeFooterOnly(path.join(dir, deep), nestedFooter(LAKE_OBJECT_LIMITS.footer.depth));
    const result = await audit(dir);
    expect(listed(result, wide)).toBe(
      'its footer is damaged: it declares more than 200,000 list entries, more than a footer of row groups and columns needs',
    );
    expect(listed(result, deep)).toBe('its footer is damaged: it nests deeper than 32 levels');
    expect(result.totals.supportCalls).toBe(SAMPLE_CALLS);
  });

  it('is listed, each by its key, when its footer is random bytes', async () => {
    const dir = await lakeCopy();
    const keys = Array.from({ length: 12 }, (_, seed) => objectKey(`random-footer-${seed}`));
    for (const [seed, key] of keys.entries()) {
      await writeFooterOnly(path.join(dir, key), randomFooter(seed + 1));
    }
    const result = await audit(dir);
    for (const key of keys) expect(listed(result, key), key).toMatch(/\S/);
    expect(result.totals.supportCalls).toBe(SAMPLE_CALLS);
  });
});

describe('an object whose pages or columns cannot be read', () => {
  it('is listed with DuckDB’s reason when a page of a column the audit reads is damaged', async () => {
    const dir = await lakeCopy();
    const key = objectKey('damaged-page');
    await writeCalls(dir, key, { rows: 500, idPrefix: 'page' });
    await damagePage(path.join(dir, key), 'api, operation');
    const result = await audit(dir);
    expect(listed(result, key)).toMatch(/^could not be read: \S/);
    expect(result.totals.supportCalls).toBe(SAMPLE_CALLS);
  });

  it('is listed, naming the column, when a column the audit reads is not what Security Lake writes', async () => {
    const dir = await lakeCopy();
    const struct = objectKey('operation-struct');
    const text = objectKey('unmapped-text');
    await writeCalls(dir, struct, {
      rows: 2,
      idPrefix: 'struct',
      columns: { api: `struct_update(t.api, operation := {'name': t.api.operation})` },
    });
    await writeCalls(dir, text, {
      rows: 2,
      idPrefix: 'text',
      columns: { unmapped: 'CAST(t.unmapped AS VARCHAR)' },
    });
    const thin = objectKey('without-fields');
    await writeCalls(dir, thin, {
      rows: 2,
      idPrefix: 'thin',
      columns: {
        api: 'struct_pack(operation := t.api.operation, service := t.api.service)',
        unmapped: "MAP {'readOnly': 'false'}",
      },
    });
    const result = await audit(dir);
    // What an object lacks reads as NULL, as a missing field does in a trail: its calls count.
    expect(result.unreadableFiles.map((f) => f.path)).not.toContain(thin);
    expect(result.events.filter((e) => e.eventId?.startsWith('thin-')).map((e) => e.readOnly)).toEqual([
      'false',
      'false',
    ]);
    expect(listed(result, struct)).toBe('api.operation is a struct, where Security Lake writes text');
    expect(listed(result, text)).toBe('unmapped is VARCHAR, where Security Lake writes a map of text');
    expect(result.totals.supportCalls).toBe(SAMPLE_CALLS + 2);
  });

  it('is listed when a value the audit reads is over the size a CloudTrail field can hold', async () => {
    const dir = await lakeCopy();
    const key = objectKey('long-value');
    await writeCalls(dir, key, {
      rows: 1,
      idPrefix: 'long',
      columns: {
        api: `struct_update(t.api, operation := repeat('a', ${LAKE_OBJECT_LIMITS.valueBytes + 1}))`,
      },
    });
    const result = await audit(dir);
    expect(listed(result, key)).toBe(
      `a value of ${LAKE_OBJECT_LIMITS.valueBytes + 1} bytes in api.operation, more than the 1.00 MB a CloudTrail field can hold`,
    );
    expect(result.totals.supportCalls).toBe(SAMPLE_CALLS);
  });
});

describe('an object holding more rows than the caps', () => {
  it('is listed when it declares more rows than its size can hold as CloudTrail events', async () => {
    const dir = await lakeCopy();
    const key = objectKey('dense');
    await writeCalls(dir, key, {
      rows: 200_000,
      idPrefix: 'x',
    });
    const result = await audit(dir);
    expect(listed(result, key)).toMatch(
      /^declares 200,000 rows in [\d.]+ KB, under 8 bytes a row, which no CloudTrail event compresses to .*copy it again from the bucket$/,
    );
    expect(result.totals.supportCalls).toBe(SAMPLE_CALLS);
  });

  it('is listed when it holds more rows than the engine reads from one object, naming Athena', async () => {
    const dir = await lakeCopy();
    const key = objectKey('many');
    await writeCalls(dir, key, { rows: 40, idPrefix: 'many' });
    const result = await auditWith(dir, { limits: { ...LAKE_OBJECT_LIMITS, rows: 39 } });
    expect(listed(result, key)).toBe(
      'holds 40 rows, more than the 39 the local engine reads from one object: audit this window on Athena (engine athena)',
    );
    expect(result.totals.supportCalls).toBe(SAMPLE_CALLS);
  });
});

describe('records whose time is not a time', () => {
  it('are listed as undated support calls: time_dt null, infinite, or text that is not a time', async () => {
    const dir = await lakeCopy();
    await writeCalls(dir, objectKey('null-time'), {
      rows: 1,
      idPrefix: 'null',
      time: () => 'CAST(NULL AS TIMESTAMP)',
    });
    await writeCalls(dir, objectKey('infinite-time'), {
      rows: 1,
      idPrefix: 'infinite',
      time: () => "TIMESTAMP 'infinity'",
    });
    await writeCalls(dir, objectKey('text-time'), {
      rows: 3,
      idPrefix: 'text',
      time: (i) => `['2026-11-04T10:00:00Z', 'yesterday', '2026-11-04 12:00:00+02:00'][${i} + 1]`,
    });
    const result = await audit(dir);
    expect(result.unreadableFiles.map((f) => f.path)).not.toContain(objectKey('text-time'));
    expect(result.totals.supportCalls).toBe(SAMPLE_CALLS + 2);
    expect(result.events.filter((e) => e.eventId?.startsWith('text-')).map((e) => e.eventTime)).toEqual([
      '2026-11-04T10:00:00Z',
      '2026-11-04T10:00:00Z',
    ]);
    expect(result.undatedSupportCalls).toEqual([
      { eventId: 'infinite-0', eventTime: null },
      { eventId: 'null-0', eventTime: null },
      { eventId: 'text-1', eventTime: null },
    ]);
    expect(result.complete).toBe(false);
    expect(result.incompleteReasons.join('\n')).toContain(
      '3 support calls with an eventTime that is not a time could not be placed in the window',
    );
  });

  it('are listed in version 1 too: time null or beyond year 9999', async () => {
    const dir = await lakeCopy('1.0');
    await writeCalls(
      dir,
      objectKey('undated', '1.0'),
      {
        rows: 2,
        idPrefix: 'undated',
        time: (i) => `[CAST(NULL AS BIGINT), 9223372036854775807][${i} + 1]`,
      },
      '1.0',
    );
    const result = await audit(dir);
    expect(result.source.version).toBe('1.0');
    expect(result.undatedSupportCalls).toEqual([
      { eventId: 'undated-0', eventTime: null },
      { eventId: 'undated-1', eventTime: null },
    ]);
  });
});

describe('an object replaced after the listing', () => {
  it.each([
    ['a FIFO, which would block a reader', 'not a regular file: not read'],
    ['a link out of the logs folder', 'now OUTSIDE, outside the logs folder: not read'],
  ])('is listed when it becomes %s, not read', async (kind, reason) => {
    const dir = await lakeCopy();
    const folder = path.join(dir, dayFolder('2.0', PLACE));
    const [name] = (await readdir(folder)).filter((n) => n.endsWith('.parquet'));
    const object = path.join(folder, name!);
    const outside = path.join(await realpath(await tempDir('outside')), 'outside.gz.parquet');
    await copyFile(object, outside);
    const result = await auditWith(dir, {
      log: (line) => {
        if (!line.startsWith('Checking ')) return;
        // Between the listing and the reading, as another process could.
        unlinkSync(object);
        if (kind.startsWith('a FIFO')) execFileSync('mkfifo', [object]);
        else symlinkSync(outside, object);
      },
    });
    expect(listed(result, `${dayFolder('2.0', PLACE)}/${name}`)).toBe(reason.replace('OUTSIDE', outside));
  });
});

describe('a signal', () => {
  it('interrupts the statement that runs: the engine stops with an error, not a result', async () => {
    const controller = new AbortController();
    const engine = await LocalEngine.open({
      source: 'security-lake',
      logsDir: sampleLogsDir('security-lake'),
      signal: controller.signal,
    });
    try {
      const endless = engine.run({
        id: 'endless',
        title: 'A query that would run for hours',
        sql: 'SELECT count(*) FROM range(1000000000000)',
        parameters: [],
      });
      setTimeout(() => controller.abort(new Error('SIGTERM received')), 50);
      await expect(endless).rejects.toThrow('The local audit was stopped (SIGTERM received): no result.');
    } finally {
      await engine.close();
    }
  });

  it('stops the reading of objects: none is read after it', async () => {
    const controller = new AbortController();
    const dir = await lakeCopy();
    const engine = await LocalEngine.open({
      source: 'security-lake',
      logsDir: dir,
      signal: controller.signal,
      log: (line) => {
        if (line.startsWith('Checking ')) controller.abort(new Error('SIGINT received'));
      },
    });
    try {
      const settings = parseSettings({ logs: dir, source: 'security-lake', ...WINDOW }, TODAY);
      await expect(runAudit(settings, engine, { now: () => TODAY })).rejects.toThrow(
        /stopped \(SIGINT received\)/,
      );
    } finally {
      await engine.close();
    }
  });
});

describe('the CLI on a copy holding objects that ended it', () => {
  it('lists a hostile footer, 2 million support calls in 5 MB and a 600 MiB value, and completes', async () => {
    const dir = await lakeCopy();
    const keys = {
      footer: objectKey('hostile-footer'),
      flood: objectKey('two-million-calls'),
      huge: objectKey('huge-value'),
    };
    await writeFooterOnly(path.join(dir, keys.footer), hostileFooter(2 ** 31 - 1));
    await writeCalls(dir, keys.flood, {
      rows: 2_000_000,
      idPrefix: 'flood',
      columns: { unmapped: "MAP {'readOnly': 'true'}" },
    });
    await writeCalls(dir, keys.huge, {
      rows: 1,
      idPrefix: 'huge',
      columns: { api: `struct_update(t.api, operation := repeat('a', ${600 * 2 ** 20}))` },
    });
    const out = await tempDir('out');
    const run = await runCli([
      '--source',
      'security-lake',
      '--logs',
      dir,
      '--start-date',
      WINDOW['start-date'],
      '--end-date',
      WINDOW['end-date'],
      '--out',
      out,
    ]);
    // Read to the end, the objects it could not read make the audit incomplete, which fails it.
    expect(run.code, run.stderr).toBe(1);
    const summary = await readSummary(path.join(out, 'summary.json'));
    expect(summary.status).toBeUndefined();
    expect(summary.complete).toBe(false);
    expect(summary.verdict.status).toBe('failed');
    const reasons = Object.fromEntries(summary.unreadableFiles.map((f) => [f.path, f.reason]));
    expect(reasons[keys.footer]).toMatch(/^its footer is damaged/);
    expect(reasons[keys.flood]).toMatch(/^declares 2,000,000 rows in [\d.]+ MB, under 8 bytes a row/);
    expect(reasons[keys.huge]).toMatch(
      /^needs more memory than the 1GiB|^a value of 629145600 bytes in api\.operation/,
    );
    expect(summary.totals.supportCalls).toBe(SAMPLE_CALLS);
  }, 300_000);

  it('stops on the first SIGTERM while it reads objects: exit 2, the failure recorded, no report', async () => {
    const dir = await lakeCopy();
    const folder = path.join(dir, dayFolder('2.0', PLACE));
    const [object] = (await readdir(folder)).filter((n) => n.endsWith('.parquet'));
    for (let i = 0; i < 400; i++)
      await copyFile(path.join(folder, object!), path.join(folder, `copy-${i}.gz.parquet`));
    const out = await tempDir('out');
    let signalled = false;
    const run = await runCli(
      [
        '--source',
        'security-lake',
        '--logs',
        dir,
        '--start-date',
        WINDOW['start-date'],
        '--end-date',
        WINDOW['end-date'],
        '--out',
        out,
      ],
      {
        onStderr: (stderr, child) => {
          // The line that says the objects are being read: the moment a user would press Ctrl-C.
          if (!signalled && /Security Lake objects/.test(stderr)) {
            signalled = true;
            child.kill('SIGTERM');
          }
        },
      },
    );
    expect(signalled).toBe(true);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('The local audit was stopped (SIGTERM received)');
    const summary = await readSummary(path.join(out, 'summary.json'));
    expect(summary.status).toBe('interrupted');
    expect(summary.error).toContain('stopped (SIGTERM received)');
    expect(await readdir(out)).toEqual(['summary.json']);
  });
});
