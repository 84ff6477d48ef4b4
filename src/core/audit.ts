/** The audit itself, the same for the CLI and the action: prepare the table, run the query set, measure. */
import { SUPPORT_CRITERIA } from './criteria.js';
import type { Engine, Planner, TableRequest } from './engine.js';
import { DEFAULTS } from './inputs.js';
import { QUERY_SETS } from './query-sets/index.js';
import { SCHEMA_VERSION, type AuditResult, type Measurements } from './result.js';
import type { Settings } from './settings.js';
import { CLOUDTRAIL_SOURCE } from './sources/cloudtrail.js';
import { securityLakeTableName } from './sources/security-lake.js';
import type { Statement } from './sql.js';
import type { TableName } from './types.js';
import { plural } from './wording.js';

export interface AuditOptions {
  readonly now?: () => Date;
  /** The logs are the synthetic sample shipped with the tool: every report says so. */
  readonly sample?: boolean;
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
    layout: {
      root: settings.bucket === undefined ? '' : `s3://${settings.bucket}/`,
      prefix: settings.prefix,
      organizationId: settings.organizationId,
      accounts: settings.accounts,
      regions: settings.regions,
      projectionStart: settings.projectionStart,
    },
  };
}

/** Every statement the audit would run, table set-up first, without running any. */
export async function planAudit(settings: Settings, engine: Planner): Promise<Statement[]> {
  const request = tableRequest(settings, engine.region);
  const { layout, statements, source } = await engine.plan(request);
  return [
    ...statements,
    ...QUERY_SETS[settings.querySet].statements(request, layout, settings.window, source),
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
  const { layout } = prepared;
  const source = prepared.source ?? CLOUDTRAIL_SOURCE;
  const statements = querySet.statements(request, layout, settings.window, source);
  // The seed set's five queries are independent: run them side by side, as Athena would.
  const results = await Promise.all(statements.map((statement) => engine.run(statement)));
  const measured = querySet.measure(results, {
    window: settings.window,
    accounts: prepared.found ?? layout.accounts.map((account) => ({ account, regions: layout.regions })),
  });
  const { totals, coverage } = measured;
  const queries = statements.map((s, i) => ({ id: s.id, title: s.title, ...results[i]!.statistics }));
  const { unreadableFiles, notes } = engine.findings();
  const incompleteReasons = incompleteBecause(measured, unreadableFiles.length);
  return {
    schemaVersion: SCHEMA_VERSION,
    generatedAt: (options.now?.() ?? new Date()).toISOString(),
    engine: engine.name,
    querySet: settings.querySet,
    source: { name: source.name, version: source.version, sample: options.sample ?? false },
    window: settings.window,
    table: {
      database: request.database,
      table: request.table,
      layout: layout.kind,
      location: layout.location,
      partitions: source.partitionColumns(layout),
      accounts: layout.accounts,
      regions: layout.regions,
      actions: [...prepared.actions, ...notes],
    },
    criteria: SUPPORT_CRITERIA.map(({ name, description }) => ({ name, description })),
    ...measured,
    unreadableFiles,
    complete: incompleteReasons.length === 0,
    incompleteReasons,
    threshold: {
      max: settings.threshold ?? null,
      exceeded: settings.threshold !== undefined && totals.supportCalls > settings.threshold,
    },
    writeCallGate: {
      enabled: settings.failOnWriteCalls,
      exceeded: settings.failOnWriteCalls && (totals.writeCalls ?? 0) > 0,
    },
    requireLogs: {
      enabled: settings.requireLogs,
      failed: settings.requireLogs && (coverage === null || coverage.accountsWithoutLogs.length > 0),
    },
    statistics: {
      dataScannedBytes: queries.reduce((sum, q) => sum + q.dataScannedBytes, 0),
      athenaRegion: engine.region ?? null,
      queries,
    },
  };
}

/** Why the figures may be lower than the truth, most serious first; none when the audit read everything. */
function incompleteBecause(measured: Measurements, unreadableFiles: number): string[] {
  const { coverage } = measured;
  if (coverage === null) {
    return ['the seed query set does not measure which logs it read, so missing logs would go unnoticed'];
  }
  const reasons: string[] = [];
  const records = coverage.cells.reduce((sum, cell) => sum + cell.records, 0);
  if (records === 0) reasons.push('no log records were read at all');
  else if (coverage.accountsWithoutLogs.length > 0) {
    const accounts = coverage.accountsWithoutLogs;
    reasons.push(
      `no logs in the window for ${accounts.length === 1 ? 'account' : 'accounts'} ${accounts.join(', ')}`,
    );
  }
  if (unreadableFiles > 0) reasons.push(`${plural(unreadableFiles, 'log file')} could not be read`);
  const undated = measured.undatedSupportCalls ?? [];
  if (undated.length > 0) {
    const shown = undated
      .slice(0, 3)
      .map((c) => `${c.eventId ?? 'no eventID'} at ${JSON.stringify(c.eventTime)}`);
    reasons.push(
      `${plural(undated.length, 'support call')} with an eventTime that is not a time could not be placed in the window and ${undated.length === 1 ? 'is' : 'are'} not counted (${shown.join(', ')}${undated.length > 3 ? ', …' : ''})`,
    );
  }
  return reasons;
}
