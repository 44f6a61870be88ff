/** The field and reason of an input error (zod), else the server's message. */
export function errorText(error: { message: string; data?: { zodError?: { fieldErrors?: Record<string, string[] | undefined> } | null } | null }): string {
  const [field, reasons] = Object.entries(error.data?.zodError?.fieldErrors ?? {}).find(([, r]) => r && r.length > 0) ?? [];
  return field && reasons ? `${field}: ${reasons[0]}` : error.message;
}
