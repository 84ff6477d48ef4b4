/** What Athena bills for the audit's queries, at list price. */
import type { QueryStatistics } from './engine.js';

/**
 * AWS bills data volumes in binary units, so the estimate uses 1 MB = 2^20 bytes and 1 TB = 2^40 bytes
 * throughout, for the rounding, the minimum and the price alike.
 */
export const BYTES_PER_MB = 2 ** 20;
export const BYTES_PER_TB = 2 ** 40;
export const PRICE_PER_TB_USD = 5;
export const MINIMUM_BILLED_MB = 10;
export const PRICE_LABEL = 'at list price ($5 per TB scanned, 10 MB minimum per query)';

/** The bytes Athena bills for one query: rounded up to the next MB, at least 10 MB; a reused result is free. */
export function billedBytes(
  query: Pick<QueryStatistics, 'dataScannedBytes' | 'reusedPreviousResult'>,
): number {
  if (query.reusedPreviousResult) return 0;
  const megabytes = Math.max(MINIMUM_BILLED_MB, Math.ceil(query.dataScannedBytes / BYTES_PER_MB));
  return megabytes * BYTES_PER_MB;
}

export function estimatedCostUsd(billed: number): number {
  return (billed / BYTES_PER_TB) * PRICE_PER_TB_USD;
}
