// Role ordering: OWNER > ADMIN > ANALYST > VIEWER.
import type { Role } from "@vigil/db";
import { AppError } from "../errors";

const RANK: Record<Role, number> = { OWNER: 4, ADMIN: 3, ANALYST: 2, VIEWER: 1 };

/** True when `role` grants at least what `required` grants. */
export function roleAtLeast(role: Role | undefined, required: Role): boolean {
  return role !== undefined && RANK[role] >= RANK[required];
}

/** Throws FORBIDDEN unless `role` is at least `required`. */
export function requireRole(role: Role | undefined, required: Role): void {
  if (!roleAtLeast(role, required)) throw new AppError("FORBIDDEN", `This action needs the ${required} role.`);
}
