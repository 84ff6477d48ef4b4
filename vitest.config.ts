import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// A file that replaces a module (`vi.mock`) or a client class for every instance (`mockClient`) needs a module
// registry of its own; every other file shares its worker's, so the sources, DuckDB's bindings and the AWS SDK
// load once per worker rather than once per file (about 80 s of CPU a run on two cores). Found by reading the
// files, so a new mocking file is isolated too.
const TESTS = new URL('test/', import.meta.url);
const MOCKING = readdirSync(TESTS)
  .filter(
    (name) =>
      name.endsWith('.test.ts') &&
      /\b(vi\.mock|mockClient)\(/.test(readFileSync(new URL(name, TESTS), 'utf8')),
  )
  .map((name) => `test/${name}`);

export default defineConfig({
  test: {
    // Fails the run when a test left a file inside the repository; compiles the CLI the tests spawn.
    globalSetup: ['test/helpers/repository-untouched.ts', 'test/helpers/compiled-cli.ts'],
    // Limits that turn a hang into a failure, never speed checks: the heaviest tests take well under a minute
    // alone, and over one when the suite shares two busy cores with another.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    // Vitest's default is one worker less than the cores: a single worker on a two-core machine, every file
    // in turn. Many files wait on child processes and the CLI's status polls, so a second worker overlaps
    // them with the rest; a third gained nothing.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      {
        extends: true,
        test: { name: 'shared', include: ['test/**/*.test.ts'], exclude: MOCKING, isolate: false },
      },
      { extends: true, test: { name: 'mocking', include: MOCKING } },
    ],
  },
});
