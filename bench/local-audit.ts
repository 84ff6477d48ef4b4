/**
 * One local audit in its own process, for the benchmark: prints how long the audit took and the process's
 * peak memory, so the figures are not mixed with the benchmark's own work.
 */
import { runAudit } from '../src/core/audit.js';
import { LocalEngine } from '../src/engines/local/engine.js';
import { parseSettings } from '../src/core/settings.js';

const [logs, start, end] = process.argv.slice(2) as [string, string, string];
const settings = parseSettings({ logs, 'start-date': start, 'end-date': end });
const started = performance.now();
const engine = await LocalEngine.open({ logsDir: logs });
const result = await runAudit(settings, engine);
await engine.close();
process.stdout.write(
  JSON.stringify({
    ms: performance.now() - started,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    supportCalls: result.totals.supportCalls,
    filesRead: Number(
      /^([\d,]+) log files?/.exec(result.table.actions[0] ?? '')?.[1]?.replaceAll(',', '') ?? NaN,
    ),
  }),
);
