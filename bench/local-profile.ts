/**
 * Where a local audit's time goes, for the benchmark: the CLI's own steps run in this process and timed one by
 * one. Start-up (loading the code and DuckDB, through tsx: bench/local.ts puts the command's own in its place), listing (the engine's prepare), the query, measuring (the rest
 * of runAudit), rendering (the pure renderers) and writing (the result files, less rendering). Prints them as
 * JSON, in milliseconds.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runAudit } from '../src/core/audit.js';
import type { Engine } from '../src/core/engine.js';
import { parseSettings } from '../src/core/settings.js';
import { LocalEngine } from '../src/engines/local/engine.js';
import { renderEventsCsv } from '../src/report/csv.js';
import { writeReportFiles } from '../src/report/files.js';
import { renderHtml } from '../src/report/html/index.js';
import { renderEventsJson, renderSummaryJson } from '../src/report/json.js';
import { renderMarkdown } from '../src/report/markdown/index.js';

const startUp = performance.now();
const [logs, start, end, organizationId] = process.argv.slice(2) as [string, string, string, string?];
const settings = parseSettings({
  logs,
  'start-date': start,
  'end-date': end,
  ...(organizationId ? { 'organization-id': organizationId } : {}),
});
const engine = await LocalEngine.open({ logsDir: logs });
const spent = { listing: 0, query: 0 };
const timed: Engine = {
  name: engine.name,
  plan: (request) => engine.plan(request),
  prepare: async (request) => {
    const started = performance.now();
    const prepared = await engine.prepare(request);
    spent.listing += performance.now() - started;
    return prepared;
  },
  run: async (statement) => {
    const started = performance.now();
    const result = await engine.run(statement);
    spent.query += performance.now() - started;
    return result;
  },
  findings: () => engine.findings(),
  describe: (read) => engine.describe(read),
  close: () => engine.close(),
};
const auditStarted = performance.now();
const result = await runAudit(settings, timed);
const audit = performance.now() - auditStarted;
await engine.close();
const renderStarted = performance.now();
for (const render of [renderMarkdown, renderHtml, renderEventsJson, renderSummaryJson]) render(result);
renderEventsCsv(result.events);
const rendering = performance.now() - renderStarted;
const out = await mkdtemp(path.join(tmpdir(), 'support-audit-profile-'));
const writeStarted = performance.now();
await writeReportFiles(result, out);
const writing = performance.now() - writeStarted - rendering;
await rm(out, { recursive: true, force: true });
process.stdout.write(
  JSON.stringify({
    startUp,
    listing: spent.listing,
    query: spent.query,
    measuring: audit - spent.listing - spent.query,
    rendering,
    writing: Math.max(0, writing),
  }),
);
