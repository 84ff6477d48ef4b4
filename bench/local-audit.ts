/**
 * One local audit in its own process, for the benchmark: prints how long the audit took, the process's peak
 * memory, what it read and what it could not, so the figures are not mixed with the benchmark's own work.
 */
import path from 'node:path';
import { runAudit } from '../src/core/audit.js';
import { LocalEngine } from '../src/engines/local/engine.js';
import { parseSettings } from '../src/core/settings.js';

const [logs, start, end, organizationId] = process.argv.slice(2) as [string, string, string, string?];
const settings = parseSettings({
  logs,
  'start-date': start,
  'end-date': end,
  ...(organizationId ? { 'organization-id': organizationId } : {}),
});
const started = performance.now();
const engine = await LocalEngine.open({ logsDir: logs });
const result = await runAudit(settings, engine);
await engine.close();
process.stdout.write(
  JSON.stringify({
    ms: performance.now() - started,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    supportCalls: result.totals.supportCalls,
    records: result.coverage?.cells.reduce((sum, c) => sum + c.records, 0) ?? 0,
    filesRead: Number(
      /^([\d,]+) log files?/.exec(result.table.actions[0] ?? '')?.[1]?.replaceAll(',', '') ?? NaN,
    ),
    unreadable: result.unreadableFiles.map((f) => ({ file: path.basename(f.path), reason: f.reason })),
  }),
);
