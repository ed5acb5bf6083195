import { describe, expect, test } from "vitest";
import fc from "fast-check";
import { MAX_EXPRESSION_LENGTH, parseExpression, printExpression, stripPositions, type ExprNode } from "./parser";
import { evaluateExpression, validateExpression } from "./evaluate";

function ast(src: string): ExprNode {
  const r = parseExpression(src);
  if (!r.ok) throw new Error(r.error.message);
  return r.ast;
}

describe("parseExpression", () => {
  test("attributes, strings with escapes, numbers, booleans, nested calls", () => {
    expect(stripPositions(ast('Join(" ", [givenName], ToUpper("a\\"b\\\\"), 12, -3.5, &HF7, true, FALSE)'))).toEqual({
      kind: "call",
      name: "Join",
      args: [
        { kind: "string", value: " " },
        { kind: "attribute", name: "givenName" },
        { kind: "call", name: "ToUpper", args: [{ kind: "string", value: 'a"b\\' }] },
        { kind: "number", value: 12 },
        { kind: "number", value: -3.5 },
        { kind: "number", value: 247 },
        { kind: "boolean", value: true },
        { kind: "boolean", value: false },
      ],
    });
  });

  test("omitted arguments are null (Replace's documented form)", () => {
    const a = ast('Replace([mail], "@contoso.com", , ,"", ,)');
    expect(a.kind === "call" && a.args.map((x) => x?.kind ?? null)).toEqual(["attribute", "string", null, null, "string", null, null]);
    const f = ast('FormatDateTime([x], , "yyyy", "yyyy")');
    expect(f.kind === "call" && f.args[1]).toBe(null);
  });

  test("other backslashes are kept literally so regexes read naturally", () => {
    expect(stripPositions(ast('"\\d+"'))).toEqual({ kind: "string", value: "\\d+" });
  });

  test("comparisons, VB constants, multi-line input, positions", () => {
    const a = ast('IIF([country]="USA",\n  [country],\n  [department])');
    expect(a.kind).toBe("call");
    if (a.kind === "call") {
      expect(a.args[0]).toMatchObject({ kind: "binary", op: "=", pos: 4 });
      expect(a.args[1]).toMatchObject({ kind: "attribute", pos: 23, end: 32 });
    }
    expect(stripPositions(ast("InStr(\"a\", \"b\", 1, vbTextCompare)"))).toMatchObject({ args: [{}, {}, {}, { kind: "constant", name: "vbTextCompare" }] });
    expect(stripPositions(ast("[a] >= 1"))).toMatchObject({ kind: "binary", op: ">=" });
    expect(stripPositions(ast("[a] <> ([b] = 1)"))).toMatchObject({ op: "<>", right: { op: "=" } });
  });

  test("function names are case-insensitive", () => {
    expect(validateExpression('join(" ", [a], [b])').ok).toBe(true);
    expect(validateExpression('TOUPPER([a])').ok).toBe(true);
  });

  test.each([
    ['Join(" ",[a],[b]', 'Expected "," or ")" after argument 3 of Join at position 16', 16],
    ['Join(" ",[a] [b])', 'Expected "," or ")" after argument 2 of Join at position 13', 13],
    ['Append("abc, "x")', 'Expected "," or ")" after argument 1 of Append at position 14', 14],
    ['Append("abc', "Unterminated string starting at position 7", 7],
    ["Append([abc, 1)", 'Expected "]" to close the attribute reference opened at position 7', 7],
    ["[]", "Empty attribute name at position 0", 0],
    ["", "Expression is empty", 0],
    ["   ", "Expression is empty", 0],
    ["Join(", 'Expected argument 1 of Join or ")" at position 5', 5],
    ["givenName", 'Expected "(" after function name givenName at position 9', 9],
    ["[a])", 'Unexpected ")" after the end of the expression', 3],
    ["Join(\" \", @)", 'Unexpected "@" at position 10', 10],
    ["[a] =", 'Expected a value after "=" at position 5', 5],
    ["(1", 'Expected ")" to close the parenthesis opened at position 0', 2],
    ["1abc", "Invalid number at position 0", 0],
    ["&Hxyz", "Invalid hexadecimal number at position 0", 0],
  ])("%s → error", (src, message, position) => {
    const r = parseExpression(src);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.message).toContain(message);
      expect(r.error.position).toBe(position);
    }
  });

  test("10,000-character limit", () => {
    const ok = `"${"a".repeat(MAX_EXPRESSION_LENGTH - 2)}"`;
    expect(parseExpression(ok).ok).toBe(true);
    const r = parseExpression(ok + " ");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/limit is 10000/);
  });

  test("deep nesting is an error, not a stack overflow", () => {
    const deep = "ToLower(".repeat(1000) + "[a]" + ")".repeat(1000);
    const r = parseExpression(deep);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/nested more than/);
  });
});

describe("validateExpression", () => {
  test.each([
    ['Joinn(" ", [a])', "Unknown function Joinn at position 0", 0],
    ['Join(" ")', "Join takes at least 2 arguments but got 1 at position 0", 0],
    ['ToLower([a], "en-US", 3)', "ToLower takes 1 to 2 arguments but got 3", 0],
    ['Append([a], ToUpper())', "ToUpper takes 1 to 2 arguments but got 0 at position 12", 12],
    ["Guid(1)", "Guid takes 0 arguments but got 1", 0],
    ['Switch([a], "d", "k")', "Switch takes at least 4 arguments but got 3", 0],
    ['Switch([a], "d", "k", "v", "k2")', "the number of arguments must be even", 0],
    ["Append(, [a])", "Argument 1 (source) of Append is required", 0],
    ['ToLower(SelectUniqueValue([a], [b]))', "SelectUniqueValue must be the outermost function", 8],
    ['Replace([a], , "(x)\\\\1", , "", , )', "backreference", 15],
  ])("%s", (src, message, position) => {
    const r = validateExpression(src);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.message).toContain(message);
      expect(r.error.position).toBe(position);
    }
  });

  test("knownAttributes reports unknown attributes (case-insensitive), engine attributes always known", () => {
    const r = validateExpression('Join(" ", [GivenName], [surnam], [IsSoftDeleted])', { knownAttributes: ["givenName", "surname"] });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors).toHaveLength(1);
      expect(r.error).toEqual({ message: "Unknown attribute [surnam] at position 23", position: 23, code: "unknownAttribute", values: { name: "surnam", position: 23 } });
    }
  });

  test("Microsoft's documented expressions validate", () => {
    for (const src of [
      'Append([userPrincipalName], ".test")',
      "BitAnd(&HF, &HF7)",
      "CBool([attribute1] = [attribute2])",
      'Switch([Active], , "1", IIF(DateDiff("d", Now(), CDate([StatusHireDate])) > 5, "False", "True"), "0", "False")',
      'IIF([country]="USA",IIF([state]="CA","True","False"),"False")',
      'Replace([telephoneNumber], , "\\\\+(?<isdCode>\\\\d* )(?<phoneNumber>\\\\d{10})", "phoneNumber" , , [mobile], )',
      'Join("", 1000, Replace(ConvertToUTF8Hex([objectId]), , "[a-zA-Z_]*", , "", , ))',
      'NumFromDate(Join("",FormatDateTime([endDate], ,"M/d/yyyy hh:mm:ss tt","yyyy-MM-dd")," 23:59:59-08:00"))',
      'Switch(ToLower([statusFlag]), "0", "true", "1", "false", "0")',
    ]) {
      const r = validateExpression(src);
      expect(r.ok ? "ok" : r.error.message).toBe("ok");
    }
  });
});

// ---- property-based tests ----

const name = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,10}$/).filter((n) => !/^(true|false|vbBinaryCompare|vbTextCompare)$/i.test(n));
const leaf: fc.Arbitrary<ExprNode> = fc.oneof(
  fc.string({ maxLength: 12 }).map((value) => ({ kind: "string" as const, value, pos: 0, end: 0 })),
  fc.stringMatching(/^[^\]\r\n]{1,12}$/).filter((s) => s.trim() === s && s.length > 0).map((n) => ({ kind: "attribute" as const, name: n, pos: 0, end: 0 })),
  fc.oneof(fc.integer({ min: -1e9, max: 1e9 }), fc.double({ noNaN: true, noDefaultInfinity: true })).map((value) => ({ kind: "number" as const, value, pos: 0, end: 0 })),
  fc.boolean().map((value) => ({ kind: "boolean" as const, value, pos: 0, end: 0 })),
  fc.constantFrom("vbTextCompare", "vbBinaryCompare").map((n) => ({ kind: "constant" as const, name: n, pos: 0, end: 0 })),
);
const tree: fc.Arbitrary<ExprNode> = fc.letrec<{ node: ExprNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc
      .record({ name, args: fc.array(fc.option(tie("node"), { nil: null, freq: 4 }), { maxLength: 4 }) })
      // A call with one omitted argument prints as "F()", which is the zero-argument call.
      .filter((c) => !(c.args.length === 1 && c.args[0] === null))
      .map((c) => ({ kind: "call" as const, name: c.name, args: c.args, pos: 0, end: 0 })),
    fc
      .record({ op: fc.constantFrom("=", "<>", "<", "<=", ">", ">=" as const), left: tie("node"), right: tie("node") })
      .map((b) => ({ kind: "binary" as const, op: b.op, left: b.left, right: b.right, pos: 0, end: 0 })),
  ),
})).node;

describe("properties", () => {
  test("print → parse round-trips any tree", () => {
    fc.assert(
      fc.property(tree, (t) => {
        const printed = printExpression(t);
        const r = parseExpression(printed);
        if (!r.ok) throw new Error(`${printed}: ${r.error.message}`);
        expect(stripPositions(r.ast)).toEqual(stripPositions(t));
      }),
      { numRuns: 500 },
    );
  });

  test("parse → print → parse is stable for any source that parses", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60, unit: fc.constantFrom(..."Join([a]\"\\ ,)(=<>1.-&Hx".split("")) }), (src) => {
        const r = parseExpression(src);
        if (!r.ok) return;
        const again = parseExpression(printExpression(r.ast));
        expect(again.ok).toBe(true);
        if (again.ok) expect(stripPositions(again.ast)).toEqual(stripPositions(r.ast));
      }),
      { numRuns: 1000 },
    );
  });

  test("random input yields a parse error or an AST, never a throw", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), fc.string({ maxLength: 200, unit: "grapheme" }), fc.string({ maxLength: 200, unit: fc.constantFrom(..."[](),\"\\&H0123456789.eE-+ abcIIF=<>".split("")) })), (src) => {
        const r = parseExpression(src);
        expect(typeof r.ok).toBe("boolean");
        if (!r.ok) {
          expect(typeof r.error.message).toBe("string");
          expect(r.error.position).toBeGreaterThanOrEqual(0);
          expect(r.error.position).toBeLessThanOrEqual(src.length);
        }
        // validation and evaluation never throw either
        validateExpression(src);
        expect(typeof evaluateExpression(src, { source: { a: "x", b: ["1", "2"] } }).ok).toBe("boolean");
      }),
      { numRuns: 2000 },
    );
  });

  // Deep nesting is refused at a fixed depth (no stack overflow, no work proportional to the
  // nesting); how fast the parser is belongs to a benchmark, not to this test.
  test("long hostile input gets a plain error, never a crash", () => {
    const nested = (r: ReturnType<typeof parseExpression>) => (r.ok ? "" : r.error.message);
    expect(nested(parseExpression("(".repeat(9999)))).toMatch(/nested more than 100 levels deep at position 50$/);
    expect(nested(parseExpression("a(".repeat(4999)))).toMatch(/nested more than 100 levels deep at position 100$/);
    expect(nested(parseExpression("[".repeat(9999)))).toMatch(/Expected "\]" to close the attribute reference opened at position 0/);
    expect(nested(parseExpression('"'.repeat(9999)))).toMatch(/^Unexpected/);
    expect(nested(parseExpression("\\".repeat(9999)))).toMatch(/^Unexpected "\\\\" at position 0/);
    const join = parseExpression("Join(" + ",".repeat(9990) + ")");
    expect(join.ok).toBe(true);
  });
});
