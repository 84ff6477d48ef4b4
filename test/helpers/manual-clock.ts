/**
 * A clock that moves only when a test moves it, with the sleep and the timers (AbortSignal.timeout) the Athena
 * engine takes: a deadline or a clean-up budget passes at the moment the test says, never because the machine
 * was slow, and no test waits for one.
 */

interface Timer {
  readonly at: number;
  readonly fire: () => void;
}

export class ManualClock {
  private at: number;
  private readonly timers = new Set<Timer>();

  /** Starts at `start` (ms since the epoch): the real time by default, so it agrees with the emulator's. */
  constructor(start = Date.now()) {
    this.at = start;
  }

  readonly now = (): number => this.at;

  /** Resolves once the clock has moved `ms` on; rejects with the signal's reason when it aborts first. */
  readonly sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason as Error);
      const timer = this.schedule(ms, () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      });
      const onAbort = () => {
        this.timers.delete(timer);
        reject(signal!.reason as Error);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    });

  /** AbortSignal.timeout on this clock: aborts with a TimeoutError once the clock has moved `ms` on. */
  readonly timeout = (ms: number): AbortSignal => {
    const controller = new AbortController();
    this.schedule(ms, () =>
      controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')),
    );
    return controller.signal;
  };

  /** Moves the clock on, firing every timer that falls due, in order. */
  advance(ms: number): void {
    this.at += ms;
    const due = [...this.timers].filter((t) => t.at <= this.at).sort((a, b) => a.at - b.at);
    for (const timer of due) {
      this.timers.delete(timer);
      timer.fire();
    }
  }

  private schedule(ms: number, fire: () => void): Timer {
    const timer = { at: this.at + ms, fire };
    this.timers.add(timer);
    return timer;
  }
}
