// SMTP delivery for notifications (nodemailer). The workflow never sees this: only the activity does.
import { readEnv } from "@vigil/env";
import nodemailer from "nodemailer";
import type { Notification } from "../types";

export interface Mailer {
  send(message: Notification): Promise<{ messageId: string }>;
  close(): void;
}

export interface SmtpConfig {
  host: string;
  port: number;
  from: string;
}

export function smtpConfigFromEnv(): SmtpConfig {
  const env = readEnv("smtp");
  return { host: env.SMTP_HOST, port: env.SMTP_PORT, from: env.SMTP_FROM };
}

export function createSmtpMailer(config: SmtpConfig = smtpConfigFromEnv()): Mailer {
  const transport = nodemailer.createTransport({
    host: config.host,
    port: config.port,
    secure: config.port === 465,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  return {
    async send(message) {
      const info = await transport.sendMail({ from: config.from, to: message.to, subject: message.subject, text: message.text });
      return { messageId: info.messageId };
    },
    close: () => transport.close(),
  };
}
