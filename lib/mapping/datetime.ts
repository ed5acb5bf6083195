// .NET-style date handling for the date functions (CDate, DateAdd, DateDiff,
// FormatDateTime, Now, DateFromNum, NumFromDate). Everything is UTC: Entra's
// service converts offsets to UTC, and so do we (see CDate's documented examples).

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

const pad = (n: number, w: number) => String(Math.abs(Math.trunc(n))).padStart(w, "0");

/** Entra's display format for DateTime values: "M/d/yyyy h:mm:ss tt" (e.g. "3/16/2020 7:00:00 AM"). */
export function formatEntraDate(d: Date): string {
  return formatDotNet(d, "M/d/yyyy h:mm:ss tt");
}

/** Ticks between 1601-01-01 (Windows FILETIME / AD) and 1970-01-01. */
const AD_EPOCH_TICKS = 116444736000000000n;

export function dateFromAdNumber(v: bigint): Date {
  return new Date(Number((v - AD_EPOCH_TICKS) / 10000n));
}

export function adNumberFromDate(d: Date): bigint {
  return BigInt(d.getTime()) * 10000n + AD_EPOCH_TICKS;
}

function utc(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0, offsetMinutes = 0): Date | null {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null;
  const t = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  const check = new Date(t);
  // Reject 2/30 and friends instead of letting Date roll them over.
  if (check.getUTCDate() !== d || check.getUTCMonth() !== mo - 1) return null;
  if (y < 100) check.setUTCFullYear(y);
  return new Date(check.getTime() - offsetMinutes * 60_000);
}

function offsetMinutes(z: string | undefined): number {
  if (!z || z === "Z" || z === "z") return 0;
  const m = /^([+-])(\d{1,2}):?(\d{2})?$/.exec(z);
  if (!m) return 0;
  const v = Number(m[2]) * 60 + Number(m[3] ?? 0);
  return m[1] === "-" ? -v : v;
}

/**
 * Reads the date strings Microsoft's examples use: ISO 8601 with or without time
 * ("2009-06-15T01:45:30-07:00", "2021-08-24"), Workday's date+offset
 * ("2020-03-16-07:00"), US "M/d/yyyy h:mm:ss tt", and the LDAP generalized time
 * "yyyyMMddHHmmss.fZ". Returns null when the string is not a date.
 */
export function parseDateLoose(input: string): Date | null {
  const s = input.trim();
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i.exec(s);
  if (m) {
    const ms = m[7] ? Math.round(Number(`0.${m[7]}`) * 1000) : 0;
    return utc(+m[1]!, +m[2]!, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), ms, offsetMinutes(m[8]));
  }
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(AM|PM)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i.exec(s);
  if (m) {
    let h = +(m[4] ?? 0);
    const ampm = m[7]?.toUpperCase();
    if (ampm) {
      if (h < 1 || h > 12) return null;
      if (ampm === "AM" && h === 12) h = 0;
      if (ampm === "PM" && h !== 12) h += 12;
    }
    return utc(+m[3]!, +m[1]!, +m[2]!, h, +(m[5] ?? 0), +(m[6] ?? 0), 0, offsetMinutes(m[8]));
  }
  m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.(\d{1,7}))?(Z|[+-]\d{4})?$/i.exec(s);
  if (m) {
    const ms = m[7] ? Math.round(Number(`0.${m[7]}`) * 1000) : 0;
    return utc(+m[1]!, +m[2]!, +m[3]!, +m[4]!, +m[5]!, +m[6]!, ms, offsetMinutes(m[8]));
  }
  return null;
}

type FormatToken = { kind: "field"; spec: string } | { kind: "literal"; text: string };

const STANDARD_FORMATS: Record<string, string> = {
  o: "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK",
  O: "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK",
  s: "yyyy'-'MM'-'dd'T'HH':'mm':'ss",
  u: "yyyy'-'MM'-'dd HH':'mm':'ss'Z'",
  d: "MM/dd/yyyy",
  D: "dddd, dd MMMM yyyy",
  g: "MM/dd/yyyy HH:mm",
  G: "MM/dd/yyyy HH:mm:ss",
  t: "HH:mm",
  T: "HH:mm:ss",
};

const FIELD_CHARS = "yMdHhmsfFtzK";

/** Splits a .NET custom format string into fields and literals (quotes, \ escapes and % are honoured). */
export function tokenizeDotNetFormat(format: string): FormatToken[] {
  const fmt = format.length === 1 && STANDARD_FORMATS[format] ? STANDARD_FORMATS[format]! : format;
  const out: FormatToken[] = [];
  const lit = (t: string) => {
    const last = out[out.length - 1];
    if (last?.kind === "literal") last.text += t;
    else out.push({ kind: "literal", text: t });
  };
  let i = 0;
  while (i < fmt.length) {
    const c = fmt[i]!;
    if (c === "'" || c === '"') {
      const close = fmt.indexOf(c, i + 1);
      if (close === -1) throw new Error(`Unterminated quote in date format "${format}"`);
      lit(fmt.slice(i + 1, close));
      i = close + 1;
    } else if (c === "\\") {
      if (i + 1 >= fmt.length) throw new Error(`Date format "${format}" ends with a lone backslash`);
      lit(fmt[i + 1]!);
      i += 2;
    } else if (c === "%") {
      i++;
    } else if (FIELD_CHARS.includes(c)) {
      let j = i;
      while (j < fmt.length && fmt[j] === c) j++;
      out.push({ kind: "field", spec: fmt.slice(i, j) });
      i = j;
    } else {
      // ":" and "/" are the invariant culture's separators; everything else (including Z) is literal.
      lit(c);
      i++;
    }
  }
  return out;
}

/** Formats a UTC instant with a .NET custom or standard date format string. */
export function formatDotNet(d: Date, format: string): string {
  let out = "";
  for (const t of tokenizeDotNetFormat(format)) {
    if (t.kind === "literal") {
      out += t.text;
      continue;
    }
    const n = t.spec.length;
    const h24 = d.getUTCHours();
    const h12 = h24 % 12 === 0 ? 12 : h24 % 12;
    switch (t.spec[0]) {
      case "y": {
        const y = d.getUTCFullYear();
        out += n === 2 ? pad(y % 100, 2) : n === 1 ? String(y % 100) : pad(y, n);
        break;
      }
      case "M": {
        const mo = d.getUTCMonth();
        out += n >= 4 ? MONTHS[mo] : n === 3 ? MONTHS[mo]!.slice(0, 3) : n === 2 ? pad(mo + 1, 2) : String(mo + 1);
        break;
      }
      case "d": {
        const wd = d.getUTCDay();
        out += n >= 4 ? DAYS[wd] : n === 3 ? DAYS[wd]!.slice(0, 3) : n === 2 ? pad(d.getUTCDate(), 2) : String(d.getUTCDate());
        break;
      }
      case "H":
        out += n >= 2 ? pad(h24, 2) : String(h24);
        break;
      case "h":
        out += n >= 2 ? pad(h12, 2) : String(h12);
        break;
      case "m":
        out += n >= 2 ? pad(d.getUTCMinutes(), 2) : String(d.getUTCMinutes());
        break;
      case "s":
        out += n >= 2 ? pad(d.getUTCSeconds(), 2) : String(d.getUTCSeconds());
        break;
      case "f":
      case "F": {
        const frac = pad(d.getUTCMilliseconds(), 3).padEnd(7, "0").slice(0, Math.min(n, 7));
        out += t.spec[0] === "F" ? frac.replace(/0+$/, "") : frac;
        break;
      }
      case "t":
        out += n >= 2 ? (h24 < 12 ? "AM" : "PM") : h24 < 12 ? "A" : "P";
        break;
      case "z":
        out += n >= 3 ? "+00:00" : n === 2 ? "+00" : "+0";
        break;
      case "K":
        out += "Z";
        break;
    }
  }
  return out;
}

/**
 * Parses `input` with a .NET custom format (ParseExact semantics, invariant
 * culture, leading/trailing white space allowed). Times without an offset are UTC.
 * Throws an Error with a readable message when the input does not fit.
 */
export function parseDotNet(input: string, format: string): Date {
  const s = input.trim();
  let i = 0;
  let y = 1,
    mo = 1,
    day = 1,
    h = 0,
    mi = 0,
    sec = 0,
    ms = 0,
    off = 0;
  let pm: boolean | null = null;
  let twelveHour = false;
  const fail = (what: string): never => {
    throw new Error(`"${input}" does not match the date format "${format}" (${what} at character ${i + 1})`);
  };
  const digits = (min: number, max: number): number => {
    let j = i;
    while (j < s.length && j - i < max && s[j]! >= "0" && s[j]! <= "9") j++;
    if (j - i < min) fail("expected a number");
    const v = Number(s.slice(i, j));
    i = j;
    return v;
  };
  const name = (list: string[], short: boolean): number => {
    for (let k = 0; k < list.length; k++) {
      const full = list[k]!;
      const cand = short ? full.slice(0, 3) : full;
      if (s.slice(i, i + cand.length).toLowerCase() === cand.toLowerCase()) {
        i += cand.length;
        return k;
      }
    }
    return fail("expected a name");
  };
  for (const t of tokenizeDotNetFormat(format)) {
    if (t.kind === "literal") {
      for (const ch of t.text) {
        if (ch === " " && /\s/.test(s[i] ?? "")) {
          while (/\s/.test(s[i] ?? "")) i++;
          continue;
        }
        if (s[i] !== ch) fail(`expected "${ch}"`);
        i++;
      }
      continue;
    }
    const n = t.spec.length;
    switch (t.spec[0]) {
      case "y":
        y = n <= 2 ? 2000 + digits(n, 2) : digits(n === 3 ? 3 : 4, Math.max(n, 4));
        if (n <= 2 && y >= 2050) y -= 100;
        break;
      case "M":
        mo = n >= 4 ? name(MONTHS, false) + 1 : n === 3 ? name(MONTHS, true) + 1 : digits(n, 2);
        break;
      case "d":
        if (n >= 3) name(DAYS, n === 3);
        else day = digits(n, 2);
        break;
      case "H":
        h = digits(n, 2);
        break;
      case "h":
        h = digits(n, 2);
        twelveHour = true;
        break;
      case "m":
        mi = digits(n, 2);
        break;
      case "s":
        sec = digits(n, 2);
        break;
      case "f":
      case "F": {
        const start = i;
        const v = digits(t.spec[0] === "F" ? 0 : n, n);
        const len = i - start;
        ms = len ? Math.round((v / 10 ** len) * 1000) : 0;
        break;
      }
      case "t": {
        const ap = s.slice(i, i + n).toUpperCase();
        if (ap.startsWith("A")) pm = false;
        else if (ap.startsWith("P")) pm = true;
        else fail('expected "AM" or "PM"');
        i += n >= 2 ? 2 : 1;
        break;
      }
      case "z":
      case "K": {
        if (t.spec[0] === "K" && /[zZ]/.test(s[i] ?? "")) {
          i++;
          break;
        }
        const m = /^([+-])(\d{1,2})(?::?(\d{2}))?/.exec(s.slice(i));
        if (!m) {
          if (t.spec[0] === "K") break;
          fail("expected a time zone offset like +08:00");
        }
        off = (Number(m![2]) * 60 + Number(m![3] ?? 0)) * (m![1] === "-" ? -1 : 1);
        i += m![0].length;
        break;
      }
    }
  }
  if (i !== s.length) fail("unexpected extra text");
  if (pm !== null || twelveHour) {
    if (h < 1 || h > 12) fail("hour must be 1-12");
    if (pm && h !== 12) h += 12;
    if (pm === false && h === 12) h = 0;
  }
  const d = utc(y, mo, day, h, mi, sec, ms, off);
  if (!d) throw new Error(`"${input}" is not a valid date for the format "${format}"`);
  return d;
}

/** .NET DateTime.AddMonths: clamps the day to the end of the target month. */
export function addMonths(d: Date, months: number): Date {
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const target = new Date(Date.UTC(y, m, 1, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds()));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), last));
  return target;
}
