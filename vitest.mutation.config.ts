import { defineConfig } from 'vitest/config';

/**
 * The tests `npm run mutate` runs against each mutant (stryker.config.mjs): the in-process unit tests of the
 * modules it mutates, and no child process, emulator or browser. A mutant in a module's top-level values (a
 * pattern, a table) reloads every file listed here, so the list stays short and fast.
 */
export default defineConfig({
  test: {
    include: [
      'test/criteria.test.ts',
      'test/dates.test.ts',
      'test/input-rules.test.ts',
      'test/settings.test.ts',
      'test/settings-rules.test.ts',
      'test/verdict.test.ts',
      'test/measure-events.test.ts',
      'test/measure-coverage.test.ts',
      'test/escaping.test.ts',
      'test/csv.test.ts',
      'test/baseline.test.ts',
      'test/since.test.ts',
      'test/history.test.ts',
    ],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
