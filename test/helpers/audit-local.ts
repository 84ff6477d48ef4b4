/** Runs a whole audit on the local engine, in process, as the CLI would, on the day TODAY. */
import { runAudit } from '../../src/core/audit.js';
import { LocalEngine } from '../../src/engines/local/engine.js';
import type { AuditResult } from '../../src/core/result.js';
import type { RawInputs } from '../../src/core/inputs.js';
import { parseSettings } from '../../src/core/settings.js';

export const TODAY = new Date('2026-11-24T12:00:00Z');

export async function auditLocal(logs: string, inputs: RawInputs): Promise<AuditResult> {
  const settings = parseSettings({ logs, ...inputs }, TODAY);
  const engine = await LocalEngine.open({ logsDir: logs });
  try {
    return await runAudit(settings, engine, { now: () => TODAY });
  } finally {
    await engine.close();
  }
}
