/**
 * Runs a command as a child process to its end and collects what it wrote, its exit code and its signal: the
 * tests (the CLI, the bundled action) and the benchmark run their child processes through this one function.
 * It lives in scripts/, as ensure-node24.ts does, because the benchmark uses it as much as the tests do.
 */
import { spawn, type ChildProcess } from 'node:child_process';

export interface ProcessRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunProcessOptions {
  readonly cwd?: string;
  /** Set over this process's environment; an undefined value removes a variable. */
  readonly env?: NodeJS.ProcessEnv;
  /** Called with all of stderr so far each time more arrives, e.g. to signal the child at some message. */
  readonly onStderr?: (text: string, child: ChildProcess) => void;
  /** Called once the child is started, e.g. to signal it when something else happens. */
  readonly onSpawn?: (child: ChildProcess) => void;
}

/** Resolves when the child has exited, whatever its code; rejects only when it could not be started. */
export function runProcess(
  command: string,
  args: readonly string[],
  options: RunProcessOptions = {},
): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      // The child is a command typed in `cwd`: npm's note of where the test run was typed is not its own.
      env: { ...process.env, INIT_CWD: undefined, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    // Decoded as a stream, so a character split across two chunks stays whole.
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      stderr += text;
      options.onStderr?.(stderr, child);
    });
    child.on('error', reject);
    options.onSpawn?.(child);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}
