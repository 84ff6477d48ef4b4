/** The independent parsers every emitted statement must satisfy: Trino for queries, Hive for the DDL. */
import { HiveSQL, TrinoSQL } from 'dt-sql-parser';

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
