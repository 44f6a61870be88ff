import "server-only";
import type { ApiSession } from "@vigil/api";
import type { Session } from "@vigil/auth";

/** next-auth's session reduced to what the API layer needs. */
export function toApiSession(session: Session | null): ApiSession | null {
  const user = session?.user;
  if (!user?.id || !user.email) return null;
  return { user: { id: user.id, email: user.email, name: user.name ?? null, tenantId: user.tenantId ?? null } };
}
