/**
 * Runs the bundled action (`dist/index.js`) as the GitHub runner does: a child process of Node 24 (action.yml
 * says `runs.using: node24`), inputs as `INPUT_<NAME>` variables (upper-cased, hyphens kept) with action.yml's
 * defaults filled in for inputs left unset, file commands through GITHUB_OUTPUT and GITHUB_STEP_SUMMARY, and
 * the workspace as the working directory.
 */
import { execFileSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { node24Path } from '../../scripts/ensure-node24.js';
import { runProcess, type ProcessRun, type RunProcessOptions } from '../../scripts/spawn.js';
import { REPO_ROOT } from './run-cli.js';

export const DIST_INDEX = path.join(REPO_ROOT, 'dist/index.js');

/** Fails with what to do when the Node 24 binary is missing. */
export function requireNode24(): string {
  if (!existsSync(node24Path)) {
    throw new Error(
      `No Node 24 binary at ${node24Path}: run \`npm test\` (its pretest step, scripts/ensure-node24.ts, installs it).`,
    );
  }
  return node24Path;
}

/**
 * Builds dist/index.js only when it is missing. A bundle that exists is never rebuilt here: CI checks the
 * committed one, and that is the one these tests must run.
 */
export function ensureBundle(): void {
  if (existsSync(DIST_INDEX)) return;
  execFileSync('npm', ['run', 'bundle'], { cwd: REPO_ROOT, stdio: 'ignore' });
  if (!existsSync(DIST_INDEX)) throw new Error(`npm run bundle did not write ${DIST_INDEX}`);
}

interface ActionYml {
  readonly inputs: Record<string, { default?: unknown }>;
}

/** Inputs and their defaults, as the runner reads them from action.yml. */
export function actionDefaults(): Record<string, string> {
  const yml = parse(readFileSync(path.join(REPO_ROOT, 'action.yml'), 'utf8')) as ActionYml;
  const defaults: Record<string, string> = {};
  for (const [name, input] of Object.entries(yml.inputs)) {
    if (input.default === undefined) continue;
    // The runner evaluates expressions; `${{ github.token }}` becomes the job's token.
    defaults[name] = String(input.default).includes('${{')
      ? 'ghs_emulatedrunnertoken'
      : String(input.default);
  }
  return defaults;
}

export interface ActionRun extends ProcessRun {
  /** The step outputs written to GITHUB_OUTPUT, by name. */
  readonly outputs: Record<string, string>;
  /** The raw GITHUB_OUTPUT file. */
  readonly outputFile: string;
  /** What the step wrote to GITHUB_STEP_SUMMARY. */
  readonly summary: string;
  readonly workspace: string;
  /** Deletes the run's temporary folders (workspace, runner temp, event file). */
  dispose(): Promise<void>;
}

export interface RunActionOptions {
  /**
   * Extra environment (the emulator's); undefined removes a variable. The runner's own variables and the
   * inputs are set over it, as the runner sets them whatever the job's environment says.
   */
  readonly env?: NodeJS.ProcessEnv;
  /** The event payload; a push event when absent. */
  readonly event?: { readonly name: string; readonly payload: object };
  /** Called once the action's process is started, e.g. to signal it. */
  readonly onSpawn?: RunProcessOptions['onSpawn'];
  /** Prepares the workspace before the action starts, as a checkout before the step would. */
  readonly prepareWorkspace?: (workspace: string) => Promise<void>;
}

/** Parses the file-command format of @actions/core: `name<<DELIMITER`, value lines, `DELIMITER`. */
export function parseFileCommands(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delimiter] = heredoc;
      const end = lines.indexOf(delimiter!, i + 1);
      if (end === -1) throw new Error(`no closing delimiter for ${name} in the file command output`);
      values[name!] = lines.slice(i + 1, end).join('\n');
      i = end;
      continue;
    }
    const assignment = /^([^=]+)=(.*)$/.exec(line);
    if (!assignment) throw new Error(`unreadable file command line: ${JSON.stringify(line)}`);
    values[assignment[1]!] = assignment[2]!;
  }
  return values;
}

/** The variable the runner sets for an input: `INPUT_` and the upper-cased name, hyphens kept. */
export function inputVariable(name: string): string {
  return `INPUT_${name.replaceAll(' ', '_').toUpperCase()}`;
}

export async function runAction(
  inputs: Readonly<Record<string, string>>,
  options: RunActionOptions = {},
): Promise<ActionRun> {
  const node = requireNode24();
  const root = await mkdtemp(path.join(os.tmpdir(), 'support-audit-action-'));
  const workspace = path.join(root, 'workspace');
  const runnerTemp = path.join(root, 'runner-temp');
  const fileCommands = path.join(runnerTemp, '_runner_file_commands');
  await mkdir(workspace, { recursive: true });
  await mkdir(fileCommands, { recursive: true });
  await options.prepareWorkspace?.(workspace);
  const outputPath = path.join(fileCommands, 'set_output');
  const summaryPath = path.join(fileCommands, 'step_summary');
  const eventPath = path.join(root, 'event.json');
  const event = options.event ?? {
    name: 'push',
    payload: { ref: 'refs/heads/main', repository: { name: 'repo', owner: { login: 'owner' } } },
  };
  await Promise.all([
    writeFile(outputPath, ''),
    writeFile(summaryPath, ''),
    writeFile(eventPath, JSON.stringify(event.payload)),
  ]);

  const inputEnv: Record<string, string> = {};
  for (const [name, value] of Object.entries({ ...actionDefaults(), ...inputs })) {
    inputEnv[inputVariable(name)] = value;
  }
  // Inputs the caller did not give stay unset; drop any INPUT_ variable leaking from the test's own process.
  const inherited = Object.fromEntries(
    Object.keys(process.env)
      .filter((name) => name.startsWith('INPUT_'))
      .map((name) => [name, undefined]),
  );
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...inherited,
    ...options.env,
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_WORKSPACE: workspace,
    RUNNER_TEMP: runnerTemp,
    GITHUB_OUTPUT: outputPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    GITHUB_STATE: path.join(fileCommands, 'save_state'),
    GITHUB_ENV: path.join(fileCommands, 'set_env'),
    GITHUB_PATH: path.join(fileCommands, 'add_path'),
    GITHUB_EVENT_NAME: event.name,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REPOSITORY: 'owner/repo',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: options.env?.GITHUB_API_URL ?? 'https://api.github.invalid',
    // A run id of its own: the engine names idempotency tokens after it, and each test run is a new run.
    GITHUB_RUN_ID: String(randomInt(1_000_000, 2_000_000_000)),
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_JOB: 'audit',
    ...inputEnv,
  };

  const run = await runProcess(node, [DIST_INDEX], { cwd: workspace, env, onSpawn: options.onSpawn });
  const [outputFile, summary] = await Promise.all([
    readFile(outputPath, 'utf8'),
    readFile(summaryPath, 'utf8'),
  ]);
  return {
    ...run,
    outputs: parseFileCommands(outputFile),
    outputFile,
    summary,
    workspace,
    dispose: () => rm(root, { recursive: true, force: true }),
  };
}
