/**
 * The published JSON Schema of summary.json and the field tables of docs/summary-json.md are generated from the
 * result's schema (src/core/contract/summary.ts): both must be the generated ones, so neither can drift from what
 * the tool writes. After changing the schema: `npm run schema`.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { DOCS_FILE, SCHEMA_FILE, documented, summaryJsonSchema } from '../scripts/summary-contract.js';

describe('the summary.json contract, generated from the result schema', () => {
  it('schema/summary.schema.json is the generated one (npm run schema)', async () => {
    expect(await readFile(SCHEMA_FILE, 'utf8')).toBe(await summaryJsonSchema());
  });

  it("docs/summary-json.md's field tables are the generated ones (npm run schema)", async () => {
    const docs = await readFile(DOCS_FILE, 'utf8');
    expect(docs).toBe(await documented(docs));
  });

  it('documents every field of summary.json, nested ones included', async () => {
    const docs = await readFile(DOCS_FILE, 'utf8');
    for (const field of [
      '`verdict.gates[].outcome`',
      '`coverage.cells[].files`',
      '`scope.details[].label`',
    ]) {
      expect(docs).toContain(field);
    }
  });
});
