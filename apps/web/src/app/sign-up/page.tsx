import type { Metadata } from "next";
import { env } from "~/env";
import { SignUpForm } from "./sign-up-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Create your organization" };

export default function SignUpPage() {
  return <SignUpForm ingestUrl={env.VIGIL_PUBLIC_INGEST_URL} />;
}
