/**
 * One local audit of a copy of a Security Lake bucket in its own process, for the benchmark: prints how long it
 * took, the process's peak memory, the support calls counted and the objects it could not read, so the figures
 * are not mixed with the benchmark's own work (writing the objects).
 */
import { runAudit } from '../src/core/audit.js';
import { parseSettings } from '../src/core/settings.js';
import { LocalEngine } from '../src/engines/local/engine.js';

const [logs, start, end] = process.argv.slice(2) as [string, string, string];
const settings = parseSettings({ logs, source: 'security-lake', 'start-date': start, 'end-date': end });
const started = performance.now();
const engine = await LocalEngine.open({ source: 'security-lake', logsDir: logs });
const result = await runAudit(settings, engine);
await engine.close();
process.stdout.write(
  JSON.stringify({
    ms: performance.now() - started,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    supportCalls: result.totals.supportCalls,
    unreadable: result.unreadableFiles,
  }),
);
