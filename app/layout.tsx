import type { Metadata } from "next";
import localFont from "next/font/local";
import { getLocale, getMessages, getTranslations } from "next-intl/server";
import { IntlProvider } from "@/components/shell/intl-provider";
import { Providers } from "@/components/shell/providers";
import type { Locale } from "@/lib/i18n/locales";
import type { Messages } from "@/lib/i18n/messages";
import "./globals.css";

// next/font/google needs the internet at build time; the font ships in an npm package instead.
const inter = localFont({ src: "../node_modules/@fontsource-variable/inter/files/inter-latin-wght-normal.woff2", variable: "--font-inter", display: "swap" });

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("shell");
  return { title: { default: "Provisio", template: "%s | Provisio" }, description: t("metaDescription") };
}

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // the language of this request (i18n/request.ts): the admin's choice, the cookie or Accept-Language
  const locale = (await getLocale()) as Locale;
  const messages = (await getMessages()) as unknown as Messages;
  return (
    <html lang={locale} className={inter.variable}>
      <body className="font-sans">
        <IntlProvider locale={locale} messages={messages}>
          <Providers>{children}</Providers>
        </IntlProvider>
      </body>
    </html>
  );
}
