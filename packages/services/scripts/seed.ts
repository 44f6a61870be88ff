// npm run db:seed -- idempotent demo data. The last line of output is JSON with the demo login and
// the plaintext ingest token (scripts/vigil.mjs parses it). Set VIGIL_DEMO_INGEST_TOKEN to pin the token.
import { createDb } from "@vigil/db";
import { seedDemo } from "../src/accounts/seedDemo";

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL || process.env.DATABASE_ADMIN_URL;
  if (!url) throw new Error("set DATABASE_URL");
  const db = createDb({ url, max: 2 });
  try {
    const result = await seedDemo({ db }, { ingestToken: process.env.VIGIL_DEMO_INGEST_TOKEN });
    console.error(result.created ? "db:seed: created the demo account" : "db:seed: demo account already present");
    console.log(
      JSON.stringify({
        email: result.email,
        password: result.password,
        tenantId: result.tenantId,
        tenantSlug: result.tenantSlug,
        organizationId: result.organizationId,
        ingestToken: result.ingestToken,
      }),
    );
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => {
  console.error(`db:seed failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
