// Hostile input: fast-check bodies for every JSON endpoint of the OpenAPI document and for
// inbound SCIM writes → a 4xx JSON error (SCIM error format under /scim), never a 5xx, and
// nothing written (no audit entry by the fuzzing actor, the objects read back unchanged).
// Malformed CSV imports and formula cells in the export; expressions and regexes built to hang
// (checked by their answers and sizes, not by the clock: timing is lib/bench's business).
import fc from "fast-check";
import { parse as parseCsv } from "csv-parse/sync";
import type { APIRequestContext, APIResponse } from "@playwright/test";
import { bearer, createAdmin, expect, test, tokenFor } from "../fixtures";
import { fillPath, json, operations, sql, uid, type Operation } from "../security/helpers";
import { HUGE, invalidBody, schemaKeys, shapedBody, valueText } from "../security/hostile";
import { rawRequest } from "../security/raw-http";

const SCIM_ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";

type Ids = Record<string, string>;

/** Real objects for the path parameters, so requests get past 404s into the handlers. */
async function fixtureIds(api: APIRequestContext, request: APIRequestContext): Promise<Ids> {
  const user = await json(await api.post("/api/v1/users", { data: { userPrincipalName: `fuzz-${uid()}@contoso.test`, displayName: "Fuzz target" } }), 201);
  const group = await json(await api.post("/api/v1/groups", { data: { displayName: `Fuzz group ${uid()}` } }), 201);
  const app = await json(await api.post("/api/v1/apps", { data: { templateId: "scim", displayName: `Fuzz app ${uid()}` } }), 201);
  const mappings = await json(await api.get(`/api/v1/apps/${app.id}/provisioning/mappings`), 200);
  const assignment = await json(await api.post(`/api/v1/apps/${app.id}/assignments`, { data: { principalType: "user", principalId: user.id, roleId: "user" } }), 201);
  const token = await json(await api.post("/api/v1/scim-tokens", { data: { name: `fuzz ${uid()}` } }), 201);
  const victim = await createAdmin(request, "reader", "fuzz-victim");
  return { userId: user.id, groupId: group.id, appId: app.id, mappingId: mappings.items[0].id, assignmentId: assignment.id, tokenId: token.id, adminId: victim.id };
}

async function expectJsonError(res: APIResponse, label: string, allow2xx: boolean) {
  const status = res.status();
  const text = await res.text();
  expect(status, `${label} → ${status} ${text.slice(0, 300)}`).toBeLessThan(500);
  if (!allow2xx) expect(status, `${label} → ${status} ${text.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
  if (status >= 400) {
    expect(res.headers()["content-type"], label).toContain("application/json");
    const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    expect(typeof body.error?.code, label).toBe("string");
    expect(String(body.error?.message), label).not.toMatch(/\n\s+at /); // no stack traces
  }
}

async function auditCount(actorId: string): Promise<number> {
  const [row] = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE "actorId" = $1`, [actorId]);
  return row?.n ?? -1;
}

/** The fixture objects, read through the API (what "nothing written" is checked against; other suites run
 *  beside this one, so whole-table counts would move on their own). */
async function snapshot(api: APIRequestContext, ids: Ids): Promise<unknown> {
  const get = async (path: string) => json(await api.get(path), 200);
  return {
    user: await get(`/api/v1/users/${ids.userId}`),
    userGroups: await get(`/api/v1/users/${ids.userId}/groups`),
    group: await get(`/api/v1/groups/${ids.groupId}`),
    members: await get(`/api/v1/groups/${ids.groupId}/members`),
    app: await get(`/api/v1/apps/${ids.appId}`),
    provisioning: await get(`/api/v1/apps/${ids.appId}/provisioning`),
    credentials: await get(`/api/v1/apps/${ids.appId}/provisioning/credentials`),
    mapping: await get(`/api/v1/apps/${ids.appId}/provisioning/mappings/${ids.mappingId}`),
    configuration: await get(`/api/v1/apps/${ids.appId}/provisioning/configuration`),
    assignments: await get(`/api/v1/apps/${ids.appId}/assignments`),
    victim: ((await get("/api/v1/admins")).items as Array<{ id: string }>).find((a) => a.id === ids.adminId),
    token: ((await get("/api/v1/scim-tokens")).items as Array<{ id: string }>).find((t) => t.id === ids.tokenId),
  };
}

function send(ctx: APIRequestContext, op: Operation, ids: Ids, text: string) {
  return ctx.fetch(fillPath(op.path, ids), { method: op.method, headers: { "content-type": "application/json" }, data: Buffer.from(text, "utf8"), timeout: 20_000 });
}

test.describe("[SECURITY][FUZZ]", () => {
  test("every JSON endpoint: hostile bodies are refused with a 4xx JSON error and write nothing", async ({ api, request, playwright, baseURL }) => {
    test.setTimeout(150_000);
    const ops = (await operations(request)).filter((o) => o.hasJsonBody);
    expect(ops.length).toBeGreaterThan(20);
    const ids = await fixtureIds(api, request);
    const fuzzer = await createAdmin(request, "global_admin", "fuzz-actor");
    const ctx = await playwright.request.newContext({ baseURL, extraHTTPHeaders: bearer(await tokenFor(request, fuzzer.email, fuzzer.password)) });
    let runs = 0;
    try {
      for (const op of ops) {
        const keys = schemaKeys(op.bodySchema);
        await fc.assert(
          fc.asyncProperty(invalidBody(keys), async (text) => {
            runs++;
            await expectJsonError(await send(ctx, op, ids, text), `${op.method} ${op.path} ${text.slice(0, 120)}`, false);
          }),
          { numRuns: 15, endOnFailure: true },
        );
      }
    } finally {
      await ctx.dispose();
    }
    expect(runs).toBeGreaterThanOrEqual(ops.length * 15);
    expect(await auditCount(fuzzer.id), "audit entries written by the fuzzing admin").toBe(0);
    test.info().annotations.push({ type: "fuzz cases", description: `${runs} invalid bodies over ${ops.length} endpoints` });
    console.log(`[SECURITY][COUNT] invalid JSON bodies: ${runs} over ${ops.length} endpoints, 5xx: 0, written: 0`);
  });

  test("every JSON endpoint: schema-shaped bodies with hostile values never cause a 5xx; a refused one writes nothing", async ({ api, request, playwright, baseURL }) => {
    test.setTimeout(240_000);
    const ops = (await operations(request)).filter((o) => o.hasJsonBody);
    const ids = await fixtureIds(api, request);
    const fuzzer = await createAdmin(request, "global_admin", "fuzz-shaped");
    const ctx = await playwright.request.newContext({ baseURL, extraHTTPHeaders: bearer(await tokenFor(request, fuzzer.email, fuzzer.password)) });
    // Global settings are shared with the other suites: put them back afterwards.
    const settingsBefore = await json(await api.get("/api/v1/settings/notifications"), 200);
    let runs = 0;
    let refused = 0;
    try {
      for (const op of ops) {
        const before = await snapshot(api, ids);
        let accepted = 0;
        await fc.assert(
          fc.asyncProperty(shapedBody(schemaKeys(op.bodySchema)), async (text) => {
            runs++;
            const audited = await auditCount(fuzzer.id);
            const res = await send(ctx, op, ids, text);
            const label = `${op.method} ${op.path} ${text.slice(0, 120)}`;
            await expectJsonError(res, label, true);
            if (res.status() >= 400) {
              refused++;
              // a refusal writes nothing: no audit entry (every write of the portal is audited)
              expect(await auditCount(fuzzer.id), `${label} was refused (${res.status()}) but wrote an audit entry`).toBe(audited);
            } else accepted++;
          }),
          { numRuns: 10, endOnFailure: true },
        );
        // …and when every body for this operation was refused, the objects it could touch read back unchanged.
        if (accepted === 0) expect(await snapshot(api, ids), `${op.method} ${op.path}: objects changed although every body was refused`).toEqual(before);
      }
    } finally {
      await ctx.dispose();
      const write = ops.find((o) => o.path === "/api/v1/settings/notifications");
      if (write) {
        const keys = schemaKeys(write.bodySchema);
        const restore = Object.fromEntries(Object.entries(settingsBefore as Record<string, unknown>).filter(([k]) => keys.includes(k)).map(([k, v]) => [k, v ?? ""]));
        await json(await api.fetch("/api/v1/settings/notifications", { method: write.method, data: restore }), 200);
      }
    }
    expect(refused).toBeGreaterThan(0);
    test.info().annotations.push({ type: "fuzz cases", description: `${runs} shaped bodies over ${ops.length} endpoints, ${refused} refused` });
    console.log(`[SECURITY][COUNT] schema-shaped hostile bodies: ${runs} over ${ops.length} endpoints, 5xx: 0, ${refused} refused and nothing written`);
  });

  test("NUL and unpaired surrogates in every body field, query parameter and path parameter → 400", async ({ api, request }) => {
    test.setTimeout(120_000);
    const ops = await operations(request);
    const ids = await fixtureIds(api, request);
    const bad = ["a\u0000b", "x\ud800", "\udfffy"];
    const cases: Array<{ label: string; method: string; url: string; data?: Buffer }> = [];
    for (const op of ops) {
      for (const v of bad) {
        for (const key of schemaKeys(op.bodySchema)) {
          cases.push({ label: `${op.method} ${op.path} body.${key}=${JSON.stringify(v)}`, method: op.method, url: fillPath(op.path, ids), data: Buffer.from(JSON.stringify({ [key]: v })) });
        }
        if (op.hasJsonBody) cases.push({ label: `${op.method} ${op.path} key ${JSON.stringify(v)}`, method: op.method, url: fillPath(op.path, ids), data: Buffer.from(JSON.stringify({ [v]: 1 })) });
      }
      // A URL cannot carry an unpaired surrogate (it is UTF-8 percent-encoded), so query and path get the NUL.
      for (const q of op.queryParams) {
        cases.push({ label: `${op.method} ${op.path} ?${q}=a%00b`, method: op.method, url: `${fillPath(op.path, ids)}?${q}=a%00b`, data: op.hasJsonBody ? Buffer.from("{}") : undefined });
      }
      for (const p of op.params) cases.push({ label: `${op.method} ${op.path} {${p}}=NUL`, method: op.method, url: fillPath(op.path, { ...ids, [p]: "a\u0000b" }), data: op.hasJsonBody ? Buffer.from("{}") : undefined });
    }
    const failures: string[] = [];
    let i = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (;;) {
          const c = cases[i++];
          if (!c) return;
          const res = await api.fetch(c.url, { method: c.method, headers: { "content-type": c.data ? "application/json" : "text/plain" }, data: c.data });
          if (res.status() !== 400) failures.push(`${c.label} → ${res.status()} ${(await res.text()).slice(0, 200)}`);
          // (a NUL in the path is refused by the request gate before routing, with its own error code)
          else if (typeof (await res.json()).error?.code !== "string") failures.push(`${c.label} → 400 without a JSON error`);
        }
      }),
    );
    expect(failures).toEqual([]);
    test.info().annotations.push({ type: "fuzz cases", description: `${cases.length} NUL/surrogate cases` });
    console.log(`[SECURITY][COUNT] NUL/surrogate cases: ${cases.length}, not 400: ${failures.length}`);
  });

  test("inbound SCIM writes: hostile bodies → SCIM 4xx errors, never 5xx, nothing written", async ({ api }) => {
    test.setTimeout(120_000);
    const created = await json(await api.post("/api/v1/scim-tokens", { data: { name: `fuzz scim ${uid()}` } }), 201);
    const scim = (method: string, path: string, text: string) =>
      api.fetch(`/scim/v2${path}`, { method, headers: { Authorization: `Bearer ${created.token}`, "content-type": "application/scim+json" }, data: Buffer.from(text, "utf8"), timeout: 20_000 });
    const user = await json(await scim("POST", "/Users", JSON.stringify({ schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: `scim-fuzz-${uid()}@contoso.test` })), 201);
    const group = await json(await scim("POST", "/Groups", JSON.stringify({ schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], displayName: `SCIM fuzz ${uid()}` })), 201);
    const writesBefore = await auditCount(created.id);
    // Text Postgres cannot store: refused as invalidValue, never a 500.
    for (const [method, path, body] of [
      ["POST", "/Users", { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: `sur-${uid()}@contoso.test`, displayName: "a\ud800" }],
      ["POST", "/Groups", { schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], displayName: "\udfffx" }],
      ["PUT", `/Users/${user.id}`, { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: user.userName, title: "\ud83d" }],
      ["PATCH", `/Groups/${group.id}`, { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "replace", path: "displayName", value: "x\u0000" }] }],
      ["PATCH", `/Users/${user.id}`, { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "replace", value: { "title\ud800": "x" } }] }],
    ] as const) {
      const res = await scim(method, path, JSON.stringify(body));
      expect(res.status(), `${method} ${path}: ${await res.text()}`).toBe(400);
      expect(await res.json()).toMatchObject({ schemas: [SCIM_ERROR], status: "400", scimType: "invalidValue" });
    }

    // not a string (finite numbers are accepted as their text, on purpose: see lib/scim-server/values.ts)
    const nonString = valueText.filter((t) => !t.startsWith('"') && !Number.isFinite(Number(t)));
    const obj = (entries: Array<[string, string]>) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(",")}}`;
    const userKeys = ["schemas", "name", "emails", "active", "displayName", "externalId", "title", "__proto__", "constructor", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"];
    const groupKeys = ["schemas", "members", "externalId", "__proto__", "constructor"];
    /** userName / displayName (the required attribute) missing or not a string, plus hostile extras; or not an object at all. */
    const invalidResource = (required: string, keys: string[]) =>
      fc.oneof(
        invalidBody([]).filter((t) => !t.startsWith("{") || t.includes("__proto__") || t.length > 10_000),
        fc.tuple(fc.option(nonString, { nil: undefined }), fc.array(fc.tuple(fc.constantFrom(...keys), valueText), { maxLength: 4 })).map(([req, rest]) => obj(req === undefined ? rest : [...rest, [required, req]])),
      );
    const invalidPatch = (required: string) => fc.oneof(
      invalidBody([]),
      nonString.map((ops) => obj([["schemas", '["urn:ietf:params:scim:api:messages:2.0:PatchOp"]'], ["Operations", ops]])),
      fc.tuple(nonString, valueText).map(([op, value]) => obj([["schemas", '["urn:ietf:params:scim:api:messages:2.0:PatchOp"]'], ["Operations", `[{"op":${op},"path":"${required}","value":${value}}]`]])),
      fc.tuple(fc.constantFrom('"add"', '"replace"'), nonString.filter((v) => v !== "null")).map(([op, value]) =>
        obj([["schemas", '["urn:ietf:params:scim:api:messages:2.0:PatchOp"]'], ["Operations", `[{"op":${op},"path":"${required}","value":${value}}]`]]),
      ),
    );
    /** Paths aimed at the prototype chain or at nothing: refused or ignored, never a 5xx, never a write (checked below). */
    const oddPatch = fc
      .tuple(fc.constantFrom('"add"', '"replace"', '"remove"'), fc.constantFrom('"__proto__.polluted"', '"constructor.prototype.polluted"', '"members[value eq \\"x\\"]"', `"${"a.".repeat(2000)}b"`, '"emails[type eq \\"work\\"].__proto__"'), valueText)
      .map(([op, path, value]) => obj([["schemas", '["urn:ietf:params:scim:api:messages:2.0:PatchOp"]'], ["Operations", `[{"op":${op},"path":${path},"value":${value}}]`]]));
    const cases: Array<[string, string, fc.Arbitrary<string>]> = [
      ["POST", "/Users", invalidResource("userName", userKeys)],
      ["PUT", `/Users/${user.id}`, invalidResource("userName", userKeys)],
      ["PATCH", `/Users/${user.id}`, invalidPatch("userName")],
      ["POST", "/Groups", invalidResource("displayName", groupKeys)],
      ["PUT", `/Groups/${group.id}`, invalidResource("displayName", groupKeys)],
      ["PATCH", `/Groups/${group.id}`, invalidPatch("displayName")],
    ];
    let runs = 0;
    const failures: string[] = [];
    for (const [method, path, arb] of cases) {
      await fc.assert(
        fc.asyncProperty(arb, async (text) => {
          runs++;
          const res = await scim(method, path, text);
          const status = res.status();
          const body = await res.text();
          const label = `${method} ${path} ${text.slice(0, 160)} → ${status} ${body.slice(0, 200)}`;
          if (status < 400 || status >= 500) failures.push(label);
          expect(status, label).toBeGreaterThanOrEqual(400);
          expect(status, label).toBeLessThan(500);
          expect(res.headers()["content-type"], label).toContain("application/scim+json");
          expect(JSON.parse(body), label).toMatchObject({ schemas: [SCIM_ERROR], status: String(status) });
        }),
        { numRuns: 20, endOnFailure: true },
      );
    }
    expect(failures).toEqual([]);
    for (const path of [`/Users/${user.id}`, `/Groups/${group.id}`]) {
      await fc.assert(
        fc.asyncProperty(oddPatch, async (text) => {
          runs++;
          const res = await scim("PATCH", path, text);
          expect(res.status(), `${text.slice(0, 160)} → ${(await res.text()).slice(0, 200)}`).toBeLessThan(500);
        }),
        { numRuns: 15 },
      );
    }
    expect(await auditCount(created.id), "audit entries written by the fuzzing SCIM client").toBe(writesBefore);
    const after = await json(await scim("GET", `/Users/${user.id}`, ""), 200);
    expect(after.userName).toBe(user.userName);
    // Prototype pollution is looked for in the server, not in this runner: neither the objects the
    // PATCHes aimed at nor objects created afterwards (SCIM and REST) carry a polluted key, and the
    // server still parses strict bodies (a polluted Object.prototype shows up as an unknown field).
    const later = await json(await scim("POST", "/Users", JSON.stringify({ schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: `after-${uid()}@contoso.test` })), 201);
    const laterGroup = await json(await api.post("/api/v1/groups", { data: { displayName: `After fuzz ${uid()}` } }), 201);
    for (const text of [
      await (await scim("GET", `/Users/${user.id}`, "")).text(),
      await (await scim("GET", `/Groups/${group.id}`, "")).text(),
      await (await scim("GET", `/Users/${later.id}`, "")).text(),
      await (await api.get(`/api/v1/users/${user.id}`)).text(),
      await (await api.get(`/api/v1/users/${later.id}`)).text(),
      await (await api.get(`/api/v1/groups/${laterGroup.id}`)).text(),
      await (await api.get("/api/v1/me")).text(),
    ]) {
      expect(text).not.toMatch(/polluted|isAdmin|__proto__/);
    }
    expect((await json(await api.patch(`/api/v1/users/${later.id}`, { data: { jobTitle: "Still strict" } }), 200)).jobTitle).toBe("Still strict");
    expect((await json(await api.patch(`/api/v1/users/${later.id}`, { data: { jobTitle: "x", polluted: 1 } }), 400)).error.message).toMatch(/polluted/);

    // Schema-shaped resources with hostile strings: accepted or refused, never a 5xx.
    const shaped = fc.tuple(fc.oneof(fc.constant(`"fz-${uid()}"`), valueText), fc.array(fc.tuple(fc.constantFrom("displayName", "title", "externalId", "nickName", "locale"), valueText), { maxLength: 3 }));
    await fc.assert(
      fc.asyncProperty(shaped, async ([userName, rest]) => {
        runs++;
        const res = await scim("POST", "/Users", obj([["schemas", '["urn:ietf:params:scim:schemas:core:2.0:User"]'], ["userName", userName], ...rest]));
        expect(res.status(), (await res.text()).slice(0, 300)).toBeLessThan(500);
      }),
      { numRuns: 20 },
    );
    test.info().annotations.push({ type: "fuzz cases", description: `${runs} SCIM bodies` });
    console.log(`[SECURITY][COUNT] inbound SCIM bodies: ${runs}, 5xx: ${failures.length}`);
  });

  test("malformed CSV imports → 400 or per-row failures, never a 5xx", async ({ api }) => {
    const header = "userPrincipalName,displayName,department";
    const formulaUpn = `csv-formula-${uid()}@contoso.test`;
    const files: Array<[string, Buffer | string]> = [
      ["unterminated quote", `${header}\n"csv-${uid()}@contoso.test,"Broken,Sales\n`],
      ["binary", Buffer.from(Array.from({ length: 4096 }, (_v, i) => (i * 7919 + 13) % 256))],
      ["BOM only", "\ufeff"],
      ["empty", ""],
      ["header only", header],
      ["10k columns", `${Array.from({ length: 10_000 }, (_v, i) => `col${i}`).join(",")}\n${Array.from({ length: 10_000 }, () => "x").join(",")}\n`],
      ["10k columns with real ones", `${header},${Array.from({ length: 10_000 }, (_v, i) => `extra${i}`).join(",")}\ncsv-${uid()}@contoso.test,Wide,Sales${",x".repeat(10_000)}\n`],
      ["CRLF mix", `${header}\r\ncsv-${uid()}@contoso.test,Crlf One,Sales\ncsv-${uid()}@contoso.test,Crlf Two,Ops\rcsv-${uid()}@contoso.test,Cr Three,Ops\r\n`],
      ["NUL bytes", `${header}\ncsv-${uid()}@contoso.test,Nul\u0000Name,Sales\n`],
      ["lone surrogate and RTL", `${header}\ncsv-${uid()}@contoso.test,\ud800\u202eevil,Sales\n`],
      ["quote soup", `${header}\n"""","""""",""\n"a""b,c\n`],
      ["ragged rows", `${header}\na\nb,c,d,e,f,g\n,,,\n`],
      ["huge cell", `${header}\ncsv-${uid()}@contoso.test,${HUGE},Sales\n`],
      // RFC 4180: a cell with quotes is quoted, its quotes doubled
      ["formula injection", `${header}\n${formulaUpn},"=HYPERLINK(""http://evil"")",+cmd|' /C calc'!A0\n`],
      ["proto header", `__proto__,constructor,userPrincipalName\n{},{},csv-${uid()}@contoso.test\n`],
      ["duplicate header", `userPrincipalName,userPrincipalName\ncsv-${uid()}@contoso.test,csv-${uid()}@contoso.test\n`],
    ];
    for (const [label, data] of files) {
      const res = await api.post("/api/v1/users/import", { headers: { "content-type": "text/csv" }, data: typeof data === "string" ? Buffer.from(data, "utf8") : data, timeout: 20_000 });
      const text = await res.text();
      expect(res.status(), `${label}: ${text.slice(0, 300)}`).toBeLessThan(500);
      expect([200, 400, 413, 422], `${label}: ${text.slice(0, 300)}`).toContain(res.status());
      const body = JSON.parse(text);
      if (res.status() === 200) expect(body, label).toMatchObject({ created: expect.any(Number), updated: expect.any(Number), failed: expect.any(Array) });
      else expect(typeof body.error.code, label).toBe("string");
      if (label === "formula injection") expect(res.status(), text).toBe(200);
    }
    // Formula-looking cells (issue 14 item 7) come back out of the export with a leading quote,
    // never as a live formula at a cell start.
    // (the API trims display names, so leading tabs and CRs are covered by lib/csv/cells.test.ts)
    const formulas = ['=HYPERLINK("http://evil.example","x")', "+1+cmd|' /C calc'!A0", "@SUM(1+1)", "-2+3"];
    const upns: string[] = [];
    for (const displayName of formulas) {
      const u = await json(await api.post("/api/v1/users", { data: { userPrincipalName: `formula-${uid()}@contoso.test`, displayName } }), 201);
      upns.push(u.userPrincipalName);
    }
    const csv = await (await api.get("/api/v1/users/export", { timeout: 30_000 })).text();
    const rows = parseCsv(csv, { columns: true, relax_column_count: true }) as Array<Record<string, string>>;
    for (const [i, upn] of upns.entries()) {
      const row = rows.find((r) => r.userPrincipalName === upn);
      expect(row, upn).toBeTruthy();
      expect(row!.displayName, formulas[i]).toBe(`'${formulas[i]}`);
    }
    // …and so do formula cells that came in through the CSV import (stored as typed, exported neutralised).
    const stored = (await json(await api.get(`/api/v1/users?q=${encodeURIComponent(formulaUpn)}`), 200)).items[0];
    expect(stored).toMatchObject({ displayName: '=HYPERLINK("http://evil")', department: "+cmd|' /C calc'!A0" });
    const row = rows.find((r) => r.userPrincipalName === formulaUpn);
    expect(row, "the imported user is in the export").toBeDefined();
    expect(row!.displayName).toBe(`'=HYPERLINK("http://evil")`);
    expect(row!.department).toBe(`'+cmd|' /C calc'!A0`);
    for (const r of rows) for (const cell of Object.values(r)) expect(cell, "no cell of the export starts a formula").not.toMatch(/^[=+\-@\t\r]/);
  });

  test("expressions and regexes built to hang are refused or answered with a correct, bounded value", async ({ api }) => {
    const app = await json(await api.post("/api/v1/apps", { data: { templateId: "scim", displayName: `Redos ${uid()}` } }), 201);
    const displayName = `${"a".repeat(250)}!`;
    const department = "a".repeat(120);
    const user = await json(await api.post("/api/v1/users", { data: { userPrincipalName: `redos-${uid()}@contoso.test`, displayName, department } }), 201);
    const url = `/api/v1/apps/${app.id}/provisioning/expressions/test`;
    // No clock here: a loaded machine makes any threshold flaky. A backtracking engine would not answer
    // within the request timeout (20 s) at all; linear time is measured by lib/bench, not asserted.
    const evaluate = async (expression: string) => {
      const res = await api.post(url, { data: { expression, userId: user.id }, timeout: 20_000 });
      return { res, body: await res.text() };
    };
    // Catastrophic backtracking patterns that cannot match the value (linear under RE2): the value comes back unchanged.
    for (const pattern of ["(a+)+$", "(a|aa)+$", "(a*)*b", "^(([a-z])+.)+[A-Z]([a-z])+$"]) {
      const r = await evaluate(`Replace([displayName], , "${pattern.replace(/\\/g, "\\\\")}", , "x", , )`);
      expect(r.res.status(), `${pattern}: ${r.body.slice(0, 300)}`).toBe(200);
      expect(JSON.parse(r.body).value, pattern).toBe(displayName);
    }
    // One that matches: replaced, and never longer than the input.
    const matching = await evaluate(`Replace([displayName], , "(.*a){25}", , "x", , )`);
    expect(matching.res.status(), matching.body.slice(0, 300)).toBe(200);
    const replaced = JSON.parse(matching.body).value as string;
    expect(replaced).toMatch(/^[a]*x[a]*!$/);
    expect(replaced.length).toBeLessThan(displayName.length);
    // Backreferences and lookarounds are not linear: refused with a 422.
    for (const pattern of ["(a+)\\\\1", "(?=a)a", "(?<!b)a"]) {
      const r = await evaluate(`Replace([displayName], , "${pattern}", , "x", , )`);
      expect(r.res.status(), `${pattern}: ${r.body.slice(0, 300)}`).toBe(422);
    }
    // Deep nesting: refused (parser depth limit); over 10,000 characters: 400.
    const deep = `${"Trim(".repeat(1_500)}[displayName]${")".repeat(1_500)}`;
    expect(deep.length).toBeLessThanOrEqual(10_000);
    const d = await evaluate(deep);
    expect([400, 422], d.body.slice(0, 300)).toContain(d.res.status());
    const parens = await evaluate(`${"(".repeat(4_990)}[displayName]${")".repeat(4_990)}`.slice(0, 10_000));
    expect([400, 422], parens.body.slice(0, 300)).toContain(parens.res.status());
    const long = await evaluate(`Append("${"x".repeat(9_990)}", "y")`.padEnd(10_001, " "));
    expect(long.res.status(), long.body.slice(0, 300)).toBe(400);
    // Nested Joins of a 120-character attribute: exactly nine copies, not an exponential blow-up.
    const wide = await evaluate(`${"Join(\",\", [department], ".repeat(8)}[department]${")".repeat(8)}`);
    expect(wide.res.status(), wide.body.slice(0, 300)).toBe(200);
    expect(JSON.parse(wide.body).value).toBe(Array(9).fill(department).join(","));

    // Mapping PUT: a (a+)+$ scoping regex is stored (RE2 cannot backtrack), a backreference is refused.
    const mappings = await json(await api.get(`/api/v1/apps/${app.id}/provisioning/mappings`), 200);
    const doc = mappings.items[0];
    const put = (scopingFilters: unknown) => api.put(`/api/v1/apps/${app.id}/provisioning/mappings/${doc.id}`, { data: { ...doc, scopingFilters }, timeout: 20_000 });
    const okRes = await put([[{ attribute: "displayName", operator: "REGEX MATCH", value: "(a+)+$" }]]);
    expect(okRes.status(), await okRes.text()).toBe(200);
    const bad = await put([[{ attribute: "displayName", operator: "REGEX MATCH", value: "(a+)\\1" }]]);
    expect(bad.status(), await bad.text()).toBe(400);
    const huge = await put([[{ attribute: "displayName", operator: "REGEX MATCH", value: "(a+)+".repeat(2_000) }]]);
    expect(huge.status(), await huge.text()).toBe(400);
    const deepExpr = await put([[{ attribute: "displayName", operator: "EQUALS", value: "x" }]]);
    expect(deepExpr.status()).toBe(200);
    const withDeep = await api.put(`/api/v1/apps/${app.id}/provisioning/mappings/${doc.id}`, {
      data: { ...doc, scopingFilters: [], attributeMappings: [...(doc.attributeMappings as unknown[]), { type: "expression", source: null, expression: deep, constant: null, target: "nickName", defaultValue: null, matchingPrecedence: null, applyOn: "always" }] },
    });
    expect(withDeep.status(), await withDeep.text()).toBe(400);
  });

  // Issue 14 items 8 and 9: the raw request target, before Next's URL parser resolves it.
  test("dot segments, encoded slashes and bad percent-encoding in a path → 400 before routing; the app is not deleted", async ({ api, adminToken, baseURL }) => {
    const app = await json(await api.post("/api/v1/apps", { data: { templateId: "scim", displayName: `Dot segments ${uid()}` } }), 201);
    const scimToken = (await json(await api.post("/api/v1/scim-tokens", { data: { name: `dots ${uid()}` } }), 201)).token as string;
    const auth = { Authorization: `Bearer ${adminToken}` };
    const a = `/api/v1/apps/${app.id}`;
    const targets: Array<[string, string]> = [
      ["DELETE", `${a}/assignments/%2e%2e`],
      ["DELETE", `${a}/assignments/%2E%2e/`],
      ["DELETE", `${a}/assignments/..`],
      ["DELETE", `${a}/assignments/.`],
      ["DELETE", `${a}/assignments/%2e`],
      ["DELETE", `${a}/assignments/x%2f..%2f..`],
      ["DELETE", `${a}/assignments/x%5c..`],
      ["GET", `${a}/provisioning/%2e%2e/%2e%2e`],
    ];
    // bad percent-encoding (invalid hex, overlong UTF-8, surrogates, truncated sequences)
    for (const bad of ["%ff", "%C0%AF", "%ED%A0%80", "%", "%zz", "%e2%82", "%c0%ae%c0%ae", "%f0%28%8c%bc", "%80", "%fe%ff"]) targets.push(["GET", `/api/v1/users/${bad}`]);
    let hostile = 0;
    for (const [method, target] of targets) {
      const res = await rawRequest(baseURL!, method, target, auth);
      hostile++;
      expect(res.status, `${method} ${target}: ${res.text.slice(0, 200)}`).toBe(400);
      expect(res.headers["content-type"], target).toContain("application/json");
      expect(JSON.parse(res.text).error.code, target).toBe("bad_request");
      expect(res.headers["x-content-type-options"]).toBe("nosniff");
    }
    // signed out too: refused before authentication, still a 400 and not a 500 text/plain
    for (const target of ["/api/v1/users/%ff", "/users/%C0%AF", "/api/v1/apps/%2e%2e"]) {
      const res = await rawRequest(baseURL!, "GET", target);
      hostile++;
      expect(res.status, target).toBe(400);
    }
    // SCIM answers in its own error format
    for (const target of ["/scim/v2/Users/%2e%2e", "/scim/v2/Users/%ED%A0%80", "/scim/v2/Groups/a%2fb"]) {
      const res = await rawRequest(baseURL!, "DELETE", target, { Authorization: `Bearer ${scimToken}` });
      hostile++;
      expect(res.status, target).toBe(400);
      expect(res.headers["content-type"], target).toContain("application/scim+json");
      expect(JSON.parse(res.text)).toMatchObject({ schemas: [SCIM_ERROR], status: "400" });
    }
    // the app is still there
    expect((await json(await api.get(a), 200)).id).toBe(app.id);
    // a malformed router-state header on a page request: 400, not a 500
    for (const state of ["x", "%E0%A4%A", encodeURIComponent('["",{"children":1}]'), "[".repeat(5000)]) {
      const res = await rawRequest(baseURL!, "GET", "/users", { RSC: "1", "Next-Router-State-Tree": state });
      hostile++;
      expect(res.status, state.slice(0, 40)).toBe(400);
    }
    console.log(`[SECURITY][COUNT] hostile paths and router states: ${hostile}, 5xx: 0`);
  });

  test("hostile SCIM filters and PATCH paths → 4xx SCIM errors or answers, never a 5xx", async ({ api }) => {
    const created = await json(await api.post("/api/v1/scim-tokens", { data: { name: `filters ${uid()}` } }), 201);
    const h = { Authorization: `Bearer ${created.token}`, "content-type": "application/scim+json" };
    const user = await json(await api.fetch("/scim/v2/Users", { method: "POST", headers: h, data: JSON.stringify({ schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: `filters-${uid()}@contoso.test` }) }), 201);
    const filters = [
      "userName pr", "not (userName pr)", "displayName pr", "not (displayName pr)", "id pr", "externalId pr", "emails pr", "userName eq null", "userName ne null",
      'userName ne "x"', 'userName eq "\\ud800"', 'displayName co "\\udfff"', 'userName eq "\\u0000"', `${"(".repeat(3000)}userName pr${")".repeat(3000)}`.slice(0, 4096),
      `${"not (".repeat(500)}userName pr${")".repeat(500)}`, 'emails[type eq "work" and value pr]', "meta.created gt \"not a date\"", "active eq \"maybe\"",
    ];
    const failures: string[] = [];
    let runs = 0;
    for (const resource of ["Users", "Groups"]) {
      for (const f of filters) {
        const res = await api.get(`/scim/v2/${resource}?filter=${encodeURIComponent(f)}`, { headers: { Authorization: h.Authorization } });
        runs++;
        if (res.status() >= 500) failures.push(`${resource} ${f.slice(0, 60)} → ${res.status()} ${(await res.text()).slice(0, 200)}`);
        else if (res.status() >= 400) expect((await res.json()).schemas).toEqual([SCIM_ERROR]);
      }
    }
    for (const path of [`emails[${"(".repeat(3000)}type eq "work"${")".repeat(3000)}]`, `members[${"not (".repeat(1000)}value pr${")".repeat(1000)}]`, "x".repeat(20_000)]) {
      const res = await api.fetch(`/scim/v2/Users/${user.id}`, { method: "PATCH", headers: h, data: JSON.stringify({ schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "remove", path }] }) });
      runs++;
      expect(res.status(), (await res.text()).slice(0, 200)).toBe(400);
      expect(await res.json()).toMatchObject({ schemas: [SCIM_ERROR], scimType: "invalidPath" });
    }
    expect(failures).toEqual([]);
    console.log(`[SECURITY][COUNT] hostile SCIM filters and paths: ${runs}, 5xx: ${failures.length}`);
  });

  // Issue 14 item 13
  test("JSON endpoints take application/json only: text/plain, form, multipart and UTF-16 → 415, nothing written", async ({ api, request, playwright, baseURL }) => {
    test.setTimeout(90_000);
    const ops = (await operations(request)).filter((o) => o.hasJsonBody);
    const ids = await fixtureIds(api, request);
    const actor = await createAdmin(request, "global_admin", "media-actor");
    const ctx = await playwright.request.newContext({ baseURL, extraHTTPHeaders: bearer(await tokenFor(request, actor.email, actor.password)) });
    const body = JSON.stringify({ displayName: `media ${uid()}`, name: `media ${uid()}`, userPrincipalName: `media-${uid()}@contoso.test`, templateId: "scim" });
    const kinds: Array<[string, Buffer]> = [
      ["text/plain", Buffer.from(body)],
      ["text/plain;charset=UTF-8", Buffer.from(body)],
      ["application/x-www-form-urlencoded", Buffer.from(`payload=${encodeURIComponent(body)}`)],
      ["multipart/form-data; boundary=xyz", Buffer.from(`--xyz\r\nContent-Disposition: form-data; name="a"\r\n\r\n${body}\r\n--xyz--\r\n`)],
      ["application/json; charset=utf-16le", Buffer.from(body, "utf16le")],
    ];
    const failures: string[] = [];
    let runs = 0;
    try {
      for (const op of ops) {
        for (const [type, data] of kinds) {
          const res = await ctx.fetch(fillPath(op.path, ids), { method: op.method, headers: { "content-type": type }, data });
          runs++;
          if (res.status() !== 415) failures.push(`${op.method} ${op.path} as ${type} → ${res.status()} ${(await res.text()).slice(0, 160)}`);
          else expect((await res.json()).error.code).toBe("unsupported_media_type");
        }
      }
    } finally {
      await ctx.dispose();
    }
    expect(failures).toEqual([]);
    expect(await auditCount(actor.id), "audit entries written through wrong media types").toBe(0);
    // SCIM: application/scim+json or application/json
    const scimToken = (await json(await api.post("/api/v1/scim-tokens", { data: { name: `media ${uid()}` } }), 201)).token as string;
    for (const [type, data] of [...kinds, ["(none)", Buffer.from(body)] as [string, Buffer]]) {
      const res = await request.fetch("/scim/v2/Users", { method: "POST", headers: { Authorization: `Bearer ${scimToken}`, ...(type === "(none)" ? {} : { "content-type": type }) }, data });
      runs++;
      expect(res.status(), `SCIM as ${type}`).toBe(415);
      expect((await res.json()).schemas).toEqual([SCIM_ERROR]);
    }
    console.log(`[SECURITY][COUNT] wrong media types: ${runs}, accepted: ${failures.length}`);
  });
});
