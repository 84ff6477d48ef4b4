// @ts-check
/**
 * `npm run mutate`: Stryker mutates the modules that decide figures and safety, and runs the fast unit tests of
 * vitest.mutation.config.ts against each mutant, and prints the score of each module.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  coverageAnalysis: 'perTest',
  // Vitest compiles the TypeScript itself and checks no types: nothing to disable.
  disableTypeChecks: false,
  concurrency: 2,
  mutate: [
    'src/core/criteria.ts',
    'src/core/dates.ts',
    'src/core/query-sets/window.ts',
    'src/core/input-rules.ts',
    'src/core/settings.ts',
    'src/core/settings-rules.ts',
    'src/core/verdict.ts',
    'src/core/query-sets/single-scan-events.ts',
    'src/core/query-sets/coverage.ts',
    'src/core/query-sets/counting.ts',
    'src/core/baseline.ts',
    'src/core/since.ts',
    'src/core/history.ts',
    'src/report/markdown/escape.ts',
    'src/report/html/escape.ts',
    'src/report/csv.ts',
    // Only mermaidLabel and its limit: the rest of the file lays out charts, not escapes.
    'src/report/markdown/charts.ts:16-27',
  ],
  // Outside git (.gitignore): a rerun tests only the mutants that changed code or tests can have changed.
  incremental: true,
  incrementalFile: 'reports/mutation/incremental.json',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 90, low: 85, break: null },
  // The benchmark's generated logs (up to a million files) are no input of any test: copying them into the
  // sandbox runs Stryker out of memory.
  ignorePatterns: ['bench/data'],
};
