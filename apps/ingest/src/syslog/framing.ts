// Splits a syslog byte stream into messages. The framing is chosen per connection from its first
// byte (RFC 6587): a digit starts octet counting ("<len> <msg>"), anything else is LF-delimited.
// A message longer than maxBytes is cut to its first maxBytes (reported as oversized) and the
// rest skipped, so one huge line costs bounded memory and the connection stays usable.
export interface Frame {
  bytes: Buffer;
  /** Set when the message was longer than maxBytes: its announced or observed length. */
  oversized?: number;
  /** Set when the stream broke octet-counting framing; the decoder fell back to LF framing. */
  framingError?: string;
}

type Mode = "unknown" | "lf" | "octet";
const MAX_LENGTH_DIGITS = 10;

export class FrameDecoder {
  private mode: Mode = "unknown";
  private buffer: Buffer = Buffer.alloc(0);
  /** Bytes still to skip (octet mode) or skip-until-LF (lf mode, -1) after an oversized message. */
  private skip = 0;
  private skippedLength = 0;

  constructor(private readonly maxBytes: number) {}

  get framing(): Mode {
    return this.mode;
  }

  /** A message is partly received (or an oversized one is being skipped). */
  get pending(): boolean {
    return this.buffer.length > 0 || this.skip !== 0;
  }

  push(chunk: Buffer): Frame[] {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    if (this.mode === "unknown" && this.buffer.length > 0) this.mode = isDigit(this.buffer[0] as number) ? "octet" : "lf";
    const frames: Frame[] = [];
    for (;;) {
      const frame = this.mode === "octet" ? this.nextCounted() : this.nextLine();
      if (frame === undefined) return frames;
      if (frame !== null) frames.push(frame);
    }
  }

  /** The connection ended: an unterminated last line is still a message. */
  end(): Frame[] {
    if (this.mode !== "lf" || this.buffer.length === 0 || this.skip !== 0) return [];
    const bytes = this.buffer;
    this.buffer = Buffer.alloc(0);
    return [{ bytes }];
  }

  // undefined: need more bytes; null: consumed something, no frame yet.
  private nextLine(): Frame | null | undefined {
    const lf = this.buffer.indexOf(10);
    if (this.skip !== 0) {
      if (lf < 0) {
        this.skippedLength += this.buffer.length;
        this.buffer = Buffer.alloc(0);
        return undefined;
      }
      this.skip = 0;
      this.buffer = this.buffer.subarray(lf + 1);
      return null;
    }
    if (lf < 0) {
      if (this.buffer.length <= this.maxBytes) return undefined;
      const head = Buffer.from(this.buffer.subarray(0, this.maxBytes));
      this.skip = -1;
      this.skippedLength = this.buffer.length;
      this.buffer = Buffer.alloc(0);
      return { bytes: head, oversized: this.skippedLength };
    }
    const line = this.buffer.subarray(0, lf);
    this.buffer = this.buffer.subarray(lf + 1);
    if (line.length > this.maxBytes) return { bytes: Buffer.from(line.subarray(0, this.maxBytes)), oversized: line.length };
    return { bytes: Buffer.from(line) };
  }

  private nextCounted(): Frame | null | undefined {
    if (this.skip > 0) {
      const n = Math.min(this.skip, this.buffer.length);
      this.skip -= n;
      this.buffer = this.buffer.subarray(n);
      return this.buffer.length === 0 ? undefined : null;
    }
    while (this.buffer.length > 0 && (this.buffer[0] === 10 || this.buffer[0] === 13)) this.buffer = this.buffer.subarray(1);
    let i = 0;
    while (i < this.buffer.length && i <= MAX_LENGTH_DIGITS && isDigit(this.buffer[i] as number)) i++;
    if (i === this.buffer.length && i <= MAX_LENGTH_DIGITS) return undefined;
    if (i === 0 || i > MAX_LENGTH_DIGITS || this.buffer[i] !== 32) return this.breakFraming();
    const length = Number(this.buffer.subarray(0, i).toString("latin1"));
    const body = this.buffer.subarray(i + 1);
    if (length > this.maxBytes) {
      if (body.length < this.maxBytes) return undefined;
      const head = Buffer.from(body.subarray(0, this.maxBytes));
      this.buffer = body.subarray(this.maxBytes);
      this.skip = length - this.maxBytes;
      return { bytes: head, oversized: length };
    }
    if (body.length < length) return undefined;
    this.buffer = body.subarray(length);
    return { bytes: Buffer.from(body.subarray(0, length)) };
  }

  /** Not "<digits> ": the sender does not speak octet counting; read the rest as lines. */
  private breakFraming(): Frame | null | undefined {
    this.mode = "lf";
    const frame = this.nextLine();
    const reason = "octet-counting framing broken (expected \"<length> <message>\"); reading the connection as LF-delimited";
    return frame ? { ...frame, framingError: reason } : frame;
  }
}

function isDigit(byte: number): boolean {
  return byte >= 48 && byte <= 57;
}
