/** The workflow linter `npm run lint` runs: a current actionlint, and the repository's workflows passing it. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintWorkflow, workflowFiles } from '../scripts/lint-workflows.js';
import { REPO_ROOT } from './helpers/run-cli.js';

/** A one-job workflow whose job has these lines (indented under the job) and one step. */
function workflow(jobLines: string, step = '- run: echo audit'): string {
  return `on: push\njobs:\n  audit:\n${jobLines.replace(/^/gm, '    ')}\n    steps:\n      ${step}\n`;
}

async function messages(source: string): Promise<string[]> {
  return (await lintWorkflow(source, 'workflow.yml')).map((result) => result.message);
}

describe('the workflow linter', () => {
  it('is actionlint 1.7: it knows the runner labels and permission scopes GitHub added since 1.6', async () => {
    expect(await messages(workflow('runs-on: ubuntu-24.04\npermissions:\n  attestations: write'))).toEqual(
      [],
    );
  });

  it('is actionlint 1.7: it flags a condition that is always true, which 1.6 let through', async () => {
    const found = await messages(
      workflow(
        'runs-on: ubuntu-latest',
        "- if: ${{ github.ref == 'refs/heads/main' }} && true\n        run: echo x",
      ),
    );
    expect(found).toEqual([expect.stringContaining('is always evaluated to true')]);
  });

  it('flags a value an attacker controls in an inline script', async () => {
    const found = await messages(
      workflow('runs-on: ubuntu-latest', '- run: echo "${{ github.event.pull_request.title }}"'),
    );
    expect(found).toEqual([expect.stringContaining('potentially untrusted')]);
  });

  it('finds nothing in the repository workflows', async () => {
    const files = await workflowFiles();
    expect(files).toContain(path.join('.github', 'workflows', 'ci.yml'));
    for (const file of files) {
      const source = await readFile(path.join(REPO_ROOT, file), 'utf8');
      expect(await lintWorkflow(source, file), file).toEqual([]);
    }
  });
});
