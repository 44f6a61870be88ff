import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { auth } from "@vigil/auth";
import { signInErrorMessage } from "@vigil/auth/messages";
import { AuthCard } from "~/components/auth-card";
import { SignInForm } from "./sign-in-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ error?: string; code?: string }> }) {
  if (await auth()) redirect("/");
  const params = await searchParams;
  // Errors also arrive as ?error=CredentialsSignin&code=... when next-auth's own endpoints redirect here.
  const initialError = params.error ? signInErrorMessage(params.code) : undefined;
  return (
    <AuthCard title="Sign in" subtitle="to your security console" footer={<>New to Vigil? <Link className="font-medium text-brand-400 hover:underline" href="/sign-up">Create an organization</Link></>}>
      <SignInForm initialError={initialError} />
    </AuthCard>
  );
}
