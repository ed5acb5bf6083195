// The catalogues agree (issue 18): every key exists in every language, and every message uses the
// same ICU arguments (names and kinds: plain, number, date, plural, select…) and tags in every
// language, so a translation can neither lose a value nor ask for one the code does not pass.
import fs from "node:fs";
import path from "node:path";
import { parse, TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import { describe, expect, it } from "vitest";
import { LOCALES, DEFAULT_LOCALE } from "./locales";
import { loadMessages, NAMESPACES } from "./messages";

type Tree = { [k: string]: string | Tree };

function flatten(tree: Tree, prefix = "", out = new Map<string, string>()): Map<string, string> {
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === "string") out.set(key, v);
    else flatten(v, key, out);
  }
  return out;
}

const KIND: Partial<Record<TYPE, string>> = {
  [TYPE.argument]: "",
  [TYPE.number]: "number",
  [TYPE.date]: "date",
  [TYPE.time]: "time",
  [TYPE.select]: "select",
  [TYPE.plural]: "plural",
  [TYPE.tag]: "tag",
};

/** The set of "name:kind" an ICU message uses, plural/select options' bodies included. */
export function placeholders(message: string): string[] {
  const found = new Set<string>();
  const walk = (els: MessageFormatElement[]) => {
    for (const el of els) {
      if (el.type === TYPE.literal || el.type === TYPE.pound) continue;
      found.add(`${el.value}:${KIND[el.type] ?? el.type}`);
      if (el.type === TYPE.tag) walk(el.children);
      if (el.type === TYPE.plural || el.type === TYPE.select) for (const o of Object.values(el.options)) walk(o.value);
    }
  };
  walk(parse(message));
  return [...found].sort();
}

const dir = path.join(__dirname, "messages");
const catalogues = Object.fromEntries(LOCALES.map((l) => [l, flatten(loadMessages(l) as unknown as Tree)]));

describe("[I18N] message catalogues", () => {
  it("the placeholder parser sees names, kinds, plural branches and tags", () => {
    expect(placeholders("Hello {name}, {n, plural, one {# file} other {# files of {owner}}} at {at, date, short} <b>now</b>")).toEqual(["at:date", "b:tag", "n:plural", "name:", "owner:"]);
    expect(placeholders("no arguments")).toEqual([]);
  });

  it("every namespace has one JSON file per language, and index.ts loads all of them", () => {
    for (const l of LOCALES) {
      const files = fs.readdirSync(path.join(dir, l)).filter((f) => f.endsWith(".json")).map((f) => f.slice(0, -5)).sort();
      expect(files, l).toEqual([...NAMESPACES].sort());
      for (const ns of files) expect(JSON.parse(fs.readFileSync(path.join(dir, l, `${ns}.json`), "utf8")), `${l}/${ns}`).toEqual(loadMessages(l)[ns as keyof ReturnType<typeof loadMessages>]);
    }
  });

  it("every key exists in every language", () => {
    const ref = catalogues[DEFAULT_LOCALE]!;
    for (const l of LOCALES) {
      const cat = catalogues[l]!;
      expect([...ref.keys()].filter((k) => !cat.has(k)), `keys missing from ${l}`).toEqual([]);
      expect([...cat.keys()].filter((k) => !ref.has(k)), `keys in ${l} only`).toEqual([]);
    }
  });

  it("every message is non-empty valid ICU and uses the same placeholders in every language", () => {
    const problems: string[] = [];
    for (const [key, en] of catalogues[DEFAULT_LOCALE]!) {
      let want: string[];
      try {
        want = placeholders(en);
      } catch (e) {
        problems.push(`${DEFAULT_LOCALE} ${key}: not valid ICU (${(e as Error).message})`);
        continue;
      }
      for (const l of LOCALES) {
        const msg = catalogues[l]!.get(key);
        if (msg === undefined) continue;
        if (msg.trim() === "") problems.push(`${l} ${key}: empty`);
        try {
          const got = placeholders(msg);
          if (JSON.stringify(got) !== JSON.stringify(want)) problems.push(`${l} ${key}: placeholders ${JSON.stringify(got)} ≠ ${JSON.stringify(want)}`);
        } catch (e) {
          problems.push(`${l} ${key}: not valid ICU (${(e as Error).message})`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it("keys within each catalogue file are sorted (merges of parallel work stay clean)", () => {
    const unsorted: string[] = [];
    const check = (tree: Tree, where: string) => {
      const keys = Object.keys(tree);
      const sorted = [...keys].sort();
      if (JSON.stringify(keys) !== JSON.stringify(sorted)) unsorted.push(where);
      for (const [k, v] of Object.entries(tree)) if (typeof v !== "string") check(v, `${where}.${k}`);
    };
    for (const l of LOCALES) for (const ns of NAMESPACES) if (["common"].includes(ns)) check(loadMessages(l)[ns] as unknown as Tree, `${l}/${ns}`);
    expect(unsorted).toEqual([]);
  });
});
