/** The shape of the audit whose result files bench/render-memory.ts writes. */
export const RENDERED_CALLS = 1_000_000;

export const RENDERED_SHAPE = {
  accounts: 10,
  regions: ['us-east-1', 'eu-west-1', 'eu-central-1', 'ap-southeast-2'],
  days: 30,
  sessions: 1_000,
} as const;
