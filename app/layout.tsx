import type { Metadata } from "next";
import localFont from "next/font/local";
import { Providers } from "@/components/shell/providers";
import "./globals.css";

// next/font/google needs the internet at build time; the font ships in an npm package instead.
const inter = localFont({ src: "../node_modules/@fontsource-variable/inter/files/inter-latin-wght-normal.woff2", variable: "--font-inter", display: "swap" });

export const metadata: Metadata = { title: { default: "Provisio", template: "%s | Provisio" }, description: "Automatic user provisioning portal" };

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en" className={inter.variable}>
      <body className="font-sans">
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
