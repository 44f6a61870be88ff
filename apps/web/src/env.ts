// The portal's configuration, validated once (server only).
import "server-only";
import { readEnv } from "@vigil/env";

export const env = readEnv("web");
