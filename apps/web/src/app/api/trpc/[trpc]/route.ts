// HTTP adapter for the tRPC router: build the context from the request and the next-auth session.
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { headers } from "next/headers";
import { appRouter, createTRPCContext } from "@vigil/api";
import { auth } from "@vigil/auth";
import { apiDeps } from "~/server/deps";
import { toApiSession } from "~/server/session";

export const dynamic = "force-dynamic";

async function handler(req: Request): Promise<Response> {
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    router: appRouter,
    req,
    // next/headers carries the x-forwarded-* headers Next adds (client IP for audit); req.headers may not.
    createContext: async () =>
      createTRPCContext({ headers: new Headers(await headers()), session: toApiSession(await auth()), deps: apiDeps() }),
    onError: ({ path, error }) => {
      if (error.code === "INTERNAL_SERVER_ERROR") console.error(`tRPC ${path ?? "?"} failed:`, error.cause ?? error);
    },
  });
}

export { handler as GET, handler as POST };
