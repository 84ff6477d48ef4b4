/**
 * The Hive DDL Athena accepts, as far as the emulator needs it: CREATE EXTERNAL TABLE with every clause the
 * CloudTrail tables use, DROP TABLE, CREATE DATABASE. Column types are kept as a tree so they can be shown the
 * way the Glue catalog shows them (`struct<type:string,...>`) and turned into DuckDB types.
 */
import { isName, isSymbol, isWord, position, SqlSyntaxError, tokenize, type Token } from './sql-tokens.js';

export type HiveType =
  | { readonly kind: 'primitive'; readonly name: string; readonly args: readonly string[] }
  | { readonly kind: 'struct'; readonly fields: readonly HiveColumn[] }
  | { readonly kind: 'array'; readonly element: HiveType }
  | { readonly kind: 'map'; readonly key: HiveType; readonly value: HiveType };

export interface HiveColumn {
  readonly name: string;
  readonly type: HiveType;
  readonly comment?: string;
}

export interface TableDefinition {
  readonly database: string;
  readonly name: string;
  readonly external: boolean;
  readonly columns: readonly HiveColumn[];
  readonly partitionKeys: readonly HiveColumn[];
  readonly comment?: string;
  readonly serde?: string;
  readonly serdeProperties: Readonly<Record<string, string>>;
  readonly inputFormat?: string;
  readonly outputFormat?: string;
  readonly location?: string;
  readonly properties: Readonly<Record<string, string>>;
}

export type DdlStatement =
  | { readonly kind: 'create-table'; readonly ifNotExists: boolean; readonly table: TableDefinition }
  | {
      readonly kind: 'drop-table';
      readonly ifExists: boolean;
      readonly database: string;
      readonly name: string;
    }
  | { readonly kind: 'create-database'; readonly ifNotExists: boolean; readonly name: string };

/** Glue's spelling of a type: lower case, no spaces. */
export function hiveTypeText(type: HiveType): string {
  switch (type.kind) {
    case 'primitive':
      return type.args.length ? `${type.name}(${type.args.join(',')})` : type.name;
    case 'struct':
      return `struct<${type.fields.map((f) => `${f.name}:${hiveTypeText(f.type)}`).join(',')}>`;
    case 'array':
      return `array<${hiveTypeText(type.element)}>`;
    case 'map':
      return `map<${hiveTypeText(type.key)},${hiveTypeText(type.value)}>`;
  }
}

const DUCKDB_PRIMITIVES: Record<string, string> = {
  string: 'VARCHAR',
  varchar: 'VARCHAR',
  char: 'VARCHAR',
  boolean: 'BOOLEAN',
  tinyint: 'TINYINT',
  smallint: 'SMALLINT',
  int: 'INTEGER',
  integer: 'INTEGER',
  bigint: 'BIGINT',
  float: 'FLOAT',
  double: 'DOUBLE',
  date: 'DATE',
  timestamp: 'TIMESTAMP',
  binary: 'BLOB',
};

/** The DuckDB type holding what the Hive type holds, for columns the emulator creates itself. */
export function duckDbTypeOf(type: HiveType): string {
  switch (type.kind) {
    case 'primitive':
      if (type.name === 'decimal') return `DECIMAL(${type.args.join(',') || '10,0'})`;
      return DUCKDB_PRIMITIVES[type.name] ?? 'VARCHAR';
    case 'struct':
      return `STRUCT(${type.fields.map((f) => `${duckDbIdentifier(f.name)} ${duckDbTypeOf(f.type)}`).join(', ')})`;
    case 'array':
      return `${duckDbTypeOf(type.element)}[]`;
    case 'map':
      return `MAP(${duckDbTypeOf(type.key)}, ${duckDbTypeOf(type.value)})`;
  }
}

export function duckDbIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** True for the statements Athena runs as DDL rather than as Trino queries. */
export function isDdlText(sql: string): boolean {
  return /^\s*(\(\s*)*(create|drop|alter|msck)\b/i.test(stripLeadingComments(sql));
}

function stripLeadingComments(sql: string): string {
  return sql.replace(/^(\s*(--[^\n]*(\n|$)|\/\*[\s\S]*?\*\/))*/, '');
}

/** Parses one DDL statement; a table or database without a database name lands in `defaultDatabase`. */
export function parseDdl(sql: string, defaultDatabase: string): DdlStatement {
  return new DdlParser(sql, defaultDatabase).statement();
}

class DdlParser {
  private readonly tokens: Token[];
  private i = 0;

  constructor(
    private readonly sql: string,
    private readonly defaultDatabase: string,
  ) {
    this.tokens = tokenize(sql, 'hive');
  }

  statement(): DdlStatement {
    const parsed = this.parseStatement();
    if (isSymbol(this.peek(), ';')) this.i++;
    if (this.peek()) this.fail('end of statement');
    return parsed;
  }

  private parseStatement(): DdlStatement {
    if (this.accept('create')) {
      if (this.accept('database') || this.accept('schema')) {
        const ifNotExists = this.ifClause('not');
        return { kind: 'create-database', ifNotExists, name: this.name() };
      }
      const external = this.accept('external');
      this.expect('table');
      const ifNotExists = this.ifClause('not');
      return { kind: 'create-table', ifNotExists, table: this.tableBody(external) };
    }
    if (this.accept('drop')) {
      this.expect('table');
      const ifExists = this.ifClause();
      const { database, name } = this.qualifiedName();
      return { kind: 'drop-table', ifExists, database, name };
    }
    return this.fail('CREATE or DROP');
  }

  /** `IF EXISTS` or, with `not`, `IF NOT EXISTS`. */
  private ifClause(not?: 'not'): boolean {
    if (!this.accept('if')) return false;
    if (not) this.expect('not');
    this.expect('exists');
    return true;
  }

  private tableBody(external: boolean): TableDefinition {
    const { database, name } = this.qualifiedName();
    const columns = this.columnList();
    let comment: string | undefined;
    let partitionKeys: HiveColumn[] = [];
    let serde: string | undefined;
    let serdeProperties: Record<string, string> = {};
    let inputFormat: string | undefined;
    let outputFormat: string | undefined;
    let location: string | undefined;
    let properties: Record<string, string> = {};
    while (this.peek() && !isSymbol(this.peek(), ';')) {
      if (this.accept('comment')) {
        comment = this.string();
      } else if (this.accept('partitioned')) {
        this.expect('by');
        partitionKeys = this.columnList();
      } else if (this.accept('row')) {
        this.expect('format');
        this.expect('serde');
        serde = this.string();
        if (this.accept('with')) {
          this.expect('serdeproperties');
          serdeProperties = this.propertyList();
        }
      } else if (this.accept('stored')) {
        this.expect('as');
        if (this.accept('inputformat')) {
          inputFormat = this.string();
          this.expect('outputformat');
          outputFormat = this.string();
        } else {
          inputFormat = this.name();
        }
      } else if (this.accept('location')) {
        location = this.string();
      } else if (this.accept('tblproperties')) {
        properties = this.propertyList();
      } else {
        this.fail('COMMENT, PARTITIONED BY, ROW FORMAT, STORED AS, LOCATION or TBLPROPERTIES');
      }
    }
    return {
      database,
      name,
      external,
      columns,
      partitionKeys,
      ...(comment === undefined ? {} : { comment }),
      ...(serde === undefined ? {} : { serde }),
      serdeProperties,
      ...(inputFormat === undefined ? {} : { inputFormat }),
      ...(outputFormat === undefined ? {} : { outputFormat }),
      ...(location === undefined ? {} : { location }),
      properties,
    };
  }

  private columnList(): HiveColumn[] {
    this.expectSymbol('(');
    const columns: HiveColumn[] = [];
    do {
      const name = this.name();
      const type = this.type();
      const comment = this.accept('comment') ? this.string() : undefined;
      columns.push({ name, type, ...(comment === undefined ? {} : { comment }) });
    } while (this.acceptSymbol(','));
    this.expectSymbol(')');
    return columns;
  }

  private type(): HiveType {
    const name = this.name();
    if (name === 'struct') {
      this.expectSymbol('<');
      const fields: HiveColumn[] = [];
      do {
        const field = this.name();
        this.expectSymbol(':');
        fields.push({ name: field, type: this.type() });
      } while (this.acceptSymbol(','));
      this.expectSymbol('>');
      return { kind: 'struct', fields };
    }
    if (name === 'array') {
      this.expectSymbol('<');
      const element = this.type();
      this.expectSymbol('>');
      return { kind: 'array', element };
    }
    if (name === 'map') {
      this.expectSymbol('<');
      const key = this.type();
      this.expectSymbol(',');
      const value = this.type();
      this.expectSymbol('>');
      return { kind: 'map', key, value };
    }
    const args: string[] = [];
    if (this.acceptSymbol('(')) {
      do {
        const token = this.next();
        if (token?.kind !== 'number') this.fail('a number', token);
        args.push(token.value);
      } while (this.acceptSymbol(','));
      this.expectSymbol(')');
    }
    return { kind: 'primitive', name, args };
  }

  private propertyList(): Record<string, string> {
    this.expectSymbol('(');
    const properties: Record<string, string> = {};
    if (this.acceptSymbol(')')) return properties;
    do {
      const key = this.string();
      this.expectSymbol('=');
      properties[key] = this.string();
    } while (this.acceptSymbol(','));
    this.expectSymbol(')');
    return properties;
  }

  private qualifiedName(): { database: string; name: string } {
    const first = this.name();
    if (!this.acceptSymbol('.')) return { database: this.defaultDatabase, name: first };
    return { database: first, name: this.name() };
  }

  private name(): string {
    const token = this.next();
    if (!isName(token)) return this.fail('an identifier', token);
    return token.value.toLowerCase();
  }

  private string(): string {
    const token = this.next();
    if (token?.kind !== 'string') return this.fail('a string literal', token);
    return token.value;
  }

  private peek(): Token | undefined {
    return this.tokens[this.i];
  }

  private next(): Token | undefined {
    return this.tokens[this.i++];
  }

  private accept(word: string): boolean {
    if (!isWord(this.peek(), word)) return false;
    this.i++;
    return true;
  }

  private expect(word: string): void {
    if (!this.accept(word)) this.fail(word.toUpperCase());
  }

  private acceptSymbol(symbol: string): boolean {
    if (!isSymbol(this.peek(), symbol)) return false;
    this.i++;
    return true;
  }

  private expectSymbol(symbol: string): void {
    if (!this.acceptSymbol(symbol)) this.fail(`'${symbol}'`);
  }

  /** Fails the way Hive's parser reports it: where, what it found, what it wanted. */
  private fail(expected: string, token: Token | undefined = this.peek()): never {
    const offset = token?.offset ?? this.sql.length;
    const found = token ? `'${token.value}'` : '<EOF>';
    throw new SqlSyntaxError(
      `${position(this.sql, offset)}: mismatched input ${found}. Expecting: ${expected}`,
      offset,
    );
  }
}
