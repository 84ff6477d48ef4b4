/**
 * summary.json against its published JSON Schema (schema/summary.schema.json): every summary a test produces is
 * checked here, so the schema a consumer validates with cannot drift from what the tool writes.
 */
import { readFile } from 'node:fs/promises';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import schema from '../../schema/summary.schema.json' with { type: 'json' };
import type { SummaryJson } from '../../src/report/json.js';

const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats.default(ajv);
const validate = ajv.compile(schema);

/** An audit's summary, or the record of a run that did not finish (`status`, `error`). */
export type Summary = SummaryJson & { readonly status?: 'running' | 'failed'; readonly error?: string };

/** The summary, parsed and validated: throws with every schema error when it does not fit. */
export function validSummary(text: string): Summary {
  const summary = JSON.parse(text) as Summary;
  if (!validate(summary)) {
    throw new Error(
      `summary.json does not fit schema/summary.schema.json: ${ajv.errorsText(validate.errors)}`,
    );
  }
  return summary;
}

export async function readSummary(file: string): Promise<Summary> {
  return validSummary(await readFile(file, 'utf8'));
}
