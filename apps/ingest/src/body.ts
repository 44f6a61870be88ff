// Reads any request body as text (HEC senders use every content type, curl -d sends form
// encoding). gzip is inflated with the same size limit; invalid UTF-8 becomes U+FFFD.
import type { FastifyInstance } from "fastify";
import { gunzip } from "node:zlib";

export class BodyTooLargeError extends Error {
  readonly statusCode = 413;
  readonly code = "FST_ERR_CTP_BODY_TOO_LARGE";
}

function inflate(buffer: Buffer, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    gunzip(buffer, { maxOutputLength: maxBytes }, (error, out) => {
      if (!error) return resolve(out);
      reject((error as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE" ? new BodyTooLargeError("inflated body too large") : Object.assign(error, { statusCode: 400 }));
    });
  });
}

const decoder = new TextDecoder("utf-8", { fatal: false, ignoreBOM: false });

export function registerTextBody(app: FastifyInstance, maxBytes: number): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", { parseAs: "buffer", bodyLimit: maxBytes }, (request, body, done) => {
    const buffer = body as Buffer;
    const encoding = String(request.headers["content-encoding"] ?? "").toLowerCase();
    if (encoding !== "gzip") return done(null, decoder.decode(buffer));
    inflate(buffer, maxBytes).then((out) => done(null, decoder.decode(out)), (error: Error) => done(error, undefined));
  });
}
