/**
 * The Glue Data Catalog as Athena's DDL sees it: databases holding table definitions. DDL outcomes follow
 * Hive: IF NOT EXISTS on an existing table succeeds and leaves the table as it was, even when the new
 * definition differs.
 */
import { hiveTypeText, type DdlStatement, type TableDefinition } from './hive-ddl.js';

export interface StoredTable extends TableDefinition {
  readonly createdAt: Date;
  /** The statement that created it, as submitted. */
  readonly ddl: string;
}

/** Why a DDL statement failed, as Athena words it in StateChangeReason. */
export class DdlFailure extends Error {
  override name = 'DdlFailure';
}

export class Catalog {
  private readonly databases = new Map<string, Map<string, StoredTable>>();

  constructor(databases: readonly string[]) {
    for (const name of databases) this.databases.set(name.toLowerCase(), new Map());
  }

  hasDatabase(name: string): boolean {
    return this.databases.has(name.toLowerCase());
  }

  table(database: string, name: string): StoredTable | undefined {
    return this.databases.get(database.toLowerCase())?.get(name.toLowerCase());
  }

  /** A table some service registered itself, without DDL (Security Lake's), with its database. */
  register(table: StoredTable): void {
    const database = table.database.toLowerCase();
    if (!this.databases.has(database)) this.databases.set(database, new Map());
    this.databases.get(database)!.set(table.name.toLowerCase(), table);
  }

  tables(): StoredTable[] {
    return [...this.databases.values()].flatMap((tables) => [...tables.values()]);
  }

  apply(statement: DdlStatement, ddl: string, at: Date): void {
    switch (statement.kind) {
      case 'create-database': {
        if (this.databases.has(statement.name)) {
          if (statement.ifNotExists) return;
          throw new DdlFailure(
            `FAILED: Execution Error, return code 1 from org.apache.hadoop.hive.ql.exec.DDLTask. Database ${statement.name} already exists`,
          );
        }
        this.databases.set(statement.name, new Map());
        return;
      }
      case 'create-table': {
        const { table } = statement;
        const tables = this.databases.get(table.database);
        if (!tables)
          throw new DdlFailure(
            `FAILED: SemanticException [Error 10072]: Database does not exist: ${table.database}`,
          );
        if (tables.has(table.name)) {
          if (statement.ifNotExists) return;
          throw new DdlFailure(
            `FAILED: Execution Error, return code 1 from org.apache.hadoop.hive.ql.exec.DDLTask. AlreadyExistsException(message:Table ${table.name} already exists)`,
          );
        }
        tables.set(table.name, { ...table, createdAt: at, ddl });
        return;
      }
      case 'drop-table': {
        const tables = this.databases.get(statement.database);
        if (tables?.delete(statement.name) || statement.ifExists) return;
        throw new DdlFailure(
          `FAILED: SemanticException [Error 10001]: Table not found ${statement.database}.${statement.name}`,
        );
      }
    }
  }
}

/** GetTableMetadata's TableMetadata, with the storage details folded into Parameters as Athena does. */
export function tableMetadata(table: StoredTable): Record<string, unknown> {
  const column = (c: { name: string; type: Parameters<typeof hiveTypeText>[0]; comment?: string }) => ({
    Name: c.name,
    Type: hiveTypeText(c.type),
    ...(c.comment === undefined ? {} : { Comment: c.comment }),
  });
  const parameters: Record<string, string> = {
    ...(table.external ? { EXTERNAL: 'TRUE' } : {}),
    ...(table.comment === undefined ? {} : { comment: table.comment }),
    ...table.properties,
    ...(table.inputFormat === undefined ? {} : { inputformat: table.inputFormat }),
    ...(table.outputFormat === undefined ? {} : { outputformat: table.outputFormat }),
    ...(table.location === undefined ? {} : { location: table.location }),
    ...(table.serde === undefined ? {} : { 'serde.serialization.lib': table.serde }),
    ...Object.fromEntries(Object.entries(table.serdeProperties).map(([k, v]) => [`serde.param.${k}`, v])),
    transient_lastDdlTime: String(Math.floor(table.createdAt.getTime() / 1000)),
  };
  return {
    Name: table.name,
    CreateTime: table.createdAt.getTime() / 1000,
    TableType: table.external ? 'EXTERNAL_TABLE' : 'MANAGED_TABLE',
    Columns: table.columns.map(column),
    PartitionKeys: table.partitionKeys.map(column),
    Parameters: parameters,
  };
}
