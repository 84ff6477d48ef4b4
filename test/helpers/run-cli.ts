/** Runs the CLI as a user does (`npm start -- ...` is `tsx src/cli/bin.ts ...`), in a child process. */
import { fileURLToPath } from 'node:url';
import { runProcess, type ProcessRun, type RunProcessOptions } from '../../scripts/spawn.js';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** tsx's loader by path, so the CLI also runs from a folder outside the repository. */
const TSX_LOADER = new URL('../../node_modules/tsx/dist/loader.mjs', import.meta.url).href;

export type CliRun = ProcessRun;

export function runCli(args: readonly string[], options: RunProcessOptions = {}): Promise<CliRun> {
  return runProcess(process.execPath, ['--import', TSX_LOADER, `${REPO_ROOT}/src/cli/bin.ts`, ...args], {
    ...options,
    cwd: options.cwd ?? REPO_ROOT,
  });
}
