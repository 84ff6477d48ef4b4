/** The command line as the action's inputs: the one shape the settings parser reads. */
import { parseArgs } from 'node:util';
import { UsageError } from '../core/errors.js';
import { SAMPLE_WINDOW, sampleLogsDir } from '../core/sample.js';
import { INPUTS, type RawInputs } from '../core/inputs.js';

/** The inputs the command line offers, as `--name`; `--format` is the terminal's own. */
const CLI_INPUTS = INPUTS.filter((input) => input.only !== 'action');

/** Short spellings kept for the terminal; each maps to the input name the action uses. */
const ALIASES = { start: 'start-date', end: 'end-date', out: 'output-dir' } as const;

const OPTIONS = {
  ...Object.fromEntries(
    CLI_INPUTS.map(({ name, flag }) => [name, { type: flag ? ('boolean' as const) : ('string' as const) }]),
  ),
  ...Object.fromEntries(Object.keys(ALIASES).map((name) => [name, { type: 'string' as const }])),
  format: { type: 'string' as const },
  'dry-run': { type: 'boolean' as const },
  debug: { type: 'boolean' as const },
  help: { type: 'boolean' as const },
  version: { type: 'boolean' as const },
};

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

/** The option a mistyped one most likely meant: one it starts, or one that starts it. */
function suggestion(unknown: string): string {
  const name = unknown.replace(/^--(no-)?/, '').split('=')[0]!;
  const near = Object.keys(OPTIONS).find((option) => option.startsWith(name) || name.startsWith(option));
  return near === undefined ? '' : ` Did you mean --${near}?`;
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
    throw new UsageError(
      `${unknown === undefined ? message : `Unknown option ${unknown}.${suggestion(unknown)}`}\nRun with --help to see the options.`,
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
    if (value === undefined || ['dry-run', 'debug', 'help', 'version', 'format'].includes(name)) continue;
    const input = ALIASES[name as keyof typeof ALIASES] ?? name;
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
