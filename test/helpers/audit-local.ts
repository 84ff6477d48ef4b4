/** Runs a whole audit on the local engine, in process, as the CLI would, on the day TODAY. */
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { runAudit } from '../../src/core/audit.js';
import { supportCall as emulatorSupportCall } from '../emulator/fixtures.js';
import { LocalEngine } from '../../src/engines/local/engine.js';
import type { TrailCopyOptions } from '../../src/engines/local/reader.js';
import type { AuditResult } from '../../src/core/result.js';
import type { RawInputs } from '../../src/core/inputs.js';
import { parseSettings } from '../../src/core/settings.js';

export const TODAY = new Date('2026-11-24T12:00:00Z');

export async function auditLocal(
  logs: string,
  inputs: RawInputs,
  options: Omit<TrailCopyOptions, 'logsDir'> = {},
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

/** The day folder of supportCall's account, region and day, under a copy of the bucket. */
export const SUPPORT_CALL_DAY = 'AWSLogs/111122223333/CloudTrail/us-east-1/2026/10/03';

/**
 * Writes into `logs` one gzip log file of about `jsonMib` MiB of JSON, every record the same support call: long
 * enough to read that an audit of it is still running when a test stops it.
 */
export async function writeLongLogFile(logs: string, jsonMib: number): Promise<void> {
  await mkdir(path.join(logs, SUPPORT_CALL_DAY), { recursive: true });
  const record = JSON.stringify(supportCall('repeated'));
  const count = Math.ceil((jsonMib * 2 ** 20) / (record.length + 1));
  async function* json() {
    yield `{"Records":[${record}`;
    for (let i = 1; i < count; i += 4096)
      yield `,${Array.from({ length: Math.min(4096, count - i) }, () => record).join(',')}`;
    yield ']}';
  }
  await pipeline(
    Readable.from(json()),
    createGzip({ level: 1 }),
    createWriteStream(
      path.join(logs, SUPPORT_CALL_DAY, '111122223333_CloudTrail_us-east-1_20261003T0800Z_large.json.gz'),
    ),
  );
}
