/**
 * The release script, as the release workflow runs it: on a clean clone of this commit, a dry run checks the
 * version everywhere it is written and prints the tag commands without running them; a real run tags, and a
 * second run pushes both tags at once (here to a bare repository standing for GitHub). And the tag the README
 * tells users to write is the one the script moves.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changelogSection, majorTag } from '../scripts/release.js';
import { REPO_ROOT } from './helpers/run-cli.js';

const TSX_LOADER = path.join(REPO_ROOT, 'node_modules/tsx/dist/loader.mjs');
let clone: string;
/** The bare repository the clone's `origin` points at: pushes land here, never in the repository. */
let remote: string;
let version: string;

function release(...args: string[]) {
  return spawnSync(process.execPath, ['--import', TSX_LOADER, 'scripts/release.ts', ...args], {
    cwd: clone,
    encoding: 'utf8',
  });
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();
}

beforeAll(async () => {
  clone = await mkdtemp(path.join(os.tmpdir(), 'support-audit-release-'));
  remote = await mkdtemp(path.join(os.tmpdir(), 'support-audit-release-remote-'));
  execFileSync('git', ['clone', '--quiet', '--no-local', REPO_ROOT, clone]);
  execFileSync('git', ['init', '--quiet', '--bare', remote]);
  git(clone, 'remote', 'set-url', 'origin', remote);
  git(clone, 'config', 'user.name', 'Release test');
  git(clone, 'config', 'user.email', 'release-test@example.com');
  version = (JSON.parse(await readFile(path.join(clone, 'package.json'), 'utf8')) as { version: string })
    .version;
});

afterAll(async () => {
  await rm(clone, { recursive: true, force: true });
  await rm(remote, { recursive: true, force: true });
});

describe('the release script', () => {
  it('dry-runs the committed version: the tag, the moved major tag and their pushes, nothing run', () => {
    const run = release('--version', version, '--dry-run');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const major = `v${version.split('.')[0]}`;
    expect(run.stdout.trim().split('\n')).toEqual([
      `would run: git tag --annotate v${version} --message support-audit v${version}`,
      `would run: git tag --force --annotate ${major} --message support-audit ${major} (v${version})`,
      `would run: git push --atomic origin refs/tags/v${version} +refs/tags/${major}`,
    ]);
    expect(git(clone, 'tag', '--list')).toBe('');
  });

  it('tags without pushing, then pushes both tags in a second run, and will not tag the version again', () => {
    expect(release('--version', version, '--push').stderr).toContain(
      `the tag v${version} does not exist: tag the release first`,
    );
    const tagged = release('--version', version);
    expect(tagged.stderr).toBe('');
    expect(tagged.status).toBe(0);
    const major = majorTag(version);
    expect(git(remote, 'tag', '--list')).toBe('');

    const pushed = release('--version', version, '--push');
    expect(pushed.status, pushed.stderr).toBe(0);
    expect(pushed.stdout.trim()).toBe(
      `running: git push --atomic origin refs/tags/v${version} +refs/tags/${major}`,
    );
    const head = git(clone, 'rev-parse', 'HEAD');
    for (const tag of [`v${version}`, major]) {
      expect(git(remote, 'rev-parse', `refs/tags/${tag}^{commit}`), tag).toBe(head);
    }
    expect(release('--version', version, '--dry-run').stderr).toContain(`the tag v${version} exists already`);
  });

  it('refuses a version that package.json, the tool and the changelog do not name, saying where', () => {
    const run = release('--version', '9.9.9', '--dry-run');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`package.json says ${version}, not 9.9.9`);
    expect(run.stderr).toContain('CHANGELOG.md has no "## [9.9.9]" section');
  });

  it('refuses a version that is not X.Y.Z, and lists its flags with --help', () => {
    expect(release('--version', 'v1', '--dry-run').stderr).toContain('version "v1" is not X.Y.Z');
    const help = release('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--dry-run');
  });

  it("takes the release notes from the version's CHANGELOG section, up to the next one", () => {
    const changelog =
      '# Changelog\n\n## [Unreleased]\n\n- next\n\n## [1.2.0] - 2026-01-02\n\n### Added\n\n- a\n\n## [1.1.0]\n\n- b\n';
    expect(changelogSection(changelog, '1.2.0')).toBe('### Added\n\n- a');
    expect(changelogSection(changelog, '1.3.0')).toBeUndefined();
  });
});

describe('the tag users are told to write', () => {
  const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const pkgVersion = (
    JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }
  ).version;

  it("is, in every README `uses:` line, the major tag the release of package.json's version moves", () => {
    const refs = [...readme.matchAll(/uses: [\w.-]+\/support-audit@(\S+)/g)].map(([, ref]) => ref);
    expect(refs.length).toBeGreaterThan(0);
    expect(new Set(refs)).toEqual(new Set([majorTag(pkgVersion)]));
  });

  it('is the one SECURITY.md says gets the fixes', () => {
    const security = readFileSync(path.join(REPO_ROOT, 'SECURITY.md'), 'utf8');
    const tags = new Set([...security.matchAll(/`@?(v\d+)`/g)].map(([, tag]) => tag));
    expect(tags).toEqual(new Set([majorTag(pkgVersion)]));
  });

  it('is v0 for every 0.x release, and the major number from 1.0.0 on', () => {
    expect(majorTag('0.1.0')).toBe('v0');
    expect(majorTag('0.12.3')).toBe('v0');
    expect(majorTag('1.0.0')).toBe('v1');
    expect(majorTag('12.3.4')).toBe('v12');
    expect(() => majorTag('v1')).toThrow('version "v1" is not X.Y.Z');
  });
});
