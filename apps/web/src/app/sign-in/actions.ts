"use server";
import { signIn } from "@vigil/auth";
import { signInErrorMessage } from "@vigil/auth/messages";

export interface SignInState {
  error?: string;
  email?: string;
}

/** next-auth's CredentialsSignin carries our code (rate_limited, invalid_credentials); duck-typed across bundles. */
function credentialsCode(err: unknown): string | undefined | null {
  if (!(err instanceof Error)) return null;
  const { type, code } = err as { type?: unknown; code?: unknown };
  if (type === "CredentialsSignin") return typeof code === "string" ? code : undefined;
  if (typeof type === "string" && type !== "") return undefined; // another AuthError
  return null;
}

async function credentialsSignIn(email: string, password: string, redirectTo: string | false): Promise<SignInState> {
  try {
    if (redirectTo === false) await signIn("credentials", { email, password, redirect: false });
    else await signIn("credentials", { email, password, redirectTo });
    return {};
  } catch (err) {
    const code = credentialsCode(err);
    if (code === null) throw err; // Next's redirect signal, or a real bug
    return { error: signInErrorMessage(code), email };
  }
}

export async function signInAction(_prev: SignInState, form: FormData): Promise<SignInState> {
  const email = String(form.get("email") ?? "").trim();
  const password = String(form.get("password") ?? "");
  if (!email || !password) return { error: "Enter your email and password", email };
  return credentialsSignIn(email, password, "/");
}

/** Used right after sign-up: sets the session cookie but stays on the page so the token can be copied. */
export async function signInWithoutRedirect(email: string, password: string): Promise<SignInState> {
  return credentialsSignIn(email, password, false);
}
