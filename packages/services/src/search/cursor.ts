// Keyset cursor over (ts desc, id asc): the last row of a page, opaque to clients.
import { AppError } from "../errors";

export interface Cursor {
  ts: string;
  id: string;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.ts, cursor.id])).toString("base64url");
}

export function decodeCursor(text: string): Cursor {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === "string" && typeof value[1] === "string" && !Number.isNaN(Date.parse(value[0]))) {
      return { ts: value[0], id: value[1] };
    }
  } catch {
    // fall through: one message for every malformed cursor
  }
  throw new AppError("BAD_REQUEST", "cursor: not a cursor returned by a previous page", { fields: { cursor: "invalid" } });
}
