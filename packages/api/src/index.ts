import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "./root";

export { appRouter } from "./root";
export type { AppRouter } from "./root";
export { createCallerFactory, createTRPCContext } from "./trpc";
export type { ApiDeps, ApiSession, SessionUser, TRPCContext } from "./trpc";
export { toTRPCError, appErrorToTrpcCode } from "./errors";

/** e.g. `RouterInputs["incidents"]["acknowledge"]` */
export type RouterInputs = inferRouterInputs<AppRouter>;
/** e.g. `RouterOutputs["alerts"]["latest"]` */
export type RouterOutputs = inferRouterOutputs<AppRouter>;
export { lazyTemporalClient } from "./temporal";
