/** The query sets by name. A new set is a module exporting a QuerySet, added here and to QUERY_SET_NAMES. */
import type { QuerySetName } from '../types.js';
import type { QuerySet } from './query-set.js';
import { seed } from './seed.js';
import { singleScan } from './single-scan.js';

export type { QuerySet } from './query-set.js';

export const QUERY_SETS: Readonly<Record<QuerySetName, QuerySet>> = { 'single-scan': singleScan, seed };
