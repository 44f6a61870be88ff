import { alertsRouter } from "./routers/alerts";
import { authRouter } from "./routers/auth";
import { dashboardRouter } from "./routers/dashboard";
import { deadLettersRouter } from "./routers/dead-letters";
import { exceptionsRouter } from "./routers/exceptions";
import { healthRouter } from "./routers/health";
import { huntsRouter } from "./routers/hunts";
import { incidentsRouter } from "./routers/incidents";
import { ingestQuotaRouter } from "./routers/ingest-quota";
import { rulesRouter } from "./routers/rules";
import { searchRouter } from "./routers/search";
import { tenantRouter } from "./routers/tenant";
import { tokensRouter } from "./routers/tokens";
import { uebaRouter } from "./routers/ueba";
import { createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  auth: authRouter,
  tenant: tenantRouter,
  dashboard: dashboardRouter,
  alerts: alertsRouter,
  exceptions: exceptionsRouter,
  health: healthRouter,
  incidents: incidentsRouter,
  tokens: tokensRouter,
  deadLetters: deadLettersRouter,
  ingestQuota: ingestQuotaRouter,
  search: searchRouter,
  hunts: huntsRouter,
  rules: rulesRouter,
  ueba: uebaRouter,
});

export type AppRouter = typeof appRouter;
