/**
 * The inputs of the CLI and the action by name, with their defaults and what each is for: the one list both
 * adapters, action.yml, the CLI's --help and the README are kept equal to (tests check them). Values arrive as
 * strings by these kebab-case names.
 */
import type { EngineName, SourceName } from './types.js';

export type RawInputs = Readonly<Record<string, string | undefined>>;

/** The sections of the CLI's --help, in order. */
export const INPUT_GROUPS = {
  where: 'Where the logs are',
  when: 'When (UTC, both ends included)',
  athena: 'Athena',
  audit: 'Audit and gates',
  explain: 'Sessions, cases and permits',
  baseline: 'Since the last audit',
  output: 'Output',
} as const;

export interface InputSpec {
  readonly name: string;
  /** The one adapter that offers it, when the other does not. */
  readonly only?: 'cli' | 'action';
  /** A true/false input: `--name` and `--no-name` on the command line. */
  readonly flag?: true;
  readonly group: keyof typeof INPUT_GROUPS;
  /** The value as --help shows it (`DIR`, `N`). */
  readonly value?: string;
  /** What it is for, in one line of --help. */
  readonly help: string;
  /** The engines that read it, when not every engine does: any other refuses it, as it would ignore it. */
  readonly engines?: readonly EngineName[];
  /** Likewise the sources. */
  readonly sources?: readonly SourceName[];
  /** Shorter spellings on the command line. */
  readonly aliases?: readonly string[];
}

/** Every input, by the name the action and the CLI share (`--name` on the command line), in action.yml's order. */
export const INPUTS: readonly InputSpec[] = [
  {
    name: 'logs',
    only: 'cli',
    group: 'where',
    value: 'DIR',
    help: 'a local copy of the trail (or Security Lake) bucket; selects the local engine',
    engines: ['local'],
  },
  {
    name: 'engine',
    only: 'cli',
    group: 'where',
    value: 'local|athena',
    help: 'local when --logs is given, otherwise athena',
  },
  {
    name: 'source',
    group: 'where',
    value: 'cloudtrail|security-lake',
    help: "a trail's log files, or Amazon Security Lake's OCSF table or bucket copy",
  },
  {
    name: 'account',
    group: 'where',
    value: 'ID[,ID...]',
    help: '12-digit account ids (athena: required; local: all found when omitted)',
  },
  {
    name: 'region',
    group: 'where',
    value: 'R[,R...]',
    help: 'regions (athena: required; local: all found when omitted)',
  },
  {
    name: 'organization-id',
    group: 'where',
    value: 'o-...',
    help: 'for an organization trail (AWSLogs/o-.../ACCOUNT/...)',
    sources: ['cloudtrail'],
  },
  {
    name: 'bucket',
    group: 'where',
    value: 'NAME',
    help: 'the trail bucket (athena)',
    engines: ['athena'],
    sources: ['cloudtrail'],
  },
  {
    name: 'prefix',
    group: 'where',
    value: 'P',
    help: 'the key prefix before AWSLogs/; a list reads each (/ for the bucket root)',
    sources: ['cloudtrail'],
  },
  { name: 'database', group: 'athena', value: 'D', help: 'the Glue database of the table' },
  {
    name: 'table',
    group: 'athena',
    value: 'T',
    help: 'the partition-projected CloudTrail table to use or create',
  },
  { name: 'workgroup', group: 'athena', value: 'W', help: 'the Athena workgroup', engines: ['athena'] },
  {
    name: 'output-location',
    group: 'athena',
    value: 'S3URI',
    help: 'query results location, unless the workgroup sets one',
    engines: ['athena'],
  },
  { name: 'catalog', group: 'athena', value: 'C', help: 'the Athena data catalog', engines: ['athena'] },
  {
    name: 'create-table',
    flag: true,
    group: 'athena',
    help: 'create the table when it is missing',
    engines: ['athena'],
  },
  {
    name: 'projection-start',
    group: 'athena',
    value: 'YYYY-MM-DD',
    help: "first day of the table's date projection",
  },
  { name: 'start-date', group: 'when', value: 'YYYY-MM-DD', help: 'first day', aliases: ['start'] },
  {
    name: 'end-date',
    group: 'when',
    value: 'YYYY-MM-DD',
    help: 'last day (default today, with start-date)',
    aliases: ['end'],
  },
  { name: 'lookback-days', group: 'when', value: 'N', help: 'the N complete days ending yesterday' },
  {
    name: 'query-set',
    group: 'audit',
    value: 'single-scan|seed',
    help: "single-scan: one scan answers everything; seed: the article's five queries",
  },
  { name: 'threshold', group: 'audit', value: 'N', help: 'fail when support calls exceed N' },
  {
    name: 'fail-on-write-calls',
    flag: true,
    group: 'audit',
    help: 'fail on any support call not recorded as read-only; needs single-scan',
  },
  {
    name: 'require-complete',
    flag: true,
    group: 'audit',
    help: 'fail when the audit is not complete: a day of an account without logs, a file not read, a layout not read; needs single-scan',
    aliases: ['require-logs'],
  },
  {
    name: 'require-logs',
    only: 'action',
    flag: true,
    group: 'audit',
    help: 'the former name of require-complete',
  },
  {
    name: 'idle-accounts',
    group: 'audit',
    value: 'ID[,ID...]',
    help: 'accounts known to be idle: their days without logs are shown, not failed',
  },
  {
    name: 'late-delivery-days',
    group: 'when',
    value: 'N',
    help: "days after the window whose folders are read too, for the window's calls delivered late",
  },
  {
    name: 'max-log-file-mib',
    only: 'cli',
    group: 'where',
    value: 'N',
    help: 'the most JSON one log file may expand to; a larger one is listed as unreadable',
    engines: ['local'],
    sources: ['cloudtrail'],
  },
  {
    name: 'fail-on-unexplained',
    flag: true,
    group: 'explain',
    help: 'fail when a support session is explained by no case and no permit; needs single-scan',
  },
  {
    name: 'session-gap-minutes',
    group: 'explain',
    value: 'N',
    help: 'the pause that ends a session of calls without a role session name',
  },
  {
    name: 'case-lookback-days',
    group: 'explain',
    value: 'N',
    help: 'days before the window read for cases and permits; 0 reads none',
  },
  {
    name: 'cases-from',
    group: 'explain',
    value: 'cloudtrail[,support-api]',
    help: "where cases are read: CloudTrail, and also the Support API's DescribeCases",
  },
  {
    name: 'case-grace-hours',
    group: 'explain',
    value: 'N',
    help: 'how long after its resolution a case still explains a session',
  },
  {
    name: 'case-scope',
    group: 'explain',
    value: 'account|organization',
    help: 'a case explains sessions of its own account, or of any audited account',
  },
  {
    name: 'case-details',
    flag: true,
    group: 'explain',
    help: 'put case subjects in the reports (they may be sensitive)',
  },
  { name: 'baseline', group: 'baseline', value: 'FILE', help: "the previous run's summary.json" },
  { name: 'fail-on-new-access', flag: true, group: 'baseline', help: 'fail on anything new since baseline' },
  {
    name: 'output-dir',
    group: 'output',
    value: 'DIR',
    help: 'where report.md, report.html, summary.json, events.json and events.csv go',
    aliases: ['out'],
  },
  {
    name: 'comment-on-pr',
    only: 'action',
    group: 'output',
    value: 'never|on-failure|always',
    help: 'comment the report on the pull request',
  },
  {
    name: 'github-token',
    only: 'action',
    group: 'output',
    value: 'TOKEN',
    help: 'token for the pull-request comment',
  },
  {
    name: 'timeout-seconds',
    group: 'athena',
    value: 'N',
    help: "deadline for the audit's Athena work, every request included",
  },
  {
    name: 'result-reuse-minutes',
    group: 'athena',
    value: 'N',
    help: 'let Athena reuse a result up to N minutes old; 0 is off',
    engines: ['athena'],
  },
];

/** The defaults of every input that has one; action.yml, --help and the README are kept equal to these. */
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
  'require-complete': 'true',
  'late-delivery-days': '1',
  'max-log-file-mib': '1024',
  'fail-on-unexplained': 'false',
  'session-gap-minutes': '30',
  'case-lookback-days': '30',
  'cases-from': 'cloudtrail',
  'case-grace-hours': '24',
  'case-scope': 'account',
  'case-details': 'false',
  'fail-on-new-access': 'false',
  'output-dir': 'support-audit-report',
  'comment-on-pr': 'never',
  'timeout-seconds': '900',
  'result-reuse-minutes': '0',
} as const satisfies RawInputs;

/** The input of that name; throws for a name no input has, which is a bug. */
export function inputNamed(name: string): InputSpec {
  const input = INPUTS.find((candidate) => candidate.name === name);
  if (!input) throw new Error(`no input is named ${name}`);
  return input;
}
