/**
 * Runs the CLI in this process: `runCli` from src/cli/run.ts, which bin.ts hands the arguments and the streams,
 * with what it prints collected. Everything but the process edge (tsx, argv, the exit code, signals) runs as in
 * a child process; a few tests run the child process itself (run-cli.ts) to keep that edge covered.
 */
import { runCli, type CliIo } from '../../src/cli/run.js';
import type { CliRun } from './run-cli.js';

export async function runCliInProcess(
  args: readonly string[],
  io: Omit<CliIo, 'stdout' | 'stderr'> = {},
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    ...io,
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
  });
  return { code, signal: null, stdout, stderr };
}
