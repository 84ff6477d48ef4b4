/**
 * The rules that tie inputs to each other, as a table: each says when it is broken, which inputs it blames and
 * what to do. The settings are parsed input by input first (settings.ts); these then run in order, and the first
 * broken rule is the error. Rules about one input alone live with its parsing (input-rules.ts).
 */
import { UsageError } from './errors.js';
import { given } from './input-rules.js';
import { INPUTS, type RawInputs } from './inputs.js';
import type { Settings } from './settings-model.js';
import { agreeing, listed } from './wording.js';

export interface SettingsRule {
  /** The inputs it is about. */
  readonly inputs: readonly string[];
  /** Broken for these settings and the inputs as given; the names of the inputs to blame, if it is. */
  readonly broken: (settings: Settings, raw: RawInputs) => readonly string[] | false;
  readonly message: (blamed: readonly string[], settings: Settings) => string;
}

/** Inputs given that the engine or source chosen would ignore: refused, so nothing is ignored in silence. */
function ignoredBy(kind: 'engines' | 'sources') {
  return (settings: Settings, raw: RawInputs): readonly string[] | false => {
    const chosen = kind === 'engines' ? settings.engine : settings.source;
    const ignored = INPUTS.filter(
      (input) =>
        input[kind] !== undefined &&
        !(input[kind] as readonly string[]).includes(chosen) &&
        given(raw, input.name) !== undefined,
    ).map((input) => input.name);
    return ignored.length > 0 ? ignored : false;
  };
}

const READS = {
  local: (settings: Settings) => `reads the copy in ${settings.logsDir}`,
  athena: () => 'reads the bucket itself',
} as const;

export const SETTINGS_RULES: readonly SettingsRule[] = [
  {
    inputs: INPUTS.filter((input) => input.sources).map((input) => input.name),
    broken: ignoredBy('sources'),
    message: (blamed, settings) =>
      `${listed(blamed)} ${agreeing(blamed.length, 'says', 'say')} where a trail writes its logs; source ` +
      `${settings.source} reads Security Lake's own table${settings.engine === 'local' ? ' (or a copy of its bucket, with --logs)' : ''}, ` +
      `so leave ${agreeing(blamed.length, 'it', 'them')} out.`,
  },
  {
    inputs: ['fail-on-write-calls', 'query-set'],
    broken: (settings) =>
      settings.failOnWriteCalls && settings.querySet === 'seed' && ['fail-on-write-calls'],
    message: () =>
      "fail-on-write-calls needs the single-scan query set: the seed set (the article's queries) does not measure write calls.",
  },
  {
    inputs: ['fail-on-unexplained', 'query-set'],
    broken: (settings) =>
      settings.failOnUnexplained && settings.querySet === 'seed' && ['fail-on-unexplained'],
    message: () =>
      "fail-on-unexplained needs the single-scan query set: the seed set (the article's queries) does not list the support calls it would group into sessions.",
  },
  {
    inputs: ['fail-on-new-access', 'query-set'],
    broken: (settings) => settings.failOnNewAccess && settings.querySet === 'seed' && ['fail-on-new-access'],
    message: () =>
      "fail-on-new-access needs the single-scan query set: the seed set (the article's queries) does not list the support calls it would compare.",
  },
  {
    inputs: ['fail-on-new-access', 'baseline'],
    broken: (settings) =>
      settings.failOnNewAccess && settings.baseline === undefined && ['fail-on-new-access'],
    message: () =>
      "fail-on-new-access needs baseline: the previous run's summary.json, to say what is new against it.",
  },
  {
    inputs: ['require-complete', 'query-set'],
    broken: (settings) => settings.requireComplete && settings.querySet === 'seed' && ['require-complete'],
    message: () =>
      "require-complete needs the single-scan query set: the seed set (the article's queries) does not measure " +
      "which logs it read. Set require-complete to false to run the article's queries as written.",
  },
  {
    inputs: ['logs', 'engine'],
    broken: (settings) => settings.engine === 'local' && settings.logsDir === undefined && ['logs'],
    message: () => 'The local engine needs logs: the folder that holds a copy of the bucket (--logs DIR).',
  },
  {
    inputs: INPUTS.filter((input) => input.engines).map((input) => input.name),
    broken: ignoredBy('engines'),
    message: (blamed, settings) => {
      const owner = INPUTS.find((input) => input.name === blamed[0])!.engines!.join(' or ');
      return (
        `${listed(blamed)} ${agreeing(blamed.length, 'is', 'are')} for the ${owner} engine; the ${settings.engine} ` +
        `engine ${READS[settings.engine](settings)} and would ignore ${agreeing(blamed.length, 'it', 'them')}.`
      );
    },
  },
  {
    inputs: ['bucket', 'account', 'region'],
    broken: (settings) => {
      if (settings.engine !== 'athena') return false;
      const missing = [
        settings.source === 'cloudtrail' && settings.bucket === undefined && 'bucket',
        settings.accounts.length === 0 && 'account',
        settings.regions.length === 0 && 'region',
      ].filter((name): name is string => name !== false);
      return missing.length > 0 && missing;
    },
    message: (blamed, settings) =>
      `${listed(blamed)} ${agreeing(blamed.length, 'is', 'are')} required to audit with Athena: they say where ` +
      `the CloudTrail logs are${settings.source === 'security-lake' ? ' (the partitions of the Security Lake table to read)' : ''}.`,
  },
];

/** Throws the UsageError of the first rule the settings break. */
export function checkRules(settings: Settings, raw: RawInputs): void {
  for (const rule of SETTINGS_RULES) {
    const blamed = rule.broken(settings, raw);
    if (blamed) throw new UsageError(rule.message(blamed, settings));
  }
}
