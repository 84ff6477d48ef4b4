/**
 * The errors a user can act on. The CLI and the action each have one handler that turns these into an exit
 * code and a single message; anything else is a bug and keeps its stack trace for `--debug`.
 */

/** An input that breaks a rule, found before any AWS call. */
export class InputError extends Error {
  constructor(
    readonly input: string,
    readonly value: string,
    readonly rule: string,
  ) {
    super(`Invalid ${input} ${JSON.stringify(value)}: ${rule}`);
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

/** The message a user sees for an error: ours are self-explanatory, anything else is named as unexpected. */
export function describeError(error: unknown): string {
  if (error instanceof InputError || error instanceof UsageError || error instanceof AuditError) {
    return error.message;
  }
  const message = error instanceof Error ? error.message : String(error);
  return `Unexpected error: ${message}`;
}
