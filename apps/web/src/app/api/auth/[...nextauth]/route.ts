import { handlers } from "@vigil/auth";

export const { GET, POST } = handlers;
