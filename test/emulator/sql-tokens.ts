/**
 * A tokenizer for the two SQL dialects Athena accepts: Hive for DDL and Trino for queries. They quote
 * differently: Hive quotes identifiers with backticks and strings with either quote, Trino quotes identifiers
 * with double quotes and strings with single quotes only.
 */

export type Dialect = 'hive' | 'trino';

export interface Token {
  readonly kind: 'word' | 'identifier' | 'string' | 'number' | 'parameter' | 'symbol';
  /** Words as written; quoted identifiers and strings without their quotes. */
  readonly value: string;
  readonly offset: number;
  /** The position of a `?` among the statement's execution parameters, from 0. */
  readonly parameter?: number;
}

export class SqlSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'SqlSyntaxError';
  }
}

/** Trino's multi-character operators; Hive types (`array<struct<a:string>>`) must not be glued the same way. */
const TRINO_OPERATORS = ['<=', '>=', '<>', '!=', '||', '->', '=>'];

export function tokenize(sql: string, dialect: Dialect): Token[] {
  const tokens: Token[] = [];
  let parameters = 0;
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (sql.startsWith('--', i)) {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? sql.length : end + 1;
    } else if (sql.startsWith('/*', i)) {
      const end = sql.indexOf('*/', i + 2);
      if (end === -1) throw new SqlSyntaxError('unterminated comment', i);
      i = end + 2;
    } else if (c === "'" || (c === '"' && dialect === 'hive')) {
      const { value, end } = quoted(sql, i, dialect === 'hive');
      tokens.push({ kind: 'string', value, offset: i });
      i = end;
    } else if (c === '"' || c === '`') {
      const { value, end } = quoted(sql, i, false);
      tokens.push({ kind: 'identifier', value, offset: i });
      i = end;
    } else if (c === '?') {
      tokens.push({ kind: 'parameter', value: '?', offset: i, parameter: parameters++ });
      i++;
    } else {
      const number = /^(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/.exec(sql.slice(i, i + 64));
      const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(sql.slice(i, i + 256));
      const operator = dialect === 'trino' ? TRINO_OPERATORS.find((op) => sql.startsWith(op, i)) : undefined;
      if (number) {
        tokens.push({ kind: 'number', value: number[0], offset: i });
        i += number[0].length;
      } else if (word) {
        tokens.push({ kind: 'word', value: word[0], offset: i });
        i += word[0].length;
      } else {
        const symbol = operator ?? c;
        tokens.push({ kind: 'symbol', value: symbol, offset: i });
        i += symbol.length;
      }
    }
  }
  return tokens;
}

/** A quoted run: the quote doubled stands for itself; Hive strings also take backslash escapes. */
function quoted(sql: string, start: number, backslashes: boolean): { value: string; end: number } {
  const quote = sql[start]!;
  let value = '';
  let i = start + 1;
  while (i < sql.length) {
    const c = sql[i]!;
    if (backslashes && c === '\\' && i + 1 < sql.length) {
      value += sql[i + 1];
      i += 2;
    } else if (c === quote && sql[i + 1] === quote) {
      value += quote;
      i += 2;
    } else if (c === quote) {
      return { value, end: i + 1 };
    } else {
      value += c;
      i++;
    }
  }
  throw new SqlSyntaxError(`unterminated quoted text starting with ${quote}`, start);
}

/** `line L:C`, 1-based, as Athena positions its error messages. */
export function position(sql: string, offset: number): string {
  const before = sql.slice(0, offset).split('\n');
  return `line ${before.length}:${before[before.length - 1]!.length + 1}`;
}

export function isWord(token: Token | undefined, ...words: string[]): boolean {
  return token?.kind === 'word' && words.includes(token.value.toLowerCase());
}

export function isSymbol(token: Token | undefined, ...symbols: string[]): boolean {
  return token?.kind === 'symbol' && symbols.includes(token.value);
}

/** A name, bare or quoted; Athena folds both to lower case. */
export function isName(token: Token | undefined): token is Token {
  return token?.kind === 'word' || token?.kind === 'identifier';
}
