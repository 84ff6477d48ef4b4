/**
 * Where the audit's SQL runs, chosen by the settings: the one place both adapters open an engine, a table of
 * the engines by name. Each engine is imported only when chosen, so a local audit never loads the AWS SDK
 * (a seventh of a second) and an Athena one never loads DuckDB. The bundler keeps Athena in the action's one
 * file ("eager"), and leaves the local engine's import alone: DuckDB is a native module the action neither
 * needs nor could load.
 */
import type { Engine, Planner } from '../core/engine.js';
import type { Settings } from '../core/settings.js';
import type { EngineName } from '../core/types.js';
import { planTable } from './athena/ddl.js';
import { logsRoot } from './local/logs-folder.js';

export interface EngineIo {
  /** Progress lines: stderr for the CLI, the log for the action. */
  readonly log: (message: string) => void;
  /** Aborted on SIGINT or SIGTERM: running queries are stopped (Athena's, and the local engine's reading). */
  readonly signal?: AbortSignal;
  readonly env?: NodeJS.ProcessEnv;
}

interface EngineEntry {
  open(settings: Settings, io: EngineIo): Promise<Engine>;
  /** An engine for a dry run: what planning needs, and nothing more. */
  planner(settings: Settings, io: EngineIo): Promise<Planner>;
}

const ENGINES: Readonly<Record<EngineName, EngineEntry>> = {
  athena: {
    open: async (settings, io) => {
      const { AthenaEngine } = await import(/* webpackMode: "eager" */ './athena/engine.js');
      return AthenaEngine.create(settings.athena, { log: io.log, signal: io.signal, env: io.env });
    },
    // A trail's table is planned without any AWS call, so without credentials; Security Lake's table is named
    // after the region Athena runs in, which the client knows.
    planner: async (settings, io) =>
      settings.source === 'cloudtrail'
        ? { plan: planTable, close: async () => {} }
        : ENGINES.athena.open(settings, io),
  },
  local: {
    open: async (settings, io) => {
      // Checked before anything else is touched: a mistyped folder is a usage error, not a failed run.
      const logsDir = await logsRoot(settings.logsDir!);
      const { LocalEngine } = await import(/* webpackIgnore: true */ './local/engine.js');
      const common = { logsDir, log: io.log, signal: io.signal };
      return LocalEngine.open(
        settings.source === 'security-lake'
          ? { ...common, source: 'security-lake' }
          : {
              ...common,
              maxLogFileBytes: settings.maxLogFileBytes,
              trailCopy: { prefixes: settings.prefixes, organizationId: settings.organizationId },
            },
      );
    },
    planner: (settings, io) => ENGINES.local.open(settings, io),
  },
};

export function openEngine(settings: Settings, io: EngineIo): Promise<Engine> {
  return ENGINES[settings.engine].open(settings, io);
}

export function openPlanner(settings: Settings, io: EngineIo): Promise<Planner> {
  return ENGINES[settings.engine].planner(settings, io);
}
