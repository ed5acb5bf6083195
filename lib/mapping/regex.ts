// Admin-supplied regular expressions (Replace, REGEX MATCH scoping clauses) run on
// re2js, a linear-time engine: no catastrophic backtracking, ever. The price is
// that backreferences and lookarounds are rejected with a clear message.
import { RE2JS } from "re2js";

export const MAX_REGEX_LENGTH = 1_000;

export type CompiledRegex = RE2JS;
export type RegexResult = { ok: true; regex: CompiledRegex } | { ok: false; message: string };

const cache = new Map<string, RegexResult>();
const CACHE_LIMIT = 500;

function explain(pattern: string, raw: string): string {
  if (/\\[1-9]|\\k</.test(pattern)) {
    return `Regular expression "${pattern}" uses a backreference, which is not supported (patterns run on a linear-time engine)`;
  }
  if (/\(\?<?[=!]/.test(pattern)) {
    return `Regular expression "${pattern}" uses a lookahead or lookbehind, which is not supported (patterns run on a linear-time engine)`;
  }
  return `Invalid regular expression "${pattern}": ${raw.replace(/^error parsing regexp: /, "")}`;
}

/** Compiles (and caches) a pattern; never throws. */
export function compileRegex(pattern: string): RegexResult {
  const hit = cache.get(pattern);
  if (hit) return hit;
  let result: RegexResult;
  if (pattern.length > MAX_REGEX_LENGTH) {
    result = { ok: false, message: `Regular expression is longer than ${MAX_REGEX_LENGTH} characters` };
  } else {
    try {
      result = { ok: true, regex: RE2JS.compile(pattern) };
    } catch (e) {
      result = { ok: false, message: explain(pattern, (e as Error).message) };
    }
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(pattern, result);
  return result;
}

/** True when the pattern matches anywhere in the input (.NET Regex.IsMatch semantics). */
export function regexTest(regex: CompiledRegex, input: string): boolean {
  return regex.test(input);
}

type Match = { start: number; end: number; group: (g: number | string) => { start: number; end: number; text: string | null } };

/** All non-overlapping matches, left to right. */
export function* regexMatches(regex: CompiledRegex, input: string): Generator<Match> {
  const m = regex.matcher(input);
  while (m.find()) {
    const start = m.start();
    const end = m.end();
    yield {
      start,
      end,
      group: (g) => {
        const s = m.start(g);
        return s < 0 ? { start: -1, end: -1, text: null } : { start: s, end: m.end(g), text: m.group(g) };
      },
    };
  }
}

/** Group names of a compiled pattern. */
export function regexGroupNames(regex: CompiledRegex): string[] {
  return Object.keys(regex.namedGroups());
}

/**
 * Expands a .NET replacement string for one match: $1, ${name}, $0, $&, $$.
 * Unknown group references are kept literally, as .NET does.
 */
export function expandReplacement(replacement: string, match: Match, groupNames: string[]): string {
  return replacement.replace(/\$(\$|&|\d+|\{([^}]*)\})/g, (whole, tok: string, name: string | undefined) => {
    if (tok === "$") return "$";
    if (tok === "&") return match.group(0).text ?? "";
    if (name !== undefined) {
      if (/^\d+$/.test(name)) return safeGroup(match, Number(name), whole);
      return groupNames.includes(name) ? (match.group(name).text ?? "") : whole;
    }
    return safeGroup(match, Number(tok), whole);
  });
}

function safeGroup(match: Match, n: number, fallback: string): string {
  try {
    return match.group(n).text ?? "";
  } catch {
    return fallback;
  }
}
