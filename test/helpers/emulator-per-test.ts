/**
 * An emulator per test, closed after the file or block. Kept apart from emulated-athena.ts, which the benchmark
 * imports too, so that the benchmark does not load Vitest.
 */
import { afterAll } from 'vitest';
import { startEmulatedAthena, type EmulatedAthena, type EmulatedAthenaOptions } from './emulated-athena.js';

/**
 * Emulators for tests that each need one of their own (their own faults, their own request log), so that they
 * can run side by side: the function returned starts one over a new copy of the sample, and every one it
 * started is closed after the tests of the file or block in which this was called.
 */
export function emulatorPerTest(): (options?: EmulatedAthenaOptions) => Promise<EmulatedAthena> {
  const live: EmulatedAthena[] = [];
  afterAll(async () => {
    await Promise.all(live.map((emulated) => emulated.close()));
  });
  return async (options) => {
    const emulated = await startEmulatedAthena(options);
    live.push(emulated);
    return emulated;
  };
}
