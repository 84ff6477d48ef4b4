/** The audit itself, the same for the CLI and the action: prepare the table, run the query set, measure. */
import { SUPPORT_CRITERIA } from './criteria.js';
import type {
  Engine,
  EngineDescription,
  Planner,
  QueryStatistics,
  ReadTable,
  TableRequest,
  UnreadableFile,
} from './engine.js';
import type { BaselineInput } from './baseline.js';
import { incompleteBecause, type CompletenessSettings } from './completeness.js';
import type { SinceBaseline } from './contract/baseline.js';
import { historyAfter, touchedAfter, touchedBy, touchedOfBaseline } from './history.js';
import { compareWithBaseline } from './since.js';
import type { SupportCaseReader } from './explain/index.js';
import { explainStep, plannedLeadIn, readLeadIn } from './explain/step.js';
import { DEFAULTS } from './inputs.js';
import { namedLayouts } from './layout.js';
import { QUERY_SETS } from './query-sets/index.js';
import { SCHEMA_VERSION, type AuditResult, type Measurements } from './result.js';
import type { Settings } from './settings.js';
import { CLOUDTRAIL_SOURCE } from './sources/cloudtrail.js';
import { securityLakeTableName } from './sources/security-lake.js';
import type { Statement } from './sql.js';
import type { AuditWindow, EngineName, TableName } from './types.js';
import { verdictOf, type GateSettings } from './verdict.js';

export interface AuditOptions {
  readonly now?: () => Date;
  /** The logs are the synthetic sample shipped with the tool: every report says so. */
  readonly sample?: boolean;
  /** Lists cases through the AWS Support API, for `cases-from: cloudtrail,support-api`. */
  readonly supportCases?: SupportCaseReader;
  /** The previous run's summary.json, as the adapter read it (the `baseline` input). */
  readonly baseline?: BaselineInput;
}

/** Names a table of Security Lake's as given, or as Security Lake names it for version 2 here. */
const SECURITY_LAKE_LOCAL: TableName = { database: 'security_lake', table: 'cloud_trail_mgmt' };

/**
 * The table the audit reads. A trail's is the one the inputs name. Security Lake's, unless database and table
 * name another than the defaults (a trail's), is the one Security Lake registers for version 2 in the region
 * Athena runs in; the local engine's view over a copy of its bucket is named after it.
 */
function auditedTable(settings: Settings, region: string | undefined): TableName {
  const named = { database: settings.database, table: settings.table };
  if (settings.source === 'cloudtrail') return named;
  if (named.database !== DEFAULTS.database || named.table !== DEFAULTS.table) return named;
  return region === undefined ? SECURITY_LAKE_LOCAL : securityLakeTableName(region, '2.0');
}

/** What the engine prepares for the settings; `region` is the AWS region Athena runs in, if it does. */
export function tableRequest(settings: Settings, region?: string): TableRequest {
  return {
    ...auditedTable(settings, region),
    source: settings.source,
    window: settings.window,
    layouts: namedLayouts({
      root: settings.bucket === undefined ? '' : `s3://${settings.bucket}/`,
      prefixes: settings.prefixes,
      organizationId: settings.organizationId,
      accounts: settings.accounts,
      regions: settings.regions,
      projectionStart: settings.projectionStart,
    }),
  };
}

/** Every statement the audit would run, table set-up first, without running any. */
export async function planAudit(settings: Settings, engine: Planner): Promise<Statement[]> {
  const request = tableRequest(settings, engine.region);
  const { tables, statements, source } = await engine.plan(request);
  return [
    ...statements,
    ...QUERY_SETS[settings.querySet].statements(tables, settings.window, source),
    ...plannedLeadIn(settings, tables, source ?? CLOUDTRAIL_SOURCE),
  ];
}

export async function runAudit(
  settings: Settings,
  engine: Engine,
  options: AuditOptions = {},
): Promise<AuditResult> {
  const request = tableRequest(settings, engine.region);
  const prepared = await engine.prepare(request);
  const querySet = QUERY_SETS[settings.querySet];
  const { layout } = prepared.tables[0]!;
  const statements = querySet.statements(
    prepared.tables,
    settings.window,
    prepared.source ?? CLOUDTRAIL_SOURCE,
  );
  const source = prepared.source ?? CLOUDTRAIL_SOURCE;
  const readingLeadIn = () => readLeadIn(settings, engine, { request, prepared, source });
  // An engine that reads windows at once reads the lead-in beside the scan; a failure of either ends the audit.
  const early = engine.readsWindowsAtOnce ? readingLeadIn() : undefined;
  early?.catch(() => undefined);
  // The seed set's five queries are independent: run them side by side, as Athena would.
  const results = await Promise.all(statements.map((statement) => engine.run(statement)));
  const found = prepared.found ?? layout.accounts.map((account) => ({ account, regions: layout.regions }));
  // Before the lead-in prepares its own days: the files the window's days delivered.
  const { delivered } = engine.findings();
  const measured = querySet.measure(results, { window: settings.window, accounts: found, delivered });
  const leadIn = await (early ?? readingLeadIn());
  const explained = await explainStep(
    settings,
    found.map((f) => f.account),
    measured,
    leadIn,
    options.supportCases,
  );
  const findings = engine.findings();
  const read = {
    request,
    prepared: { ...prepared, actions: [...prepared.actions, ...explained.actions] },
    findings,
  };
  return resultOf({
    settings,
    engine: engine.name,
    region: engine.region,
    read,
    description: engine.describe({ request, prepared, findings }),
    queries: [
      ...statements.map((statement, i) => ({ statement, statistics: results[i]!.statistics })),
      ...explained.queries,
    ],
    measured: { ...measured, ...explained.fields },
    generatedAt: (options.now?.() ?? new Date()).toISOString(),
    sample: options.sample ?? false,
    baseline: options.baseline,
  });
}

/** Everything an audit's result is made of. */
export interface AuditRun {
  readonly settings: Pick<Settings, 'querySet' | 'window'> &
    Partial<Pick<Settings, 'organizationId'>> &
    GateSettings &
    CompletenessSettings;
  readonly engine: EngineName;
  /** The AWS region the queries ran in (Athena only). */
  readonly region: string | undefined;
  readonly read: ReadTable;
  readonly description: EngineDescription;
  readonly queries: ReadonlyArray<{ readonly statement: Statement; readonly statistics: QueryStatistics }>;
  readonly measured: Measurements &
    Partial<Pick<AuditResult, 'sessions' | 'cases' | 'permits' | 'explanation'>>;
  readonly generatedAt: string;
  /** The logs are the synthetic sample shipped with the tool: every report says so. */
  readonly sample: boolean;
  /** The previous run's summary.json, when the `baseline` input named one. */
  readonly baseline?: BaselineInput;
}

/** The result of an audit that ran: its figures, what it read, how the engine describes it, and its verdict. */
export function resultOf(run: AuditRun): AuditResult {
  const { settings, read, description } = run;
  const { evidence, sessions, cases, permits, explanation, ...measured } = run.measured;
  const { request, prepared, findings } = read;
  const { layout } = prepared.tables[0]!;
  const source = prepared.source ?? CLOUDTRAIL_SOURCE;
  const queries = run.queries.map(({ statement, statistics }) => {
    const { queryExecutionId, ...figures } = statistics;
    return {
      id: statement.id,
      title: statement.title,
      queryExecutionId: queryExecutionId ?? null,
      ...figures,
      link: queryExecutionId === undefined ? null : description.queryLink(queryExecutionId),
    };
  });
  const touched = touchedBy(measured.events, evidence);
  const organizationId = settings.organizationId ?? null;
  const { since, used } = compareWithBaseline(run.baseline, {
    window: settings.window,
    organizationId,
    accounts: layout.accounts,
    coverage: measured.coverage,
    events: measured.events,
    eventsComplete: measured.eventsComplete,
    sessions: sessions ?? null,
    touched,
  });
  const concluded = conclusion(
    measured,
    findings.unreadableFiles,
    settings,
    explanation?.unexplainedSessions ?? null,
    since,
  );
  return {
    schemaVersion: SCHEMA_VERSION,
    generatedAt: run.generatedAt,
    engine: run.engine,
    querySet: settings.querySet,
    source: { name: source.name, version: source.version, sample: run.sample },
    window: settings.window,
    scope: {
      title: `AWS Support activity in ${source.title}`,
      engine: description.title,
      source: source.description,
      sample: run.sample
        ? `the made-up logs shipped in ${source.sampleFolder} to show the report, not logs of your accounts`
        : null,
      details: description.details,
      billing: description.billing,
    },
    table: {
      database: request.database,
      table: request.table,
      layout: layout.kind,
      location: layout.location,
      locations: prepared.tables.map((table) => table.layout.location),
      partitions: source.partitionColumns(layout),
      accounts: layout.accounts,
      regions: layout.regions,
      actions: [...prepared.actions, ...findings.notes],
    },
    criteria: SUPPORT_CRITERIA.map(({ name, description }) => ({ name, description })),
    ...measured,
    sessions: sessions ?? null,
    cases: cases ?? null,
    permits: permits ?? null,
    explanation: explanation ?? null,
    ...concluded,
    statistics: {
      dataScannedBytes: queries.reduce((sum, q) => sum + q.dataScannedBytes, 0),
      athenaRegion: run.region ?? null,
      queries,
    },
    sinceBaseline: since,
    history: historyAfter(used, {
      generatedAt: run.generatedAt,
      window: { start: settings.window.start, end: settings.window.end },
      organizationId,
      accounts: layout.accounts,
      supportCalls: measured.totals.supportCalls,
      writeCalls: measured.totals.writeCalls,
      sessions: explanation?.sessions ?? null,
      unexplainedSessions: explanation?.unexplainedSessions ?? null,
      records: measured.coverage?.read.records ?? null,
      daysWithoutLogs: measured.coverage?.daysWithoutLogs.length ?? null,
      complete: concluded.complete,
    }),
    touched: touchedAfter(used === null ? null : touchedOfBaseline(used), touched, settings.window.end),
  };
}

/** What the audit's figures amount to: whether it read everything, and its verdict. */
export function conclusion(
  measured: Measurements,
  unreadableFiles: readonly UnreadableFile[],
  settings: { readonly window: AuditWindow } & GateSettings & CompletenessSettings,
  unexplainedSessions: number | null = null,
  since: SinceBaseline | null = null,
): Pick<AuditResult, 'unreadableFiles' | 'complete' | 'incompleteReasons' | 'verdict'> {
  const incompleteReasons = incompleteBecause(measured, unreadableFiles, settings, since);
  const complete = incompleteReasons.length === 0;
  const { totals, coverage } = measured;
  return {
    unreadableFiles,
    complete,
    incompleteReasons,
    verdict: verdictOf(
      {
        totals,
        coverage,
        complete,
        incompleteReasons,
        window: settings.window,
        unexplainedSessions,
        newAccess: since?.new?.total ?? null,
        baselineProblem: since?.problem ?? null,
      },
      settings,
    ),
  };
}
