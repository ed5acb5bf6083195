// The schemas' own validation messages ("displayName must be a string", "mail can be at most 256
// characters") in another language. They name API fields, which are never translated, so they are
// recognised by shape and rebuilt from the catalogue (errors.field.*). An unknown shape stays as
// written. Pure: pass the translate function of the request's or the page's language.
type T = (key: string, values: Record<string, string>) => string | undefined;

const SHAPES: Array<[RegExp, string, string[]]> = [
  [/^(\S+) is required$/, "required", ["field"]],
  [/^(\S+) must be a string$/, "string", ["field"]],
  [/^(\S+) must be true or false$/, "boolean", ["field"]],
  [/^(\S+) must be an email address$/, "email", ["field"]],
  [/^(\S+) cannot be empty$/, "empty", ["field"]],
  [/^(\S+) cannot contain spaces$/, "spaces", ["field"]],
  [/^(.+?) can be at most (\d+) characters$/, "maxChars", ["field", "max"]],
  [/^(\S+) can be at most (\d+)$/, "max", ["field", "max"]],
  [/^(\S+) must be at least (\d+)$/, "min", ["field", "min"]],
  [/^(\S+) must be a number$/, "number", ["field"]],
  [/^(\S+) must be a whole number$/, "integer", ["field"]],
];

/** A schema message of a known shape as its catalogue key and values (null: not one of them). */
export function fieldMessageKey(message: string): { key: string; values: Record<string, string> } | null {
  for (const [re, key, names] of SHAPES) {
    const m = re.exec(message);
    if (m) return { key: `errors.field.${key}`, values: Object.fromEntries(names.map((n, i) => [n, m[i + 1]!])) };
  }
  return null;
}

export function translateFieldMessage(message: string, t: T): string {
  for (const [re, key, names] of SHAPES) {
    const m = re.exec(message);
    if (!m) continue;
    const values = Object.fromEntries(names.map((n, i) => [n, m[i + 1]!]));
    return t(`errors.field.${key}`, values) ?? message;
  }
  return message;
}
