/**
 * The npm package as a user of the CLI gets it: `npm pack` on a clean clone of this commit, where the prepack
 * script compiles lib/. It holds the command, the code it runs and the two samples it audits when given no
 * option, the docs and every file they link to; not the action, which runs from the repository's dist/ and is
 * useless without it; and no script that would run when it is installed. Unpacked, its command audits the
 * samples it ships.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProcess } from '../scripts/spawn.js';
import { REPO_ROOT } from './helpers/run-cli.js';

interface PackageJson {
  readonly bin: Record<string, string>;
  readonly scripts: Record<string, string>;
  readonly repository: { readonly type: string; readonly url: string };
  readonly homepage: string;
  readonly bugs: { readonly url: string };
}

let work: string;
/** Paths in the package, from its root. */
let files: Set<string>;
/** Where the tarball was unpacked: the package's root, as `npm install` puts it under node_modules. */
let unpacked: string;
let manifest: PackageJson;

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'support-audit-package-'));
  const clone = path.join(work, 'clone');
  execFileSync('git', ['clone', '--quiet', '--no-local', REPO_ROOT, clone]);
  // The clone builds with the repository's tools; prepack writes lib/ inside the clone only.
  await symlink(path.join(REPO_ROOT, 'node_modules'), path.join(clone, 'node_modules'));
  const packed = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--pack-destination', work], {
      cwd: clone,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  ) as Array<{ filename: string; files: Array<{ path: string }> }>;
  files = new Set(packed[0]!.files.map((f) => f.path));
  unpacked = path.join(work, 'installed', 'package');
  await mkdir(path.dirname(unpacked));
  execFileSync('tar', ['-xzf', path.join(work, packed[0]!.filename), '-C', path.dirname(unpacked)]);
  // The package's dependencies are the repository's: lend them rather than install them from the registry.
  await symlink(path.join(REPO_ROOT, 'node_modules'), path.join(unpacked, 'node_modules'));
  manifest = JSON.parse(await readFile(path.join(unpacked, 'package.json'), 'utf8')) as PackageJson;
}, 300_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** Relative links of a Markdown file, as paths from the repository root, anchors and queries dropped. */
function localLinks(markdownFile: string): string[] {
  const text = readFileSync(path.join(REPO_ROOT, markdownFile), 'utf8');
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)]
    .map(([, target]) => target!.split('#')[0]!)
    .filter((target) => target !== '' && !/^[a-z]+:/.test(target))
    .map((target) => path.posix.normalize(path.posix.join(path.posix.dirname(markdownFile), target)));
}

function tracked(folder: string): string[] {
  return execFileSync('git', ['ls-files', folder], { cwd: REPO_ROOT, encoding: 'utf8' }).trim().split('\n');
}

describe('the npm package', () => {
  it('holds the command, the compiled code it runs, and every file of the two samples it audits by default', () => {
    const command = manifest.bin['support-audit']!;
    expect(files.has(command)).toBe(true);
    const target = /import '(.+)';/.exec(readFileSync(path.join(unpacked, command), 'utf8'))?.[1];
    expect(files.has(path.posix.join(path.posix.dirname(command), target!))).toBe(true);
    for (const folder of ['examples/logs', 'examples/security-lake']) {
      const missing = tracked(folder).filter((file) => !files.has(file));
      expect(missing, folder).toEqual([]);
    }
  });

  it.each(['README.md', 'docs/summary-json.md', 'docs/architecture.md'])(
    'holds every file %s links to',
    (doc) => {
      const missing = localLinks(doc).filter(
        (link) => !files.has(link) && ![...files].some((file) => file.startsWith(`${link}/`)),
      );
      expect(missing).toEqual([]);
    },
  );

  it('holds the schema and the licence, and neither the action nor the sources, tests and tools', () => {
    for (const file of ['schema/summary.schema.json', 'LICENSE', 'SECURITY.md', 'CHANGELOG.md']) {
      expect(files.has(file), file).toBe(true);
    }
    const unwanted = /^(action\.yml|dist|src|test|scripts|bench|\.github)(\/|$)/;
    expect([...files].filter((file) => unwanted.test(file))).toEqual([]);
  });

  it('runs no script when it is installed, which npm 11 would ask every project installing it to approve', () => {
    const installScripts = ['preinstall', 'install', 'postinstall', 'prepare'];
    expect(installScripts.filter((name) => name in manifest.scripts)).toEqual([]);
  });

  it('names its repository, home page and issue tracker: the repository the changelog links to', () => {
    const changelog = readFileSync(path.join(REPO_ROOT, 'CHANGELOG.md'), 'utf8');
    const repository = /^\[Unreleased\]: (https:\/\/github\.com\/[^/]+\/[^/]+)\/compare\//m.exec(
      changelog,
    )?.[1];
    expect(repository).toBeDefined();
    expect(manifest.repository).toEqual({ type: 'git', url: `git+${repository}.git` });
    expect(manifest.homepage).toBe(`${repository}#readme`);
    expect(manifest.bugs).toEqual({ url: `${repository}/issues` });
  });

  it.each([
    { source: 'cloudtrail', args: [], folder: 'examples/logs' },
    { source: 'security-lake', args: ['--source', 'security-lake'], folder: 'examples/security-lake' },
  ])(
    'installs a command that audits its own $source sample when given no other option',
    async ({ args, folder }) => {
      const out = path.join(work, `report-${folder.replace('/', '-')}`);
      const run = await runProcess(
        process.execPath,
        [path.join(unpacked, manifest.bin['support-audit']!), ...args, '--out', out],
        { cwd: work },
      );
      expect(run.code, run.stderr).toBe(0);
      const summary = JSON.parse(await readFile(path.join(out, 'summary.json'), 'utf8')) as {
        source: { sample: boolean };
        table: { location: string };
        totals: { supportCalls: number };
      };
      expect(summary.source.sample).toBe(true);
      expect(summary.table.location.startsWith(path.join(unpacked, folder))).toBe(true);
      expect(summary.totals.supportCalls).toBeGreaterThan(0);
    },
  );
});
