/**
 * The local engine's table: Athena's columns in Athena's order with the layout's partition columns, every
 * value printed as Athena prints it, and the same SQL text run unchanged.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateLogs, generateSample, type SampleManifest } from '../scripts/generate-logs/index.js';
import { runAudit, tableRequest } from '../src/core/audit.js';
import { athenaText } from '../src/engines/local/athena-text.js';
import { LocalEngine } from '../src/engines/local/engine.js';
import { CLOUDTRAIL_COLUMNS, hiveType } from '../src/core/schema.js';
import { parseSettings } from '../src/core/settings.js';
import { TODAY } from './helpers/audit-local.js';

let engine: LocalEngine;
let manifest: SampleManifest;

beforeAll(async () => {
  const logs = await mkdtemp(path.join(tmpdir(), 'support-audit-local-'));
  manifest = await generateSample(logs);
  const settings = parseSettings(
    { logs, 'start-date': manifest.window.start, 'end-date': manifest.window.end },
    TODAY,
  );
  engine = await LocalEngine.open({ logsDir: logs });
  await engine.prepare(tableRequest(settings));
  return () => engine.close();
});

const query = (sql: string) => engine.run({ id: 'test', title: 'test', sql, parameters: [] });

describe('the local table', () => {
  it("has Athena's columns in order, then the partition columns", async () => {
    const described = await query('DESCRIBE "default"."cloudtrail_logs_pp"');
    expect(described.rows.map((row) => row[0])).toEqual([
      ...CLOUDTRAIL_COLUMNS.map((c) => c.name),
      'account',
      'region',
      'timestamp',
    ]);
  });

  it("has Athena's types, field names compared without case as both engines resolve them", async () => {
    const described = await query('DESCRIBE "default"."cloudtrail_logs_pp"');
    const normalise = (type: string) =>
      type
        .toLowerCase()
        .replaceAll('"', '')
        .replaceAll(' ', '')
        .replace(/varchar/g, 'string');
    const asHive = (duck: string): string =>
      normalise(duck)
        .replace(/map\(string,string\)/g, 'map<string,string>')
        .replace(/([a-z0-9]+)\[\]/g, 'array<$1>');
    // `resources` alone is read as its JSON text (see the next test).
    for (const column of CLOUDTRAIL_COLUMNS.filter((c) => c.name !== 'resources')) {
      const duck = described.rows.find((row) => row[0] === column.name)![1]!;
      const expected = hiveType(column.type).toLowerCase();
      const actual = asHive(duck)
        .replace(/struct\(/g, 'struct<')
        .replace(/\)/g, '>')
        .replace(/([a-z0-9]+)(string|struct<|map<|array<)/g, '$1:$2');
      expect(actual.replace(/struct<([^>]*)>\[\]/g, 'array<struct<$1>>'), column.name).toBe(expected);
    }
  });

  it('prints structs, maps and arrays as Athena does, with lower-case field names', () => {
    expect(athenaText({ principalId: 'AROA:x', sessionContext: { sessionIssuer: { userName: 'r' } } })).toBe(
      '{principalid=AROA:x, sessioncontext={sessionissuer={username=r}}}',
    );
    expect(athenaText([{ key: 'k', value: 'v' }])).toBe('{k=v}');
    expect(athenaText(['a', null])).toBe('[a, null]');
    expect(athenaText(true)).toBe('true');
  });

  it("reads resources as JSON text, which the SQL that asks for Athena's JSON of them gets unchanged", async () => {
    const described = await query('DESCRIBE "default"."cloudtrail_logs_pp"');
    expect(described.rows.find((row) => row[0] === 'resources')![1]).toBe('JSON');
    const result = await query(
      `SELECT json_format(CAST(resources AS JSON)) FROM "default"."cloudtrail_logs_pp" WHERE resources IS NOT NULL`,
    );
    expect(result.rows.length).toBeGreaterThan(0);
    for (const [text] of result.rows) {
      const resources = JSON.parse(text!) as Array<Record<string, unknown>>;
      expect(resources.length).toBeGreaterThan(0);
      for (const resource of resources) expect(resource.ARN).toMatch(/^arn:aws[a-z-]*:/);
    }
  });

  it('gives a JSON object in a STRING column as its JSON text, as Athena does', async () => {
    const result = await query(
      `SELECT requestparameters FROM "default"."cloudtrail_logs_pp" WHERE requestparameters LIKE '{%' LIMIT 1`,
    );
    expect(JSON.parse(result.rows[0]![0]!)).toBeTypeOf('object');
  });

  it("resolves nested fields by Athena's lower-case names", async () => {
    const result = await query(
      `SELECT count(*) FROM "default"."cloudtrail_logs_pp" WHERE useridentity.sessioncontext.sessionissuer.username = 'AWSServiceRoleForSupport'`,
    );
    expect(Number(result.rows[0]![0])).toBeGreaterThan(0);
  });
});

describe('each query reads only the columns and fields it names', () => {
  const TABLE = '"default"."cloudtrail_logs_pp"';
  const count = async (sql: string) => Number((await query(sql)).rows[0]![0]);

  it('cuts a struct to the fields named, and keeps a struct named whole', async () => {
    const where = "WHERE useridentity.arn LIKE '%AWSServiceRoleForSupport%'";
    const narrow = await query(`SELECT useridentity.arn FROM ${TABLE} ${where} ORDER BY eventid`);
    const whole = await query(
      `SELECT useridentity, useridentity.arn FROM ${TABLE} ${where} ORDER BY eventid`,
    );
    expect(whole.rows.map((row) => row[1])).toEqual(narrow.rows.map((row) => row[0]));
    expect(whole.rows[0]![0]).toMatch(/^\{type=.*principalid=.*sessioncontext=\{attributes=.*sessionissuer=/);
  });

  it('gives every column again to a query that reads whole rows, after one that read a few', async () => {
    await query(`SELECT eventname FROM ${TABLE} LIMIT 1`);
    const all = await query(`SELECT * FROM ${TABLE} LIMIT 1`);
    expect(all.columns).toEqual([...CLOUDTRAIL_COLUMNS.map((c) => c.name), 'account', 'region', 'timestamp']);
  });

  it('counts the same whichever columns a query names', async () => {
    const total = await count(`SELECT count(*) FROM ${TABLE}`);
    expect(total).toBeGreaterThan(0);
    expect(await count(`SELECT count(eventid) FROM ${TABLE}`)).toBe(total);
    expect(await count(`SELECT count(t.eventtime) FROM ${TABLE} t`)).toBe(total);
    expect(await count(`SELECT count(*) FROM ${TABLE} WHERE tlsdetails.tlsversion IS NULL OR true`)).toBe(
      total,
    );
  });

  it('fails on a field that does not exist, rather than reading it as NULL', async () => {
    await expect(query(`SELECT useridentity.nosuchfield FROM ${TABLE}`)).rejects.toThrow(/nosuchfield/);
  });
});

describe('a long query', () => {
  it("says every so often how far it has read of the window's logs", async () => {
    const logs = await mkdtemp(path.join(tmpdir(), 'support-audit-progress-'));
    const generated = await generateLogs({
      outDir: logs,
      start: '2026-10-01',
      end: '2026-10-03',
      accounts: ['111122223333'],
      regions: ['us-east-1'],
      filesPerDay: 10,
      recordsPerFile: 1000,
      supportCallsPerFile: 1,
      seed: 7,
    });
    const lines: string[] = [];
    const local = await LocalEngine.open({ logsDir: logs, log: (m) => lines.push(m), progressIntervalMs: 1 });
    try {
      const settings = parseSettings({ logs, 'start-date': '2026-10-01', 'end-date': '2026-10-03' }, TODAY);
      const result = await runAudit(settings, local);
      expect(result.totals.supportCalls).toBe(generated.expected.supportCalls);
    } finally {
      await local.close();
    }
    const progress = lines
      .map((line) =>
        /^single-scan: read (\d+)% of the window's logs( \([\d.]+ (bytes?|[KMGT]B) of JSON from the reading threads\))? in \d+ s$/.exec(
          line,
        ),
      )
      .filter((match) => match !== null)
      .map((match) => Number(match[1]));
    expect(progress.length).toBeGreaterThan(0);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.every((p) => p >= 0 && p <= 100)).toBe(true);
  });
});
