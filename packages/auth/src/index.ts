import NextAuth from "next-auth";
import { createAuthConfig } from "./config";

export const { auth, handlers, signIn, signOut } = NextAuth(createAuthConfig());
export { AuthError, CredentialsSignin } from "next-auth";
export type { Session } from "next-auth";
export { getServiceDeps } from "./deps";
export { signInErrorMessage } from "./messages";
