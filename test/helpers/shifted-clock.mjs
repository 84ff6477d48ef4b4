// @ts-check
/**
 * Preloaded into a child process (`node --import`, through NODE_OPTIONS) that has no clock to inject, such as the
 * bundled action: `new Date()` and `Date.now()` read as if the process had started at SHIFTED_CLOCK_START (an ISO
 * time) and run on from there, so the day the action takes for today is the one a test chose. Plain JavaScript,
 * as Node loads it before anything else.
 */
const start = Date.parse(process.env.SHIFTED_CLOCK_START ?? '');
if (Number.isNaN(start)) {
  throw new Error(`SHIFTED_CLOCK_START must be an ISO time, not ${process.env.SHIFTED_CLOCK_START}`);
}
const RealDate = Date;
const offset = start - RealDate.now();

class ShiftedDate extends RealDate {
  /** @param {any[]} args */
  constructor(...args) {
    if (args.length === 0) super(RealDate.now() + offset);
    // @ts-expect-error: the arguments are Date's own, passed through.
    else super(...args);
  }

  /** @override */
  static now() {
    return RealDate.now() + offset;
  }
}

globalThis.Date = /** @type {DateConstructor} */ (ShiftedDate);
