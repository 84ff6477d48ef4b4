/**
 * Where the audit's SQL runs, chosen by the settings: the one place both adapters open an engine. Athena is the
 * production engine and always at hand. The local engine is imported only when chosen, and the bundler is told
 * to leave that import alone: DuckDB is a native module the action neither needs nor could load.
 */
import type { Engine, Planner } from '../core/engine.js';
import type { Settings } from '../core/settings.js';
import { planTable } from './athena/ddl.js';
import { AthenaEngine } from './athena/engine.js';

export interface EngineIo {
  /** Progress lines: stderr for the CLI, the log for the action. */
  readonly log: (message: string) => void;
  /** Aborted on SIGINT or SIGTERM: running queries are stopped (Athena's, and the local engine's reading). */
  readonly signal?: AbortSignal;
  readonly env?: NodeJS.ProcessEnv;
}

export async function openEngine(settings: Settings, io: EngineIo): Promise<Engine> {
  if (settings.engine === 'local' && settings.source === 'security-lake') {
    const { SecurityLakeLocalEngine } = await import(/* webpackIgnore: true */ './local/security-lake.js');
    return SecurityLakeLocalEngine.open({ logsDir: settings.logsDir!, log: io.log });
  }
  if (settings.engine === 'local') {
    const { LocalEngine } = await import(/* webpackIgnore: true */ './local/engine.js');
    return LocalEngine.open({ logsDir: settings.logsDir!, log: io.log, signal: io.signal });
  }
  return AthenaEngine.create(settings.athena, { log: io.log, signal: io.signal, env: io.env });
}

/**
 * An engine for a dry run. Athena's plan needs no AWS call, so no client (and no credentials) is needed, but
 * Security Lake's table is named after the region Athena runs in; the local engine plans from the files it finds.
 */
export async function openPlanner(settings: Settings, io: EngineIo): Promise<Planner> {
  if (settings.engine === 'local' || settings.source === 'security-lake') return openEngine(settings, io);
  return { plan: planTable, close: async () => {} };
}
