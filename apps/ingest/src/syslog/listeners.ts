// Syslog transports: UDP (RFC 5426, one message per datagram), TCP (RFC 6587, LF or octet
// counting detected per connection) and TLS (RFC 5425, same framing over TLS).
import { createSocket } from "node:dgram";
import type { AddressInfo, Server, Socket } from "node:net";
import { createServer } from "node:net";
import { createServer as createTlsServer } from "node:tls";
import { serveConnection } from "./connection";
import type { ConnectionOptions } from "./connection";
import type { SyslogIntake } from "./intake";
import type { SyslogLog, SyslogStats } from "./stats";

export interface Listening {
  port: number;
  close(): Promise<void>;
}

interface ListenDeps {
  intake: SyslogIntake;
  stats: SyslogStats;
  log: SyslogLog;
}

export function listenUdp(host: string, port: number, maxBytes: number, deps: ListenDeps): Promise<Listening> {
  const socket = createSocket({ type: host.includes(":") ? "udp6" : "udp4", reuseAddr: false });
  socket.on("message", (bytes, rinfo) => {
    const peer = `${rinfo.address}:${rinfo.port}`;
    if (deps.intake.overloaded) return deps.intake.dropOverload(peer);
    const frame = bytes.length > maxBytes ? { bytes: bytes.subarray(0, maxBytes), oversized: bytes.length } : { bytes };
    deps.intake.accept(frame, peer, false).catch((err: unknown) => deps.log.error({ err, peer }, "syslog datagram failed"));
  });
  socket.on("error", (err) => deps.log.error({ err }, "syslog UDP socket error"));
  return new Promise((resolve, reject) => {
    socket.once("error", reject);
    socket.bind(port, host, () => {
      socket.off("error", reject);
      resolve({ port: socket.address().port, close: () => new Promise<void>((done) => socket.close(() => done())) });
    });
  });
}

export interface StreamOptions extends ConnectionOptions {
  maxConnections: number;
  tls?: { key: string | Buffer; cert: string | Buffer } | undefined;
}

export function listenStream(host: string, port: number, options: StreamOptions, deps: ListenDeps): Promise<Listening> {
  const open = new Set<Socket>();
  const serve = (socket: Socket) => {
    open.add(socket);
    socket.on("close", () => open.delete(socket));
    serveConnection(socket, deps.intake, deps, options);
  };
  const server: Server = options.tls
    ? createTlsServer({ key: options.tls.key, cert: options.tls.cert, minVersion: "TLSv1.2", handshakeTimeout: options.idleTimeoutMs }, serve)
    : createServer(serve);
  server.maxConnections = options.maxConnections;
  server.on("tlsClientError", (err: Error) => deps.log.warn({ err }, "syslog TLS handshake failed"));
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      const close = () => new Promise<void>((done) => {
        server.close(() => done());
        // Connections still open would keep close() waiting: the receiver is going away.
        for (const socket of open) socket.destroy();
      });
      resolve({ port: (server.address() as AddressInfo).port, close });
    });
  });
}
