/**
 * Runs the CLI in a child process, as a user does: compiled, as the installed package runs it (the suite's
 * global setup, compiled-cli.ts, builds it once), or from the sources through tsx, as `npm start -- ...` runs it.
 */
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';
import { runProcess, type ProcessRun, type RunProcessOptions } from '../../scripts/spawn.js';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** tsx's loader by path, so the CLI also runs from a folder outside the repository. */
const TSX_LOADER = new URL('../../node_modules/tsx/dist/loader.mjs', import.meta.url).href;

export type CliRun = ProcessRun;

/** The compiled CLI, as `support-audit ...` runs once the package is installed. */
export function runCli(args: readonly string[], options: RunProcessOptions = {}): Promise<CliRun> {
  return runProcess(process.execPath, [inject('compiledCli'), ...args], {
    ...options,
    cwd: options.cwd ?? REPO_ROOT,
  });
}

/** The CLI from its TypeScript sources, as `npm start -- ...` runs it (`tsx src/cli/bin.ts ...`). */
export function runCliFromSources(args: readonly string[], options: RunProcessOptions = {}): Promise<CliRun> {
  return runProcess(process.execPath, ['--import', TSX_LOADER, `${REPO_ROOT}/src/cli/bin.ts`, ...args], {
    ...options,
    cwd: options.cwd ?? REPO_ROOT,
  });
}
