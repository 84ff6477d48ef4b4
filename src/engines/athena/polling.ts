/** When to look at a running query again. Athena has no waiter in the SDK, so the engine polls on this schedule. */

/** States in which a query is still on its way; RUNNING can go back to QUEUED. */
export const RUNNING_STATES: ReadonlySet<string> = new Set(['QUEUED', 'RUNNING']);

const FIRST_POLL_MS = 900;
const POLL_GROWTH = 1.3;
const MAX_POLL_DELAY_MS = 10_000;

/**
 * How long to wait before status call `attempt`. Calls fall at FIRST_POLL_MS × 1.3^k after the start: a
 * 30-second query costs at most 15 calls, a query is seen finished within 30% of its run time at worst (15% on
 * average), and the first look comes near Athena's usual minimum latency. A little jitter keeps parallel
 * pollers apart.
 */
export function pollDelayMs(attempt: number, random: () => number = Math.random): number {
  const pollAt = (k: number) => FIRST_POLL_MS * POLL_GROWTH ** k;
  const delay =
    attempt === 0 ? FIRST_POLL_MS : Math.min(pollAt(attempt) - pollAt(attempt - 1), MAX_POLL_DELAY_MS);
  return Math.round(delay * (0.95 + 0.1 * random()));
}

const FIRST_PROGRESS_MS = 2_000;
const PROGRESS_EVERY_MS = 5_000;

/**
 * Whether a query running for `elapsedMs`, whose last progress line was `sinceLineMs` ago (undefined: none
 * yet), says how long it has run: after 2 s, then at most once every 5 s, whatever the polling schedule.
 */
export function progressDue(elapsedMs: number, sinceLineMs: number | undefined): boolean {
  return elapsedMs >= FIRST_PROGRESS_MS && (sinceLineMs === undefined || sinceLineMs >= PROGRESS_EVERY_MS);
}
