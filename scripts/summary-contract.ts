/**
 * What is derived from the result's schema (src/core/contract/summary.ts): the published JSON Schema of
 * summary.json (schema/summary.schema.json) and the field tables of docs/summary-json.md. Run with `--write`
 * (`npm run schema`) after changing the schema; test/summary-contract.test.ts fails while either is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import { z } from 'zod';
import {
  auditSummarySchema,
  runRecordSchema,
  summaryFileSchema,
  supportEventSchema,
} from '../src/core/contract/summary.js';

export const SCHEMA_FILE = fileURLToPath(new URL('../schema/summary.schema.json', import.meta.url));
export const DOCS_FILE = fileURLToPath(new URL('../docs/summary-json.md', import.meta.url));

type JsonSchema = {
  readonly type?: string | readonly string[];
  readonly const?: unknown;
  readonly enum?: readonly unknown[];
  readonly anyOf?: readonly JsonSchema[];
  readonly items?: JsonSchema;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly description?: string;
  readonly [key: string]: unknown;
};

/** The schema as JSON Schema, without zod's read-only annotations, which mean nothing to a reader of a file. */
function jsonSchema(schema: z.ZodType): JsonSchema {
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => key !== 'readOnly')
        .map(([key, inner]) => [key, strip(inner)]),
    );
  };
  return strip(z.toJSONSchema(schema, { target: 'draft-2020-12' })) as JsonSchema;
}

/** Formatted as the repository's prettier configuration formats the file. */
async function formatted(text: string, file: string): Promise<string> {
  const options = await prettier.resolveConfig(file);
  return prettier.format(text, { ...options, filepath: file });
}

/** schema/summary.schema.json as it must be. */
export async function summaryJsonSchema(): Promise<string> {
  const { $schema, ...rest } = jsonSchema(summaryFileSchema);
  const published = {
    $schema,
    $id: 'https://github.com/OWNER/support-audit/blob/main/schema/summary.schema.json',
    title: 'support-audit summary.json',
    description:
      'Every figure of one audit of the API calls AWS Support made, as support-audit writes it to summary.json. ' +
      'docs/summary-json.md documents each field. Within schemaVersion 1, fields are only ever added: validate a ' +
      'summary with the schema of the support-audit version that wrote it. A run that has not finished writes a ' +
      'shorter record instead, with `status`.',
    ...rest,
  };
  return formatted(JSON.stringify(published), SCHEMA_FILE);
}

/** A type as the docs write it: `string \| null`, `object[]`, `"a"` \| `"b"`. */
function typeOf(node: JsonSchema): string {
  if (node.const !== undefined) return `\`${JSON.stringify(node.const)}\``;
  if (node.enum) return node.enum.map((value) => `\`${JSON.stringify(value)}\``).join(' \\| ');
  if (node.anyOf) return node.anyOf.map(typeOf).join(' \\| ');
  const types = Array.isArray(node.type) ? node.type : [node.type ?? 'object'];
  return types
    .map((type) => {
      if (type === 'integer') return 'number';
      if (type === 'array') return `${node.items?.enum ? 'string' : typeOf(node.items ?? {})}[]`;
      return type;
    })
    .join(' \\| ');
}

/** The node itself when not null: a nullable object is `anyOf: [object, null]`. */
function nonNull(node: JsonSchema): JsonSchema {
  return node.anyOf?.find((option) => option.type !== 'null') ?? node;
}

/** A row per field, nested objects and the objects of arrays flattened into dotted paths. */
function rows(node: JsonSchema, prefix = ''): string[][] {
  const object = nonNull(node);
  return Object.entries(object.properties ?? {}).flatMap(([name, field]) => {
    const path = `${prefix}${name}`;
    const inner = nonNull(field);
    const row = [
      `\`${path}\``,
      typeOf(field),
      (field.description ?? inner.description ?? '').replaceAll('|', '\\|'),
    ];
    const nested = inner.properties
      ? rows(inner, `${path}.`)
      : inner.items?.properties
        ? rows(inner.items, `${path}[].`)
        : [];
    return [row, ...nested];
  });
}

function table(head: readonly string[], body: readonly (readonly string[])[]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

/** The field tables of docs/summary-json.md, by the name of the marker they stand between. */
export function fieldTables(): Record<string, string> {
  return {
    run: table(['Field', 'Type', 'Meaning'], rows(jsonSchema(runRecordSchema))),
    summary: table(['Field', 'Type', 'Meaning'], rows(jsonSchema(auditSummarySchema))),
    event: table(['Field', 'Type', 'CloudTrail field'], rows(jsonSchema(supportEventSchema))),
  };
}

/** The docs with every generated table as it must be. */
export async function documented(docs: string): Promise<string> {
  let result = docs;
  for (const [name, content] of Object.entries(fieldTables())) {
    const pattern = new RegExp(`(<!-- fields: ${name} -->\\n)[\\s\\S]*?(\\n<!-- end fields -->)`);
    if (!pattern.test(result)) throw new Error(`docs/summary-json.md has no <!-- fields: ${name} --> block`);
    result = result.replace(pattern, (_, open: string, close: string) => `${open}\n${content}\n${close}`);
  }
  return formatted(result, DOCS_FILE);
}

if (process.argv.includes('--write')) {
  writeFileSync(SCHEMA_FILE, await summaryJsonSchema());
  writeFileSync(DOCS_FILE, await documented(readFileSync(DOCS_FILE, 'utf8')));
}
