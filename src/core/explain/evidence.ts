/**
 * What the explanation is built from: the window's support calls and the support case and permit events read
 * (in the window by the single scan, before it by the lead-in query), each with the parts of its record the
 * explanation reads. The scan returns those parts as the columns named here.
 */
import type { SupportEvent } from '../events.js';
import { RecordDetails, type RawDetails } from './details.js';

/** The scan's columns of a record's parts, kept only for the rows the audit keeps. */
export const DETAIL_COLUMNS: Readonly<Record<keyof RawDetails, string>> = {
  requestParameters: 'request_parameters',
  responseElements: 'response_elements',
  serviceEventDetails: 'service_event_details',
  resources: 'event_resources',
};

/** A part as JSON text: the resources are an array of structs, the others already text. */
export function detailText(part: keyof RawDetails, sql: string): string {
  return part === 'resources' ? `json_format(CAST(${sql} AS JSON))` : sql;
}

export interface EvidenceRecord {
  readonly event: SupportEvent;
  readonly details: RecordDetails;
}

export interface Evidence {
  /** The window's support calls, one per call, in time order. */
  readonly calls: readonly EvidenceRecord[];
  /** Calls to the AWS Support API and AWS Support authorization events, whatever their time. */
  readonly context: readonly EvidenceRecord[];
}

type Row = Readonly<Record<string, string | null>>;

/** A row's parts, from the columns above. */
export function rawDetails(row: Row): RawDetails {
  return {
    requestParameters: row[DETAIL_COLUMNS.requestParameters] ?? null,
    responseElements: row[DETAIL_COLUMNS.responseElements] ?? null,
    serviceEventDetails: row[DETAIL_COLUMNS.serviceEventDetails] ?? null,
    resources: row[DETAIL_COLUMNS.resources] ?? null,
  };
}

/** A time in milliseconds; an eventTime that is not a time counts from the start of its day. */
export function timeOf(eventTime: string | null): number {
  const time = Date.parse(eventTime ?? '');
  return Number.isNaN(time) ? Date.parse((eventTime ?? '').slice(0, 10)) : time;
}
