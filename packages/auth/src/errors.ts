// Sign-in failures as next-auth error codes: the code travels to the sign-in page (see messages.ts).
import { CredentialsSignin } from "next-auth";

export class InvalidCredentials extends CredentialsSignin {
  override code = "invalid_credentials";
}

export class RateLimited extends CredentialsSignin {
  override code = "rate_limited";
}
