/** What --debug prints for an unexpected error, and how a thrown value becomes a message. */
import { describe, expect, it } from 'vitest';
import { AuditError, debugTrace, describeError, messageOf } from '../src/core/errors.js';

describe('debugTrace', () => {
  it("prints the error's stack, then each cause's, in order", () => {
    const root = new RangeError('offset is out of bounds');
    const middle = new Error('the scan failed', { cause: root });
    const top = new AuditError('Athena refused the query.', { cause: middle });
    const trace = debugTrace(top);
    expect(trace.startsWith(top.stack!)).toBe(true);
    expect(trace).toContain(`\nCaused by: ${middle.stack!}\nCaused by: ${root.stack!}`);
    expect(trace.endsWith(root.stack!)).toBe(true);
  });

  it('prints a value that is not an error as text, and a cause that is not one too', () => {
    expect(debugTrace('stopped')).toBe('stopped');
    const error = new Error('failed', { cause: 42 });
    expect(debugTrace(error)).toBe(`${error.stack!}\nCaused by: 42`);
  });
});

describe('messageOf and describeError', () => {
  it("give an error's message, or the value thrown as text; only ours go unprefixed", () => {
    expect(messageOf(new TypeError('bad'))).toBe('bad');
    expect(messageOf(7)).toBe('7');
    expect(describeError(new TypeError('bad'))).toBe('Unexpected error: bad');
    expect(describeError(new AuditError('Athena refused the query.'))).toBe('Athena refused the query.');
  });
});
