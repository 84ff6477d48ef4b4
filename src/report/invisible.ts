/**
 * Characters from the logs that display as nothing or reorder the text around them: the bidirectional controls
 * (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C), the zero-width ones (U+200B–U+200D, U+2060–U+2064,
 * U+FEFF), the tag characters and every other Unicode format character (general category Cf), and the fillers that
 * draw as a blank (U+034F, U+115F, U+1160, U+3164, U+FFA0). Anyone who can call an API in the account chooses
 * values such as the session name, so an event name could display as another: every output shows each of them
 * as its code point instead.
 */
const INVISIBLE = /[\p{Cf}\u034F\u115F\u1160\u3164\uFFA0]/gu;

function codePoint(char: string): string {
  return char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
}

/** Text with each invisible character written as `<U+XXXX>`, for the reports, the CSV and the terminal. */
export function revealInvisible(text: string): string {
  return text.replace(INVISIBLE, (char) => `<U+${codePoint(char)}>`);
}

/**
 * JSON text with each invisible character written as its `\uXXXX` escape (a surrogate pair beyond U+FFFF): the
 * file shows them wherever it is read as text, and a parser still returns the logged value exactly. JSON puts
 * such characters only inside strings, where an escape means the same character.
 */
export function escapeInvisibleInJson(json: string): string {
  return json.replace(INVISIBLE, (char) =>
    Array.from(
      { length: char.length },
      (_, i) => `\\u${char.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0')}`,
    ).join(''),
  );
}
