// Signed-in chrome: brand, navigation, tenant switcher, user and sign-out.
import Link from "next/link";
import { signOutAction } from "~/app/actions";
import type { ConsoleContext } from "~/server/console";
import { TenantSwitcher } from "./tenant-switcher";

const NAV = [
  { href: "/", label: "Dashboard" },
  { href: "/alerts", label: "Alerts" },
  { href: "/search", label: "Search" },
  { href: "/entities", label: "Entities" },
  { href: "/rules", label: "Rules" },
  { href: "/ingest", label: "Ingest" },
  { href: "/health", label: "Health" },
] as const;

export function AppShell({ console: c, active, children }: { console: ConsoleContext; active: (typeof NAV)[number]["href"]; children: React.ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col">
      <header className="sticky top-0 z-10 border-b border-slate-800 bg-slate-950/90 backdrop-blur">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3 sm:px-6">
          <Link href="/" className="flex items-center gap-2 text-lg font-semibold tracking-tight">
            <ShieldIcon />
            Vigil
          </Link>
          <nav aria-label="Main" className="flex flex-wrap items-center gap-1">
            {NAV.map((item) => (
              <Link
                key={item.href}
                href={item.href}
                aria-current={active === item.href ? "page" : undefined}
                className={`rounded-md px-3 py-1.5 text-sm font-medium ${
                  active === item.href ? "bg-slate-800 text-white" : "text-slate-400 hover:bg-slate-900 hover:text-slate-100"
                }`}
              >
                {item.label}
              </Link>
            ))}
          </nav>
          <div className="ml-auto flex flex-wrap items-center gap-3">
            <TenantSwitcher tenants={c.tenants.map((t) => ({ id: t.id, name: t.name }))} currentId={c.current?.id ?? null} />
            <span className="hidden text-sm text-slate-400 md:inline" title="Signed in as">
              {c.session.user.email}
            </span>
            <form action={signOutAction}>
              <button type="submit" className="btn btn-ghost">
                Sign out
              </button>
            </form>
          </div>
        </div>
      </header>
      <main className="mx-auto w-full max-w-7xl flex-1 px-4 py-6 sm:px-6">{children}</main>
    </div>
  );
}

export function ShieldIcon({ className = "h-6 w-6 text-brand-400" }: { className?: string }) {
  return (
    <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2} className={className} aria-hidden="true">
      <path d="M12 3l7 3v5c0 4.5-3 8.5-7 10-4-1.5-7-5.5-7-10V6l7-3z" strokeLinejoin="round" />
      <path d="M9 12l2 2 4-4" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
