import { defineConfig } from "@playwright/test";
import fs from "node:fs";
import { oidcServerEnv } from "./e2e/idp/settings";

// `npm test` provides E2E_PORT, DATABASE_URL, secrets and ADMIN_* (see lib/cli/test.mjs).
const port = Number(process.env.E2E_PORT ?? 3210);
const baseURL = `http://127.0.0.1:${port}`;
// Debian's Chromium where present (no browser downloads on these machines), else Playwright's own.
const chromium = process.env.CHROMIUM_PATH ?? (fs.existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);
const nextStart = `node node_modules/next/dist/bin/next start -p ${port} -H 127.0.0.1`;
// With E2E_SERVER_LOG (set by `npm test`) the server's stdout+stderr also go to that file:
// the secret-leakage suite reads the server's own log output.
const serverCommand = process.env.E2E_SERVER_LOG ? `sh -c '${nextStart} 2>&1 | tee -a "$E2E_SERVER_LOG"'` : nextStart;

export default defineConfig({
  testDir: "e2e",
  testMatch: ["api/**/*.spec.ts", "ui/**/*.spec.ts", "cli/**/*.spec.ts", ...(process.env.PROVISIO_BENCH ? ["bench/**/*.bench.ts"] : [])],
  forbidOnly: true,
  fullyParallel: false,
  workers: 2,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? [["list"]] : [["list"]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: chromium,
      args: ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
    },
  },
  projects: [
    { name: "api", testMatch: "api/**/*.spec.ts" },
    { name: "ui", testMatch: "ui/**/*.spec.ts" },
    // `npm start` itself, on embedded databases of its own (uses the build the e2e step made)
    { name: "cli", testMatch: "cli/**/*.spec.ts" },
    // `npm run bench:portal` only: browser timings printed, not asserted (e2e/bench/).
    ...(process.env.PROVISIO_BENCH ? [{ name: "bench", testMatch: "bench/**/*.bench.ts", timeout: 900_000 }] : []),
  ],
  webServer: {
    command: serverCommand,
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
    stderr: "pipe",
    // 127.0.0.3 plays a reverse proxy in the security suites (e2e/security/from-address.ts).
    // Single sign-on against the local OpenID provider that e2e/ui/oidc.spec.ts starts: the server
    // discovers it at each sign-in, so it need not be up before the server (e2e/idp/settings.ts).
    env: { ...(process.env as Record<string, string>), PORT: String(port), PROVISIO_TRUSTED_PROXIES: "127.0.0.3", ...oidcServerEnv() },
  },
});
