/**
 * Whether the audit is complete: nothing that could hold a support call in the window was left unread. Every
 * audited account has records on every day of the window (in some region; a day its owners expect to be idle
 * is shown, not counted against it), every log file was read, every support call could be placed in the
 * window, and the query set measured what it read. Each reason names what it concerns, most serious first.
 */
import type { SinceBaseline } from './contract/baseline.js';
import { dayRanges, eachDay } from './dates.js';
import type { UnreadableFile } from './engine.js';
import type { Measurements } from './result.js';
import { firstNamed, listed, plural } from './wording.js';

/** Accounts whose days without logs are expected (idle-accounts). */
export interface CompletenessSettings {
  readonly idleAccounts: readonly string[];
}

/** At most this many files, calls or accounts are named in a reason; the rest are counted. */
const NAMED = 3;

/** Why the figures may be lower than the truth, most serious first; none when the audit read everything. */
export function incompleteBecause(
  measured: Measurements,
  unreadableFiles: readonly UnreadableFile[],
  settings: CompletenessSettings,
  since: SinceBaseline | null = null,
): string[] {
  const { coverage } = measured;
  if (coverage === null) {
    return ['the seed query set does not measure which logs it read, so missing logs would go unnoticed'];
  }
  const reasons: string[] = [];
  if (coverage.read.records === 0 && !coverage.read.files) {
    const accounts = coverage.accountsWithoutLogs;
    reasons.push(`no log records were read at all${accounts.length > 0 ? ` (${listed(accounts)})` : ''}`);
  } else if (coverage.accountsWithoutLogs.length > 0) {
    const accounts = coverage.accountsWithoutLogs;
    reasons.push(
      `no logs in the window for ${accounts.length === 1 ? 'account' : 'accounts'} ${listed(accounts)}`,
    );
  }
  const missing = new Map<string, string[]>();
  for (const { account, day } of coverage.daysWithoutLogs) {
    if (coverage.accountsWithoutLogs.includes(account) || settings.idleAccounts.includes(account)) continue;
    missing.set(account, [...(missing.get(account) ?? []), day]);
  }
  for (const [account, days] of missing) {
    reasons.push(
      `no logs for account ${account} on ${plural(days.length, 'day')} of the window (${dayRanges(days)}): ` +
        'its trail delivered nothing those days, or delivered them where the audit did not read (another ' +
        'prefix, an organization trail); name the account in idle-accounts if it was idle',
    );
  }
  if (unreadableFiles.length > 0) {
    reasons.push(
      `${plural(unreadableFiles.length, 'log file')} could not be read (${firstNamed(
        unreadableFiles.map((f) => f.path),
        NAMED,
      )})`,
    );
  }
  const undated = measured.undatedSupportCalls ?? [];
  if (undated.length > 0) {
    const shown = undated.map((c) => `${c.eventId ?? 'no eventID'} at ${JSON.stringify(c.eventTime)}`);
    reasons.push(
      `${plural(undated.length, 'support call')} with an eventTime that is not a time could not be placed in the window and ${undated.length === 1 ? 'is' : 'are'} not counted (${firstNamed(shown, NAMED)})`,
    );
  }
  const gap = since?.continuity?.gap;
  if (gap) {
    const before = since!.baseline!.window;
    reasons.push(
      `no audit covered ${plural(gap.days, 'day')} between the baseline's window (${before.start} to ${before.end}) ` +
        `and this one (${dayRanges(eachDay(gap.start, gap.end))}): start this window earlier to read them`,
    );
  }
  return reasons;
}
