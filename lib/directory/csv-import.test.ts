// CSV import against a real Postgres: bad rows fail alone with their line
// numbers, nothing is half-written, existing users (by UPN, any case) are updated.
import { randomUUID } from "node:crypto";
import { parse } from "csv-parse/sync";
import { afterAll, describe, expect, it } from "vitest";
import type { Actor } from "../auth/roles";
import { db, disconnectDb } from "../db";
import { currentSeq, readChanges } from "./change-feed";
import { importUsersCsv } from "./csv-import";
import { exportUsersCsv } from "./csv-export";
import { createUser, findUserByUpn } from "./users";

const actor: Actor = { id: "csv-test", email: "csv-test@provisio.test", name: "CSV test", role: "app_admin", via: "system" };

afterAll(async () => {
  await disconnectDb();
});

describe("CSV import", () => {
  it("imports good rows, fails bad ones alone with their line numbers, and writes nothing of a bad row", async () => {
    const t = randomUUID().slice(0, 8);
    const existing = await createUser(actor, { userPrincipalName: `Existing-${t}@csv.example.com`, displayName: "Before", jobTitle: "Keeps" });
    const w = await currentSeq();
    const csv = [
      "userPrincipalName,displayName,mail,accountEnabled,department,extensionAttribute3",
      `ok1-${t}@csv.example.com,Ok One,ok1-${t}@csv.example.com,true,Sales,E3`, // line 2
      `not-an-upn-${t},Bad UPN,,true,,`, // line 3
      `ok2-${t}@csv.example.com,"Two, with comma",,no,,`, // line 4
      `bad-mail-${t}@csv.example.com,Bad mail,not-an-email,,,`, // line 5
      `existing-${t}@CSV.example.com,After,,,Engineering,`, // line 6: updates by UPN, case-insensitive
      `ok1-${t}@csv.example.com,Duplicate,,,,`, // line 7
      `too-few-${t}@csv.example.com,x`, // line 8
      `flag-${t}@csv.example.com,Flag,,maybe,,`, // line 9
      `long-${t}@csv.example.com,${"x".repeat(300)},,,,`, // line 10
    ].join("\n");
    const r = await importUsersCsv(actor, csv);
    expect(r.created).toBe(2);
    expect(r.updated).toBe(1);
    expect(r.failed.map((f) => f.line)).toEqual([3, 5, 7, 8, 9, 10]);
    expect(r.failed.find((f) => f.line === 3)?.message).toMatch(/userPrincipalName/);
    expect(r.failed.find((f) => f.line === 5)?.message).toMatch(/mail/);
    expect(r.failed.find((f) => f.line === 7)?.message).toMatch(/line 2/);
    expect(r.failed.find((f) => f.line === 9)?.message).toMatch(/accountEnabled/);
    expect(r.failed.find((f) => f.line === 10)?.message).toMatch(/displayName/);

    const ok1 = await findUserByUpn(`ok1-${t}@csv.example.com`);
    expect(ok1).toMatchObject({ displayName: "Ok One", department: "Sales", accountEnabled: true, extensionAttributes: { extensionAttribute3: "E3" } });
    expect(await findUserByUpn(`ok2-${t}@csv.example.com`)).toMatchObject({ displayName: "Two, with comma", accountEnabled: false });
    // empty cells leave stored values alone
    expect(await findUserByUpn(existing.userPrincipalName)).toMatchObject({ id: existing.id, displayName: "After", department: "Engineering", jobTitle: "Keeps" });
    for (const bad of [`not-an-upn-${t}`, `bad-mail-${t}@csv.example.com`, `too-few-${t}@csv.example.com`, `flag-${t}@csv.example.com`, `long-${t}@csv.example.com`]) {
      expect(await db.directoryUser.count({ where: { upnKey: bad.toLowerCase() } })).toBe(0);
    }
    // the imported users are in the change feed
    const { changes } = await readChanges(w, 100);
    expect(changes.map((c) => c.id)).toEqual(expect.arrayContaining([ok1!.id, existing.id]));

    // importing the same file again changes nothing (no updates, no feed entries)
    const w2 = await currentSeq();
    const again = await importUsersCsv(actor, csv);
    expect(again.created).toBe(0);
    expect(again.updated).toBe(0);
    expect((await readChanges(w2, 10)).changes).toEqual([]);
  });

  it("rejects a file whose header has an unknown column or no userPrincipalName, naming it", async () => {
    await expect(importUsersCsv(actor, "userPrincipalName,favouriteColour\na@b.example.com,blue")).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/favouriteColour/) });
    await expect(importUsersCsv(actor, "displayName\nNo UPN")).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/userPrincipalName/) });
    await expect(importUsersCsv(actor, "")).rejects.toMatchObject({ status: 400 });
    await expect(importUsersCsv(actor, 'userPrincipalName\n"unterminated@x.example.com')).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/not valid CSV/) });
  });

  it("reports line numbers shifted by lineOffset and checks managerId", async () => {
    const t = randomUUID().slice(0, 8);
    const boss = await createUser(actor, { userPrincipalName: `boss-${t}@csv.example.com` });
    const r = await importUsersCsv(actor, `userPrincipalName,managerId\nr1-${t}@csv.example.com,${boss.id}\nr2-${t}@csv.example.com,no-such-user`, { lineOffset: 1000 });
    expect(r.created).toBe(1);
    expect(r.failed).toEqual([{ line: 1003, message: expect.stringMatching(/managerId/) }]);
    expect((await findUserByUpn(`r1-${t}@csv.example.com`))?.managerId).toBe(boss.id);
  });

  it("exports a CSV that imports back unchanged, every value carried (formula-like ones too)", async () => {
    const t = randomUUID().slice(0, 8);
    const values = { displayName: 'Quote "me", please', jobTitle: "=HYPERLINK(\"http://evil.example\",\"x\")", department: "+1+cmd|' /C calc'!A0", employeeId: "-42", givenName: "@SUM(1+1)", surname: "'quoted" };
    const u = await createUser(actor, { userPrincipalName: `rt-${t}@csv.example.com`, ...values, extensionAttributes: { costCenter: "42" } });
    let csv = "";
    for await (const chunk of exportUsersCsv()) csv += chunk;
    expect(csv.split("\n")[0]).toMatch(/^id,userPrincipalName,displayName/);
    // No cell of the export starts a formula in a spreadsheet.
    const mine = (parse(csv, { columns: true }) as Record<string, string>[]).find((r) => r.id === u.id);
    expect(mine).toMatchObject({ jobTitle: `'${values.jobTitle}`, department: `'${values.department}`, employeeId: "'-42", givenName: "'@SUM(1+1)", surname: "''quoted", displayName: values.displayName });
    // Blank the user's values, then import the export: it must put every value back exactly.
    await db.directoryUser.update({ where: { id: u.id }, data: { displayName: "x", jobTitle: "x", department: "x", employeeId: "x", givenName: "x", surname: "x", extensionAttributes: { costCenter: "x" } } });
    const r = await importUsersCsv(actor, csv);
    expect(r.failed).toEqual([]);
    expect(r.created).toBe(0);
    expect(r.updated).toBeGreaterThanOrEqual(1);
    expect(await findUserByUpn(u.userPrincipalName)).toMatchObject({ ...values, extensionAttributes: { costCenter: "42" } });
    // …and importing it once more changes nothing.
    const again = await importUsersCsv(actor, csv);
    expect(again.updated).toBe(0);
  });
});
