import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// A file that replaces a module (`vi.mock`) or a client class for every instance (`mockClient`) needs a module
// registry of its own; every other file shares its worker's, so the sources, DuckDB's bindings and the AWS SDK
// load once per worker rather than once per file (about 80 s of CPU a run on two cores). Found by reading the
// files, so a new mocking file is isolated too.
const MOCKING = readdirSync('test')
  .filter(
    (name) =>
      name.endsWith('.test.ts') && /\b(vi\.mock|mockClient)\(/.test(readFileSync(`test/${name}`, 'utf8')),
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
    // in turn. The slow files mostly wait (child processes, the emulator's query latency, status polls), so
    // two workers at least halve the run there (about 64 s -> 40 s); a third gained nothing.
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
