/**
 * The errors a user can act on. The CLI and the action each have one handler that turns these into an exit
 * code and a single message; anything else is a bug and keeps its stack trace for `--debug`.
 */

/** Longest value an error message shows whole: a longer one is cut, and its length given. */
const SHOWN_CHARS = 200;

/** A value as a message shows it: quoted, control characters escaped, cut when long. */
function shown(value: string): string {
  const characters = [...value];
  if (characters.length <= SHOWN_CHARS) return JSON.stringify(value);
  return `${JSON.stringify(characters.slice(0, SHOWN_CHARS).join(''))}… (${characters.length} characters)`;
}

/** An input that breaks a rule, found before any AWS call. */
export class InputError extends Error {
  constructor(
    readonly input: string,
    readonly value: string,
    readonly rule: string,
  ) {
    super(`Invalid ${input} ${shown(value)}: ${rule}`);
    this.name = 'InputError';
  }
}

/** A combination of inputs that cannot work together, or a required input that is missing. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** An engine or AWS refused or failed the work: a failed query, a denied call, an unfit table, a deadline. */
export class AuditError extends Error {
  override name = 'AuditError';
}

/** An error's message, or the value thrown as text. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The message a user sees for an error: ours are self-explanatory, anything else is named as unexpected. */
export function describeError(error: unknown): string {
  if (error instanceof InputError || error instanceof UsageError || error instanceof AuditError) {
    return error.message;
  }
  return `Unexpected error: ${messageOf(error)}`;
}

/** An unexpected error's stack, and the stack of each error behind it, for `--debug`. */
export function debugTrace(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause === undefined ? '' : `\nCaused by: ${debugTrace(error.cause)}`;
  return `${error.stack ?? error.message}${cause}`;
}
