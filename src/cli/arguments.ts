/** The command line as the action's inputs: the one shape the settings parser reads. */
import { parseArgs } from 'node:util';
import { UsageError } from '../core/errors.js';
import { SAMPLE_WINDOW, sampleLogsDir } from '../core/sample.js';
import { INPUTS, type RawInputs } from '../core/inputs.js';

/** The inputs the command line offers, as `--name`; `--format` is the terminal's own. */
const CLI_INPUTS = INPUTS.filter((input) => input.only !== 'action');

/** Short spellings kept for the terminal; each maps to the input name the action uses. */
const ALIASES = { start: 'start-date', end: 'end-date', out: 'output-dir' } as const;

export function parseCommandLine(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      allowNegative: true,
      options: {
        ...Object.fromEntries(
          CLI_INPUTS.map(({ name, flag }) => [
            name,
            { type: flag ? ('boolean' as const) : ('string' as const) },
          ]),
        ),
        ...Object.fromEntries(Object.keys(ALIASES).map((name) => [name, { type: 'string' as const }])),
        format: { type: 'string' },
        'dry-run': { type: 'boolean' },
        debug: { type: 'boolean' },
        help: { type: 'boolean' },
        version: { type: 'boolean' },
      },
    }).values as Record<string, string | boolean | undefined>;
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\nRun with --help to see the options.`);
  }
}

/**
 * The command line as the action's inputs: the one shape the settings parser reads. With neither logs, an
 * engine nor a bucket, it is the shipped sample over the sample's window.
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
  const onSample = inputs.logs === undefined && inputs.engine === undefined && inputs.bucket === undefined;
  if (onSample) {
    inputs.logs = sampleLogsDir();
    if (!['start-date', 'end-date', 'lookback-days'].some((name) => inputs[name] !== undefined)) {
      inputs['start-date'] = SAMPLE_WINDOW.start;
      inputs['end-date'] = SAMPLE_WINDOW.end;
    }
  }
  return { inputs, onSample };
}
