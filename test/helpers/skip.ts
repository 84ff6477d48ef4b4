/**
 * Vitest's default reporter counts skipped tests but shows neither their names nor why they were skipped, so a
 * test skipped for want of something on the machine says why on stderr, which every reporter shows.
 */

/** Prints why `what` is skipped when `reason` is given; returns whether to skip, for `skipIf`. */
export function skipSaying(what: string, reason: string | undefined): boolean {
  if (reason === undefined) return false;
  console.warn(`Skipped: ${what}: ${reason}`);
  return true;
}
