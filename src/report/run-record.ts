/**
 * summary.json of a run that has not finished: `running` from the moment the run begins writing to the folder,
 * `failed` with the error once it fails, `interrupted` with the signal once a SIGINT or SIGTERM stops it. Each says
 * `complete: false` and holds no figure, so no earlier run's result can be taken for this run's
 * (docs/summary-json.md).
 */
import type { RUN_RECORD_STATUSES } from '../core/contract/summary.js';
import { SCHEMA_VERSION } from '../core/result.js';

export interface RunRecord {
  readonly status: (typeof RUN_RECORD_STATUSES)[number];
  /** When it was written, ISO 8601 in UTC. */
  readonly generatedAt: string;
  /** What the run failed with, or what stopped it, as the user was told. */
  readonly error?: string;
}

export function renderRunRecord(record: RunRecord): string {
  const { status, generatedAt, error } = record;
  const json = {
    schemaVersion: SCHEMA_VERSION,
    generatedAt,
    status,
    ...(error === undefined ? {} : { error }),
  };
  return `${JSON.stringify({ ...json, complete: false }, null, 2)}\n`;
}
