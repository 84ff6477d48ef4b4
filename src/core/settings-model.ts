/** The settings of an audit: every input, parsed and validated (settings.ts), as one frozen, typed object. */
import type { ExplainSettings } from './explain/index.js';
import type { AuditWindow, EngineName, QuerySetName, SourceName } from './types.js';

export type CommentMode = 'never' | 'on-failure' | 'always';

export interface AthenaSettings {
  readonly workgroup: string;
  readonly outputLocation: string | undefined;
  readonly catalog: string;
  readonly createTable: boolean;
  readonly timeoutSeconds: number;
  readonly resultReuseMinutes: number;
}

export interface Settings {
  readonly engine: EngineName;
  /** A trail's CloudTrail log files, or Amazon Security Lake's CloudTrail management events table. */
  readonly source: SourceName;
  readonly logsDir: string | undefined;
  readonly window: AuditWindow;
  readonly accounts: readonly string[];
  readonly regions: readonly string[];
  readonly organizationId: string | undefined;
  readonly bucket: string | undefined;
  /** The key prefixes before AWSLogs/ the logs may sit under (the root is ''); one or more. */
  readonly prefixes: readonly string[];
  readonly database: string;
  readonly table: string;
  readonly projectionStart: string;
  readonly querySet: QuerySetName;
  readonly threshold: number | undefined;
  readonly failOnWriteCalls: boolean;
  /** Fail when the audit is not complete: anything that could hold a support call in the window left unread. */
  readonly requireComplete: boolean;
  /** Accounts known to be idle: their days without logs are expected, and shown, not failed. */
  readonly idleAccounts: readonly string[];
  /** The most JSON one log file may expand to before it is refused (local engine). */
  readonly maxLogFileBytes: number;
  /** Fail when a support session is explained by no case and no permit. */
  readonly failOnUnexplained: boolean;
  /** How sessions are grouped and explained. */
  readonly explain: ExplainSettings;
  /** The previous run's summary.json to compare with, as a path. */
  readonly baseline: string | undefined;
  /** Fail when AWS Support did anything for the first time since the baseline. */
  readonly failOnNewAccess: boolean;
  readonly outputDir: string;
  readonly commentOnPr: CommentMode;
  readonly athena: AthenaSettings;
}
