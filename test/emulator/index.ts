/**
 * An Athena emulator for end-to-end tests: a local HTTP server speaking Athena's JSON 1.1 protocol, backed by
 * DuckDB through the product's own local loader. The real AWS SDK reaches it through an endpoint override;
 * S3 is a local folder. See README.md in this folder.
 */
import { randomUUID } from 'node:crypto';
import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { StoredTable } from './catalog.js';
import { DEFAULT_PRINCIPAL, fires, type FaultPlan } from './faults.js';
import type { SecurityLakeTableSpec } from './security-lake.js';
import { AthenaFault, AthenaService, type QueryView, type Workgroup } from './service.js';
import { answerSupport, SUPPORT_TARGET_PREFIX, type SupportCasesPlan } from './support.js';

export type { FaultPlan } from './faults.js';
export type { StoredTable } from './catalog.js';
export type { SecurityLakeTableSpec } from './security-lake.js';
export type { QueryView, QueryState, Workgroup } from './service.js';
export type { EmulatedCase, SupportCasesPlan } from './support.js';

export interface AthenaEmulatorOptions {
  /** S3 as a folder: `s3://BUCKET/KEY` is `path.join(bucketsDir, BUCKET, KEY)`. */
  readonly bucketsDir: string;
  /** Each query is QUEUED for `queueMs`, then RUNNING for `runMs` (and until its work is done). */
  readonly latency?: { readonly queueMs?: number; readonly runMs?: number };
  /** Pages of GetQueryResults hold at most this many rows, whatever MaxResults asks. */
  readonly pageSizeCap?: number;
  /** The clock for query states, statistics, projection's NOW and request times. */
  readonly now?: () => Date;
  /**
   * Answers with `now` in the HTTP Date header, as a server on that clock, for clients whose clock is shifted the
   * same way (a child process under test/helpers/shifted-clock.mjs). Otherwise the header is the real time: the
   * SDK takes a Date far from its own clock for clock skew, and retries even a final error with its backoff.
   */
  readonly dateHeaderFromNow?: boolean;
  /** Workgroups by name; the default is `primary` without an output location. */
  readonly workgroups?: Readonly<Record<string, Workgroup>>;
  /** Databases that exist from the start; the default is `default`. */
  readonly databases?: readonly string[];
  /** Security Lake's CloudTrail tables, as Security Lake registers them (with their databases). */
  readonly securityLakeTables?: readonly SecurityLakeTableSpec[];
  /** The loopback port to listen on; any free one by default. */
  readonly port?: number;
  /** What the AWS Support API served beside Athena has (AWS_ENDPOINT_URL_SUPPORT): no case by default. */
  readonly supportCases?: SupportCasesPlan;
}

export interface RecordedRequest {
  /** The operation, e.g. `StartQueryExecution`, or the raw X-Amz-Target when it names none. */
  readonly target: string;
  readonly body: unknown;
  readonly headers: IncomingHttpHeaders;
  readonly at: Date;
  /** The HTTP status answered; 0 until the answer is sent. */
  status: number;
  /** The `__type` of an error answer. */
  errorType?: string;
}

export interface AthenaEmulator {
  /** `http://127.0.0.1:PORT`, for a client's `endpoint` or AWS_ENDPOINT_URL_ATHENA. */
  readonly endpoint: string;
  /** Every request, in arrival order, faulted ones included. */
  readonly requests: RecordedRequest[];
  /** Faults to inject; change or replace at any time. */
  faults: FaultPlan;
  /** What the AWS Support API served beside Athena has; change or replace at any time. */
  supportCases: SupportCasesPlan;
  tables(): StoredTable[];
  queries(): QueryView[];
  close(): Promise<void>;
}

const TARGET_PREFIX = 'AmazonAthena.';
const JSON_11 = 'application/x-amz-json-1.1';

export async function startAthenaEmulator(options: AthenaEmulatorOptions): Promise<AthenaEmulator> {
  const now = options.now ?? (() => new Date());
  const requests: RecordedRequest[] = [];
  const emulator = { faults: {} as FaultPlan, supportCases: options.supportCases ?? [] };
  const service = new AthenaService({
    bucketsDir: options.bucketsDir,
    latency: { queueMs: options.latency?.queueMs ?? 0, runMs: options.latency?.runMs ?? 0 },
    pageSizeCap: options.pageSizeCap,
    now,
    workgroups: options.workgroups ?? { primary: {} },
    databases: options.databases ?? ['default'],
    securityLakeTables: options.securityLakeTables ?? [],
    faults: () => emulator.faults,
  });

  /** Answers held back for a while, cancelled when the emulator closes. */
  const held = new Set<NodeJS.Timeout>();
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const header = String(request.headers['x-amz-target'] ?? '');
      const support = header.startsWith(SUPPORT_TARGET_PREFIX);
      const operation = header.startsWith(TARGET_PREFIX)
        ? header.slice(TARGET_PREFIX.length)
        : support
          ? header.slice(SUPPORT_TARGET_PREFIX.length)
          : '';
      let body: unknown = text;
      try {
        body = text === '' ? {} : JSON.parse(text);
      } catch {
        // Recorded as text; answered as a serialization error below.
      }
      const recorded: RecordedRequest = {
        target: operation || header,
        body,
        headers: request.headers,
        at: now(),
        status: 0,
      };
      requests.push(recorded);
      const compute = () =>
        support
          ? answerSupport(operation, (body ?? {}) as Record<string, unknown>, emulator.supportCases)
          : answer(operation, body, request.headers, service, emulator.faults);
      const send = ({ status, payload }: Answer) => {
        recorded.status = status;
        if (status !== 200) recorded.errorType = String(payload.__type);
        // A client that gave up on a held answer has closed the connection: nobody is left to answer.
        if (response.destroyed) return;
        const json = JSON.stringify(payload);
        response.writeHead(status, {
          'content-type': JSON_11,
          'content-length': Buffer.byteLength(json),
          'x-amzn-requestid': randomUUID(),
          ...(options.dateHeaderFromNow ? { date: now().toUTCString() } : {}),
        });
        response.end(json);
      };
      if (fires(emulator.faults.lostAnswers, operation)) {
        compute();
        request.socket.destroy();
        return;
      }
      const { hold } = emulator.faults;
      if (!fires(hold, operation)) return send(compute());
      const answered = hold!.afterHandling ? compute() : undefined;
      if (hold!.ms === undefined) return;
      const timer = setTimeout(() => {
        held.delete(timer);
        send(answered ?? compute());
      }, hold!.ms);
      held.add(timer);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;

  return Object.assign(emulator, {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    tables: () => service.tables(),
    queries: () => service.queries(),
    close: async () => {
      for (const timer of held) clearTimeout(timer);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await service.drain();
    },
  });
}

interface Answer {
  readonly status: number;
  readonly payload: Record<string, unknown>;
}

function answer(
  operation: string,
  body: unknown,
  headers: IncomingHttpHeaders,
  service: AthenaService,
  faults: FaultPlan,
): Answer {
  const failure = (fault: AthenaFault) => ({
    status: fault.status,
    payload: { __type: fault.type, ...messageField(fault), ...fault.fields },
  });
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return failure(new AthenaFault('SerializationException', 'Request body is not a JSON object'));
  }
  const early = requestFault(operation, body as Record<string, unknown>, headers, faults);
  if (early) return failure(early);
  let payload: Record<string, unknown>;
  try {
    payload = service.handle(operation, body as Record<string, unknown>);
  } catch (error) {
    if (error instanceof AthenaFault) return failure(error);
    return failure(new AthenaFault('InternalServerException', String(error), 500));
  }
  const lost = faults.serverErrors?.afterHandling && fires(faults.serverErrors, operation);
  if (lost) return failure(serverError(faults.serverErrors!.status));
  return { status: 200, payload };
}

/** Faults answered before the request is handled, in the order AWS's front door would meet them. */
function requestFault(
  operation: string,
  body: Record<string, unknown>,
  headers: IncomingHttpHeaders,
  faults: FaultPlan,
): AthenaFault | undefined {
  if (faults.throttle && fires(faults.throttle, operation)) {
    return faults.throttle.kind === 'ThrottlingException'
      ? new AthenaFault('ThrottlingException', 'Rate exceeded')
      : new AthenaFault(
          'TooManyRequestsException',
          'You have exceeded the limit for the number of queries you can run concurrently. Reduce the number of concurrent queries submitted by this account. Contact customer support to request a concurrent query limit increase.',
          400,
          { Reason: 'CONCURRENT_QUERY_LIMIT_EXCEEDED' },
        );
  }
  if (faults.serverErrors && !faults.serverErrors.afterHandling && fires(faults.serverErrors, operation)) {
    return serverError(faults.serverErrors.status);
  }
  if (faults.deny?.operations.includes(operation)) {
    const region = /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(String(headers.authorization ?? ''))?.[1];
    const resource =
      operation === 'GetTableMetadata'
        ? `arn:aws:athena:${region ?? 'us-east-1'}:123456789012:datacatalog/AwsDataCatalog`
        : `arn:aws:athena:${region ?? 'us-east-1'}:123456789012:workgroup/${typeof body.WorkGroup === 'string' ? body.WorkGroup : 'primary'}`;
    return new AthenaFault(
      'AccessDeniedException',
      `User: ${faults.deny.principal ?? DEFAULT_PRINCIPAL} is not authorized to perform: athena:${operation} on resource: ${resource} because no identity-based policy allows the athena:${operation} action`,
    );
  }
  return undefined;
}

function serverError(status: 500 | 503 = 500): AthenaFault {
  return new AthenaFault('InternalServerException', 'Internal service error', status);
}

/**
 * Athena's modelled errors carry `Message`; errors raised before Athena's own code (throttling, access,
 * protocol) carry `message`. The SDK reads either.
 */
function messageField(fault: AthenaFault): Record<string, string> {
  const modelled = [
    'InvalidRequestException',
    'MetadataException',
    'TooManyRequestsException',
    'InternalServerException',
  ];
  return modelled.includes(fault.type) ? { Message: fault.message } : { message: fault.message };
}
