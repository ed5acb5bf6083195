// Every function of Entra's expression language, with Microsoft's documented
// semantics (1-based indexes, case-sensitive comparisons, null handling), and the
// reference list the editor shows. Decisions where the docs are silent are noted
// next to the function.
import type { CallNode, ExprNode } from "./parser";
import { addMonths, adNumberFromDate, dateFromAdNumber, formatDotNet, formatEntraDate, parseDotNet } from "./datetime";
import { type CompiledRegex, compileRegex, expandReplacement, regexGroupNames, regexMatches } from "./regex";
import {
  asBoolean,
  asDate,
  asInteger,
  asList,
  asString,
  type AppRoleAssignment,
  type ExprValue,
  ExpressionRuntimeError,
  IgnoreFlowSignal,
  isNullish,
  isRole,
} from "./values";

/** An argument, evaluated on first use (IIF, Switch and Coalesce only evaluate what they need). */
export type LazyArg = { present: boolean; node: ExprNode | null; value: () => ExprValue };

export type EvalState = {
  now: () => Date;
  random: () => number;
  /** SelectUniqueValue's uniqueness check; absent means every candidate is unique. */
  isUnique?: (value: string) => boolean;
  /** Set when Redact() was used, so logs show "[Redact]" instead of the value. */
  redacted: boolean;
  /** Counts work; the evaluator stops when the budget is spent. */
  tick: (n?: number) => void;
};

type Impl = (args: LazyArg[], st: EvalState, call: CallNode) => ExprValue;

export type FunctionParam = { name: string; optional?: boolean; repeating?: boolean; description?: string };

export type FunctionDef = {
  name: string;
  params: FunctionParam[];
  description: string;
  example: string;
  impl: Impl;
  /** Entra requires SelectUniqueValue at the top level of the expression. */
  topLevelOnly?: boolean;
  /** Extra arity rule, e.g. Switch's key/value pairs. */
  checkArgs?: (argCount: number) => string | null;
};

const str = (a: LazyArg | undefined, what: string) => (a && a.present ? asString(a.value(), what) : null);
const int = (a: LazyArg | undefined, what: string) => (a && a.present ? asInteger(a.value(), what) : null);
const fail = (msg: string): never => {
  throw new ExpressionRuntimeError(msg);
};

function requireArg<T>(v: T | null, what: string): T {
  if (v === null) fail(`${what} is required`);
  return v as T;
}

const INTERVALS = ["yyyy", "q", "m", "d", "ww", "w", "h", "n", "s"] as const;
function interval(a: LazyArg | undefined, fn: string): string {
  const v = requireArg(str(a, `${fn} interval`), `${fn} interval`);
  const k = v.trim().toLowerCase();
  if (!(INTERVALS as readonly string[]).includes(k)) {
    fail(`${fn} interval must be one of yyyy, m, d, ww, h, n, s (got "${v}")`);
  }
  return k;
}

const MS = { s: 1000, n: 60_000, h: 3_600_000, d: 86_400_000, w: 86_400_000, ww: 604_800_000 } as const;

// NormalizeDiacritics: Microsoft's table, beyond what Unicode decomposition does.
const DIACRITIC_SPECIALS: Record<string, string> = {
  æ: "ae", Æ: "AE", ǣ: "ae", Ǣ: "AE", ø: "oe", Ø: "OE", œ: "oe", Œ: "OE", ß: "ss",
  ł: "l", Ł: "L", ı: "i", đ: "d", Đ: "D", ħ: "h", Ħ: "H",
};

function normalizeDiacritics(s: string): string {
  let out = "";
  for (const ch of s.normalize("NFC")) out += DIACRITIC_SPECIALS[ch] ?? ch;
  return out.normalize("NFD").replace(/[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g, "").normalize("NFC");
}

/** .NET ToTitleCase-like word boundary: anything that is not a letter, digit, mark or apostrophe. */
const DEFAULT_WORD_CHAR = /[\p{L}\p{N}\p{M}'’]/u;

function pcase(s: string, separators: string | null): string {
  let out = "";
  let startOfWord = true;
  for (const ch of s) {
    const isSep = separators !== null ? separators.includes(ch) : !DEFAULT_WORD_CHAR.test(ch);
    if (isSep) {
      out += ch;
      startOfWord = true;
    } else {
      out += startOfWord ? ch.toUpperCase() : ch.toLowerCase();
      startOfWord = false;
    }
  }
  return out;
}

function caseWithCulture(s: string, culture: string | null, upper: boolean): string {
  if (!culture) return upper ? s.toUpperCase() : s.toLowerCase();
  try {
    return upper ? s.toLocaleUpperCase(culture) : s.toLocaleLowerCase(culture);
  } catch {
    return fail(`Unknown culture "${culture}"; use a name like en-US or tr-TR`);
  }
}

const SPECIAL_CHARS = "~!@#$%^&*_-+=`|\\(){}[]:;\"'<>,.?/";

function randomString(args: LazyArg[], st: EvalState): string {
  const n = (i: number, what: string) => requireArg(int(args[i], `RandomString ${what}`), `RandomString ${what}`);
  const length = n(0, "Length");
  const mins = [n(1, "MinimumNumbers"), n(2, "MinimumSpecialCharacters"), n(3, "MinimumCapital"), n(4, "MinimumLowerCase")];
  const avoid = str(args[5], "RandomString CharactersToAvoid") ?? "";
  if (length < 1 || length > 256) fail("RandomString Length must be between 1 and 256");
  if (mins.some((m) => m < 0)) fail("RandomString minimums cannot be negative");
  if (mins.reduce((a, b) => a + b, 0) > length) fail("RandomString Length is smaller than the sum of the minimums");
  const pools = ["0123456789", SPECIAL_CHARS, "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz"].map((p) =>
    [...p].filter((c) => !avoid.includes(c)).join(""),
  );
  const pick = (pool: string) => pool[Math.floor(st.random() * pool.length) % pool.length]!;
  const chars: string[] = [];
  mins.forEach((m, i) => {
    const pool = pools[i]!;
    if (m > 0 && !pool) fail("RandomString CharactersToAvoid removes every character of a required kind");
    for (let k = 0; k < m; k++) chars.push(pick(pool));
  });
  const all = pools.join("");
  if (!all) fail("RandomString CharactersToAvoid removes every character");
  while (chars.length < length) chars.push(pick(all));
  for (let i = chars.length - 1; i > 0; i--) {
    const j = Math.floor(st.random() * (i + 1)) % (i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join("");
}

function guid(st: EvalState): string {
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(st.random() * 16).toString(16)).join("");
  const variant = "89ab"[Math.floor(st.random() * 4) % 4];
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${variant}${hex(3)}-${hex(12)}`;
}

function regexOrFail(pattern: string): CompiledRegex {
  const r = compileRegex(pattern);
  if (!r.ok) return fail(r.message);
  return r.regex;
}

function replace(args: LazyArg[], st: EvalState): ExprValue {
  const has = (i: number) => args[i]?.present === true;
  const source = str(args[0], "Replace source");
  if (has(2)) {
    const regex = regexOrFail(requireArg(str(args[2], "Replace regexPattern"), "Replace regexPattern"));
    const names = regexGroupNames(regex);
    const groupName = has(3) ? str(args[3], "Replace regexGroupName") : null;
    if (groupName !== null && !names.includes(groupName)) fail(`Replace regexGroupName "${groupName}" is not a named group of the pattern`);
    if (groupName !== null && has(5)) {
      // Source wins when it has a value; otherwise extract the group from the other attribute.
      if (source !== null && source !== "") return source;
      const other = str(args[5], "Replace replacementAttributeName");
      if (other === null) return null;
      st.tick(other.length);
      for (const m of regexMatches(regex, other)) {
        const g = m.group(groupName);
        if (g.text !== null) return g.text;
      }
      return null;
    }
    if (source === null) return null;
    st.tick(source.length);
    const replacement = str(args[4], "Replace replacementValue") ?? "";
    let out = "";
    let last = 0;
    for (const m of regexMatches(regex, source)) {
      st.tick();
      if (groupName !== null) {
        const g = m.group(groupName);
        if (g.start < 0) continue;
        out += source.slice(last, g.start) + replacement;
        last = g.end;
      } else {
        out += source.slice(last, m.start) + expandReplacement(replacement, m, names);
        last = m.end;
      }
    }
    return out + source.slice(last);
  }
  if (has(1)) {
    const oldValue = requireArg(str(args[1], "Replace oldValue"), "Replace oldValue");
    if (has(6)) {
      const template = str(args[6], "Replace template");
      if (template === null || source === null) return null;
      return oldValue === "" ? template : template.split(oldValue).join(source);
    }
    if (source === null) return null;
    const replacement = str(args[4], "Replace replacementValue") ?? "";
    return oldValue === "" ? source : source.split(oldValue).join(replacement);
  }
  return fail("Replace needs either oldValue (argument 2) or regexPattern (argument 3)");
}

/**
 * VB DateDiff: counts interval boundaries crossed between the two instants (UTC),
 * so "d" is calendar days and "ww" counts Sundays — Microsoft's table gives -493
 * weeks for 8/25/2021 5:41:18 PM → 2012-03-16-07:00, not the elapsed -492.
 */
function dateDiff(kind: string, d1: Date, d2: Date): number {
  const t1 = d1.getTime();
  const t2 = d2.getTime();
  const boundaries = (unit: number, shift = 0) => Math.floor((t2 + shift) / unit) - Math.floor((t1 + shift) / unit);
  switch (kind) {
    case "yyyy":
      return d2.getUTCFullYear() - d1.getUTCFullYear();
    case "q":
      return Math.floor(d2.getUTCMonth() / 3) - Math.floor(d1.getUTCMonth() / 3) + (d2.getUTCFullYear() - d1.getUTCFullYear()) * 4;
    case "m":
      return (d2.getUTCFullYear() - d1.getUTCFullYear()) * 12 + d2.getUTCMonth() - d1.getUTCMonth();
    case "w":
      // "w" is whole weeks elapsed (VB), truncated toward zero.
      return Math.trunc((t2 - t1) / MS.ww);
    case "ww":
      // 1970-01-01 was a Thursday: shifting by 4 days puts week boundaries on Sundays.
      return boundaries(MS.ww, 4 * MS.d);
    default:
      return boundaries(MS[kind as "s" | "n" | "h" | "d"]);
  }
}

function dateAdd(kind: string, n: number, d: Date): Date {
  switch (kind) {
    case "yyyy":
      return addMonths(d, n * 12);
    case "q":
      return addMonths(d, n * 3);
    case "m":
      return addMonths(d, n);
    default:
      return new Date(d.getTime() + n * MS[kind as keyof typeof MS]);
  }
}

function roles(v: ExprValue, fn: string): AppRoleAssignment[] {
  const items = asList(v);
  if (!items.every(isRole)) fail(`${fn} expects [appRoleAssignments]`);
  return items as AppRoleAssignment[];
}

const p = (name: string, extra: Partial<FunctionParam> = {}): FunctionParam => ({ name, ...extra });
const opt = (name: string) => p(name, { optional: true });

const DEFS: FunctionDef[] = [
  {
    name: "Append",
    params: [p("source"), p("suffix")],
    description: "Appends suffix to the end of source. Null source gives null; a null suffix leaves source unchanged.",
    example: 'Append([userPrincipalName], ".test")',
    impl: (a) => {
      const s = str(a[0], "Append source");
      if (s === null) return null;
      return s + (str(a[1], "Append suffix") ?? "");
    },
  },
  {
    name: "AppRoleAssignmentsComplex",
    params: [p("appRoleAssignments")],
    description: "All app roles assigned to the user, as a multi-valued roles attribute (value and display are the role name).",
    example: "AppRoleAssignmentsComplex([appRoleAssignments])",
    impl: (a) => roles(a[0]!.value(), "AppRoleAssignmentsComplex"),
  },
  {
    name: "BitAnd",
    params: [p("value1"), p("value2")],
    description: "Bitwise AND of two integers (hex literals like &HF are accepted).",
    example: "BitAnd(&HF, &HF7)",
    impl: (a) => {
      const x = int(a[0], "BitAnd value1");
      const y = int(a[1], "BitAnd value2");
      if (x === null || y === null) return null;
      return Number(BigInt.asIntN(64, BigInt(x) & BigInt(y)));
    },
  },
  {
    name: "CBool",
    params: [p("expression")],
    description: "True when the expression is true or a non-zero number, otherwise False. Null gives False.",
    example: "CBool([attribute1] = [attribute2])",
    impl: (a) => asBoolean(a[0]!.value(), "CBool") ?? false,
  },
  {
    name: "CDate",
    params: [p("expression")],
    description: "Reads a date string (ISO 8601, with or without offset, or M/d/yyyy h:mm:ss tt) as a UTC DateTime.",
    example: 'CDate("2009-06-15T01:45:30-07:00")',
    impl: (a) => asDate(a[0]!.value(), "CDate"),
  },
  {
    name: "Coalesce",
    params: [p("source", { repeating: true }), opt("defaultValue")],
    description: "The first argument that is not null (the last argument acts as the default value).",
    example: "Coalesce([mail], [userPrincipalName])",
    impl: (a) => {
      for (const arg of a) {
        if (!arg.present) continue;
        const v = arg.value();
        if (!isNullish(v)) return v;
      }
      return null;
    },
  },
  {
    name: "ConvertToBase64",
    params: [p("source")],
    description: "Base64 of the string's UTF-16LE bytes (.NET Encoding.Unicode).",
    example: 'ConvertToBase64("Hello world!")',
    impl: (a) => {
      const s = str(a[0], "ConvertToBase64");
      if (s === null) return null;
      const bytes = new Uint8Array(s.length * 2);
      for (let i = 0; i < s.length; i++) {
        const c = s.charCodeAt(i);
        bytes[2 * i] = c & 0xff;
        bytes[2 * i + 1] = c >> 8;
      }
      let bin = "";
      for (const b of bytes) bin += String.fromCharCode(b);
      return btoa(bin);
    },
  },
  {
    name: "ConvertToUTF8Hex",
    params: [p("source")],
    description: "The string's UTF-8 bytes as upper-case hex.",
    example: 'ConvertToUTF8Hex("Hello world!")',
    impl: (a) => {
      const s = str(a[0], "ConvertToUTF8Hex");
      if (s === null) return null;
      return Array.from(new TextEncoder().encode(s), (b) => b.toString(16).toUpperCase().padStart(2, "0")).join("");
    },
  },
  {
    name: "Count",
    params: [p("attribute")],
    description: "The number of values of a multi-valued attribute (0 when absent).",
    example: "Count([appRoleAssignments])",
    impl: (a) => asList(a[0]!.value()).length,
  },
  {
    name: "CStr",
    params: [p("value")],
    description: 'Converts a number, boolean ("True"/"False") or reference to a string.',
    example: "CStr([accountEnabled])",
    impl: (a) => str(a[0], "CStr"),
  },
  {
    name: "DateAdd",
    params: [p("interval"), p("value"), p("dateTime")],
    description: "Adds value intervals (yyyy, m, d, ww, h, n, s) to dateTime; shown as M/d/yyyy h:mm:ss tt.",
    example: 'DateAdd("d", 7, CDate([extensionAttribute1]))',
    impl: (a) => {
      const kind = interval(a[0], "DateAdd");
      const n = int(a[1], "DateAdd value");
      const d = a[2]!.present ? asDate(a[2]!.value(), "DateAdd dateTime") : null;
      if (n === null || d === null) return null;
      const out = dateAdd(kind, n, d);
      if (Number.isNaN(out.getTime())) fail("DateAdd result is out of range");
      return out;
    },
  },
  {
    name: "DateDiff",
    params: [p("interval"), p("date1"), p("date2")],
    description: "date2 − date1 in the interval (yyyy, m, d, ww, h, n, s); positive when date2 is later.",
    example: 'DateDiff("d", Now(), CDate([extensionAttribute1]))',
    impl: (a) => {
      const kind = interval(a[0], "DateDiff");
      const d1 = asDate(a[1]!.value(), "DateDiff date1");
      const d2 = asDate(a[2]!.value(), "DateDiff date2");
      if (d1 === null || d2 === null) return null;
      return dateDiff(kind, d1, d2);
    },
  },
  {
    name: "DateFromNum",
    params: [p("value")],
    description: "Converts an Active Directory date number (100 ns ticks since 1601) to a DateTime.",
    example: "DateFromNum(129699324000000000)",
    impl: (a) => {
      const v = a[0]!.value();
      if (isNullish(v)) return null;
      const s = asString(v, "DateFromNum")!.trim();
      if (!/^-?\d+$/.test(s) && typeof v !== "number") fail(`DateFromNum expects a whole number but got "${s}"`);
      const big = typeof v === "number" ? BigInt(Math.trunc(v)) : BigInt(s);
      const d = dateFromAdNumber(big);
      if (Number.isNaN(d.getTime())) fail("DateFromNum value is out of range");
      return d;
    },
  },
  {
    name: "FormatDateTime",
    params: [p("source"), opt("dateTimeStyles"), p("inputFormat"), p("outputFormat")],
    description: "Re-formats a date string using .NET custom date format strings (e.g. yyyyMMddHHmmss.fZ → yyyy-MM-dd). Offsets are converted to UTC.",
    example: 'FormatDateTime([extensionAttribute1], , "yyyyMMddHHmmss.fZ", "yyyy-MM-dd")',
    impl: (a) => {
      const src = a[0]!.value();
      if (isNullish(src)) return null;
      const styles = str(a[1], "FormatDateTime dateTimeStyles");
      if (styles) checkDateTimeStyles(styles);
      const outFmt = requireArg(str(a[3], "FormatDateTime outputFormat"), "FormatDateTime outputFormat");
      let d: Date;
      if (src instanceof Date) d = src;
      else {
        const inFmt = requireArg(str(a[2], "FormatDateTime inputFormat"), "FormatDateTime inputFormat");
        try {
          d = parseDotNet(asString(src, "FormatDateTime source")!, inFmt);
        } catch (e) {
          return fail(`FormatDateTime: ${(e as Error).message}`);
        }
      }
      try {
        return formatDotNet(d, outFmt);
      } catch (e) {
        return fail(`FormatDateTime: ${(e as Error).message}`);
      }
    },
  },
  {
    name: "Guid",
    params: [],
    description: "A new random GUID.",
    example: "Guid()",
    impl: (_a, st) => guid(st),
  },
  {
    name: "IgnoreFlowIfNullOrEmpty",
    params: [p("expression")],
    description: "Drops the target attribute from the flow when the expression is null or empty.",
    example: "IgnoreFlowIfNullOrEmpty([department])",
    impl: (a) => {
      const v = a[0]!.value();
      if (isNullish(v) || v === "") throw new IgnoreFlowSignal();
      return v;
    },
  },
  {
    name: "IIF",
    params: [p("condition"), p("valueIfTrue"), p("valueIfFalse")],
    description: 'valueIfTrue when condition is true, else valueIfFalse. Conditions may compare with =, <>, <, <=, >, >= (a comparison with a null side is false).',
    example: 'IIF([country]="USA", [country], [department])',
    impl: (a) => {
      const c = asBoolean(a[0]!.value(), "IIF condition");
      return c === true ? a[1]!.value() : a[2]!.value();
    },
  },
  {
    name: "InStr",
    params: [p("value1"), p("value2"), opt("start"), opt("compareType")],
    description: "1-based position of value2 in value1 (0 when not found); compareType vbTextCompare ignores case.",
    example: 'InStr("repEated", "e", 3, vbBinaryCompare)',
    impl: (a) => {
      const hay = str(a[0], "InStr value1");
      const needle = str(a[1], "InStr value2");
      if (hay === null || needle === null) return null;
      const start = int(a[2], "InStr start") ?? 1;
      if (start < 1) fail("InStr start must be 1 or greater");
      const cmp = (str(a[3], "InStr compareType") ?? "vbBinaryCompare").toLowerCase();
      if (cmp !== "vbbinarycompare" && cmp !== "vbtextcompare" && cmp !== "0" && cmp !== "1") {
        fail("InStr compareType must be vbBinaryCompare or vbTextCompare");
      }
      const text = cmp === "vbtextcompare" || cmp === "1";
      const h = text ? hay.toLowerCase() : hay;
      const n = text ? needle.toLowerCase() : needle;
      if (start > hay.length + 1) return 0;
      return h.indexOf(n, start - 1) + 1;
    },
  },
  {
    name: "IsNull",
    params: [p("expression")],
    description: "True when the expression is null (an absent attribute).",
    example: "IsNull([displayName])",
    impl: (a) => isNullish(a[0]!.value()),
  },
  {
    name: "IsNullOrEmpty",
    params: [p("expression")],
    description: "True when the expression is null or an empty string.",
    example: "IsNullOrEmpty([displayName])",
    impl: (a) => {
      const v = a[0]!.value();
      return isNullish(v) || v === "";
    },
  },
  {
    name: "IsPresent",
    params: [p("expression")],
    description: "True when the expression is neither null nor an empty string (the inverse of IsNullOrEmpty).",
    example: "Switch(IsPresent([manager]), \"none\", \"True\", [manager])",
    impl: (a) => {
      const v = a[0]!.value();
      return !(isNullish(v) || v === "");
    },
  },
  {
    name: "IsString",
    params: [p("expression")],
    description: "True when the expression evaluates to a string.",
    example: "IsString([employeeId])",
    impl: (a) => typeof a[0]!.value() === "string",
  },
  {
    name: "Item",
    params: [p("attribute"), p("index")],
    description: "The index-th value (1-based) of a multi-valued attribute; null when out of range.",
    example: "Item([proxyAddresses], 1)",
    impl: (a) => {
      const items = asList(a[0]!.value());
      const i = int(a[1], "Item index");
      if (i === null) return null;
      return items[i - 1] ?? null;
    },
  },
  {
    name: "Join",
    params: [p("separator"), p("source", { repeating: true })],
    description: "Joins the values (multi-valued attributes contribute every value) with separator; null and empty values are skipped. Null when nothing is left.",
    example: 'Join(" ", [givenName], [surname])',
    impl: (a, st) => {
      const sep = str(a[0], "Join separator") ?? "";
      const parts: string[] = [];
      for (const arg of a.slice(1)) {
        if (!arg.present) continue;
        for (const item of asList(arg.value())) {
          const s = asString(item, "Join source");
          if (s !== null && s !== "") parts.push(s);
        }
      }
      st.tick(parts.length);
      return parts.length ? parts.join(sep) : null;
    },
  },
  {
    name: "Left",
    params: [p("string"), p("numChars")],
    description: "The first numChars characters (0 gives \"\", a negative count gives the whole string, null gives \"\").",
    example: 'Left("John Doe", 3)',
    impl: (a) => {
      const s = str(a[0], "Left string");
      const n = int(a[1], "Left numChars");
      if (s === null) return "";
      if (n === null || n < 0) return s;
      return [...s].slice(0, n).join("");
    },
  },
  {
    name: "Mid",
    params: [p("source"), p("start"), p("length")],
    description: "The substring starting at start (1-based) with up to length characters.",
    example: "Mid([givenName], 1, 3)",
    impl: (a) => {
      const s = str(a[0], "Mid source");
      const start = int(a[1], "Mid start");
      const len = int(a[2], "Mid length");
      if (s === null || start === null || len === null) return null;
      if (start < 1) fail("Mid start must be 1 or greater (the first character is 1)");
      if (len < 0) fail("Mid length cannot be negative");
      return [...s].slice(start - 1, start - 1 + len).join("");
    },
  },
  {
    name: "NormalizeDiacritics",
    params: [p("source")],
    description: "Replaces accented characters with plain ones (Zoë → Zoe, æ → ae, ß → ss).",
    example: "NormalizeDiacritics([givenName])",
    impl: (a) => {
      const s = str(a[0], "NormalizeDiacritics");
      return s === null ? null : normalizeDiacritics(s);
    },
  },
  {
    name: "Not",
    params: [p("source")],
    description: "False when source is True (boolean or \"True\"), otherwise True. Returns a boolean.",
    example: "Not([IsSoftDeleted])",
    impl: (a) => {
      const v = a[0]!.value();
      const isTrue = v === true || (typeof v === "string" && v.trim().toLowerCase() === "true");
      return !isTrue;
    },
  },
  {
    name: "Now",
    params: [],
    description: "The current UTC date and time (M/d/yyyy h:mm:ss tt).",
    example: "Now()",
    impl: (_a, st) => st.now(),
  },
  {
    name: "NumFromDate",
    params: [p("value")],
    description: "Converts a date to the Active Directory number format (e.g. for accountExpires); returned as a string of digits.",
    example: 'NumFromDate(Join("", FormatDateTime([extensionAttribute1], , "yyyy-MM-ddzzz", "yyyy-MM-dd"), " 23:59:59-08:00"))',
    impl: (a) => {
      const d = asDate(a[0]!.value(), "NumFromDate");
      return d === null ? null : adNumberFromDate(d).toString();
    },
  },
  {
    name: "PCase",
    params: [p("source"), opt("wordSeparators")],
    description: "Proper case: first letter of each word upper case, the rest lower case. wordSeparators lists the characters that split words.",
    example: `PCase([surname], " '-")`,
    impl: (a) => {
      const s = str(a[0], "PCase source");
      if (s === null) return null;
      return pcase(s, a[1]?.present ? (str(a[1], "PCase wordSeparators") ?? "") : null);
    },
  },
  {
    name: "RandomString",
    params: [p("length"), p("minimumNumbers"), p("minimumSpecialCharacters"), p("minimumCapital"), p("minimumLowerCase"), opt("charactersToAvoid")],
    description: "A random string (at most 256 characters) with the given minimum counts of digits, special characters, capitals and lower-case letters.",
    example: 'RandomString(10, 2, 2, 2, 1, "?,")',
    impl: (a, st) => randomString(a, st),
  },
  {
    name: "Redact",
    params: [p("value")],
    description: "Flows the value but shows \"[Redact]\" in provisioning logs.",
    example: "Redact(RandomString(6, 3, 0, 0, 3))",
    impl: (a, st) => {
      st.redacted = true;
      return a[0]!.value();
    },
  },
  {
    name: "RemoveDuplicates",
    params: [p("attribute")],
    description: "The values of a multi-valued attribute with duplicates removed (case-sensitive, first occurrence kept).",
    example: "RemoveDuplicates(Split([extensionAttribute5], \",\"))",
    impl: (a) => {
      const v = a[0]!.value();
      if (v === null) return null;
      const seen = new Set<string>();
      const out: ExprValue[] = [];
      for (const item of asList(v)) {
        const key = isRole(item) ? `role:${item.roleId}` : `${typeof item}:${asString(item, "RemoveDuplicates")}`;
        if (!seen.has(key)) {
          seen.add(key);
          out.push(item);
        }
      }
      return out;
    },
  },
  {
    name: "Replace",
    params: [p("source"), opt("oldValue"), opt("regexPattern"), opt("regexGroupName"), opt("replacementValue"), opt("replacementAttributeName"), opt("template")],
    description: "Case-sensitive replace. oldValue+replacementValue: plain replace; oldValue+template: put source into template; regexPattern+replacementValue: regex replace (${group} allowed); +regexGroupName: replace only that group; +replacementAttributeName: when source is empty, extract the group from that attribute.",
    example: 'Replace([mail], "@contoso.com", , , "", , )',
    impl: (a, st) => replace(a, st),
  },
  {
    name: "SelectUniqueValue",
    params: [p("uniqueValueRule1"), p("uniqueValueRule", { repeating: true })],
    description: "Evaluates each rule in order and returns the first value not already used in the target. Top level only; use with Apply: only during object creation.",
    example: 'SelectUniqueValue(Join("@", Join(".", [givenName], [surname]), "contoso.com"), Join("@", Join(".", Mid([givenName], 1, 1), [surname]), "contoso.com"))',
    topLevelOnly: true,
    impl: (a, st) => {
      let tried = 0;
      for (const arg of a) {
        if (!arg.present) continue;
        const v = asString(arg.value(), "SelectUniqueValue rule");
        if (v === null || v === "") continue;
        tried++;
        if (!st.isUnique || st.isUnique(v)) return v;
      }
      return fail(tried ? `SelectUniqueValue: all ${tried} candidate values already exist in the target` : "SelectUniqueValue: every rule evaluated to null");
    },
  },
  {
    name: "SingleAppRoleAssignment",
    params: [p("appRoleAssignments")],
    description: "The name of the user's app role (the first one when several are assigned); null when none.",
    example: "SingleAppRoleAssignment([appRoleAssignments])",
    impl: (a) => roles(a[0]!.value(), "SingleAppRoleAssignment")[0]?.displayName ?? null,
  },
  {
    name: "Split",
    params: [p("source"), p("delimiter")],
    description: "Splits a string into a multi-valued attribute; values are trimmed and empty ones dropped.",
    example: 'Split([extensionAttribute5], ",")',
    impl: (a, st) => {
      const s = str(a[0], "Split source");
      const d = requireArg(str(a[1], "Split delimiter"), "Split delimiter");
      if (s === null) return null;
      if (d === "") fail("Split delimiter cannot be empty");
      st.tick(s.length);
      return s.split(d).map((x) => x.trim()).filter((x) => x !== "");
    },
  },
  {
    name: "StripSpaces",
    params: [p("source")],
    description: 'Removes every space (" ") character.',
    example: "StripSpaces([displayName])",
    impl: (a) => {
      const s = str(a[0], "StripSpaces");
      return s === null ? null : s.split(" ").join("");
    },
  },
  {
    name: "Switch",
    params: [p("source"), opt("defaultValue"), p("key", { repeating: true }), p("value", { repeating: true })],
    description: 'Returns the value paired with the first key equal to source (case-sensitive; a null source matches ""), else defaultValue.',
    example: 'Switch([IsSoftDeleted], , "False", "True", "True", "False")',
    checkArgs: (n) => (n < 4 ? "Switch needs source, defaultValue and at least one key/value pair" : n % 2 !== 0 ? "Switch needs key/value pairs: the number of arguments must be even" : null),
    impl: (a) => {
      const src = str(a[0], "Switch source") ?? "";
      for (let i = 2; i + 1 < a.length; i += 2) {
        const key = str(a[i], "Switch key");
        if ((key ?? "") === src) return a[i + 1]!.present ? a[i + 1]!.value() : null;
      }
      return a[1]!.present ? a[1]!.value() : null;
    },
  },
  {
    name: "ToLower",
    params: [p("source"), opt("culture")],
    description: "Lower case, with the culture's rules when given (e.g. tr-TR), otherwise invariant.",
    example: "ToLower([userPrincipalName])",
    impl: (a) => {
      const s = str(a[0], "ToLower source");
      return s === null ? null : caseWithCulture(s, str(a[1], "ToLower culture"), false);
    },
  },
  {
    name: "ToUpper",
    params: [p("source"), opt("culture")],
    description: "Upper case, with the culture's rules when given, otherwise invariant.",
    example: "ToUpper([surname])",
    impl: (a) => {
      const s = str(a[0], "ToUpper source");
      return s === null ? null : caseWithCulture(s, str(a[1], "ToUpper culture"), true);
    },
  },
  {
    name: "Word",
    params: [p("string"), p("wordNumber"), p("delimiters")],
    description: "The wordNumber-th word (1-based) where any character of delimiters separates words; \"\" when there is no such word.",
    example: 'Word("The quick brown fox", 3, " ")',
    impl: (a) => {
      const s = str(a[0], "Word string");
      const n = int(a[1], "Word wordNumber");
      const delims = str(a[2], "Word delimiters") ?? "";
      if (s === null || n === null || n < 1) return "";
      const words: string[] = [];
      let cur = "";
      for (const ch of s) {
        if (delims.includes(ch)) {
          if (cur) words.push(cur);
          cur = "";
        } else cur += ch;
      }
      if (cur) words.push(cur);
      return words[n - 1] ?? "";
    },
  },
];

const DATETIME_STYLES = [
  "none", "allowleadingwhite", "allowtrailingwhite", "allowinnerwhite", "allowwhitespaces", "nocurrentdatedefault",
  "adjusttouniversal", "assumelocal", "assumeuniversal", "roundtripkind",
];

function checkDateTimeStyles(styles: string) {
  for (const part of styles.split(/[,|]/)) {
    const k = part.trim().replace(/^DateTimeStyles\./i, "").toLowerCase();
    if (k && !DATETIME_STYLES.includes(k)) fail(`FormatDateTime: unknown dateTimeStyles value "${part.trim()}"`);
  }
}

export const FUNCTION_MAP: ReadonlyMap<string, FunctionDef> = new Map(DEFS.map((d) => [d.name.toLowerCase(), d]));

export function lookupFunction(name: string): FunctionDef | undefined {
  return FUNCTION_MAP.get(name.toLowerCase());
}

/** Smallest and largest argument counts a function accepts (max Infinity for repeating parameters). */
export function arity(def: FunctionDef): { min: number; max: number } {
  let lastRequired = -1;
  def.params.forEach((p, i) => {
    if (!p.optional) lastRequired = i;
  });
  const repeating = def.params.some((p) => p.repeating);
  return { min: lastRequired + 1, max: repeating ? Infinity : def.params.length };
}

export function signatureOf(def: FunctionDef): string {
  const parts = def.params.map((p) => (p.repeating ? `${p.name}…` : p.optional ? `[${p.name}]` : p.name));
  return `${def.name}(${parts.join(", ")})`;
}

export type FunctionReference = { name: string; signature: string; description: string; example: string; minArgs: number; maxArgs: number | null };

/** The editor's function reference panel, alphabetical as in Microsoft's docs. */
export const FUNCTIONS: readonly FunctionReference[] = DEFS.map((d) => {
  const { min, max } = arity(d);
  return { name: d.name, signature: signatureOf(d), description: d.description, example: d.example, minArgs: min, maxArgs: Number.isFinite(max) ? max : null };
});

export { formatEntraDate };
