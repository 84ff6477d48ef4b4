/** What `npm pack` ships: everything the README and the docs link to, so a link read from the package works. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers/run-cli.js';

/** Relative links of a Markdown file, as paths from the repository root, anchors and queries dropped. */
function localLinks(markdownFile: string): string[] {
  const text = readFileSync(path.join(REPO_ROOT, markdownFile), 'utf8');
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)]
    .map(([, target]) => target!.split('#')[0]!)
    .filter((target) => target !== '' && !/^[a-z]+:/.test(target))
    .map((target) => path.posix.normalize(path.posix.join(path.posix.dirname(markdownFile), target)));
}

describe('the npm package', () => {
  const packed = JSON.parse(
    execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }),
  ) as Array<{ files: Array<{ path: string }> }>;
  const files = new Set(packed[0]!.files.map((f) => f.path));

  it.each(['README.md', 'docs/summary-json.md', 'docs/architecture.md'])(
    'holds every file %s links to',
    (doc) => {
      const missing = localLinks(doc).filter(
        (link) => !files.has(link) && ![...files].some((file) => file.startsWith(`${link}/`)),
      );
      expect(missing).toEqual([]);
    },
  );

  it('holds the schema, the licence, the action and the sample, and no test or source of the bundle', () => {
    for (const file of ['schema/summary.schema.json', 'LICENSE', 'action.yml', 'examples/README.md']) {
      expect(files.has(file), file).toBe(true);
    }
    expect([...files].filter((f) => f.startsWith('test/') || f.startsWith('dist/'))).toEqual([]);
  });
});
