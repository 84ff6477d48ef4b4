/**
 * Values from the logs are chosen by anyone who can call an API in the account: each output makes them inert.
 * Markdown (report.md, the job summary, the PR comment), HTML (report.html), and Mermaid labels, character by
 * character; events.csv has csv.test.ts.
 */
import { describe, expect, it } from 'vitest';
import {
  breakAtSeparators,
  escapeHtml,
  scriptJson,
  value,
  wrappingValue,
} from '../src/report/html/escape.js';
import { mermaidLabel } from '../src/report/markdown/charts.js';
import { clip, escapeMarkdown, MAX_CELL_CHARS, NONE, text } from '../src/report/markdown/escape.js';

const ZWSP = '\u200B';

describe('Markdown: each character that means something', () => {
  it.each([
    ['\\', '\\\\'],
    ['`', '\\`'],
    ['*', '\\*'],
    ['_', '\\_'],
    ['[', '\\['],
    [']', '\\]'],
    ['|', '\\|'],
    ['!', '\\!'],
    ['~', '\\~'],
    ['$', '\\$'],
    ['#', `\\#${ZWSP}`],
    ['@', `@${ZWSP}`],
    ['<', '&lt;'],
    ['>', '&gt;'],
    ['&', '&amp;'],
  ])('%s becomes %s', (char, escaped) => {
    expect(escapeMarkdown(` ${char} `)).toBe(` ${escaped} `);
  });

  it('escapes every occurrence, not only the first', () => {
    expect(escapeMarkdown('a|b|c')).toBe('a\\|b\\|c');
  });

  it.each([
    ['a line feed', '\n'],
    ['a carriage return', '\r'],
    ['a tab', '\t'],
    ['a NUL', '\u0000'],
    ['a unit separator', '\u001f'],
    ['DEL', '\u007f'],
    ['a line separator', '\u2028'],
    ['a paragraph separator', '\u2029'],
  ])('%s becomes a space, keeping the value on one line', (_name, char) => {
    expect(escapeMarkdown(`a${char}b`)).toBe('a b');
  });

  it('leaves letters, digits, spaces and the punctuation of ARNs and times alone', () => {
    const plain = 'arn:aws:sts::111122223333:assumed-role/Role/s-1.x 2025-01-03T10:15:00Z (ok), 100% "q" é';
    expect(escapeMarkdown(plain)).toBe(plain);
  });
});

describe('Markdown: an underscore', () => {
  it('between two letters or digits stays, as in names and table names', () => {
    expect(escapeMarkdown('cloudtrail_logs_pp')).toBe('cloudtrail_logs_pp');
    expect(escapeMarkdown('v1_2')).toBe('v1_2');
  });

  it('at the start or the end of the text, or beside a blank, is escaped', () => {
    expect(escapeMarkdown('_a')).toBe('\\_a');
    expect(escapeMarkdown('a_')).toBe('a\\_');
    expect(escapeMarkdown('a _b')).toBe('a \\_b');
    expect(escapeMarkdown('a_ b')).toBe('a\\_ b');
  });

  it('beside a letter outside ASCII or punctuation is escaped', () => {
    expect(escapeMarkdown('é_é')).toBe('é\\_é');
    expect(escapeMarkdown('a_.')).toBe('a\\_.');
  });
});

describe('Markdown: what GitHub would link', () => {
  it('an http:// URL from a log stays text', () => {
    expect(escapeMarkdown('see http://evil.example/x')).toBe(`see http:${ZWSP}//evil.example/x`);
  });

  it('an https:// or ftp:// URL stays text, whatever its case', () => {
    expect(escapeMarkdown('https://a.example')).toBe(`https:${ZWSP}//a.example`);
    expect(escapeMarkdown('FTP://files.example')).toBe(`FTP:${ZWSP}//files.example`);
    expect(escapeMarkdown('HTTP://a.example')).toBe(`HTTP:${ZWSP}//a.example`);
  });

  it('every URL of a value stays text', () => {
    expect(escapeMarkdown('http://a.example http://b.example')).toBe(
      `http:${ZWSP}//a.example http:${ZWSP}//b.example`,
    );
  });

  it('a www. address stays text', () => {
    expect(escapeMarkdown('www.evil.example and WWW.other.example')).toBe(
      `www${ZWSP}.evil.example and WWW${ZWSP}.other.example`,
    );
  });

  it('a GH- reference stays text, whatever its case', () => {
    expect(escapeMarkdown('fixes GH-42 and gh-7')).toBe(`fixes GH${ZWSP}-42 and gh${ZWSP}-7`);
  });

  it('words that merely contain those letters are left whole', () => {
    expect(escapeMarkdown('gh-pages SIGH-1 awww.x xhttp://y')).toBe('gh-pages SIGH-1 awww.x xhttp://y');
  });
});

describe('Markdown: a value longer than a cell', () => {
  it(`of exactly ${MAX_CELL_CHARS} characters is kept whole`, () => {
    const exact = 'a'.repeat(MAX_CELL_CHARS);
    expect(clip(exact)).toBe(exact);
  });

  it('one character longer is cut to the limit, its last character an ellipsis', () => {
    const clipped = clip('a'.repeat(MAX_CELL_CHARS + 1));
    expect(clipped).toBe(`${'a'.repeat(MAX_CELL_CHARS - 1)}…`);
    expect(clipped).toHaveLength(MAX_CELL_CHARS);
  });

  it('is cut before a character outside the BMP rather than through its surrogate pair', () => {
    for (const astral of ['😀', '\u{10000}', '\u{10FFFF}']) {
      const clipped = clip(`${'a'.repeat(MAX_CELL_CHARS - 2)}${astral}b`);
      expect(clipped).toBe(`${'a'.repeat(MAX_CELL_CHARS - 2)}…`);
    }
  });

  it('keeps a character outside the BMP that fits whole', () => {
    expect(clip(`${'a'.repeat(MAX_CELL_CHARS - 3)}😀bb`)).toBe(`${'a'.repeat(MAX_CELL_CHARS - 3)}😀…`);
  });

  it('takes another limit when given one', () => {
    expect(clip('abcdef', 4)).toBe('abc…');
    expect(clip('abcd', 4)).toBe('abcd');
  });

  it('is cut before it is escaped, so escapes never count against the limit nor get cut in two', () => {
    expect(text('|'.repeat(MAX_CELL_CHARS + 1))).toBe(`${'\\|'.repeat(MAX_CELL_CHARS - 1)}…`);
  });

  it('a missing value shows as a dash', () => {
    expect(text(null)).toBe(NONE);
    expect(text(undefined)).toBe(NONE);
    expect(NONE).toBe('—');
    expect(text('')).toBe('');
  });
});

describe('HTML', () => {
  it.each([
    ['&', '&amp;'],
    ['<', '&lt;'],
    ['>', '&gt;'],
    ['"', '&quot;'],
    ["'", '&#39;'],
  ])('%s becomes %s, in text and in a quoted attribute', (char, entity) => {
    expect(escapeHtml(`a${char}b${char}`)).toBe(`a${entity}b${entity}`);
  });

  it('leaves any other text alone', () => {
    expect(escapeHtml('arn:aws:iam::1:role/x (é) `#@|')).toBe('arn:aws:iam::1:role/x (é) `#@|');
  });

  it('a value from the logs is escaped after it is cut to the cell limit; a missing one is a dash', () => {
    expect(value(`${'<'.repeat(MAX_CELL_CHARS + 1)}`)).toBe(`${'&lt;'.repeat(MAX_CELL_CHARS - 1)}…`);
    expect(value(null)).toBe('—');
    expect(value(undefined)).toBe('—');
  });

  it('a long name may wrap after each of its separators, and only there', () => {
    expect(breakAtSeparators('arn:aws:s3:::my_bucket/logs.gz')).toBe(
      'arn:<wbr>aws:<wbr>s3:<wbr>:<wbr>:<wbr>my_<wbr>bucket/<wbr>logs.<wbr>gz',
    );
    expect(breakAtSeparators('plain-name')).toBe('plain-name');
  });

  it('a wrapping value is escaped before its break opportunities are added; a missing one is a dash', () => {
    expect(wrappingValue('<a>/b')).toBe('&lt;a&gt;/<wbr>b');
    expect(wrappingValue(null)).toBe('—');
  });

  it('JSON in a script element cannot end it or open a comment, and parses back to the same data', () => {
    const data = { v: '</script><!-- & \u2028\u2029 >' };
    const json = scriptJson(data);
    expect(json).toBe('{"v":"\\u003c/script\\u003e\\u003c!-- \\u0026 \\u2028\\u2029 \\u003e"}');
    expect(JSON.parse(json)).toEqual(data);
  });
});

describe('Mermaid labels', () => {
  it('keep letters, digits, spaces, dots, underscores, parentheses and hyphens', () => {
    const label = 'AWS Config_2 (us-east-1).x';
    expect(mermaidLabel(label)).toBe(label);
  });

  it('turn every other character into an underscore', () => {
    expect(mermaidLabel('a"b:c/d#e;f<g`h\ni')).toBe('a_b_c_d_e_f_g_h_i');
    expect(mermaidLabel('é')).toBe('_');
  });

  it('of 40 characters are kept whole, longer ones cut to 40 with an ellipsis', () => {
    expect(mermaidLabel('x'.repeat(40))).toBe('x'.repeat(40));
    expect(mermaidLabel('x'.repeat(41))).toBe(`${'x'.repeat(37)}...`);
  });

  it('name a missing value', () => {
    expect(mermaidLabel(null)).toBe('(none)');
  });
});
