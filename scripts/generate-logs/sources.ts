/**
 * The templates of one account and region, made once and picked from for every file: the support role's reads,
 * its older Root shape and its one write, and the weighted background traffic around them.
 */
import { callsIn, SUPPORT_READS } from './api-calls.js';
import { legacySupportRoot, supportRole } from './identities.js';
import { NOISE, type NoiseKind } from './noise.js';
import { isHomeRegion, type Place } from './places.js';
import type { Random } from './random.js';
import { apiCallTemplate, supportApiTemplate, supportAuthzTemplate } from './records.js';
import type { Template } from './templates.js';

export interface SourceTemplates {
  readonly support: readonly Template[];
  readonly legacy: Template;
  readonly write: Template | undefined;
  readonly noise: readonly Template[];
  /** Cumulative weights of `noise`, for a weighted pick. */
  readonly noiseWeights: readonly number[];
}

const ROLE_LOOKALIKES: ReadonlySet<NoiseKind> = new Set(['lookalikeAuditRole', 'lookalikeReaderRole']);

export function sourceTemplates(
  p: Place,
  session: string,
  withContext: boolean,
  withRoleLookalikes = true,
): SourceTemplates {
  const role = supportRole(p, session);
  const noise: Template[] = [];
  const weights: number[] = [];
  let total = 0;
  const addNoise = (template: Template, weight: number) => {
    noise.push(template);
    total += weight;
    weights.push(total);
  };
  for (const kind of Object.keys(NOISE) as NoiseKind[]) {
    if (!withRoleLookalikes && ROLE_LOOKALIKES.has(kind)) continue;
    const { weight, calls, who } = NOISE[kind];
    const available = callsIn(p.region, calls);
    for (const call of available) addNoise(apiCallTemplate(p, who(p), call), weight / available.length);
  }
  if (withContext) {
    if (isHomeRegion(p.region)) addNoise(supportApiTemplate(p, 'DescribeCases'), 0.2);
    addNoise(supportAuthzTemplate(p), 0.05);
  }
  return {
    support: callsIn(p.region, SUPPORT_READS).map((call) => apiCallTemplate(p, role, call)),
    legacy: apiCallTemplate(p, legacySupportRoot(p), 'describeInstances'),
    write: isHomeRegion(p.region) ? apiCallTemplate(p, role, 'deleteSupportRole') : undefined,
    noise,
    noiseWeights: weights,
  };
}

export function pickWeighted(templates: SourceTemplates, random: Random): Template {
  const weights = templates.noiseWeights;
  const target = (random.uint32() / 0x1_0000_0000) * weights[weights.length - 1]!;
  let low = 0;
  let high = weights.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (weights[middle]! > target) high = middle;
    else low = middle + 1;
  }
  return templates.noise[low]!;
}
