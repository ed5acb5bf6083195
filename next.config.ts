import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";
import { SECURITY_HEADERS } from "./lib/request/security-headers";

const nextConfig: NextConfig = {
  serverExternalPackages: ["pg", "@prisma/adapter-pg", "pg-boss", "nodemailer", "bcryptjs"],
  poweredByHeader: false,
  // `npm test` type-checks the whole project (tsc --noEmit) as its own step; the build need not repeat it.
  typescript: { ignoreBuildErrors: true },
  async headers() {
    return [{ source: "/:path*", headers: [...SECURITY_HEADERS] }];
  },
};

// next-intl reads ./i18n/request.ts (the locale and catalogues of each request; no locale in the URL).
const withNextIntl = createNextIntlPlugin();

export default withNextIntl(nextConfig);
