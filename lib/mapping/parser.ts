// Parser and printer for Entra's attribute-mapping expression language.
//
// Grammar (positions are 0-based character offsets into the source):
//   expression := comparison
//   comparison := primary (("=" | "<>" | "<" | "<=" | ">" | ">=") primary)*
//   primary    := call | "[" attribute "]" | string | number | true | false | constant | "(" expression ")"
//   call       := name "(" [arg ("," arg)*] ")"      -- an arg may be left empty: Replace([x], , "a")
// Comparisons only exist because Microsoft documents them inside IIF and CBool
// (`IIF([country]="USA", ...)`, `CBool([a] = [b])`).

export const MAX_EXPRESSION_LENGTH = 10_000;
/** Deep nesting is never useful and would risk a stack overflow in a recursive parser. */
export const MAX_NESTING_DEPTH = 100;

export type ComparisonOperator = "=" | "<>" | "<" | "<=" | ">" | ">=";

type Span = { pos: number; end: number };
export type CallNode = Span & { kind: "call"; name: string; args: (ExprNode | null)[] };
export type AttributeNode = Span & { kind: "attribute"; name: string };
export type StringNode = Span & { kind: "string"; value: string };
export type NumberNode = Span & { kind: "number"; value: number };
export type BooleanNode = Span & { kind: "boolean"; value: boolean };
/** A VB-style named constant such as vbTextCompare (InStr's compareType). */
export type ConstantNode = Span & { kind: "constant"; name: string };
export type BinaryNode = Span & { kind: "binary"; op: ComparisonOperator; left: ExprNode; right: ExprNode };
export type ExprNode = CallNode | AttributeNode | StringNode | NumberNode | BooleanNode | ConstantNode | BinaryNode;

/** Named constants accepted without quotes (case-insensitive). */
export const NAMED_CONSTANTS = ["vbBinaryCompare", "vbTextCompare"] as const;

/**
 * What is wrong with an expression: `message` in English; `code` and `values` say the same as a
 * catalogue text (errors.expression.<code>), so the portal and the API can say it in the reader's
 * language. Pure data: lib/mapping knows nothing of the catalogues.
 */
export type ExpressionError = { message: string; position: number; code?: string; values?: Record<string, string | number> };
export type ParseResult = { ok: true; ast: ExprNode } | { ok: false; error: ExpressionError };

class ParseError extends Error {
  constructor(
    message: string,
    readonly position: number,
    readonly code?: string,
    readonly values?: Record<string, string | number>,
  ) {
    super(message);
  }
}

/** The values of a "found …" part: a character, or the end of the expression. */
const found = (c: string | undefined) => ({ atEnd: c === undefined ? "yes" : "no", found: c === undefined ? "" : JSON.stringify(c) });

const isNameStart = (c: string) => /[A-Za-z_]/.test(c);
const isNameChar = (c: string) => /[A-Za-z0-9_]/.test(c);
const isSpace = (c: string) => c === " " || c === "\t" || c === "\n" || c === "\r";

function describe(c: string | undefined): string {
  if (c === undefined) return "end of expression";
  return JSON.stringify(c);
}

class Parser {
  private i = 0;
  private depth = 0;
  constructor(private readonly src: string) {}

  parse(): ExprNode {
    this.skip();
    if (this.i >= this.src.length) throw new ParseError("Expression is empty", 0, "empty");
    const node = this.expression();
    this.skip();
    if (this.i < this.src.length) {
      const c = this.src[this.i];
      const hint = c === ")" ? " (unbalanced parenthesis)" : "";
      throw new ParseError(`Unexpected ${describe(c)} after the end of the expression${hint} at position ${this.i}`, this.i, "trailing", { found: describe(c), unbalanced: c === ")" ? "yes" : "no", position: this.i });
    }
    return node;
  }

  private skip() {
    while (this.i < this.src.length && isSpace(this.src[this.i]!)) this.i++;
  }

  private peek(): string | undefined {
    return this.src[this.i];
  }

  private enter(pos: number) {
    if (++this.depth > MAX_NESTING_DEPTH) {
      throw new ParseError(`Expression is nested more than ${MAX_NESTING_DEPTH} levels deep at position ${pos}`, pos, "tooDeep", { max: MAX_NESTING_DEPTH, position: pos });
    }
  }

  private expression(): ExprNode {
    this.enter(this.i);
    let left = this.primary();
    for (;;) {
      this.skip();
      const op = this.comparisonOperator();
      if (!op) break;
      const opPos = this.i;
      this.i += op.length;
      this.skip();
      if (this.i >= this.src.length) {
        throw new ParseError(`Expected a value after "${op}" at position ${this.i}`, this.i, "valueAfterOperator", { op, position: this.i });
      }
      const right = this.primary();
      left = { kind: "binary", op, left, right, pos: left.pos, end: right.end };
      void opPos;
    }
    this.depth--;
    return left;
  }

  private comparisonOperator(): ComparisonOperator | null {
    const two = this.src.slice(this.i, this.i + 2);
    if (two === "<>" || two === "<=" || two === ">=") return two;
    const one = this.peek();
    if (one === "=" || one === "<" || one === ">") return one;
    return null;
  }

  private primary(): ExprNode {
    this.skip();
    const start = this.i;
    const c = this.peek();
    if (c === undefined) throw new ParseError(`Unexpected end of expression at position ${start}`, start, "unexpectedEnd", { position: start });
    if (c === "[") return this.attribute();
    if (c === '"') return this.string();
    if (c === "(") {
      this.enter(start);
      this.i++;
      const inner = this.expression();
      this.skip();
      if (this.peek() !== ")") {
        throw new ParseError(`Expected ")" to close the parenthesis opened at position ${start}, found ${describe(this.peek())} at position ${this.i}`, this.i, "unclosedParen", { opened: start, ...found(this.peek()), position: this.i });
      }
      this.i++;
      this.depth--;
      return inner;
    }
    if (/[0-9]/.test(c) || ((c === "-" || c === "+" || c === ".") && /[0-9.]/.test(this.src[this.i + 1] ?? ""))) return this.number();
    if (c === "&" && /[hH]/.test(this.src[this.i + 1] ?? "")) return this.hexNumber();
    if (isNameStart(c)) return this.nameOrCall();
    throw new ParseError(`Unexpected ${describe(c)} at position ${start}; expected a function, an [attribute], a "string" or a number`, start, "unexpected", { found: describe(c), position: start });
  }

  private attribute(): AttributeNode {
    const start = this.i;
    const close = this.src.indexOf("]", start + 1);
    const nl = this.src.slice(start + 1, close === -1 ? undefined : close).search(/[\r\n]/);
    if (close === -1 || nl !== -1) {
      throw new ParseError(`Expected "]" to close the attribute reference opened at position ${start}`, start, "unclosedAttribute", { position: start });
    }
    const name = this.src.slice(start + 1, close).trim();
    if (!name) throw new ParseError(`Empty attribute name at position ${start}`, start, "emptyAttribute", { position: start });
    this.i = close + 1;
    return { kind: "attribute", name, pos: start, end: this.i };
  }

  private string(): StringNode {
    const start = this.i;
    let out = "";
    this.i++;
    for (;;) {
      const c = this.src[this.i];
      if (c === undefined) throw new ParseError(`Unterminated string starting at position ${start}`, start, "unterminatedString", { position: start });
      if (c === '"') {
        this.i++;
        break;
      }
      if (c === "\\") {
        const n = this.src[this.i + 1];
        // Only \" and \\ are escapes (Microsoft's rule); any other backslash is kept
        // as written so regex patterns like "\d+" still mean what the admin typed.
        if (n === '"' || n === "\\") {
          out += n;
          this.i += 2;
          continue;
        }
      }
      out += c;
      this.i++;
    }
    return { kind: "string", value: out, pos: start, end: this.i };
  }

  private number(): NumberNode {
    const start = this.i;
    const m = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?/.exec(this.src.slice(this.i));
    if (!m) throw new ParseError(`Invalid number at position ${start}`, start, "invalidNumber", { position: start });
    const value = Number(m[0]);
    if (!Number.isFinite(value)) throw new ParseError(`Number is too large at position ${start}`, start, "numberTooLarge", { position: start });
    this.i += m[0].length;
    if (this.i < this.src.length && isNameChar(this.src[this.i]!)) {
      throw new ParseError(`Invalid number at position ${start}`, start, "invalidNumber", { position: start });
    }
    return { kind: "number", value, pos: start, end: this.i };
  }

  private hexNumber(): NumberNode {
    // VB hex literal, as in Microsoft's BitAnd(&HF, &HF7) example.
    const start = this.i;
    const m = /^&[hH]([0-9A-Fa-f]+)/.exec(this.src.slice(this.i));
    if (!m) throw new ParseError(`Invalid hexadecimal number at position ${start}; expected digits after "&H"`, start, "invalidHex", { position: start });
    const value = parseInt(m[1]!, 16);
    if (!Number.isSafeInteger(value)) throw new ParseError(`Number is too large at position ${start}`, start, "numberTooLarge", { position: start });
    this.i += m[0].length;
    return { kind: "number", value, pos: start, end: this.i };
  }

  private nameOrCall(): ExprNode {
    const start = this.i;
    while (this.i < this.src.length && isNameChar(this.src[this.i]!)) this.i++;
    const name = this.src.slice(start, this.i);
    const nameEnd = this.i;
    this.skip();
    if (this.peek() !== "(") {
      const lower = name.toLowerCase();
      if (lower === "true" || lower === "false") {
        this.i = nameEnd;
        return { kind: "boolean", value: lower === "true", pos: start, end: nameEnd };
      }
      const constant = NAMED_CONSTANTS.find((k) => k.toLowerCase() === lower);
      if (constant) {
        this.i = nameEnd;
        return { kind: "constant", name, pos: start, end: nameEnd };
      }
      throw new ParseError(
        `Expected "(" after function name ${name} at position ${this.i}; attributes are written in square brackets, e.g. [${name}]`,
        this.i,
        "parenAfterFunction",
        { name, position: this.i },
      );
    }
    return this.callArgs(name, start);
  }

  private callArgs(name: string, start: number): CallNode {
    this.enter(start);
    this.i++; // "("
    const args: (ExprNode | null)[] = [];
    this.skip();
    if (this.peek() === ")") {
      this.i++;
      this.depth--;
      return { kind: "call", name, args, pos: start, end: this.i };
    }
    for (;;) {
      this.skip();
      const c = this.peek();
      if (c === "," || c === ")") {
        args.push(null); // omitted optional argument
      } else if (c === undefined) {
        throw new ParseError(`Expected argument ${args.length + 1} of ${name} or ")" at position ${this.i}`, this.i, "missingArgument", { n: args.length + 1, name, position: this.i });
      } else {
        args.push(this.expression());
      }
      this.skip();
      const after = this.peek();
      if (after === ",") {
        this.i++;
        continue;
      }
      if (after === ")") {
        this.i++;
        break;
      }
      throw new ParseError(
        `Expected "," or ")" after argument ${args.length} of ${name} at position ${this.i}, found ${describe(after)}`,
        this.i,
        "commaOrParen",
        { n: args.length, name, position: this.i, ...found(after) },
      );
    }
    this.depth--;
    return { kind: "call", name, args, pos: start, end: this.i };
  }
}

/** Parses an expression; never throws. */
export function parseExpression(src: string): ParseResult {
  if (typeof src !== "string") return { ok: false, error: { message: "Expression must be a string", position: 0, code: "notString" } };
  if (src.length > MAX_EXPRESSION_LENGTH) {
    return {
      ok: false,
      error: {
        message: `Expression is ${src.length} characters long; the limit is ${MAX_EXPRESSION_LENGTH}`,
        position: MAX_EXPRESSION_LENGTH,
        code: "tooLong",
        values: { length: src.length, max: MAX_EXPRESSION_LENGTH },
      },
    };
  }
  try {
    return { ok: true, ast: new Parser(src).parse() };
  } catch (e) {
    if (e instanceof ParseError) return { ok: false, error: { message: e.message, position: e.position, ...(e.code ? { code: e.code, values: e.values ?? {} } : {}) } };
    // A RangeError (stack) should be impossible thanks to MAX_NESTING_DEPTH; report rather than crash.
    return { ok: false, error: { message: `Could not parse the expression: ${(e as Error).message}`, position: 0 } };
  }
}

function quote(s: string): string {
  return `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

function printNumber(n: number): string {
  // The parser reads exponents, so String(n) always round-trips.
  return Object.is(n, -0) ? "-0" : String(n);
}

/** Prints an AST back to source; parseExpression(printExpression(ast)) yields the same tree (ignoring positions). */
export function printExpression(node: ExprNode): string {
  switch (node.kind) {
    case "attribute":
      return `[${node.name}]`;
    case "string":
      return quote(node.value);
    case "number":
      return printNumber(node.value);
    case "boolean":
      return node.value ? "True" : "False";
    case "constant":
      return node.name;
    case "call":
      return `${node.name}(${node.args.map((a) => (a ? printExpression(a) : "")).join(", ")})`;
    case "binary": {
      // Comparisons are left-associative, so only a comparison on the right needs parentheses.
      const right = node.right.kind === "binary" ? `(${printExpression(node.right)})` : printExpression(node.right);
      return `${printExpression(node.left)} ${node.op} ${right}`;
    }
  }
}

/** Removes positions, for structural comparison of trees (tests, change detection). */
export function stripPositions(node: ExprNode): unknown {
  switch (node.kind) {
    case "call":
      return { kind: "call", name: node.name, args: node.args.map((a) => (a ? stripPositions(a) : null)) };
    case "binary":
      return { kind: "binary", op: node.op, left: stripPositions(node.left), right: stripPositions(node.right) };
    default: {
      const { pos: _p, end: _e, ...rest } = node;
      return rest;
    }
  }
}

/** Visits every node depth-first (parents before children). */
export function walkExpression(node: ExprNode, visit: (n: ExprNode, parent: ExprNode | null) => void, parent: ExprNode | null = null) {
  visit(node, parent);
  if (node.kind === "call") for (const a of node.args) if (a) walkExpression(a, visit, node);
  if (node.kind === "binary") {
    walkExpression(node.left, visit, node);
    walkExpression(node.right, visit, node);
  }
}
