import { describe, expect, it } from 'vitest';
import { EVENT_CSV_COLUMNS, renderEventsCsv } from '../src/report/csv.js';
import type { SupportEvent } from '../src/core/result.js';
import { supportEvent } from './helpers/result-factory.js';

/** RFC 4180 records, for checking what a spreadsheet or CSV library would read back. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  while (i < text.length) {
    const char = text[i]!;
    if (char === '"' && field === '') {
      i += 1;
      while (i < text.length) {
        if (text[i] === '"' && text[i + 1] === '"') {
          field += '"';
          i += 2;
        } else if (text[i] === '"') {
          i += 1;
          break;
        } else {
          field += text[i];
          i += 1;
        }
      }
      if (i < text.length && text[i] !== ',' && text[i] !== '\r')
        throw new Error(`junk after quotes at ${i}`);
    } else if (char === ',') {
      record.push(field);
      field = '';
      i += 1;
    } else if (char === '\r') {
      if (text[i + 1] !== '\n') throw new Error(`bare CR at ${i}`);
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += 2;
    } else if (char === '\n') {
      throw new Error(`bare LF at ${i}`);
    } else {
      field += char;
      i += 1;
    }
  }
  if (field !== '' || record.length > 0) throw new Error('last record has no line end');
  return records;
}

const HEADER =
  'eventId,eventTime,eventSource,eventName,awsRegion,recipientAccountId,identityType,arn,principalId,' +
  'sessionIssuer,sourceIpAddress,userAgent,readOnly,errorCode,bySourceIp,bySupportRole,byInvokedBy,sessionId';

describe('renderEventsCsv', () => {
  it('writes the header alone when there are no events', () => {
    expect(renderEventsCsv([])).toBe(`${HEADER}\r\n`);
  });

  it('writes one CRLF-ended row per event, null as an empty cell, booleans as words', () => {
    const event = supportEvent({ eventId: 'e-1', errorCode: null, byInvokedBy: false });
    const csv = renderEventsCsv([event]);
    expect(csv).toBe(
      `${HEADER}\r\n` +
        'e-1,2025-01-03T10:15:00Z,ec2.amazonaws.com,DescribeInstances,us-east-1,111122223333,AssumedRole,' +
        'arn:aws:sts::111122223333:assumed-role/AWSServiceRoleForSupport/support-session,' +
        'AROAEXAMPLEROLEID1234:support-session,AWSServiceRoleForSupport,support.amazonaws.com,' +
        'support.amazonaws.com,true,,true,true,false,\r\n',
    );
  });

  it('quotes fields with commas, quotes or line breaks, doubling the quotes', () => {
    const csv = renderEventsCsv([
      supportEvent({
        eventId: 'e-2',
        userAgent: 'aws-cli/2.0 Python/3.11, "quoted"',
        sourceIpAddress: '10.0.0.1, 10.0.0.2',
        principalId: 'line\nbreak',
        arn: 'carriage\rreturn',
      }),
    ]);
    const row = csv.split('\r\n')[1]!;
    expect(row).toContain(',"aws-cli/2.0 Python/3.11, ""quoted""",');
    expect(row).toContain(',"10.0.0.1, 10.0.0.2",');
    expect(csv).toContain(',"line\nbreak",');
    expect(csv).toContain(',"carriage\rreturn",');
  });

  it('turns cells a spreadsheet would run as formulas into text', () => {
    const cells = ['=HYPERLINK("https://evil.example","x")', '+1+1', '-2+3', '@SUM(A1)', '\tTAB', '\rCR'];
    const csv = renderEventsCsv(
      cells.map((value, i) => supportEvent({ eventId: `f-${i}`, userAgent: value })),
    );
    const rows = parseCsv(csv).slice(1);
    const userAgent = EVENT_CSV_COLUMNS.indexOf('userAgent');
    expect(rows.map((row) => row[userAgent])).toEqual(cells.map((value) => `'${value}`));
    expect(csv).toContain(`,"'=HYPERLINK(""https://evil.example"",""x"")",`);
    expect(csv).toContain(",'+1+1,");
    expect(csv).toContain(",'@SUM(A1),");
  });

  it('turns into text a formula after leading blanks or a line break, and one with a fullwidth sign', () => {
    const cells = [
      ' =1+1',
      '\n=1+1',
      ' \r\n@SUM(A1)',
      '\u3000=1',
      '＝HYPERLINK("https://evil.example")',
      '＋1',
      '﹦1',
    ];
    const csv = renderEventsCsv(
      cells.map((value, i) => supportEvent({ eventId: `w-${i}`, userAgent: value })),
    );
    const rows = parseCsv(csv).slice(1);
    const userAgent = EVENT_CSV_COLUMNS.indexOf('userAgent');
    expect(rows.map((row) => row[userAgent])).toEqual(cells.map((value) => `'${value}`));
  });

  it('replaces NUL and other control bytes, which a reader may stop at, keeping tabs and line breaks', () => {
    const csv = renderEventsCsv([
      supportEvent({ eventId: 'n-1', userAgent: 'a\u0000b\u0007c\u001bd\te\nf' }),
    ]);
    for (const control of ['\u0000', '\u0007', '\u001b']) expect(csv).not.toContain(control);
    const userAgent = EVENT_CSV_COLUMNS.indexOf('userAgent');
    expect(parseCsv(csv)[1]![userAgent]).toBe('a\uFFFDb\uFFFDc\uFFFDd\te\nf');
  });

  it('leaves a formula character that is not first alone', () => {
    const csv = renderEventsCsv([supportEvent({ eventId: 'e-3', userAgent: 'a=b+c-d@e' })]);
    expect(csv).toContain(',a=b+c-d@e,');
  });

  it('reads back as the events it was written from', () => {
    const events: SupportEvent[] = [
      supportEvent(),
      supportEvent({
        arn: null,
        identityType: 'Root',
        principalId: '111122223333',
        sessionIssuer: null,
        readOnly: 'false',
        errorCode: 'AccessDenied',
        bySupportRole: false,
      }),
      supportEvent({
        userAgent: 'Mozilla/5.0 "x", y\r\nz',
        eventName: '=cmd|" /C calc"!A0',
        principalId: '',
      }),
      supportEvent({
        eventTime: '2025-01-07T23:59:59Z',
        awsRegion: 'ap-northeast-1',
        sessionIssuer: 'セッション',
      }),
    ];
    const [header, ...rows] = parseCsv(renderEventsCsv(events));
    expect(header).toEqual([...EVENT_CSV_COLUMNS]);
    expect(rows).toHaveLength(events.length);
    rows.forEach((row, i) => {
      const expected = EVENT_CSV_COLUMNS.map((column) => {
        const value = events[i]![column];
        if (value === null) return '';
        const text = String(value);
        return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
      });
      expect(row).toEqual(expected);
    });
  });
});
