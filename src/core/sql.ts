/**
 * SQL text helpers shared by every statement the tool emits, with one quoting function per dialect: Trino and
 * DuckDB quote identifiers with double quotes, Hive DDL with backticks.
 */
import type { TableName } from './types.js';

/** A value bound to a `?` execution parameter. */
export type SqlValue = string | number;

export interface Statement {
  /** Stable id, used in reports, progress lines and idempotency tokens. */
  readonly id: string;
  readonly title: string;
  readonly sql: string;
  readonly parameters: readonly SqlValue[];
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

function validated(name: string): string {
  if (!IDENTIFIER.test(name))
    throw new Error(`refusing to quote unvalidated identifier ${JSON.stringify(name)}`);
  return name;
}

/** Double-quotes an identifier for Trino and DuckDB. Only identifiers already validated reach here. */
export function quoteIdentifier(name: string): string {
  return `"${validated(name)}"`;
}

/** Backtick-quotes an identifier for Hive DDL. Only identifiers already validated reach here. */
export function quoteHiveIdentifier(name: string): string {
  return `\`${validated(name)}\``;
}

/** `"database"."table"`, for Trino and DuckDB. */
export function qualifiedName(name: TableName): string {
  return `${quoteIdentifier(name.database)}.${quoteIdentifier(name.table)}`;
}

/** `` `database`.`table` ``, for Hive DDL. */
export function qualifiedHiveName(name: TableName): string {
  return `${quoteHiveIdentifier(name.database)}.${quoteHiveIdentifier(name.table)}`;
}

/**
 * A string literal for the constants the tool's own code writes into SQL (criteria, DDL properties). User values
 * never pass through here: they travel as execution parameters or as tokens validated by the settings.
 */
export function stringLiteral(value: string): string {
  if (/['\\\n\r\0]/.test(value))
    throw new Error(`refusing to write ${JSON.stringify(value)} as a SQL literal`);
  return `'${value}'`;
}

/**
 * A string literal for any text, quotes doubled. Only the local engine uses it, for what the file system names
 * (paths), which DuckDB's table functions take as literals.
 */
export function escapedStringLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** A parameter as Athena's ExecutionParameters want it: strings carry their own single quotes. */
export function athenaParameter(value: SqlValue): string {
  return typeof value === 'number' ? String(value) : escapedStringLiteral(value);
}

/** The statement as `--dry-run` prints it: a parameters comment when it has any, then the SQL ending in `;`. */
export function formatStatement(statement: Statement): string {
  const header = `-- ${statement.id}: ${statement.title}`;
  const parameters = statement.parameters.length
    ? `\n-- parameters: ${statement.parameters.map(athenaParameter).join(', ')}`
    : '';
  return `${header}${parameters}\n${statement.sql};\n`;
}
