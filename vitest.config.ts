import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Vitest's default is one worker less than the cores: a single worker on a two-core machine, every file
    // in turn. The slow files mostly wait (child processes, the emulator's query latency, status polls), so
    // two workers at least halve the run there (about 64 s -> 40 s); a third gained nothing.
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
