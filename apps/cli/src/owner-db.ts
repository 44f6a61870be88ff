// The migration owner's connection the administrative commands run with (DATABASE_ADMIN_URL, else
// DATABASE_URL), or a usage error naming the command when neither is set.
import { createDb } from "@vigil/db";
import type { Db } from "@vigil/db";
import { readEnv } from "@vigil/env";
import { UsageError } from "./args";

export function openOwnerDb(command: string): Db {
  let env;
  try {
    env = readEnv("database");
  } catch (error) {
    throw new UsageError(`${command} needs DATABASE_ADMIN_URL or DATABASE_URL (${error instanceof Error ? error.message : String(error)})`);
  }
  return createDb({ url: env.DATABASE_ADMIN_URL ?? env.DATABASE_URL, max: 1 });
}
