// Tenant identification for syslog: an RFC 5424 structured-data element
// `[vigil@32473 token="vgl_..."]` (32473 is the enterprise number reserved for examples,
// RFC 5612). The element is cut from the message before it is parsed or stored, so the ingest
// token never lands in the tenant's events.
export const SD_ID = "vigil@32473";
const OPEN = `[${SD_ID}`;
const TOKEN = /\stoken="([^"\\]*)"/;
/** Structured data sits near the start of a message; a token further in is not looked for. */
const SEARCH_WINDOW = 4096;

export interface Extracted {
  token?: string;
  /** The message without the vigil SD element ("-" when it was the only element). */
  message: string;
}

export function extractToken(message: string): Extracted {
  const start = message.indexOf(OPEN);
  if (start < 0 || start > SEARCH_WINDOW) return { message };
  const end = closingBracket(message, start + OPEN.length);
  if (end < 0) return { message };
  const element = message.slice(start, end + 1);
  const before = message.slice(0, start);
  const after = message.slice(end + 1);
  const alone = before.endsWith(" ") && (after === "" || after.startsWith(" "));
  const rest = alone ? `${before}-${after}` : `${before}${after}`;
  const token = TOKEN.exec(element)?.[1];
  return token === undefined ? { message: rest } : { token, message: rest };
}

/** Index of the `]` closing the element; `\]` inside a PARAM-VALUE is escaped (RFC 5424 6.3.3). */
function closingBracket(text: string, from: number): number {
  let quoted = false;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === "\\") i++;
    else if (c === '"') quoted = !quoted;
    else if (c === "]" && !quoted) return i;
  }
  return -1;
}
