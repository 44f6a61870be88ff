// Pure: safe to import from client components.
export const SIGN_IN_MESSAGES: Record<string, string> = {
  invalid_credentials: "Wrong email or password",
  rate_limited: "Too many failed sign-ins, try again in 15 minutes",
};

export function signInErrorMessage(code: string | undefined | null): string {
  return (code && SIGN_IN_MESSAGES[code]) || "Sign-in failed, try again";
}
