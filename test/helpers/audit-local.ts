/** Runs a whole audit on the local engine, in process, as the CLI would. */
import { runAudit } from '../../src/audit.js';
import { LocalEngine } from '../../src/engines/duckdb.js';
import type { AuditResult } from '../../src/report/model.js';
import { parseSettings, type RawInputs } from '../../src/settings.js';

export const TODAY = new Date('2026-11-24T12:00:00Z');

export async function auditLocal(logs: string, inputs: RawInputs): Promise<AuditResult> {
  const settings = parseSettings({ logs, ...inputs }, TODAY);
  const engine = await LocalEngine.open({ logsDir: logs });
  try {
    return await runAudit(settings, engine);
  } finally {
    await engine.close();
  }
}
