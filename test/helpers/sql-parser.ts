/** The independent parsers every emitted statement must satisfy: Trino for queries, Hive for the DDL. */
// Each dialect by its own module: the package's index loads all eight grammars (20 MB of generated parser),
// which took seconds to import in every test file using these two.
import { HiveSQL } from 'dt-sql-parser/dist/parser/hive/index.js';
import { TrinoSQL } from 'dt-sql-parser/dist/parser/trino/index.js';

const trino = new TrinoSQL();
const hive = new HiveSQL();

export function trinoErrors(sql: string): string[] {
  return trino.validate(sql).map((e) => e.message);
}

export function hiveErrors(sql: string): string[] {
  return hive.validate(sql).map((e) => e.message);
}

/**
 * The statement's shape: the lexer's token types in order, literals and identifiers reduced to their kind.
 * Two statements with the same shape differ only in the values of their literals and names.
 */
export function statementShape(sql: string, dialect: 'trino' | 'hive'): number[] {
  const parser = dialect === 'trino' ? trino : hive;
  return parser.getAllTokens(sql).map((token) => token.type);
}
