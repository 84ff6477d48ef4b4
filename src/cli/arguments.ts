/** The command line as the action's inputs: the one shape the settings parser reads. */
import { parseArgs } from 'node:util';
import { UsageError } from '../core/errors.js';
import { SAMPLE_WINDOW, sampleLogsDir } from '../core/sample.js';
import type { RawInputs } from '../core/inputs.js';
import { CLI_OPTIONS, TERMINAL_OPTIONS } from './usage.js';

/** Node's parser options: every option of the command line and its long aliases, a one-letter alias as short. */
const OPTIONS = Object.fromEntries(
  CLI_OPTIONS.flatMap((option) => {
    const type = option.flag ? ('boolean' as const) : ('string' as const);
    const short = option.aliases?.find((alias) => alias.length === 1);
    const long = (option.aliases ?? []).filter((alias) => alias.length > 1);
    return [
      [option.name, { type, ...(short === undefined ? {} : { short }) }],
      ...long.map((alias) => [alias, { type }]),
    ];
  }),
);

/** Each alias's option: `start` is `start-date`. */
const ALIASES: ReadonlyMap<string, string> = new Map(
  CLI_OPTIONS.flatMap((option) => (option.aliases ?? []).map((alias) => [alias, option.name] as const)),
);

/**
 * `--threshold -1` as `--threshold=-1`: Node's parser would refuse the value as an ambiguous option, while the
 * settings give the rule it breaks.
 */
function joinNegativeValues(argv: readonly string[]): string[] {
  const joined: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const name = /^--([a-z-]+)$/.exec(argv[i]!)?.[1];
    const option = name === undefined ? undefined : OPTIONS[name as keyof typeof OPTIONS];
    if (option?.type === 'string' && /^-\d/.test(argv[i + 1] ?? '')) joined.push(`${argv[i]}=${argv[++i]}`);
    else joined.push(argv[i]!);
  }
  return joined;
}

/** Edits (insertions, deletions, substitutions, swaps of two neighbours) from one name to another. */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
      }
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The option a mistyped one most likely meant, by its full name: the nearest by edits, within a third of its
 * length; else the shortest one it begins (`--output` is `--output-dir`); else the longest one that begins it.
 */
export function suggestion(unknown: string): string | undefined {
  const name = unknown.replace(/^--?(no-)?/, '').split('=')[0]!;
  const names = [...Object.keys(OPTIONS)].filter((option) => option.length > 1);
  const near = names
    .map((option) => ({ option, edits: distance(name, option) }))
    .filter(({ edits }) => edits <= Math.max(1, Math.floor(name.length / 3)))
    .sort((a, b) => a.edits - b.edits || a.option.length - b.option.length)[0];
  const shortest = (options: readonly string[]) => [...options].sort((a, b) => a.length - b.length)[0];
  const found =
    near?.option ??
    shortest(names.filter((option) => option.startsWith(name))) ??
    [...names.filter((option) => name.startsWith(option))].sort((a, b) => b.length - a.length)[0];
  return found === undefined ? undefined : (ALIASES.get(found) ?? found);
}

export function parseCommandLine(argv: readonly string[]) {
  try {
    return parseArgs({
      args: joinNegativeValues(argv),
      strict: true,
      allowPositionals: false,
      allowNegative: true,
      options: OPTIONS,
    }).values as Record<string, string | boolean | undefined>;
  } catch (error) {
    const message = (error as Error).message;
    const unknown = /^Unknown option '([^']+)'/.exec(message)?.[1];
    const near = unknown === undefined ? undefined : suggestion(unknown);
    throw new UsageError(
      `${unknown === undefined ? message : `Unknown option ${unknown}.${near === undefined ? '' : ` Did you mean --${near}?`}`}\nRun with --help to see the options.`,
    );
  }
}

/**
 * Options that shape the output, not the audit, and the source: with only these, the CLI audits the synthetic
 * sample of that source.
 */
const SAMPLE_INPUTS = new Set(['output-dir', 'source']);

/**
 * The command line as the action's inputs: the one shape the settings parser reads. With no input at all but
 * output options, it is the shipped sample over the sample's window; any other input needs to be told where
 * the logs are, so a forgotten --bucket can never audit the sample instead.
 */
export function toInputs(values: Record<string, string | boolean | undefined>): {
  inputs: RawInputs;
  onSample: boolean;
} {
  const inputs: Record<string, string> = {};
  for (const [name, value] of Object.entries(values)) {
    if (
      value === undefined ||
      TERMINAL_OPTIONS.some((option) => option.name === name || option.aliases?.includes(name))
    )
      continue;
    const input = ALIASES.get(name) ?? name;
    if (inputs[input] !== undefined) throw new UsageError(`--${input} is given twice (once as --${name}).`);
    inputs[input] = String(value);
  }
  const located = ['logs', 'engine', 'bucket'].some((name) => inputs[name] !== undefined);
  const auditInputs = Object.keys(inputs).filter((name) => !SAMPLE_INPUTS.has(name));
  if (!located && auditInputs.length > 0) {
    throw new UsageError(
      `${auditInputs.map((name) => `--${name}`).join(', ')} given, but not where the logs are: add --logs DIR ` +
        '(a local copy of the trail bucket) or --bucket NAME (Athena). With no options at all, support-audit ' +
        'audits its synthetic sample.',
    );
  }
  if (!located) {
    inputs.logs = sampleLogsDir(inputs.source === 'security-lake' ? 'security-lake' : 'cloudtrail');
    inputs['start-date'] = SAMPLE_WINDOW.start;
    inputs['end-date'] = SAMPLE_WINDOW.end;
  }
  return { inputs, onSample: !located };
}
