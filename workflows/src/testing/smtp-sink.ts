// A real SMTP server (smtp-server) on a free local port that keeps every message it receives.
// For tests and local runs; parsing is just enough for what nodemailer sends (ASCII, QP bodies).
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export interface CapturedMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  raw: string;
  receivedAt: Date;
}

export interface SmtpSink {
  host: string;
  port: number;
  messages: CapturedMail[];
  /** Resolves with the first message (already received or arriving later) that matches. */
  waitFor(match: (mail: CapturedMail) => boolean, timeoutMs?: number): Promise<CapturedMail>;
  close(): Promise<void>;
}

function decodeQuotedPrintable(body: string): string {
  const bytes = body.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, "latin1").toString("utf8");
}

/** RFC 2047 encoded words (nodemailer's choice for long or non-ASCII subjects), UTF-8 assumed. */
function decodeHeader(value: string): string {
  return value
    .replace(/(=\?[^?]+\?[QB]\?[^?]*\?=)\s+(?==\?)/gi, "$1")
    .replace(/=\?[^?]+\?([QB])\?([^?]*)\?=/gi, (_m, encoding: string, text: string) =>
      encoding.toUpperCase() === "B" ? Buffer.from(text, "base64").toString("utf8") : decodeQuotedPrintable(text.replace(/_/g, " ")),
    );
}

export function parseMail(raw: string): { subject: string; text: string } {
  const split = raw.indexOf("\r\n\r\n");
  const head = (split === -1 ? raw : raw.slice(0, split)).replace(/\r\n(?=[ \t])/g, "");
  const body = split === -1 ? "" : raw.slice(split + 4);
  const header = (name: string) => new RegExp(`^${name}:[ \\t]*(.*)$`, "im").exec(head)?.[1]?.trim() ?? "";
  const qp = /quoted-printable/i.test(header("Content-Transfer-Encoding"));
  return { subject: decodeHeader(header("Subject")), text: (qp ? decodeQuotedPrintable(body) : body).replace(/\r\n/g, "\n").trimEnd() };
}

export interface SmtpSinkOptions {
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Called for every message as it arrives (e.g. to hand it to another process). */
  onMessage?: (mail: CapturedMail) => void;
}

export async function startSmtpSink({ host = "127.0.0.1", port: wanted = 0, onMessage }: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const messages: CapturedMail[] = [];
  const waiters = new Set<() => void>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : "";
        const mail = { from, to: session.envelope.rcptTo.map((r) => r.address), ...parseMail(raw), raw, receivedAt: new Date() };
        messages.push(mail);
        onMessage?.(mail);
        for (const wake of waiters) wake();
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(wanted, host, () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;

  return {
    host,
    port,
    messages,
    waitFor(match, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = messages.find(match);
          if (!found) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching e-mail within ${timeoutMs} ms (received ${messages.length})`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
