/** The one seam between the audit and where its SQL runs: Athena in production, DuckDB locally. */
import type { LayoutTable, TableLayoutInput } from './layout.js';
import type { AuditSource } from './sources/source.js';
import type { Statement } from './sql.js';
import type { ScopeDetail, UnreadableFile } from './contract/summary.js';
import type { AuditWindow, EngineName, SourceName, TableName } from './types.js';

export interface QueryStatistics {
  /** Athena's QueryExecutionId; absent for the local engine. */
  readonly queryExecutionId?: string;
  readonly dataScannedBytes: number;
  readonly engineExecutionMs: number;
  readonly queueMs: number;
  readonly totalMs: number;
  /** True when Athena answered from a reused earlier result. */
  readonly reusedPreviousResult: boolean;
}

export interface QueryResult {
  readonly columns: readonly string[];
  /** Every value as text, as Athena returns it; SQL NULL is `null`. */
  readonly rows: ReadonlyArray<ReadonlyArray<string | null>>;
  readonly statistics: QueryStatistics;
}

/** A file the engine could not read as CloudTrail records, relative to the logs root. */
export type { UnreadableFile } from './contract/summary.js';

export interface TableRequest extends TableName {
  /** Where the records come from: the table is a trail's (created or checked) or Security Lake's (checked). */
  readonly source: SourceName;
  /**
   * The layouts the inputs name, the table's own first (see namedLayouts): Athena reads a table over each; the
   * local engine finds in the copy every layout that holds the accounts' logs, and fills in the accounts and
   * regions it finds when none are given.
   */
  readonly layouts: readonly TableLayoutInput[];
  readonly window: AuditWindow;
}

/** An account and the regions the audit covers for it. */
export interface AccountRegions {
  readonly account: string;
  readonly regions: readonly string[];
}

/** The tables a request gets, its own first, and the statements that would make them ready. */
export interface TablePlan {
  readonly tables: readonly LayoutTable[];
  readonly statements: readonly Statement[];
  /** How the query sets read the table, when it is not a trail's (Security Lake, by its version). */
  readonly source?: AuditSource;
}

export interface PreparedTable {
  /** What the queries read: the table over each layout, its own first (one for the local engine's view). */
  readonly tables: readonly LayoutTable[];
  /** What preparing did, for the report: "created", "reused", "reads 12 log files". */
  readonly actions: readonly string[];
  /**
   * The accounts and the regions of each that the audit covers, when the engine found them rather than was
   * told (the local engine, run without accounts or regions); otherwise every account asked in every region.
   */
  readonly found?: readonly AccountRegions[];
  /** How the query sets read the table, when it is not a trail's (Security Lake, by its version). */
  readonly source?: AuditSource;
}

/** Log files an engine read for one account and region on one delivery day (`YYYY-MM-DD`). */
export interface DeliveredFiles {
  readonly account: string;
  readonly region: string;
  readonly day: string;
  readonly files: number;
}

/** What the engine could not read, or read only in part: complete once every query has run. */
export interface ReadFindings {
  readonly unreadableFiles: readonly UnreadableFile[];
  readonly notes: readonly string[];
  /**
   * The files it read per account, region and day, when it counts them itself: a file whose Records array is
   * empty yields no row for a query to count, yet it is evidence that the trail delivered that day.
   */
  readonly delivered?: readonly DeliveredFiles[];
}

/** What the engine prepared and read, for its description of it. */
export interface ReadTable {
  readonly request: TableRequest;
  readonly prepared: PreparedTable;
  readonly findings: ReadFindings;
}

/**
 * How an engine describes itself and what it read, in the words every report uses: the reports render this
 * and never branch on the engine's name.
 */
export interface EngineDescription {
  /** The engine as the reports name it: `Athena (us-east-1)`. */
  readonly title: string;
  /** What it read, line by line: its table and location, or its folder and files. */
  readonly details: readonly ScopeDetail[];
  /** Null when the engine bills the bytes it scans; otherwise why nothing is billed. */
  readonly billing: string | null;
  /** Where to see a query in the engine's console, when it has one. */
  queryLink(queryExecutionId: string): string | null;
}

export interface Engine {
  readonly name: EngineName;
  /** The AWS region queries run in (Athena only). */
  readonly region?: string;
  /**
   * True when it can prepare and query another window while a query runs (Athena: one table serves every window
   * through its partitions), so the lead-in of the explanation runs beside the window's scan; the local engine
   * reads one window's files at a time.
   */
  readonly readsWindowsAtOnce?: boolean;
  /** The statements `prepare` would run, for `--dry-run`. */
  plan(request: TableRequest): Promise<TablePlan>;
  /** Makes the table ready for the window's queries: creates or checks it on Athena, loads it locally. */
  prepare(request: TableRequest): Promise<PreparedTable>;
  run(statement: Statement): Promise<QueryResult>;
  findings(): ReadFindings;
  /** How the reports describe the engine and what it read, once every query has run. */
  describe(read: ReadTable): EngineDescription;
  close(): Promise<void>;
}

/** What a dry run needs of an engine: the plan, and closing what planning opened; its region, if Athena's. */
export type Planner = Pick<Engine, 'plan' | 'close' | 'region'>;

/** Rows as objects keyed by column name. */
export function rowObjects(result: QueryResult): Array<Record<string, string | null>> {
  const { columns } = result;
  // Filled in place: a scan of tens of thousands of calls builds no pair array per value (about 3x faster).
  return result.rows.map((row) => {
    const object: Record<string, string | null> = {};
    for (let i = 0; i < columns.length; i++) object[columns[i]!] = row[i] ?? null;
    return object;
  });
}
