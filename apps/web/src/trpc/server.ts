import "server-only";
// Server-side caller for React Server Components and server actions (no HTTP round trip).
import { headers } from "next/headers";
import { cache } from "react";
import { appRouter, createCallerFactory, createTRPCContext } from "@vigil/api";
import { auth } from "@vigil/auth";
import { apiDeps } from "~/server/deps";
import { toApiSession } from "~/server/session";

const createContext = cache(async () => {
  const heads = new Headers(await headers());
  heads.set("x-trpc-source", "rsc");
  return createTRPCContext({ headers: heads, session: toApiSession(await auth()), deps: apiDeps() });
});

export const getCaller = cache(async () => createCallerFactory(appRouter)(await createContext()));
