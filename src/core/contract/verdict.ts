/** The verdict's shape: the run's status and each gate, as summary.json holds them. */
import { z } from 'zod';
import { list, measure, record, text } from './parts.js';

export const GATE_NAMES = [
  'threshold',
  'write-calls',
  'require-complete',
  'unexplained-sessions',
  'new-access',
] as const;
export const GATE_OUTCOMES = ['passed', 'failed', 'undecided', 'off'] as const;
export const RUN_STATUSES = ['passed', 'failed', 'incomplete', 'not-gated'] as const;

export const gateSchema = record({
  name: z.enum(GATE_NAMES).describe('Which gate.'),
  input: text.describe('The input that sets it.'),
  enabled: z.boolean().describe('Whether the input turned it on.'),
  shown: z
    .boolean()
    .describe('Whether the reports list it: every gate that is on, and the threshold when off.'),
  outcome: z
    .enum(GATE_OUTCOMES)
    .describe(
      '`off`, `passed`, `failed`, or `undecided`: within its limit on an incomplete audit, whose figures may be lower than the truth.',
    ),
  measured: measure.describe('What it measured; `null` when the query set does not measure it.'),
  limit: measure.describe('The most it allows; `null` when it is off.'),
  over: measure.describe('By how much `measured` exceeds `limit`; `null` unless it failed.'),
  reason: text.describe('The gate in one line, as every report says it.'),
  advice: z.string().nullable().describe('What to do about a failure; `null` when there is nothing to add.'),
});

export const verdictSchema = record({
  status: z
    .enum(RUN_STATUSES)
    .describe(
      '`failed` when a gate failed; otherwise `incomplete` when the audit is; otherwise `passed` when a gate is on, `not-gated` when none is.',
    ),
  statement: text.describe('The status in one sentence, as every report says it.'),
  gates: list(gateSchema).describe('Every gate, in the order the reports list them.'),
});

export type Gate = z.infer<typeof gateSchema>;
export type GateName = Gate['name'];
export type GateOutcome = Gate['outcome'];
export type Verdict = z.infer<typeof verdictSchema>;
export type RunStatus = Verdict['status'];
