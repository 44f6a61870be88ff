// Input validation for sign-up; failures become AppError BAD_REQUEST with per-field messages.
import { z } from "zod";
import { AppError } from "../errors";

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, "at most 254 characters")
  .pipe(z.email("a valid email address"));

export const passwordSchema = z.string().min(10, "at least 10 characters").max(200, "at most 200 characters");

export const signUpSchema = z.object({
  email: emailSchema,
  password: passwordSchema,
  name: z.string().trim().min(1, "required").max(100, "at most 100 characters"),
  organizationName: z.string().trim().min(2, "at least 2 characters").max(100, "at most 100 characters"),
});

export type SignUpFields = z.infer<typeof signUpSchema>;

/** Parses or throws BAD_REQUEST with details `{ fields: { <field>: <message> } }`. */
export function parseOrThrow<T>(schema: z.ZodType<T>, input: unknown): T {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const fields: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const key = issue.path.map(String).join(".") || "input";
    fields[key] ??= issue.message;
  }
  const summary = Object.entries(fields).map(([k, v]) => `${k}: ${v}`).join("; ");
  throw new AppError("BAD_REQUEST", `Invalid input (${summary}).`, { fields });
}
