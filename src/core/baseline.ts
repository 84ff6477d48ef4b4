/**
 * The previous run's summary.json, the `baseline` input, as the core receives it: read by an adapter at its
 * edge, checked here against the contract. A baseline that cannot be used is never an error: the audit runs
 * without it, and every report names why (docs/baseline.md).
 */
import { baselineFileSchema, type BaselineFile } from './contract/baseline.js';
import { RUN_RECORD_STATUSES, SCHEMA_VERSION } from './contract/summary.js';

/** A baseline read and checked, or why it could not be used. */
export type BaselineInput =
  | { readonly path: string; readonly file: BaselineFile }
  | { readonly path: string; readonly problem: string };

/** A baseline the adapter could not read at all: a missing file is the first run's normal case. */
export function unreadableBaseline(path: string, error: NodeJS.ErrnoException): BaselineInput {
  const problem =
    error.code === 'ENOENT'
      ? 'there is no such file (a first run has none): continuity and what is new were not checked'
      : `it could not be read (${error.code ?? error.message})`;
  return { path, problem };
}

/** An object or an array: JSON gives an array no `schemaVersion`, so `in` tells both apart from a summary. */
function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** The baseline from the text of its file. */
export function baselineFromText(path: string, text: string): BaselineInput {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return {
      path,
      problem: `it is not JSON, so it is damaged or not a summary.json (${(error as Error).message})`,
    };
  }
  if (!isObject(parsed) || !('schemaVersion' in parsed)) {
    return { path, problem: 'it is not a summary.json of support-audit: it has no schemaVersion' };
  }
  if (parsed.schemaVersion !== SCHEMA_VERSION) {
    return {
      path,
      problem: `it is summary.json schema version ${JSON.stringify(parsed.schemaVersion)}; this version of support-audit reads version ${SCHEMA_VERSION}`,
    };
  }
  const status = parsed.status;
  if ((RUN_RECORD_STATUSES as readonly unknown[]).includes(status)) {
    return {
      path,
      problem: `it is the summary.json of a run that did not finish (status "${String(status)}"): it holds no result`,
    };
  }
  const checked = baselineFileSchema.safeParse(parsed);
  if (!checked.success) {
    // The text is an object here, so an issue is always in one of its fields.
    const [issue] = checked.error.issues;
    return {
      path,
      problem: `it does not fit summary.json's schema (${issue!.path.join('.')}: ${issue!.message})`,
    };
  }
  return { path, file: checked.data };
}
