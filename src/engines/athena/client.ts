/** The AWS SDK client the engine sends every request with, and the time each request may take. */
import { AthenaClient, type AthenaClientConfig } from '@aws-sdk/client-athena';
import { VERSION } from '../../core/version.js';

/** The SDK's own retries (adaptive: it also slows down under throttling); bounded so a dead endpoint fails. */
const MAX_ATTEMPTS = 10;
/** Athena answers in well under a second; a page of 1,000 rows in a few. */
const REQUEST_TIMEOUT_MS = 20_000;
const CONNECTION_TIMEOUT_MS = 5_000;

/**
 * Each attempt of each request has its own deadline, enforced by the SDK's request handler: an attempt that
 * gets no answer in time is retried as a timeout, never waited on for good. `overrides` are for tests.
 */
export function athenaClient(
  overrides: AthenaClientConfig = {},
  requestTimeout = REQUEST_TIMEOUT_MS,
): AthenaClient {
  return new AthenaClient({
    customUserAgent: `support-audit/${VERSION}`,
    retryMode: 'adaptive',
    maxAttempts: MAX_ATTEMPTS,
    requestHandler: {
      connectionTimeout: Math.min(CONNECTION_TIMEOUT_MS, requestTimeout),
      requestTimeout,
      throwOnRequestTimeout: true,
      socketTimeout: requestTimeout,
    },
    ...overrides,
  });
}

/** Athena answered and refused (4xx): nothing was started. Anything else may have reached it. */
export function refused(error: unknown): boolean {
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return status !== undefined && status >= 400 && status < 500;
}
