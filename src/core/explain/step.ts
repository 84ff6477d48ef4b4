/**
 * The explanation's part of an audit run, after the query set measured: the lead-in query (the engine prepares
 * the lead-in's days and regions as it prepared the window's, then runs it), the Support API when asked, and
 * the explanation itself. The seed set lists no calls, so it has no sessions.
 */
import type { Engine, PreparedTable, QueryStatistics, TableRequest } from '../engine.js';
import type { LayoutTable } from '../layout.js';
import type { Measurements } from '../result.js';
import type { Settings } from '../settings-model.js';
import type { AuditSource } from '../sources/source.js';
import type { Statement } from '../sql.js';
import { explainAccess, type ExplainedFields, type SupportCaseReader } from './index.js';
import { leadInEvidence, leadInOf, leadInStatement, type LeadIn } from './lead-in.js';

export interface ExplainStep {
  readonly fields: ExplainedFields;
  readonly queries: ReadonlyArray<{ readonly statement: Statement; readonly statistics: QueryStatistics }>;
  readonly actions: readonly string[];
}

function leadInFor(settings: Settings, tables: readonly LayoutTable[]): ReturnType<typeof leadInOf> {
  const regions = [...new Set(tables.flatMap((table) => table.layout.regions))];
  return leadInOf(settings.window, settings.explain.caseLookbackDays, regions, settings.projectionStart);
}

/** The lead-in's statement, for a dry run: over the window's tables. */
export function plannedLeadIn(
  settings: Settings,
  tables: readonly LayoutTable[],
  source: AuditSource,
): Statement[] {
  if (settings.querySet !== 'single-scan') return [];
  const leadIn = leadInFor(settings, tables);
  return 'window' in leadIn ? [leadInStatement(tables, leadIn, source)] : [];
}

/** The window's request for the lead-in's days and regions, and the accounts the window's tables read. */
function leadInRequest(request: TableRequest, accounts: readonly string[], leadIn: LeadIn): TableRequest {
  return {
    ...request,
    window: { ...request.window, ...leadIn.window },
    layouts: request.layouts.map((layout) => ({ ...layout, accounts, regions: leadIn.regions })),
  };
}

/** What the lead-in read: its records, its query and what preparing its days did. */
export interface LeadInRead {
  readonly leadIn: ReturnType<typeof leadInOf>;
  readonly records: ReturnType<typeof leadInEvidence>;
  readonly queries: ExplainStep['queries'];
  readonly actions: readonly string[];
}

/** Prepares the lead-in's days and regions and runs its query; nothing for the seed set, or without a lead-in. */
export async function readLeadIn(
  settings: Settings,
  engine: Engine,
  window: { request: TableRequest; prepared: PreparedTable; source: AuditSource },
): Promise<LeadInRead> {
  const { tables } = window.prepared;
  const leadIn = leadInFor(settings, tables);
  if (settings.querySet !== 'single-scan' || !('window' in leadIn)) {
    return { leadIn, records: [], queries: [], actions: [] };
  }
  const accounts = [...new Set(tables.flatMap((table) => table.layout.accounts))];
  const prepared = await engine.prepare(leadInRequest(window.request, accounts, leadIn));
  const statement = leadInStatement(prepared.tables, leadIn, prepared.source ?? window.source);
  const result = await engine.run(statement);
  return {
    leadIn,
    records: leadInEvidence(result),
    queries: [{ statement, statistics: result.statistics }],
    // What preparing the window's tables already said (a table reused, its partitions) is not said twice.
    actions: prepared.actions
      .filter((action) => !window.prepared.actions.includes(action))
      .map((action) => `lead-in ${leadIn.window.start} to ${leadIn.window.end}: ${action}`),
  };
}

/** The explanation, from what the query set measured, what the lead-in read and the Support API. */
export async function explainStep(
  settings: Settings,
  found: readonly string[],
  measured: Measurements,
  leadIn: LeadInRead,
  supportCases: SupportCaseReader | undefined,
): Promise<ExplainStep> {
  const { evidence } = measured;
  if (evidence === undefined) {
    return {
      fields: { events: measured.events, sessions: null, cases: null, permits: null, explanation: null },
      queries: leadIn.queries,
      actions: leadIn.actions,
    };
  }
  const start = 'window' in leadIn.leadIn ? leadIn.leadIn.window.start : settings.window.start;
  const supportApi =
    settings.explain.casesFrom.includes('support-api') && supportCases
      ? await supportCases(`${start}T00:00:00Z`)
      : null;
  const fields = explainAccess({
    evidence,
    leadIn: leadIn.leadIn,
    leadInRecords: leadIn.records,
    supportApi,
    settings: settings.explain,
    window: settings.window,
    accounts: found,
  });
  return { fields, queries: leadIn.queries, actions: leadIn.actions };
}
