// One Temporal client per process. Its connection opens lazily, so an acknowledgement is still
// recorded when Temporal is down (only the signal fails, and the result says so).
import { createLazyTemporalClient, type TemporalClient } from "@vigil/workflows";
import type { TemporalClientGetter } from "./trpc";

const holder = globalThis as typeof globalThis & { __vigilTemporal?: Promise<TemporalClient> };

export const lazyTemporalClient: TemporalClientGetter = () => {
  holder.__vigilTemporal ??= Promise.resolve(createLazyTemporalClient());
  return holder.__vigilTemporal;
};
