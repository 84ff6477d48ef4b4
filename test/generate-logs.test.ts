import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { main, usage } from '../scripts/generate-logs/cli.js';
import { generateLogs, generateSample, type SampleManifest } from '../scripts/generate-logs/index.js';
import {
  SAMPLE_ACCOUNTS,
  SAMPLE_LOGS_DIR,
  SAMPLE_REGIONS,
  SAMPLE_WINDOW,
  sampleLogsDir,
} from '../src/core/sample.js';
import { countLogs, listFiles, SUPPORT, type Counted, type Json } from './helpers/count-logs.js';
import {
  layOutRealLogs,
  readAllRealRecords,
  REAL_LOGS_DAY,
  REAL_LOGS_WINDOW,
  requireRealLogs,
} from './helpers/real-logs.js';

const temporary: string[] = [];

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'support-audit-logs-'));
  temporary.push(dir);
  return dir;
}

afterAll(async () => {
  await Promise.all(temporary.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('the shipped sample', () => {
  let regenerated: string;
  let manifest: SampleManifest;
  let counted: Counted;

  beforeAll(async () => {
    regenerated = await tempDir();
    manifest = await generateSample(regenerated);
    counted = await countLogs(regenerated, manifest.window.start, manifest.window.end);
  });

  /** The content, not the bytes, of a gzip object: another zlib build may compress the same text differently. */
  const content = (bytes: Buffer): Buffer => {
    try {
      return gunzipSync(bytes);
    } catch {
      return bytes;
    }
  };

  it('is what the generator writes (run `npm run examples` after changing the generator)', async () => {
    expect(sampleLogsDir()).toBe(path.resolve(SAMPLE_LOGS_DIR));
    const committed = await listFiles(sampleLogsDir());
    const fresh = await listFiles(regenerated);
    expect(committed).toEqual(fresh);
    const differing: string[] = [];
    for (const key of fresh) {
      const [a, b] = await Promise.all([
        readFile(path.join(sampleLogsDir(), key)),
        readFile(path.join(regenerated, key)),
      ]);
      if (!content(a).equals(content(b))) differing.push(key);
    }
    expect(differing).toEqual([]);
  });

  it('stays small', async () => {
    let bytes = 0;
    for (const key of await listFiles(regenerated)) bytes += (await stat(path.join(regenerated, key))).size;
    expect(bytes).toBeLessThan(1_000_000);
  });

  it('covers the window with a day folder either side', () => {
    expect(manifest.window).toEqual(SAMPLE_WINDOW);
    expect(manifest.days).toEqual({ first: '2026-11-01', last: '2026-11-09' });
    expect(manifest.accounts).toEqual(Object.values(SAMPLE_ACCOUNTS));
    expect(manifest.regions).toEqual(SAMPLE_REGIONS);
  });

  it('holds the numbers its manifest states, counted independently from the files', () => {
    const { expected } = manifest;
    expect({
      supportCalls: counted.supportCalls,
      bySourceIp: counted.bySourceIp,
      bySupportRole: counted.bySupportRole,
      byInvokedBy: counted.byInvokedBy,
      writeCalls: counted.writeCalls,
      supportApiCalls: counted.supportApiCalls,
      supportAuthorizationEvents: counted.supportAuthorizationEvents,
      articleRoleSubstringMatches: counted.articleRoleSubstringMatches,
    }).toEqual({
      supportCalls: expected.supportCalls,
      bySourceIp: expected.bySourceIp,
      bySupportRole: expected.bySupportRole,
      byInvokedBy: expected.byInvokedBy,
      writeCalls: expected.writeCalls,
      supportApiCalls: expected.supportApiCalls,
      supportAuthorizationEvents: expected.supportAuthorizationEvents,
      articleRoleSubstringMatches: expected.articleRoleSubstringMatches,
    });
    expect(Object.fromEntries(counted.byAccountAndRegion)).toEqual(
      Object.fromEntries(expected.byAccountAndRegion.map((p) => [`${p.account} ${p.region}`, p.count])),
    );
    expect(counted.unreadable).toEqual(manifest.unreadableFiles);
  });

  it('keeps the criteria apart, so each one is tested', () => {
    const { expected } = manifest;
    expect(expected.supportCalls).toBeGreaterThan(expected.bySourceIp);
    expect(expected.bySourceIp).toBeGreaterThan(expected.bySupportRole);
    expect(expected.writeCalls).toBeGreaterThan(0);
    expect(expected.supportApiCalls).toBeGreaterThan(0);
    expect(expected.supportAuthorizationEvents).toBeGreaterThan(0);
    expect(expected.articleRoleSubstringMatches).toBeGreaterThan(expected.bySupportRole);
    expect(expected.lookalikeEvents).toBeGreaterThan(0);
    expect([...counted.roleArns].some((arn) => arn.startsWith('arn:aws-us-gov:sts::'))).toBe(true);
  });

  it('has the delivery-day edge cases', () => {
    const late = counted.supportCallDays.filter((d) => d.eventDay !== d.folderDay);
    expect(late).toContainEqual({ eventDay: '2026-11-08', folderDay: '2026-11-09', counted: true });
    expect(late).toContainEqual({ eventDay: '2026-11-01', folderDay: '2026-11-02', counted: false });
    expect(counted.supportCallDays).toContainEqual({
      eventDay: '2026-11-09',
      folderDay: '2026-11-09',
      counted: false,
    });
    expect(manifest.notCounted.supportCallsOutsideWindow).toBeGreaterThan(0);
    expect(manifest.notCounted.supportCallsInUnreadableFiles).toBeGreaterThan(0);
  });

  it('has one unreadable log file inside the window and siblings outside the CloudTrail folders', async () => {
    expect(manifest.unreadableFiles).toHaveLength(1);
    const [unreadable] = manifest.unreadableFiles;
    expect(unreadable).toMatch(/^AWSLogs\/\d{12}\/CloudTrail\/[a-z0-9-]+\/2026\/11\/0[2-8]\//);
    const body = await readFile(path.join(regenerated, unreadable!));
    expect(() => JSON.parse(gunzipSync(body).toString())).toThrow();

    const [digest] = manifest.siblings.digest;
    expect(digest).toMatch(
      /^AWSLogs\/\d{12}\/CloudTrail-Digest\/us-east-1\/2026\/11\/03\/.+_CloudTrail-Digest_/,
    );
    const digestBody = JSON.parse(
      gunzipSync(await readFile(path.join(regenerated, digest!))).toString(),
    ) as Json;
    expect(digestBody).not.toHaveProperty('Records');
    expect(digestBody.logFiles).toEqual(
      expect.arrayContaining([expect.objectContaining({ hashAlgorithm: 'SHA-256' })]),
    );
    expect(manifest.siblings.insight[0]).toMatch(/\/CloudTrail-Insight\/us-east-1\/2026\/11\/04\//);
  });

  it('is described by examples/README.md with the manifest numbers', async () => {
    const readme = await readFile(path.resolve('examples/README.md'), 'utf8');
    expect(readme).toContain('SYNTHETIC');
    const { expected } = manifest;
    const rows: Array<[string, number]> = [
      ['support calls (any criterion)', expected.supportCalls],
      ['by sourceIp', expected.bySourceIp],
      ['by supportRole', expected.bySupportRole],
      ['by invokedBy', expected.byInvokedBy],
      ['write (non-read-only) support calls', expected.writeCalls],
      ['duplicate deliveries (counted once above)', expected.duplicateDeliveries],
      ['support API calls (context)', expected.supportApiCalls],
      ['support authorization events (context)', expected.supportAuthorizationEvents],
      ['trail changes (context)', expected.trailChanges],
      ["article's substring role match (support role + lookalikes)", expected.articleRoleSubstringMatches],
      ['unreadable files', manifest.unreadableFiles.length],
    ];
    for (const [label, value] of rows) {
      const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      expect(readme, label).toMatch(new RegExp(`\\|\\s*${escaped}\\s*\\|\\s*${value}\\s*\\|`));
    }
    expect(readme).toContain(manifest.unreadableFiles[0]);
  });
});

describe('generateLogs', () => {
  const options = {
    start: '2026-11-02',
    end: '2026-11-03',
    accounts: ['111122223333', '444455556666'],
    regions: ['us-east-1', 'eu-west-1'],
    organizationId: 'o-a1b2c3d4e5',
    prefix: 'trails/main',
    filesPerDay: 3,
    recordsPerFile: 20,
    supportCallsPerFile: 1.5,
    seed: 7,
  };

  it('writes the files and records asked for, in the S3 layout, and counts what it planted', async () => {
    const outDir = await tempDir();
    const result = await generateLogs({ ...options, outDir });
    const files = await listFiles(outDir);
    expect(result.files).toBe(2 * 2 * 2 * 3);
    expect(files).toHaveLength(result.files);
    const key =
      /^trails\/main\/AWSLogs\/o-a1b2c3d4e5\/(\d{12})\/CloudTrail\/([a-z0-9-]+)\/(\d{4})\/(\d{2})\/(\d{2})\/\1_CloudTrail_\2_\3\4\5T\d{4}Z_[A-Za-z0-9]{16}\.json\.gz$/;
    let records = 0;
    let uncompressed = 0;
    let compressed = 0;
    let supportCallsAnyDay = 0;
    for (const file of files) {
      expect(file).toMatch(key);
      const body = await readFile(path.join(outDir, file));
      compressed += body.length;
      const json = gunzipSync(body);
      uncompressed += json.length;
      const parsed = JSON.parse(json.toString('utf8')) as { Records: Json[] };
      expect(parsed.Records).toHaveLength(options.recordsPerFile);
      records += parsed.Records.length;
      for (const record of parsed.Records) {
        expect(record).toMatchObject({ eventType: expect.any(String), eventCategory: 'Management' });
        expect(record.eventTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
        expect(record.eventID).toMatch(
          /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
        );
        const identity = (record.userIdentity ?? {}) as Json;
        if (record.sourceIPAddress === SUPPORT || identity.invokedBy === SUPPORT) supportCallsAnyDay++;
      }
    }
    expect(records).toBe(result.records);
    expect(uncompressed).toBe(result.uncompressedBytes);
    expect(compressed).toBe(result.compressedBytes);
    expect(supportCallsAnyDay).toBe(result.files * options.supportCallsPerFile);

    const counted = await countLogs(path.join(outDir, options.prefix), options.start, options.end);
    expect(counted.records).toBe(result.records);
    expect(counted.unreadable).toEqual([]);
    expect({
      supportCalls: counted.supportCalls,
      bySourceIp: counted.bySourceIp,
      bySupportRole: counted.bySupportRole,
      byInvokedBy: counted.byInvokedBy,
      writeCalls: counted.writeCalls,
      supportApiCalls: counted.supportApiCalls,
      supportAuthorizationEvents: counted.supportAuthorizationEvents,
    }).toEqual({
      supportCalls: result.expected.supportCalls,
      bySourceIp: result.expected.bySourceIp,
      bySupportRole: result.expected.bySupportRole,
      byInvokedBy: result.expected.byInvokedBy,
      writeCalls: result.expected.writeCalls,
      supportApiCalls: result.expected.supportApiCalls,
      supportAuthorizationEvents: result.expected.supportAuthorizationEvents,
    });
    expect(result.expected.supportCalls).toBeGreaterThan(0);
  });

  it('is deterministic from its seed', async () => {
    const [a, b, c] = [await tempDir(), await tempDir(), await tempDir()];
    const first = await generateLogs({ ...options, outDir: a });
    const second = await generateLogs({ ...options, outDir: b });
    const other = await generateLogs({ ...options, seed: 8, outDir: c });
    expect(second).toEqual(first);
    const keys = await listFiles(a);
    expect(await listFiles(b)).toEqual(keys);
    for (const key of keys) {
      expect((await readFile(path.join(a, key))).equals(await readFile(path.join(b, key))), key).toBe(true);
    }
    expect(await listFiles(c)).not.toEqual(keys);
    expect(other.uncompressedBytes).not.toBe(first.uncompressedBytes);
  });

  it("draws file sizes as a real trail's: large files in the busy region, a few records elsewhere", async () => {
    const outDir = await tempDir();
    const sizeMix = { busyRegions: ['us-east-1'], idleRecordsPerFile: 3 };
    const result = await generateLogs({ ...options, outDir, sizeMix });
    const sizes: Record<string, number[]> = { 'us-east-1': [], 'eu-west-1': [] };
    for (const file of await listFiles(outDir)) {
      const parsed = JSON.parse(gunzipSync(await readFile(path.join(outDir, file))).toString('utf8')) as {
        Records: Json[];
      };
      sizes[/CloudTrail\/([a-z0-9-]+)\//.exec(file)![1]!]!.push(parsed.Records.length);
    }
    const busy = sizes['us-east-1']!;
    const idle = sizes['eu-west-1']!;
    expect(Math.min(...busy)).toBeGreaterThanOrEqual(options.recordsPerFile / 2);
    expect(Math.max(...busy)).toBeLessThanOrEqual((options.recordsPerFile * 3) / 2);
    expect(new Set(busy).size).toBeGreaterThan(1);
    expect(Math.min(...idle)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...idle)).toBeLessThanOrEqual(2 * sizeMix.idleRecordsPerFile - 1);
    expect([...busy, ...idle].reduce((a, b) => a + b, 0)).toBe(result.records);
    const counted = await countLogs(path.join(outDir, options.prefix), options.start, options.end);
    expect(counted.supportCalls).toBe(result.expected.supportCalls);
    await expect(
      generateLogs({ ...options, outDir, sizeMix: { ...sizeMix, busyRegions: ['ap-south-1'] } }),
    ).rejects.toThrow(/busy regions/);
  });

  it('rejects options that would not make the real layout', async () => {
    const outDir = await tempDir();
    await expect(generateLogs({ ...options, outDir, accounts: ['1234'] })).rejects.toThrow(/12-digit/);
    await expect(generateLogs({ ...options, outDir, organizationId: 'o-short' })).rejects.toThrow(
      /organizationId/,
    );
    await expect(generateLogs({ ...options, outDir, end: '2026-11-01' })).rejects.toThrow(/before start/);
    expect(await listFiles(outDir)).toEqual([]);
  });
});

describe('the command line', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  /** Runs main, returning its exit code and what it printed. */
  async function run(...argv: string[]) {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const code = await main(argv);
    return { code, out: log.mock.calls.join('\n'), err: error.mock.calls.join('\n') };
  }

  it('prints every flag on --help and exits 0', async () => {
    const { code, out } = await run('--help');
    expect(code).toBe(0);
    expect(out).toBe(usage());
    const flags = [
      'out',
      'sample',
      'start',
      'end',
      'accounts',
      'regions',
      'organization-id',
      'prefix',
      'files-per-day',
      'records-per-file',
      'busy-regions',
      'idle-records-per-file',
      'support-calls-per-file',
      'seed',
      'level',
      'clean',
      'help',
    ];
    for (const flag of flags) expect(out).toMatch(new RegExp(`^  --${flag}\\b`, 'm'));
  });

  it('exits 2 naming an unknown flag, and on a missing --out or a value that is not a number', async () => {
    const unknown = await run('--out', 'x', '--bogus');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('--bogus');
    expect(await run('--seed', '1')).toMatchObject({ code: 2, err: expect.stringContaining('--out') });
    expect(await run('--out', 'x', '--seed', 'abc')).toMatchObject({
      code: 2,
      err: expect.stringContaining('--seed'),
    });
  });

  it('writes the same bulk files as generateLogs with the same flags', async () => {
    const [viaCli, viaApi] = [await tempDir(), await tempDir()];
    const flags = [
      '--files-per-day',
      '2',
      '--records-per-file',
      '5',
      '--start',
      '2026-11-02',
      '--end',
      '2026-11-02',
    ];
    expect((await run('--out', viaCli, ...flags)).code).toBe(0);
    await generateLogs({
      outDir: viaApi,
      start: '2026-11-02',
      end: '2026-11-02',
      accounts: [SAMPLE_ACCOUNTS.production],
      regions: ['us-east-1'],
      filesPerDay: 2,
      recordsPerFile: 5,
      supportCallsPerFile: 1,
      seed: 1,
    });
    const keys = await listFiles(viaApi);
    expect(await listFiles(viaCli)).toEqual(keys);
    for (const key of keys) {
      const [a, b] = await Promise.all([readFile(path.join(viaCli, key)), readFile(path.join(viaApi, key))]);
      expect(a.equals(b), key).toBe(true);
    }
  });
});

describe('the real public records, laid out as a bucket', () => {
  it('writes gzip objects in CloudTrail day folders and names the ones the engine cannot read', async (context) => {
    requireRealLogs(context);
    const target = await tempDir();
    const layout = await layOutRealLogs(target);
    expect(await listFiles(target)).toEqual(layout.files);
    expect(REAL_LOGS_DAY >= REAL_LOGS_WINDOW.start && REAL_LOGS_DAY <= REAL_LOGS_WINDOW.end).toBe(true);

    const dayPath = REAL_LOGS_DAY.replaceAll('-', '/');
    const logFolder = new RegExp(
      `^AWSLogs/(o-[a-z0-9]+/)?\\d{12}/CloudTrail/[a-z0-9-]+/${dayPath}/[^/]+\\.json\\.gz$`,
    );
    let records = 0;
    const unreadable: string[] = [];
    for (const key of layout.files) {
      const json = gunzipSync(await readFile(path.join(target, key))).toString('utf8');
      if (!logFolder.test(key)) continue;
      let parsed: Json | undefined;
      try {
        parsed = JSON.parse(json) as Json;
      } catch {
        parsed = undefined;
      }
      if (parsed === undefined || !Array.isArray(parsed.Records)) unreadable.push(key);
      else records += parsed.Records.length;
    }
    expect(unreadable).toEqual(layout.expectedUnreadable);
    // Two broken JSON files and three digests put where log files belong.
    expect(layout.expectedUnreadable).toHaveLength(5);
    expect(records).toBe(layout.records);
    expect(layout.records).toBeGreaterThan(800);
    expect((await readAllRealRecords()).length).toBe(layout.records);

    expect(layout.files).toContain(
      'AWSLogs/o-1234abcde/222222222222/CloudTrail/us-east-1/2025/03/06/222222222222_CloudTrail_us-east-1_20250306T0230Z_QF6qcgyiaVnSueXa.json.gz',
    );
    expect(layout.files.filter((key) => key.includes('/CloudTrail-Digest/'))).toHaveLength(1);
    expect(layout.files.filter((key) => key.includes('/CloudTrail-Insight/'))).toHaveLength(1);
  });

  it('unwraps every format into plain record objects', async (context) => {
    requireRealLogs(context);
    const records = await readAllRealRecords();
    const wrapped = records.filter(
      (r) => typeof r === 'object' && r !== null && 'record' in r && '_test_name' in r,
    );
    expect(wrapped).toEqual([]);
    expect(records.every((r) => typeof r === 'object' && r !== null && !Array.isArray(r))).toBe(true);
    const supportApi = records.filter((r) => (r as Json).eventSource === SUPPORT);
    expect(supportApi.length).toBeGreaterThan(0);
  });
});
