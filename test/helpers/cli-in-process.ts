/**
 * Runs the CLI in this process: `runCli` from src/cli/run.ts, which bin.ts hands the arguments and the streams,
 * with what it prints collected. Everything but the process edge (tsx, argv, the exit code, signals) runs as in
 * a child process; a few tests run the child process itself (run-cli.ts) to keep that edge covered.
 *
 * Unless a test names where the command is typed, it is typed in a fresh temporary folder, removed after the
 * run: a run without --out writes its default ./support-audit-report there, never inside the repository.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runCli, type CliIo } from '../../src/cli/run.js';
import type { CliRun } from './run-cli.js';

export async function runCliInProcess(
  args: readonly string[],
  io: Omit<CliIo, 'stdout' | 'stderr'> = {},
): Promise<CliRun> {
  const typedIn = io.cwd ?? (await mkdtemp(path.join(os.tmpdir(), 'support-audit-typed-in-')));
  let stdout = '';
  let stderr = '';
  try {
    const code = await runCli(args, {
      ...io,
      cwd: typedIn,
      stdout: (text) => (stdout += text),
      stderr: (text) => (stderr += text),
    });
    return { code, signal: null, stdout, stderr };
  } finally {
    if (io.cwd === undefined) await rm(typedIn, { recursive: true, force: true });
  }
}
