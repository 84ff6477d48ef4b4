/**
 * Headless Chromium for the tests that look at report.html and the Mermaid charts as a person would: Debian's
 * `chromium` package (no browser download is possible), driven by playwright-core. `.ci/run` installs it; on a
 * machine without it the browser tests are skipped, saying so.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium; SUPPORT_AUDIT_CHROMIUM names another executable. */
export const CHROMIUM = process.env.SUPPORT_AUDIT_CHROMIUM ?? '/usr/bin/chromium';

/** Why the browser tests cannot run on this machine, or undefined when they can. */
export const BROWSER_MISSING = existsSync(CHROMIUM)
  ? undefined
  : `no Chromium at ${CHROMIUM} (apt-get install chromium, or set SUPPORT_AUDIT_CHROMIUM)`;

/** Screenshots for a person to look at, outside the repository like everything the suite writes. */
export const SCREENSHOTS = path.join(os.tmpdir(), 'support-audit-test-output', 'report-html');

/** Everything that would let Chromium reach out on its own (updates, sync, field trials, QUIC probes). */
const QUIET_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-extensions',
];

export async function launchChromium(): Promise<Browser> {
  await mkdir(SCREENSHOTS, { recursive: true });
  // A launch gets a fresh temporary profile (user data dir) of its own.
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: QUIET_FLAGS });
}

/** What a page did that a self-contained report must never do. */
export interface PageWatch {
  /** Every URL the page requested, the page's own file included. */
  readonly requests: string[];
  /** Console errors (a refused resource or a Content-Security-Policy violation shows here) and uncaught errors. */
  readonly errors: string[];
}

export function watch(page: Page): PageWatch {
  const seen: PageWatch = { requests: [], errors: [] };
  page.on('request', (request) => seen.requests.push(request.url()));
  page.on('console', (message) => {
    if (message.type() === 'error') seen.errors.push(message.text());
  });
  page.on('pageerror', (error) => seen.errors.push(error.message));
  return seen;
}
