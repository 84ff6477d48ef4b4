/**
 * The inputs of the CLI and the action by name, and their defaults: the one list both adapters, action.yml and
 * the README are kept equal to (tests check them). Values arrive as strings by these kebab-case names.
 */

export type RawInputs = Readonly<Record<string, string | undefined>>;

/**
 * Every input, by the name the action and the CLI share (`--name` on the command line), in action.yml's
 * order; `only` marks the few that one adapter alone offers, `flag` the true/false ones.
 */
export const INPUTS: ReadonlyArray<{ name: string; only?: 'cli' | 'action'; flag?: true }> = [
  { name: 'logs', only: 'cli' },
  { name: 'engine', only: 'cli' },
  { name: 'source' },
  { name: 'account' },
  { name: 'region' },
  { name: 'organization-id' },
  { name: 'bucket' },
  { name: 'prefix' },
  { name: 'database' },
  { name: 'table' },
  { name: 'workgroup' },
  { name: 'output-location' },
  { name: 'catalog' },
  { name: 'create-table', flag: true },
  { name: 'projection-start' },
  { name: 'start-date' },
  { name: 'end-date' },
  { name: 'lookback-days' },
  { name: 'query-set' },
  { name: 'threshold' },
  { name: 'fail-on-write-calls', flag: true },
  { name: 'require-logs', flag: true },
  { name: 'output-dir' },
  { name: 'comment-on-pr', only: 'action' },
  { name: 'github-token', only: 'action' },
  { name: 'timeout-seconds' },
  { name: 'result-reuse-minutes' },
];

/** The defaults of every input that has one; action.yml and the README are kept equal to these by tests. */
export const DEFAULTS = {
  source: 'cloudtrail',
  'lookback-days': '7',
  database: 'default',
  table: 'cloudtrail_logs_pp',
  workgroup: 'primary',
  catalog: 'AwsDataCatalog',
  'create-table': 'true',
  'projection-start': '2013-11-01',
  'query-set': 'single-scan',
  'fail-on-write-calls': 'false',
  'require-logs': 'true',
  'output-dir': 'support-audit-report',
  'comment-on-pr': 'never',
  'timeout-seconds': '900',
  'result-reuse-minutes': '0',
} as const satisfies RawInputs;
