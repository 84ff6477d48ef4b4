/**
 * What the emulator needs to know about a Trino query before running it: which tables it reads, how many
 * `?` parameters it has, and which simple filters on partition columns Athena would use to prune partitions.
 * A recognition on tokens, not a parser: anything it does not recognise reads every projected partition, which
 * keeps results right and only overstates the bytes scanned.
 */
import { isName, isSymbol, isWord, type Token } from './sql-tokens.js';

export interface TableReference {
  /** `[table]`, `[database, table]` or `[catalog, database, table]`, folded to lower case. */
  readonly parts: readonly string[];
  readonly offset: number;
}

export type Operand = { readonly parameter: number } | { readonly literal: string };

export interface PartitionPredicate {
  /** The column name, lower case, without a table qualifier. */
  readonly column: string;
  readonly operator: '=' | '<' | '<=' | '>' | '>=' | 'in' | 'between';
  readonly operands: readonly Operand[];
}

/** Words that can stand before `(` without making it a function call. */
const NOT_FUNCTIONS = new Set(
  'from join in exists as on where and or not select with union all by having when then else lateral values using'.split(
    ' ',
  ),
);
/** Words that end a table reference's optional alias. */
const CLAUSES = new Set(
  'where join left right inner outer full cross on group order limit union having natural using window offset fetch except intersect tablesample for'.split(
    ' ',
  ),
);
const WHERE_ENDS = new Set('group order limit having union except intersect window offset fetch'.split(' '));

/** Each paren level, and whether it is a function call's argument list (where FROM is not a table clause). */
function parenFrames(tokens: readonly Token[]): boolean[] {
  const inCall: boolean[] = [];
  const stack: boolean[] = [];
  tokens.forEach((token, i) => {
    if (isSymbol(token, '(')) {
      const before = tokens[i - 1];
      const call =
        (before?.kind === 'word' && !NOT_FUNCTIONS.has(before.value.toLowerCase())) ||
        before?.kind === 'identifier';
      stack.push(call);
    } else if (isSymbol(token, ')')) {
      stack.pop();
    }
    inCall.push(stack.at(-1) ?? false);
  });
  return inCall;
}

/** The tables a query reads, leaving out names its WITH clause defines. */
export function tableReferences(tokens: readonly Token[]): TableReference[] {
  const inCall = parenFrames(tokens);
  const cteNames = new Set<string>();
  tokens.forEach((token, i) => {
    if (isName(token) && isWord(tokens[i + 1], 'as') && isSymbol(tokens[i + 2], '(')) {
      cteNames.add(token.value.toLowerCase());
    }
  });
  const references: TableReference[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (!isWord(tokens[i], 'from', 'join') || inCall[i]) continue;
    let j = i + 1;
    for (;;) {
      if (!isName(tokens[j]) || isSymbol(tokens[j + 1], '(')) break;
      const start = tokens[j]!;
      const parts = [start.value.toLowerCase()];
      j++;
      while (isSymbol(tokens[j], '.') && isName(tokens[j + 1])) {
        parts.push(tokens[j + 1]!.value.toLowerCase());
        j += 2;
      }
      if (isSymbol(tokens[j], '(')) break;
      if (!(parts.length === 1 && cteNames.has(parts[0]!))) references.push({ parts, offset: start.offset });
      if (isWord(tokens[j], 'as')) j += 2;
      else if (
        isName(tokens[j]) &&
        !(tokens[j]!.kind === 'word' && CLAUSES.has(tokens[j]!.value.toLowerCase()))
      )
        j++;
      if (!isSymbol(tokens[j], ',')) break;
      j++;
    }
  }
  return references;
}

export function parameterCount(tokens: readonly Token[]): number {
  return tokens.filter((t) => t.kind === 'parameter').length;
}

/**
 * The conjuncts of the WHERE clause that filters the table read at `tableOffset`: the one at the same level as
 * that table's FROM, as Athena pushes such filters into the scan even from inside a subquery. A WHERE that
 * joins its terms with OR at its own level gives nothing: none of its terms alone restricts the rows.
 */
export function partitionPredicates(tokens: readonly Token[], tableOffset = 0): PartitionPredicate[] {
  const start = Math.max(
    0,
    tokens.findIndex((t) => t.offset >= tableOffset),
  );
  let depth = 0;
  let where = -1;
  for (let i = start; i < tokens.length && where === -1 && depth >= 0; i++) {
    if (isSymbol(tokens[i], '(')) depth++;
    else if (isSymbol(tokens[i], ')')) depth--;
    else if (depth === 0 && isWord(tokens[i], 'where')) where = i;
  }
  if (where === -1) return [];

  const conjuncts: Token[][] = [[]];
  depth = 0;
  let openBetween = false;
  for (let i = where + 1; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (isSymbol(token, '(')) depth++;
    else if (isSymbol(token, ')')) depth--;
    if (depth < 0) break;
    if (depth === 0) {
      if (token.kind === 'word' && WHERE_ENDS.has(token.value.toLowerCase())) break;
      if (isSymbol(token, ';')) break;
      if (isWord(token, 'or')) return [];
      if (isWord(token, 'between')) openBetween = true;
      if (isWord(token, 'and')) {
        if (openBetween) openBetween = false;
        else {
          conjuncts.push([]);
          continue;
        }
      }
    }
    conjuncts.at(-1)!.push(token);
  }
  return conjuncts.map(simplePredicate).filter((p): p is PartitionPredicate => p !== undefined);
}

function simplePredicate(tokens: readonly Token[]): PartitionPredicate | undefined {
  let i = 0;
  if (!isName(tokens[i])) return undefined;
  let column = tokens[i]!.value.toLowerCase();
  i++;
  while (isSymbol(tokens[i], '.') && isName(tokens[i + 1])) {
    column = tokens[i + 1]!.value.toLowerCase();
    i += 2;
  }
  const operand = (token: Token | undefined): Operand | undefined => {
    if (token?.kind === 'parameter') return { parameter: token.parameter! };
    if (token?.kind === 'string' || token?.kind === 'number') return { literal: token.value };
    return undefined;
  };
  const rest = tokens.slice(i);
  const first = rest[0];
  if (isWord(first, 'between')) {
    const low = operand(rest[1]);
    const high = operand(rest[3]);
    if (rest.length !== 4 || !isWord(rest[2], 'and') || !low || !high) return undefined;
    return { column, operator: 'between', operands: [low, high] };
  }
  if (isWord(first, 'in')) {
    if (!isSymbol(rest[1], '(') || !isSymbol(rest.at(-1), ')')) return undefined;
    const operands: Operand[] = [];
    for (let j = 2; j < rest.length - 1; j += 2) {
      const value = operand(rest[j]);
      if (!value) return undefined;
      operands.push(value);
      if (j + 1 < rest.length - 1 && !isSymbol(rest[j + 1], ',')) return undefined;
    }
    return operands.length > 0 ? { column, operator: 'in', operands } : undefined;
  }
  if (isSymbol(first, '=', '<', '<=', '>', '>=') && rest.length === 2) {
    const value = operand(rest[1]);
    const operator = first!.value as '=' | '<' | '<=' | '>' | '>=';
    return value ? { column, operator, operands: [value] } : undefined;
  }
  return undefined;
}
