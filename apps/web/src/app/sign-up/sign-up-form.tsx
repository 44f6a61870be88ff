"use client";
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { AuthCard } from "~/components/auth-card";
import { TokenReveal } from "~/components/token-reveal";
import { useTRPC } from "~/trpc/react";
import { signInWithoutRedirect } from "../sign-in/actions";

const FIELDS = [
  { name: "organizationName", label: "Organization name", type: "text", autoComplete: "organization" },
  { name: "name", label: "Your name", type: "text", autoComplete: "name" },
  { name: "email", label: "Email", type: "email", autoComplete: "email" },
  { name: "password", label: "Password", type: "password", autoComplete: "new-password", hint: "At least 10 characters" },
] as const;

type FieldName = (typeof FIELDS)[number]["name"];

export function SignUpForm({ ingestUrl }: { ingestUrl: string }) {
  const trpc = useTRPC();
  const [token, setToken] = useState<string | null>(null);
  const [signInError, setSignInError] = useState<string | null>(null);
  const signUp = useMutation(
    trpc.auth.signUp.mutationOptions({
      // Sign in before revealing the token, so "Go to dashboard" (or any link) lands signed in.
      onSuccess: async (result, input) => {
        const signedIn = await signInWithoutRedirect(input.email, input.password);
        setSignInError(signedIn.error ?? null);
        setToken(result.ingestToken);
      },
    }),
  );
  const fieldErrors = (signUp.error?.data?.zodError?.fieldErrors ?? {}) as Partial<Record<FieldName, string[]>>;

  if (token) {
    return (
      <AuthCard title="Your organization is ready" subtitle="Send your first events with this token.">
        <div className="space-y-4">
          <TokenReveal token={token} ingestUrl={ingestUrl} />
          {signInError && <p role="alert" className="text-sm text-red-300">{signInError}</p>}
          <Link href="/" className="btn btn-primary w-full py-2">Go to dashboard</Link>
        </div>
      </AuthCard>
    );
  }

  return (
    <AuthCard
      title="Create your organization"
      subtitle="Start collecting and detecting in minutes."
      footer={<>Already have an account? <Link className="font-medium text-brand-400 hover:underline" href="/sign-in">Sign in</Link></>}
    >
      <form
        className="space-y-4"
        method="post" // never GET: a submit before hydration must not put the password in the URL
        onSubmit={(e) => {
          e.preventDefault();
          const data = new FormData(e.currentTarget);
          const value = (k: FieldName) => String(data.get(k) ?? "");
          signUp.mutate({ organizationName: value("organizationName"), name: value("name"), email: value("email"), password: value("password") });
        }}
      >
        {signUp.error && !signUp.error.data?.zodError && (
          <p role="alert" className="rounded-md border border-red-900 bg-red-950/60 px-3 py-2 text-sm text-red-300">{signUp.error.message}</p>
        )}
        {FIELDS.map((f) => (
          <div key={f.name}>
            <label htmlFor={f.name} className="label">{f.label}</label>
            <input id={f.name} name={f.name} type={f.type} autoComplete={f.autoComplete} required className="field" aria-invalid={fieldErrors[f.name] ? true : undefined} aria-describedby={`${f.name}-hint`} />
            <p id={`${f.name}-hint`} className={`mt-1 text-xs ${fieldErrors[f.name] ? "text-red-300" : "text-slate-500"}`}>
              {fieldErrors[f.name]?.join(", ") ?? ("hint" in f ? f.hint : "")}
            </p>
          </div>
        ))}
        <button type="submit" className="btn btn-primary w-full py-2" disabled={signUp.isPending}>
          {signUp.isPending ? "Creating…" : "Create organization"}
        </button>
      </form>
    </AuthCard>
  );
}
