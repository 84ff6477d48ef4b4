/** SQL text helpers shared by every statement the tool emits. */

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

/** Double-quotes an identifier for Trino and DuckDB. Only identifiers already validated reach here. */
export function quoteIdentifier(name: string): string {
  if (!IDENTIFIER.test(name))
    throw new Error(`refusing to quote unvalidated identifier ${JSON.stringify(name)}`);
  return `"${name}"`;
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

/** A parameter as Athena's ExecutionParameters want it: strings carry their own single quotes. */
export function athenaParameter(value: SqlValue): string {
  return typeof value === 'number' ? String(value) : `'${value.replaceAll("'", "''")}'`;
}

/** The statement as `--dry-run` prints it: a parameters comment when it has any, then the SQL ending in `;`. */
export function formatStatement(statement: Statement): string {
  const header = `-- ${statement.id}: ${statement.title}`;
  const parameters = statement.parameters.length
    ? `\n-- parameters: ${statement.parameters.map(athenaParameter).join(', ')}`
    : '';
  return `${header}${parameters}\n${statement.sql};\n`;
}
