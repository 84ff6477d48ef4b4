/**
 * The release script, as the release workflow runs it: on a clean clone of this commit, a dry run checks the
 * version everywhere it is written and prints the tag commands without running them.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changelogSection } from '../scripts/release.js';
import { REPO_ROOT } from './helpers/run-cli.js';

const TSX_LOADER = path.join(REPO_ROOT, 'node_modules/tsx/dist/loader.mjs');
let clone: string;
let version: string;

function release(...args: string[]) {
  return spawnSync(process.execPath, ['--import', TSX_LOADER, 'scripts/release.ts', ...args], {
    cwd: clone,
    encoding: 'utf8',
  });
}

beforeAll(async () => {
  clone = await mkdtemp(path.join(os.tmpdir(), 'support-audit-release-'));
  execFileSync('git', ['clone', '--quiet', '--no-local', REPO_ROOT, clone]);
  version = (JSON.parse(await readFile(path.join(clone, 'package.json'), 'utf8')) as { version: string })
    .version;
});

afterAll(async () => {
  await rm(clone, { recursive: true, force: true });
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
      `would run: git push origin refs/tags/v${version}`,
      `would run: git push --force origin refs/tags/${major}`,
    ]);
    expect(execFileSync('git', ['tag', '--list'], { cwd: clone, encoding: 'utf8' })).toBe('');
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
