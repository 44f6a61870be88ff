import type { Metadata, Viewport } from "next";
import localFont from "next/font/local";
import { TRPCReactProvider } from "~/trpc/react";
import "./globals.css";

// next/font/google needs the network at build time; the variable Inter ships in node_modules.
const inter = localFont({
  src: "../../../../node_modules/@fontsource-variable/inter/files/inter-latin-wght-normal.woff2",
  variable: "--font-inter",
  weight: "100 900",
  display: "swap",
});

export const metadata: Metadata = {
  title: { default: "Vigil", template: "%s · Vigil" },
  description: "Vigil security console: events, detections and incident response per tenant.",
};

export const viewport: Viewport = { themeColor: "#020617" };

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en" className={inter.variable}>
      <body className="min-h-screen font-sans">
        <TRPCReactProvider>{children}</TRPCReactProvider>
      </body>
    </html>
  );
}
