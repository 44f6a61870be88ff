// One database pool per server process, shared by next-auth and the tRPC handler.
// Kept on globalThis so Next's module re-evaluation (dev reloads, separate route bundles) reuses it.
import { createDb } from "@vigil/db";
import type { ServiceDeps } from "@vigil/services";

const holder = globalThis as typeof globalThis & { __vigilServiceDeps?: ServiceDeps };

export function getServiceDeps(): ServiceDeps {
  holder.__vigilServiceDeps ??= { db: createDb({ max: 10 }) };
  return holder.__vigilServiceDeps;
}
