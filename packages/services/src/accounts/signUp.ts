// Self-service sign-up: a DIRECT organization with one tenant, its OWNER and a first ingest token.
import type { ServiceDeps } from "../context";
import { createAccount } from "./createAccount";
import type { CreatedAccount } from "./createAccount";
import { parseOrThrow, signUpSchema } from "./validation";

export interface SignUpInput {
  email: string;
  password: string;
  name: string;
  organizationName: string;
  ip?: string | null;
}

export async function signUp(deps: ServiceDeps, input: SignUpInput): Promise<CreatedAccount> {
  const fields = parseOrThrow(signUpSchema, input);
  return createAccount(deps, { ...fields, organizationKind: "DIRECT", ip: input.ip ?? null });
}
