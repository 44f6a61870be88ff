// Recognizes unique-constraint violations from Prisma (P2002), whatever the adapter puts in meta.
import { Prisma } from "@vigil/db";

export function isUniqueViolation(error: unknown, field?: string): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== "P2002") return false;
  if (!field) return true;
  return JSON.stringify(error.meta ?? {}).includes(field) || error.message.includes(field);
}
