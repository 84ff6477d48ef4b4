import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
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
  },
});
