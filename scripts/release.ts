/**
 * Tags a release the way actions are released: `vX.Y.Z` on the current commit, and the major tag `vX` moved to
 * it, so workflows that use `@vX` get the release. It refuses unless the version is the one package.json, the
 * tool's own VERSION and CHANGELOG.md name, the tree is clean and the tag is new. The release workflow runs it
 * after the checks; `--dry-run` prints what it would run and runs nothing.
 *
 *   npx tsx scripts/release.ts --version 1.2.3 [--dry-run] [--notes FILE]
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { VERSION } from '../src/core/version.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const SEMVER = /^(\d+)\.(\d+)\.(\d+)$/;

const HELP = `Usage: npx tsx scripts/release.ts --version X.Y.Z [--dry-run] [--notes FILE]

  --version X.Y.Z   the version to release: package.json, src/core/version.ts and CHANGELOG.md must name it
  --dry-run         check everything and print the git commands, but run none of them
  --notes FILE      write the CHANGELOG section of the version to FILE (the GitHub release's notes)
  --help            this text
`;

function git(...args: string[]): string {
  return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
}

/** The CHANGELOG.md section of `version`, without its heading. */
export function changelogSection(changelog: string, version: string): string | undefined {
  const heading = new RegExp(`^## \\[${version.replaceAll('.', '\\.')}\\][^\\n]*\\n`, 'm');
  const match = heading.exec(changelog);
  if (!match) return undefined;
  const rest = changelog.slice(match.index + match[0].length);
  const next = rest.search(/^## \[|^\[[^\]]+\]: /m);
  return (next < 0 ? rest : rest.slice(0, next)).trim();
}

/** What stands in the way of releasing `version` from this checkout; empty when nothing does. */
export function releaseProblems(version: string): string[] {
  const problems: string[] = [];
  if (!SEMVER.test(version)) return [`version ${JSON.stringify(version)} is not X.Y.Z`];
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
  if (pkg.version !== version) problems.push(`package.json says ${pkg.version}, not ${version}`);
  if (VERSION !== version) problems.push(`src/core/version.ts says ${VERSION}, not ${version}`);
  const changelog = readFileSync(path.join(ROOT, 'CHANGELOG.md'), 'utf8');
  if (!changelogSection(changelog, version)) problems.push(`CHANGELOG.md has no "## [${version}]" section`);
  if (git('status', '--porcelain') !== '') problems.push('the working tree has uncommitted changes');
  if (git('tag', '--list', `v${version}`) !== '') problems.push(`the tag v${version} exists already`);
  return problems;
}

function main(): number {
  const { values } = parseArgs({
    options: {
      version: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      notes: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (values.version === undefined) {
    process.stderr.write(`release: --version is required.\n${HELP}`);
    return 2;
  }
  const version = values.version;
  const problems = releaseProblems(version);
  if (problems.length > 0) {
    process.stderr.write(
      `release: not releasing v${version}:\n${problems.map((p) => `  - ${p}\n`).join('')}`,
    );
    return 1;
  }
  if (values.notes) {
    const changelog = readFileSync(path.join(ROOT, 'CHANGELOG.md'), 'utf8');
    writeFileSync(values.notes, `${changelogSection(changelog, version)}\n`);
  }
  const major = `v${SEMVER.exec(version)![1]}`;
  const commands = [
    ['tag', '--annotate', `v${version}`, '--message', `support-audit v${version}`],
    ['tag', '--force', '--annotate', major, '--message', `support-audit ${major} (v${version})`],
    ['push', 'origin', `refs/tags/v${version}`],
    ['push', '--force', 'origin', `refs/tags/${major}`],
  ];
  for (const args of commands) {
    process.stdout.write(`${values['dry-run'] ? 'would run' : 'running'}: git ${args.join(' ')}\n`);
    if (!values['dry-run']) git(...args);
  }
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) process.exitCode = main();
