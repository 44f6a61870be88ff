// One TCP or TLS syslog connection: bytes -> frames -> intake. The socket is paused while its
// frames are handled, so a batch being committed (or a full backlog) stops reading: TCP
// backpressure reaches the sender. Idle connections are closed, and so is a connection that
// trickles bytes without completing a message within the idle timeout (slowloris: the socket
// timeout alone restarts on every byte); errors only close this connection.
import type { Socket } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { FrameDecoder } from "./framing";
import type { Frame } from "./framing";
import type { SyslogIntake } from "./intake";
import type { SyslogLog, SyslogStats } from "./stats";

export interface ConnectionOptions {
  maxBytes: number;
  idleTimeoutMs: number;
}

const BACKLOG_POLL_MS = 20;

export function serveConnection(socket: Socket, intake: SyslogIntake, deps: { stats: SyslogStats; log: SyslogLog }, options: ConnectionOptions): void {
  const peer = `${socket.remoteAddress ?? "?"}:${socket.remotePort ?? "?"}`;
  const decoder = new FrameDecoder(options.maxBytes);
  let work = Promise.resolve();
  deps.stats.connections++;
  socket.setTimeout(options.idleTimeoutMs);
  socket.on("timeout", () => socket.destroy());
  socket.on("error", (err) => deps.log.warn({ err, peer }, "syslog connection error"));
  socket.on("close", () => deps.stats.connections--);

  const handle = async (frames: Frame[]) => {
    for (const frame of frames) {
      while (intake.overloaded) await sleep(BACKLOG_POLL_MS);
      await intake.accept(frame, peer);
    }
  };
  // Since when a message has been partly received with no complete one (undefined: none pending).
  let partialSince: number | undefined;
  const run = (frames: Frame[], then?: () => void) => {
    if (frames.length === 0 && !then) return;
    // Paused by us (backpressure) is not idle: no timeout while the frames are being handled.
    socket.pause();
    socket.setTimeout(0);
    work = work
      .then(() => handle(frames))
      .catch((err: unknown) => {
        deps.log.error({ err, peer }, "syslog connection failed");
        socket.destroy();
      })
      .finally(() => {
        if (then) then();
        else if (!socket.destroyed) {
          // Time spent paused by our own backpressure is not the sender's slowness.
          if (partialSince !== undefined) partialSince = Date.now();
          socket.setTimeout(options.idleTimeoutMs);
          socket.resume();
        }
      });
  };
  socket.on("data", (chunk: Buffer) => {
    const frames = decoder.push(chunk);
    const now = Date.now();
    if (!decoder.pending) partialSince = undefined;
    else if (frames.length > 0 || partialSince === undefined) partialSince = now;
    else if (now - partialSince > options.idleTimeoutMs) {
      deps.log.warn({ peer }, "syslog connection closed: no complete message within the idle timeout");
      socket.destroy();
      return;
    }
    run(frames);
  });
  socket.on("end", () => run(decoder.end(), () => socket.end()));
}
