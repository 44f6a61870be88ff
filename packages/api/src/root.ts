import { alertsRouter } from "./routers/alerts";
import { authRouter } from "./routers/auth";
import { dashboardRouter } from "./routers/dashboard";
import { incidentsRouter } from "./routers/incidents";
import { searchRouter } from "./routers/search";
import { tenantRouter } from "./routers/tenant";
import { tokensRouter } from "./routers/tokens";
import { createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  auth: authRouter,
  tenant: tenantRouter,
  dashboard: dashboardRouter,
  alerts: alertsRouter,
  incidents: incidentsRouter,
  tokens: tokensRouter,
  search: searchRouter,
});

export type AppRouter = typeof appRouter;
