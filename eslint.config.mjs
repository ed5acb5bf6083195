import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import i18n from "./lib/lint/no-literal-string.mjs";

const config = [
  ...nextVitals,
  ...nextTs,
  { ignores: ["node_modules/**", ".next/**", ".data/**", "lib/db/generated/**", "bench-results/**", "test-results/**", "playwright-report/**", "next-env.d.ts"] },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-restricted-syntax": ["error", { selector: "MemberExpression[object.name='process'][property.name='env']", message: "Read configuration through lib/env.ts." }],
    },
  },
  {
    // Entry points and tooling that run before/outside lib/env.ts.
    files: ["lib/env.ts", "lib/cli/**", "instrumentation.ts", "playwright.config.ts", "prisma.config.ts", "e2e/**", "**/*.test.ts", "lib/test/**", "lib/bench/**", "prisma/**", "lib/jobs/worker-main.ts"],
    rules: { "no-restricted-syntax": "off" },
  },
  {
    // Playwright fixtures call `use()`, which is not React's hook.
    files: ["e2e/**"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
  {
    // Issue 18: no user-visible literal in the portal's components and pages (lib/lint/no-literal-string.mjs).
    files: ["components/**/*.tsx", "app/**/*.tsx"],
    plugins: { i18n },
    rules: { "i18n/no-literal-string": "error" },
  },
];

export default config;
