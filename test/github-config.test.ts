/**
 * What the repository's GitHub configuration promises, read from its files (actionlint checks their syntax; these
 * check their intent): the release workflow lets one job write, after the checks, and hands the token to the
 * steps that push and publish alone; no checkout leaves a token in git's config; CI runs the action itself
 * against the Athena emulator and checks its outputs; Dependabot moves the two DuckDB packages together.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SAMPLE_ACCOUNTS, SAMPLE_WINDOW } from '../src/core/sample.js';
import { REPO_ROOT } from './helpers/run-cli.js';

interface Step {
  readonly id?: string;
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly if?: string;
  readonly env?: Record<string, unknown>;
  readonly with?: Record<string, unknown>;
}

interface Job {
  readonly needs?: string | string[];
  readonly if?: string;
  readonly permissions?: Record<string, string> | string;
  readonly env?: Record<string, unknown>;
  readonly steps: Step[];
}

interface Workflow {
  readonly permissions?: Record<string, string> | string;
  readonly env?: Record<string, unknown>;
  readonly jobs: Record<string, Job>;
}

const WORKFLOWS_DIR = path.join(REPO_ROOT, '.github', 'workflows');

function readYaml<T>(file: string): T {
  return parse(readFileSync(file, 'utf8')) as T;
}

function workflow(name: string): Workflow {
  return readYaml<Workflow>(path.join(WORKFLOWS_DIR, name));
}

function writes(permissions: Job['permissions']): boolean {
  if (permissions === undefined) return false;
  if (typeof permissions === 'string') return permissions === 'write-all';
  return Object.values(permissions).includes('write');
}

const TOKEN = /\bgithub\.token\b|\bsecrets\.GITHUB_TOKEN\b/;

describe('the release workflow', () => {
  const release = workflow('release.yml');
  const jobs = Object.entries(release.jobs);
  const checks = jobs.filter(([, job]) => job.steps.some((step) => step.run?.includes('.ci/run')));
  const writers = jobs.filter(([, job]) => writes(job.permissions));

  it('lints, tests and builds in a job that may only read', () => {
    expect(writes(release.permissions)).toBe(false);
    expect(checks).toHaveLength(1);
    expect(checks[0]![1].permissions).toEqual({ contents: 'read' });
  });

  it('lets one job write, after the checks and never in a dry run; it tests nothing and runs no install script', () => {
    expect(writers.map(([name]) => name)).toHaveLength(1);
    const [, writer] = writers[0]!;
    expect(writer.permissions).toEqual({ contents: 'write' });
    expect([writer.needs].flat()).toContain(checks[0]![0]);
    expect(writer.if).toMatch(/!\s*inputs\.dry-run/);
    const runs = writer.steps.flatMap((step) => (step.run === undefined ? [] : [step.run]));
    expect(runs.filter((run) => /\.ci\/run|npm (run )?test/.test(run))).toEqual([]);
    for (const install of runs.filter((run) => /\bnpm (ci|install)\b/.test(run)))
      expect(install).toContain('--ignore-scripts');
  });

  it('gives the token to the steps that push the tags and publish the release, and to no other', () => {
    expect(TOKEN.test(JSON.stringify({ ...release, jobs: undefined }))).toBe(false);
    for (const [name, job] of jobs) {
      expect(TOKEN.test(JSON.stringify({ ...job, steps: undefined })), name).toBe(false);
      for (const step of job.steps) {
        expect(TOKEN.test(JSON.stringify(step.with ?? {})), step.name).toBe(false);
        if (!TOKEN.test(JSON.stringify(step.env ?? {}))) continue;
        expect(step.run, step.name).toMatch(/scripts\/release\.ts .*--push|^gh release create /);
      }
    }
    const [, writer] = writers[0]!;
    const tagging = writer.steps.find((step) => /scripts\/release\.ts (?!.*--push)/.test(step.run ?? ''));
    const pushing = writer.steps.find((step) => /scripts\/release\.ts .*--push/.test(step.run ?? ''));
    expect(tagging).toBeDefined();
    expect(TOKEN.test(JSON.stringify(tagging))).toBe(false);
    expect(pushing?.env?.GH_TOKEN).toMatch(TOKEN);
    expect(writer.steps.indexOf(pushing!)).toBeGreaterThan(writer.steps.indexOf(tagging!));
  });
});

describe('every workflow', () => {
  const files = readdirSync(WORKFLOWS_DIR).filter((name) => /\.ya?ml$/.test(name));

  it("checks out without leaving the job's token in git's config", () => {
    const checkouts = files.flatMap((file) =>
      Object.values(workflow(file).jobs).flatMap((job) =>
        job.steps
          .filter((step) => step.uses?.startsWith('actions/checkout@'))
          .map((step) => ({ file, persist: step.with?.['persist-credentials'] })),
      ),
    );
    expect(checkouts.length).toBeGreaterThan(0);
    expect(checkouts.filter((checkout) => checkout.persist !== false)).toEqual([]);
  });
});

describe('the CI job that runs the action itself', () => {
  const action = readYaml<{
    inputs: Record<string, { required?: boolean }>;
    outputs: Record<string, unknown>;
  }>(path.join(REPO_ROOT, 'action.yml'));
  const ci = workflow('ci.yml');
  const entry = Object.entries(ci.jobs).find(([, job]) => job.steps.some((step) => step.uses === './'));
  const job = entry?.[1] ?? { steps: [] };
  const jobEnv = Object.fromEntries(
    Object.entries(job.env ?? {}).map(([key, value]) => [key, String(value)]),
  );
  /** A value as the runner gives it to the step: `${{ env.X }}` replaced by the job's X. */
  const resolve = (value: unknown): string =>
    String(value).replace(/\$\{\{\s*env\.(\w+)\s*\}\}/g, (_, name: string) => jobEnv[name] ?? '');
  const audit = job.steps.find((step) => step.uses === './') ?? {};
  const auditIndex = job.steps.indexOf(audit);

  it('exists: a job with a step that uses ./', () => {
    expect(entry).toBeDefined();
    expect(audit.id).toMatch(/^[\w-]+$/);
  });

  it('starts the emulator on the sample logs in the background first, and points the AWS SDK at its port', () => {
    const start = job.steps.findIndex((step) =>
      /npm run emulator -- --logs examples\/logs .*&\s*$/m.test(step.run ?? ''),
    );
    expect(start).toBeGreaterThanOrEqual(0);
    expect(start).toBeLessThan(auditIndex);
    const port = /--port "?\$(\w+)"?/.exec(job.steps[start]!.run!)?.[1];
    expect(port).toBeDefined();
    const env = Object.fromEntries(
      Object.entries(audit.env ?? {}).map(([key, value]) => [key, resolve(value)]),
    );
    expect(env.AWS_ENDPOINT_URL_ATHENA).toBe(`http://127.0.0.1:${jobEnv[port!]}`);
    expect(env.AWS_REGION).toMatch(/^[a-z]{2}-[a-z]+-\d$/);
    expect(env.AWS_ACCESS_KEY_ID).not.toBe('');
    expect(env.AWS_SECRET_ACCESS_KEY).not.toBe('');
  });

  it("gives the action only inputs action.yml declares, every required one, and the sample's readable account and window", () => {
    const inputs = Object.fromEntries(
      Object.entries(audit.with ?? {}).map(([key, value]) => [key, resolve(value)]),
    );
    expect(Object.keys(inputs).filter((name) => !(name in action.inputs))).toEqual([]);
    const required = Object.entries(action.inputs).filter(([, input]) => input.required === true);
    for (const [name] of required) expect(inputs[name], name).toBeTruthy();
    // The other commercial account's logs hold a corrupt file, which fails the query on the emulator as on Athena.
    expect(inputs.account).toBe(SAMPLE_ACCOUNTS.production);
    expect([inputs['start-date'], inputs['end-date']]).toEqual([SAMPLE_WINDOW.start, SAMPLE_WINDOW.end]);
  });

  it('checks the outputs action.yml declares, after the action ran', () => {
    const later = JSON.stringify(job.steps.slice(auditIndex + 1));
    const read = [...later.matchAll(new RegExp(`steps\\.${audit.id}\\.outputs\\.([\\w-]+)`, 'g'))].map(
      ([, name]) => name!,
    );
    expect(read).toContain('support-calls');
    expect(read.filter((name) => !(name in action.outputs))).toEqual([]);
  });
});

describe('Dependabot', () => {
  interface Group {
    readonly patterns?: string[];
    readonly 'exclude-patterns'?: string[];
  }
  interface Update {
    readonly 'package-ecosystem': string;
    readonly groups?: Record<string, Group>;
    readonly ignore?: Array<{ 'dependency-name': string }>;
  }
  const config = readYaml<{ updates: Update[] }>(path.join(REPO_ROOT, '.github', 'dependabot.yml'));
  const npm = config.updates.find((update) => update['package-ecosystem'] === 'npm')!;
  const DUCKDB = ['@duckdb/node-api', '@duckdb/node-bindings'];
  const matches = (pattern: string, name: string): boolean =>
    new RegExp(
      `^${pattern
        .split('*')
        .map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, '\\$&'))
        .join('.*')}$`,
    ).test(name);
  /** Whether a group can take the package: a group without patterns takes any (by dependency type, say). */
  const takes = (group: Group, name: string): boolean =>
    (group.patterns === undefined || group.patterns.some((p) => matches(p, name))) &&
    !(group['exclude-patterns'] ?? []).some((p) => matches(p, name));

  it('ignores neither DuckDB package', () => {
    const ignored = (npm.ignore ?? []).map((rule) => rule['dependency-name']);
    expect(ignored.filter((name) => DUCKDB.some((pkg) => matches(name, pkg)))).toEqual([]);
  });

  it('updates both in one group, which no other group can take them from', () => {
    for (const name of DUCKDB) {
      const groups = Object.entries(npm.groups ?? {}).filter(([, group]) => takes(group, name));
      expect(
        groups.map(([group]) => group),
        name,
      ).toHaveLength(1);
    }
    const [home] = Object.entries(npm.groups ?? {}).find(([, group]) => takes(group, DUCKDB[0]!))!;
    expect(takes(npm.groups![home]!, DUCKDB[1]!)).toBe(true);
  });

  it('finds them pinned to one exact version in package.json', () => {
    const pkg = readYaml<{ dependencies: Record<string, string> }>(path.join(REPO_ROOT, 'package.json'));
    const versions = DUCKDB.map((name) => pkg.dependencies[name]);
    expect(versions[0]).toMatch(/^\d+\.\d+\.\d+(-[\w.]+)?$/);
    expect(versions[1]).toBe(versions[0]);
  });
});
