// Output shapes shared by several routers (what the portal can rely on).
import { z } from "zod";

export const severitySchema = z.enum(["INFORMATIONAL", "LOW", "MEDIUM", "HIGH", "CRITICAL"]);
export const roleSchema = z.enum(["OWNER", "ADMIN", "ANALYST", "VIEWER"]);

export const entitiesSchema = z.object({
  user: z.array(z.string()).optional(),
  host: z.array(z.string()).optional(),
  ip: z.array(z.string()).optional(),
  process: z.array(z.string()).optional(),
});

export const limitInput = z.object({ limit: z.number().int().min(1).max(100).default(20) });
