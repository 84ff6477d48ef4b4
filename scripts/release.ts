/**
 * Tags a release the way actions are released: `vX.Y.Z` on the current commit, and the major tag `vX` moved to
 * it, so workflows that use `@vX` get the release. It refuses unless the version is the one package.json, the
 * tool's own VERSION and CHANGELOG.md name, the tree is clean and the tag is new. `--dry-run` prints what it
 * would run and runs nothing.
 *
 * Tagging and pushing are two runs, so that the release workflow gives its token to the push alone: the first
 * makes the tags in the checkout, the second (`--push`) sends both to `origin` in one atomic push, with whatever
 * credentials git is given for that command.
 *
 *   npx tsx scripts/release.ts --version 1.2.3 [--dry-run] [--notes FILE]
 *   npx tsx scripts/release.ts --version 1.2.3 --push
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { VERSION } from '../src/core/version.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const SEMVER = /^(\d+)\.(\d+)\.(\d+)$/;

const HELP = `Usage: npx tsx scripts/release.ts --version X.Y.Z [--dry-run] [--notes FILE]
       npx tsx scripts/release.ts --version X.Y.Z --push

  --version X.Y.Z   the version to release: package.json, src/core/version.ts and CHANGELOG.md must name it
  --dry-run         check everything and print the git commands, but run none of them
  --notes FILE      write the CHANGELOG section of the version to FILE (the GitHub release's notes)
  --push            push the tags an earlier run made (vX.Y.Z and the moved vX) to origin, both or neither
  --help            this text
`;

function git(...args: string[]): string {
  return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
}

/**
 * The tag that follows the latest release of `version`'s major: `v1` for 1.4.2, and `v0` for every 0.x release
 * (the README and SECURITY.md tell users of 0.x that a minor release may change the interface).
 */
export function majorTag(version: string): string {
  const match = SEMVER.exec(version);
  if (!match) throw new Error(`version ${JSON.stringify(version)} is not X.Y.Z`);
  return `v${match[1]}`;
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

/** What stands in the way of pushing the tags of `version`: both must exist and name the current commit. */
function pushProblems(version: string): string[] {
  if (!SEMVER.test(version)) return [`version ${JSON.stringify(version)} is not X.Y.Z`];
  const head = git('rev-parse', 'HEAD');
  return [`v${version}`, majorTag(version)].flatMap((tag) => {
    if (git('tag', '--list', tag) === '') return [`the tag ${tag} does not exist: tag the release first`];
    const commit = git('rev-parse', `refs/tags/${tag}^{commit}`);
    return commit === head ? [] : [`the tag ${tag} names ${commit}, not the current commit ${head}`];
  });
}

/** The git commands that make the tags of `version`, and the one that pushes them. */
function releaseCommands(version: string): { tag: string[][]; push: string[] } {
  const major = majorTag(version);
  return {
    tag: [
      ['tag', '--annotate', `v${version}`, '--message', `support-audit v${version}`],
      ['tag', '--force', '--annotate', major, '--message', `support-audit ${major} (v${version})`],
    ],
    // The major tag moves, so it alone is forced (+); --atomic pushes both or neither.
    push: ['push', '--atomic', 'origin', `refs/tags/v${version}`, `+refs/tags/${major}`],
  };
}

function refuse(what: string, problems: string[]): number {
  process.stderr.write(`release: not ${what}:\n${problems.map((p) => `  - ${p}\n`).join('')}`);
  return 1;
}

function run(args: string[], dryRun: boolean): void {
  process.stdout.write(`${dryRun ? 'would run' : 'running'}: git ${args.join(' ')}\n`);
  if (!dryRun) git(...args);
}

function main(): number {
  const { values } = parseArgs({
    options: {
      version: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      notes: { type: 'string' },
      push: { type: 'boolean', default: false },
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
  if (values.push) {
    const problems = pushProblems(version);
    if (problems.length > 0) return refuse(`pushing the tags of v${version}`, problems);
    run(releaseCommands(version).push, values['dry-run']);
    return 0;
  }
  const problems = releaseProblems(version);
  if (problems.length > 0) return refuse(`releasing v${version}`, problems);
  if (values.notes) {
    const changelog = readFileSync(path.join(ROOT, 'CHANGELOG.md'), 'utf8');
    writeFileSync(values.notes, `${changelogSection(changelog, version)}\n`);
  }
  const commands = releaseCommands(version);
  for (const args of commands.tag) run(args, values['dry-run']);
  if (values['dry-run']) run(commands.push, true);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) process.exitCode = main();
