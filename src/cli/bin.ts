import { describeError } from '../core/errors.js';
import { recordInterruptedNow } from '../report/temporary-files.js';
import { runCli } from './run.js';

// The first SIGINT or SIGTERM stops the audit (and its running Athena queries) before the process exits; a second
// one exits now, after saying so in the output folder when the run has claimed one.
const controller = new AbortController();
let outputDir: string | undefined;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (controller.signal.aborted) {
      if (outputDir !== undefined) {
        try {
          recordInterruptedNow(outputDir, `${signal} received again: stopped at once`);
        } catch (error) {
          process.stderr.write(
            `support-audit: could not record the stop in ${outputDir}: ${describeError(error)}\n`,
          );
        }
      }
      process.exit(130);
    }
    process.stderr.write(`support-audit: ${signal} received, stopping running queries…\n`);
    controller.abort(new Error(`${signal} received`));
  });
}

/**
 * Where the command was typed. `npm start -- --logs DIR` runs in this package's folder and names the folder it
 * was typed in as INIT_CWD; any other way of running the command runs it where it was typed.
 */
function typedIn(env: NodeJS.ProcessEnv): string {
  return env.npm_package_name === 'support-audit' && env.INIT_CWD ? env.INIT_CWD : process.cwd();
}

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  signal: controller.signal,
  claimed: (dir) => (outputDir = dir),
  cwd: typedIn(process.env),
});
