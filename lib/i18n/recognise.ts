// English texts → catalogue keys and values (issue 18: provisioning-log texts stored language-
// neutral). The engine keeps writing its English sentences; the log writer turns each into the
// catalogue message whose English rendering is exactly that text, with the values read back out of
// it, so the entry can be rendered in any language later. The English catalogue message is the
// pattern: literals match themselves, `{arg}` matches any text, `{x, select, a {…} b {…}}` matches
// one of its options. A candidate is kept only if rendering it in English gives back the text byte
// for byte, so a recognised text never reads differently; an unknown text stays a plain string.
import { parse, TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import { translateKey } from "./translate";

/** A language-neutral text: a catalogue key and its values (a value may itself be a text). */
export type Msg = { key: string; values?: Record<string, string | Msg> };

/** Two recognised sentences in a row: "{first} {rest}". */
export const SENTENCES = "log.text.sentences";

export const isMsg = (v: unknown): v is Msg => !!v && typeof v === "object" && typeof (v as Msg).key === "string";

type Slot = { kind: "arg"; name: string } | { kind: "select"; name: string; option: string };
type Pattern = { key: string; re: RegExp; slots: Slot[]; prefix: string; suffix: string; ast: MessageFormatElement[] };

/** English rendering straight from the parsed message (literal, argument, select only): the round-trip check. */
function format(els: MessageFormatElement[], values: Record<string, string>): string | undefined {
  let out = "";
  for (const el of els) {
    if (el.type === TYPE.literal) out += el.value;
    else if (el.type === TYPE.argument || el.type === TYPE.number) {
      const v = values[el.value];
      if (v === undefined) return undefined;
      out += v;
    } else if (el.type === TYPE.select) {
      const o = el.options[values[el.value] ?? ""] ?? el.options.other;
      if (!o) return undefined;
      const r = format(o.value, values);
      if (r === undefined) return undefined;
      out += r;
    } else return undefined;
  }
  return out;
}

/** The literal text a message starts and ends with: a cheap test before the regular expression. */
function ends(els: MessageFormatElement[]): { prefix: string; suffix: string } {
  let prefix = "";
  for (const el of els) {
    if (el.type !== TYPE.literal) break;
    prefix += el.value;
  }
  let suffix = "";
  for (let i = els.length - 1; i >= 0; i--) {
    const el = els[i]!;
    if (el.type !== TYPE.literal) break;
    suffix = el.value + suffix;
  }
  return prefix.length === els.map((e) => (e.type === TYPE.literal ? e.value : "\u0000")).join("").length ? { prefix, suffix: "" } : { prefix, suffix };
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function compile(els: MessageFormatElement[], slots: Slot[]): string {
  let out = "";
  for (const el of els) {
    if (el.type === TYPE.literal) out += escape(el.value);
    else if (el.type === TYPE.argument || el.type === TYPE.number) {
      slots.push({ kind: "arg", name: el.value });
      out += "([\\s\\S]*?)";
    } else if (el.type === TYPE.select) {
      // longest options first, so "disabled" is not cut short by "disable"
      const opts = Object.entries(el.options).map(([option, o]) => {
        const inner: Slot[] = [];
        const re = compile(o.value, inner);
        return { option, re, inner };
      }).sort((a, b) => b.re.length - a.re.length);
      out += "(?:" + opts.map((o) => {
        slots.push({ kind: "select", name: el.value, option: o.option });
        slots.push(...o.inner);
        return `(${o.re})`;
      }).join("|") + ")";
    } else throw new Error(`recognise: unsupported ICU element ${el.type}`);
  }
  return out;
}

/** Renders a text in a language; nested texts first. Unknown keys answer undefined. */
export function renderMsg(locale: Parameters<typeof translateKey>[0], msg: Msg): string | undefined {
  const values: Record<string, string> = {};
  for (const [k, v] of Object.entries(msg.values ?? {})) {
    if (typeof v === "string") values[k] = v;
    else {
      const r = renderMsg(locale, v);
      if (r === undefined) return undefined;
      values[k] = r;
    }
  }
  return translateKey(locale, msg.key, values);
}

export class Recogniser {
  private patterns: Pattern[] | null = null;
  private byKey = new Map<string, Pattern>();

  /**
   * @param messages the English catalogue messages to recognise, by full key
   * @param nested argument names whose values are texts themselves (recognised the same way)
   * @param sentences whether a text made of several recognised sentences ("A. B.") is recognised
   */
  constructor(private readonly messages: () => Record<string, string>, private readonly nested: ReadonlySet<string>, private readonly sentences = true) {}

  private compiled(): Pattern[] {
    if (!this.patterns) {
      // the most literal text first: a specific message beats a generic "{a} {b}"
      this.patterns = Object.entries(this.messages()).map(([key, en]) => {
        const slots: Slot[] = [];
        const ast = parse(en);
        const re = new RegExp(`^${compile(ast, slots)}$`);
        return { key, re, slots, ast, ...ends(ast), weight: en.replace(/\{[^{}]*\}/g, "").length };
      }).sort((a, b) => b.weight - a.weight).map(({ key, re, slots, prefix, suffix, ast }) => ({ key, re, slots, prefix, suffix, ast }));
      this.byKey = new Map(this.patterns.map((p) => [p.key, p]));
    }
    return this.patterns;
  }

  /** The text as a Msg, or the text itself when no message renders to it exactly. */
  recognise(text: string, depth = 0): Msg | string {
    if (!text || depth > 4) return text;
    const whole = this.one(text, depth);
    if (whole) return whole;
    if (this.sentences) {
      // "In scope. Assigned to the app (Organizer). No scoping filters." → sentence by sentence
      for (let i = text.indexOf(" "); i > 0; i = text.indexOf(" ", i + 1)) {
        if (!/[.)]$/.test(text.slice(0, i))) continue;
        const first = this.one(text.slice(0, i), depth);
        if (!first) continue;
        const rest = this.recognise(text.slice(i + 1), depth + 1);
        if (typeof rest !== "string") return { key: SENTENCES, values: { first, rest } };
      }
    }
    return text;
  }

  /** The English of a recognised text (the catalogue's, rendered without the translator: this runs per log entry). */
  private english(msg: Msg): string | undefined {
    if (msg.key === SENTENCES) {
      const { first, rest } = msg.values ?? {};
      const a = typeof first === "string" ? first : first && this.english(first);
      const b = typeof rest === "string" ? rest : rest && this.english(rest);
      return a === undefined || b === undefined ? undefined : `${a} ${b}`;
    }
    const p = this.byKey.get(msg.key);
    if (!p) return undefined;
    const values: Record<string, string> = {};
    for (const [k, v] of Object.entries(msg.values ?? {})) {
      const r = typeof v === "string" ? v : this.english(v);
      if (r === undefined) return undefined;
      values[k] = r;
    }
    return format(p.ast, values);
  }

  private one(text: string, depth: number): Msg | null {
    for (const p of this.compiled()) {
      if (!text.startsWith(p.prefix) || !text.endsWith(p.suffix)) continue;
      const m = p.re.exec(text);
      if (!m) continue;
      const values: Record<string, string | Msg> = {};
      p.slots.forEach((slot, i) => {
        const got = m[i + 1];
        if (got === undefined) return;
        if (slot.kind === "select") values[slot.name] = slot.option;
        else values[slot.name] = this.nested.has(slot.name) ? this.recognise(got, depth + 1) : got;
      });
      const msg: Msg = Object.keys(values).length ? { key: p.key, values } : { key: p.key };
      if (this.english(msg) === text) return msg;
    }
    return null;
  }
}
