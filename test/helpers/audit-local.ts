/** Runs a whole audit on the local engine, in process, as the CLI would, on the day TODAY. */
import { runAudit } from '../../src/core/audit.js';
import { supportCall as emulatorSupportCall } from '../emulator/fixtures.js';
import { LocalEngine, type LocalEngineOptions } from '../../src/engines/local/engine.js';
import type { AuditResult } from '../../src/core/result.js';
import type { RawInputs } from '../../src/core/inputs.js';
import { parseSettings } from '../../src/core/settings.js';

export const TODAY = new Date('2026-11-24T12:00:00Z');

export async function auditLocal(
  logs: string,
  inputs: RawInputs,
  options: Omit<LocalEngineOptions, 'logsDir'> = {},
): Promise<AuditResult> {
  const settings = parseSettings({ logs, ...inputs }, TODAY);
  const engine = await LocalEngine.open({ logsDir: logs, ...options });
  try {
    return await runAudit(settings, engine, { now: () => TODAY });
  } finally {
    await engine.close();
  }
}

/** A synthetic call by the support role on 2026-10-03 in 111122223333's us-east-1, with `extra` fields over it. */
export function supportCall(id: string, extra: object = {}) {
  const call = emulatorSupportCall({
    account: '111122223333',
    region: 'us-east-1',
    eventTime: '2026-10-03T08:00:00Z',
    eventId: id,
  }) as { eventID: string; userIdentity: object };
  return { ...call, ...extra };
}
