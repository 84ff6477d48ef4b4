/** Values of DuckDB's results as Athena's GetQueryResults writes them, so both engines return the same text. */
import type { Json } from '@duckdb/node-api';

/** A value as Athena prints it in query results: structs as `{a=1, b=2}`, arrays as `[1, 2]`; SQL NULL is null. */
export function athenaText(value: Json): string | null {
  return value === null ? null : nested(value);
}

function nested(value: Json): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    const isMap =
      value.length > 0 &&
      value.every(
        (v) => v !== null && typeof v === 'object' && !Array.isArray(v) && 'key' in v && 'value' in v,
      );
    if (isMap) {
      return `{${value.map((entry) => `${nested((entry as { key: Json }).key)}=${nested((entry as { value: Json }).value)}`).join(', ')}}`;
    }
    return `[${value.map(nested).join(', ')}]`;
  }
  return `{${Object.entries(value)
    .map(([k, v]) => `${k.toLowerCase()}=${nested(v)}`)
    .join(', ')}}`;
}
