// next-auth v5: email + password (Credentials) verified by @vigil/services/accounts, JWT sessions.
import type { NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { readEnv } from "@vigil/env";
import { isAppError } from "@vigil/services";
import { verifyCredentials } from "@vigil/services/accounts";
import { clientIpFromHeaders } from "./client-ip";
import { getServiceDeps } from "./deps";
import { InvalidCredentials, RateLimited } from "./errors";

declare module "next-auth" {
  interface Session {
    user: { id: string; email: string; name?: string | null; tenantId?: string | null };
  }
  interface User {
    tenantId?: string | null;
  }
}

const credentialsSchema = z.object({ email: z.email(), password: z.string().min(1).max(1024) });

export async function authorizeCredentials(raw: unknown, request: Request | undefined) {
  const parsed = credentialsSchema.safeParse(raw);
  if (!parsed.success) throw new InvalidCredentials();
  try {
    const ip = clientIpFromHeaders(request?.headers);
    const verified = await verifyCredentials(getServiceDeps(), { ...parsed.data, ip });
    if (!verified) throw new InvalidCredentials();
    const { user, tenants } = verified;
    return { id: user.id, email: user.email, name: user.name, tenantId: tenants[0]?.tenantId ?? null };
  } catch (err) {
    if (isAppError(err) && err.code === "TOO_MANY_REQUESTS") throw new RateLimited();
    throw err;
  }
}

export function createAuthConfig(): NextAuthConfig {
  return {
    trustHost: true,
    secret: readEnv("web").AUTH_SECRET,
    session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
    pages: { signIn: "/sign-in" },
    logger: {
      // A wrong password is an expected outcome (already audited), not a server error with a stack trace.
      error(error) {
        const { type, code } = error as Error & { type?: string; code?: string };
        if (type === "CredentialsSignin") console.warn(`[auth] sign-in rejected: ${code ?? "credentials"}`);
        else console.error("[auth]", error);
      },
    },
    providers: [
      Credentials({
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        authorize: (credentials, request) => authorizeCredentials(credentials, request),
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user?.id) {
          token.userId = user.id;
          token.tenantId = user.tenantId ?? null;
        }
        return token;
      },
      session({ session, token }) {
        if (typeof token.userId === "string") session.user.id = token.userId;
        session.user.tenantId = typeof token.tenantId === "string" ? token.tenantId : null;
        return session;
      },
    },
  };
}
