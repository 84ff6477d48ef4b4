import { runCli } from './run.js';

// The first SIGINT or SIGTERM stops running Athena queries before the process exits; a second one exits now.
const controller = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (controller.signal.aborted) process.exit(130);
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
  cwd: typedIn(process.env),
});
