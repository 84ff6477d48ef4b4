/**
 * Values of an unexpected shape. DuckDB's `from_json` reads a value of the wrong kind where an object or an
 * array belongs (text where `userIdentity` belongs, say) as an object of NULLs, or as NULL, silently. The view
 * must notice every such value a query reaches, without parsing every file twice: each rule pairs a cheap
 * suspicion, true for every file where the values at its path could be of the wrong kind, with the exact check
 * (`json_type` over the text, a second parse) that only a suspected file pays for.
 *
 * - An object read from anything else has all its fields NULL: a record, or an object the query reaches into,
 *   with every field it reads NULL is suspected. Genuine records always have an eventTime, so records are
 *   checked by that one field. An empty object (`"sessionIssuer": {}`) is suspected too, and passes the check.
 * - A map or an array read from anything else is NULL, as if absent: there, a regular expression over the text
 *   suspects any file where the key is followed by anything but `{` (or `[`) or `null`. A key can only hide from
 *   it behind escaped letters (`\u0061`), which it also suspects.
 */
import type { Column } from '../../core/schema.js';
import { LOG_FILES_FUNCTION } from './log-file-table.js';

export interface ShapeRule {
  /** SQL over a file's parsed `doc` and its text `body`: the values at the rule's path may be of the wrong kind. */
  readonly suspicion: string;
  /** SQL over `body`: they are all of the right kind. */
  readonly check: string;
}

/** The text an error of the view's own starts with: a file failed a check (see the engine's closer look). */
export const CLOSER_LOOK = 'support-audit: a log file needs a closer look';

/** Every record has an eventTime: one without it may be a value that is not an object at all. */
export const RECORD_MARKER: Column = { name: 'eventtime', key: 'eventTime', type: { kind: 'string' } };

/** Where a value is: the SQL reaching it (from a record `r`, or an array element) and its JSONPath. */
interface Place {
  readonly value: string;
  readonly json: string;
  readonly depth: number;
  /** Makes a condition on values here a condition on the record. */
  readonly inRecord: (condition: string) => string;
}

const RECORD: Place = { value: 'r', json: '$.Records[*]', depth: 0, inRecord: (condition) => condition };

/** The rules for the columns a query reaches; `suspect` marks a file that does not begin as a log file does. */
function shapeRules(columns: readonly Column[]): ShapeRule[] {
  const gated = gatedKeys(columns);
  return [
    { suspicion: 'suspect', check: "json_type(body, '$.Records') = 'ARRAY'" },
    objectRule(RECORD, [RECORD_MARKER]),
    ...structRules(columns, RECORD),
    ...(gated.length > 0
      ? [{ suspicion: keyGate(gated), check: gated.map((g) => typeCheck(g.json, g.kind)).join(' AND ') }]
      : []),
  ];
}

/** A file's records, where every check its suspicions call for passes; else the query ends with CLOSER_LOOK. */
export function checkedRecords(columns: readonly Column[]): string {
  const passes = shapeRules(columns).map(({ suspicion, check }) => `(NOT ${suspicion} OR ${check})`);
  return [
    'CASE WHEN lenient THEN doc.Records',
    `WHEN ${passes.join('\n    AND ')} THEN doc.Records`,
    `ELSE error('${CLOSER_LOOK}: ' || file) END`,
  ].join('\n  ');
}

/**
 * What is wrong with each file of a set that is not read as it is, for the engine's closer look: `malformed`
 * (not JSON), `records` (no Records array), `shape` (a value of an unexpected shape where the columns reach).
 */
export function closerLookQuery(set: number, columns: readonly Column[]): string {
  const shaped = shapeRules(columns)
    .slice(1)
    .map((rule) => rule.check)
    .join(' AND ');
  return [
    'SELECT file, problem FROM (SELECT file, CASE',
    // The function's empty rows (see log-file-table.ts) have no file and nothing wrong.
    '  WHEN file IS NULL THEN NULL',
    "  WHEN NOT json_valid(body) THEN 'malformed'",
    "  WHEN json_type(body, '$.Records') IS DISTINCT FROM 'ARRAY' THEN 'records'",
    `  WHEN NOT lenient AND NOT (${shaped}) THEN 'shape'`,
    `  END AS problem FROM ${LOG_FILES_FUNCTION}(${set}))`,
    'WHERE problem IS NOT NULL',
  ].join('\n');
}

function structRules(columns: readonly Column[], place: Place): ShapeRule[] {
  return columns.flatMap(({ key, type }) => {
    const at = { ...place, value: `${place.value}.${quoteKey(key)}`, json: `${place.json}.${key}` };
    if (type.kind === 'struct') return [objectRule(at, type.fields), ...structRules(type.fields, at)];
    if (type.kind !== 'array' || type.element.kind !== 'struct') return [];
    const variable = `e${place.depth + 1}`;
    const element: Place = {
      value: variable,
      json: `${at.json}[*]`,
      depth: place.depth + 1,
      inRecord: (condition) =>
        place.inRecord(`list_bool_or(list_transform(${at.value}, lambda ${variable}: ${condition}))`),
    };
    return [objectRule(element, type.element.fields), ...structRules(type.element.fields, element)];
  });
}

/** The values at the place are objects: suspected where one has every field the query reads NULL. */
function objectRule(place: Place, fields: readonly Column[]): ShapeRule {
  const empty = fields.map((f) => `${place.value}.${quoteKey(f.key)} IS NULL`);
  const condition = place.inRecord(`${place.value} IS NOT NULL AND ${empty.join(' AND ')}`);
  return {
    suspicion: `coalesce(list_bool_or(list_transform(doc.Records, lambda r: ${condition})), false)`,
    check: typeCheck(place.json, 'OBJECT'),
  };
}

/** The maps and arrays the columns reach, which a regular expression over the text guards. */
function gatedKeys(
  columns: readonly Column[],
  json = '$.Records[*]',
): Array<{ key: string; json: string; kind: 'OBJECT' | 'ARRAY' }> {
  return columns.flatMap(({ key, type }) => {
    const at = `${json}.${key}`;
    if (type.kind === 'map') return [{ key, json: at, kind: 'OBJECT' as const }];
    if (type.kind === 'struct') return gatedKeys(type.fields, at);
    if (type.kind !== 'array') return [];
    const inside = type.element.kind === 'struct' ? gatedKeys(type.element.fields, `${at}[*]`) : [];
    return [{ key, json: at, kind: 'ARRAY' as const }, ...inside];
  });
}

function keyGate(keys: ReadonlyArray<{ key: string; kind: 'OBJECT' | 'ARRAY' }>): string {
  const opening = { OBJECT: '{', ARRAY: '\\[' };
  const patterns = keys.map(({ key, kind }) => `"${key}"\\s*:\\s*[^${opening[kind]}n\\s]`);
  return `regexp_matches(body, '${[...patterns, '\\\\u00[4-7][0-9a-fA-F]'].join('|')}')`;
}

/** Every value at the path (a JSONPath with wildcards) is of the kind, or null. */
function typeCheck(path: string, kind: 'OBJECT' | 'ARRAY'): string {
  return `coalesce(list_has_all(['${kind}', 'NULL'], json_type(body, '${path}')), true)`;
}

/** A CloudTrail JSON key as a DuckDB identifier; the keys are the schema's own constants. */
export function quoteKey(key: string): string {
  if (!/^[A-Za-z0-9]+$/.test(key)) throw new Error(`unexpected CloudTrail key ${JSON.stringify(key)}`);
  return `"${key}"`;
}
