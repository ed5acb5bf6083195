// The worker process (`npm run worker`, lib/jobs/worker-main.ts) loads no Next.js code: neither
// next/server nor next-auth (issue 12). Checked twice: at run time, by loading the entry's
// imports in a fresh Node process and listing what it loaded; and statically, over every import
// reachable from the entry including lazy `await import(…)`s that only run later.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "../..");
const entry = path.join(root, "lib/jobs/worker-main.ts");
const NEXT = /(^|\/)node_modules\/(next|next-auth)\//;
const NEXT_SPECIFIER = /^(next|next-auth)(\/|$)/;

describe("[WORKER] the worker loads no Next.js code", () => {
  it("loading the worker entry's imports loads neither next/server nor next-auth", () => {
    // The entry itself starts a worker when loaded; its imports are the whole graph it loads.
    const imports = ts.preProcessFile(fs.readFileSync(entry, "utf8"), true, false).importedFiles.map((i) => i.fileName).filter((f) => f.startsWith("."));
    expect(imports).toContain("./worker");
    const script = `
      for (const f of ${JSON.stringify(imports)}) require(require("node:path").resolve(${JSON.stringify(path.dirname(entry))}, f));
      process.stdout.write(JSON.stringify(Object.keys(require.cache)));`;
    const out = execFileSync(process.execPath, ["--import", "tsx", "-e", script], { cwd: root, encoding: "utf8", env: { ...process.env, PROVISIO_LOG_LEVEL: "error" } });
    const loaded = JSON.parse(out) as string[];
    expect(loaded.some((f) => f.endsWith("lib/jobs/worker.ts"))).toBe(true);
    expect(loaded.some((f) => f.endsWith("lib/sync/cycle.ts"))).toBe(true);
    expect(loaded.filter((f) => NEXT.test(f)).map((f) => path.relative(root, f))).toEqual([]);
  });

  it("no import reachable from the worker entry, lazy ones included, names next or next-auth", () => {
    const config = ts.parseJsonConfigFileContent(ts.readConfigFile(path.join(root, "tsconfig.json"), ts.sys.readFile).config, ts.sys, root);
    const seen = new Set<string>();
    const offending: string[] = [];
    const stack = [entry];
    while (stack.length) {
      const file = stack.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      for (const imp of ts.preProcessFile(fs.readFileSync(file, "utf8"), true, true).importedFiles) {
        if (NEXT_SPECIFIER.test(imp.fileName)) offending.push(`${path.relative(root, file)} imports ${imp.fileName}`);
        const r = ts.resolveModuleName(imp.fileName, file, config.options, ts.sys).resolvedModule;
        if (!r || r.isExternalLibraryImport || r.resolvedFileName.includes("/node_modules/") || r.resolvedFileName.endsWith(".d.ts")) continue;
        stack.push(r.resolvedFileName);
      }
    }
    expect(seen.size).toBeGreaterThan(50); // the walk did follow the graph
    expect(offending).toEqual([]);
  });
});
