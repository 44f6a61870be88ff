/** First hop of X-Forwarded-For (set by Next and by proxies), else X-Real-IP; undefined when unknown. */
export function clientIpFromHeaders(headers: Headers | undefined): string | undefined {
  if (!headers) return undefined;
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || headers.get("x-real-ip")?.trim() || undefined;
}
