/**
 * A kill in the middle of writing the result files, made deterministic: the write of one file stops half way
 * and fails, as it would if the process died there. Whatever the folder then holds must be whole files, and
 * none of them an earlier run's result passing for this run's.
 */
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { prepareOutputDir, startReportFiles, writeReportFiles } from '../src/report/files.js';
import { auditResult, resultFromEvents, supportEvent } from './helpers/result-factory.js';
import { readSummary } from './helpers/summary-schema.js';

/** The file name whose next write is cut half way. */
const cut: { name?: string } = {};

vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  const writeFile: typeof actual.writeFile = async (file, data, options) => {
    if (cut.name !== undefined && path.basename(String(file)).includes(cut.name)) {
      const text = String(data);
      await actual.writeFile(file, text.slice(0, Math.floor(text.length / 2)), options);
      throw Object.assign(new Error('killed half way'), { code: 'EINTR' });
    }
    return actual.writeFile(file, data, options);
  };
  return { ...actual, default: { ...actual, writeFile }, writeFile };
});

let temp: string;

beforeEach(async () => {
  temp = await mkdtemp(path.join(os.tmpdir(), 'support-audit-interrupted-'));
});

afterEach(async () => {
  delete cut.name;
  await rm(temp, { recursive: true, force: true });
});

describe('a kill during the write of the result files', () => {
  it.each(['summary.json', 'events.json', 'report.md'])(
    'while %s is written: every file left is whole, and summary.json holds no earlier result',
    async (name) => {
      const dir = await prepareOutputDir(path.join(temp, 'report'));
      await writeReportFiles(auditResult(), dir);
      await startReportFiles(dir);
      cut.name = name;
      const current = resultFromEvents([supportEvent({ eventId: 'this-run' })]);
      await expect(writeReportFiles(current, dir)).rejects.toThrow();
      delete cut.name;
      const names = await readdir(dir);
      expect(names.filter((n) => n.startsWith('.'))).toEqual([]);
      for (const file of names.filter((n) => n.endsWith('.json'))) {
        const text = await readFile(path.join(dir, file), 'utf8');
        expect(() => JSON.parse(text), file).not.toThrow();
      }
      const summary = (await readSummary(path.join(dir, 'summary.json'))) as {
        status?: string;
      };
      expect(summary.status).toBe('running');
    },
  );
});

describe('a failed write of one result file', () => {
  it.each(['report.md', 'report.html', 'events.json', 'events.csv'])(
    'of %s: no file of this run is put in place and no temporary file is left',
    async (name) => {
      const dir = await prepareOutputDir(path.join(temp, 'report'));
      await startReportFiles(dir);
      cut.name = name;
      await expect(writeReportFiles(auditResult(), dir)).rejects.toThrow(/killed half way/);
      delete cut.name;
      expect(await readdir(dir)).toEqual(['summary.json']);
    },
  );

  it('a file that cannot be put in place (a folder at its name): none of the others is left either', async () => {
    const dir = await prepareOutputDir(path.join(temp, 'report'));
    await startReportFiles(dir);
    await mkdir(path.join(dir, 'report.html', 'inside'), { recursive: true });
    await expect(writeReportFiles(auditResult(), dir)).rejects.toThrow(/output-dir/);
    expect((await readdir(dir)).sort()).toEqual(['report.html', 'summary.json']);
    const summary = (await readSummary(path.join(dir, 'summary.json'))) as { status?: string };
    expect(summary.status).toBe('running');
  });
});
