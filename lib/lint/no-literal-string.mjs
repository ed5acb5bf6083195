// ESLint rule i18n/no-literal-string (issue 18): text a person reads in the portal comes from the
// message catalogues (lib/i18n/messages), never from a literal in a component. Reports
//  - JSX text with a letter in it ("Save", "Sign out"),
//  - string literals and template literals rendered as JSX children ({"Save"}, {`${n} users`}),
//  - the same as values of the props that carry visible or spoken text (aria-label, title,
//    placeholder, alt, label, …), also through ?: and ||/&&,
//  - literal messages passed to sonner's toast(…), toast.success(…), toast.error(…), ….
// Symbols, numbers and punctuation ("—", "·", "(", "%") pass. A deliberate exception (a product
// name, an expression function name) says so with an eslint-disable-next-line comment and a reason.
const LETTER = /\p{L}/u;

const TEXT_PROPS = new Set([
  "aria-label", "aria-description", "aria-valuetext", "alt", "title", "placeholder",
  "label", "subtitle", "confirmLabel", "message", "description", "help", "error", "emptyTitle",
]);
const TOAST_METHODS = new Set(["success", "error", "info", "warning", "message", "loading"]);

function literalText(node) {
  if (!node) return null;
  if (node.type === "Literal" && typeof node.value === "string") return LETTER.test(node.value) ? node : null;
  if (node.type === "TemplateLiteral") return node.quasis.some((q) => LETTER.test(q.value.cooked ?? q.value.raw)) ? node : null;
  if (node.type === "ConditionalExpression") return literalText(node.consequent) ?? literalText(node.alternate);
  if (node.type === "LogicalExpression") return literalText(node.right) ?? (node.operator === "??" ? null : literalText(node.left));
  return null;
}

/** @type {import("eslint").Rule.RuleModule} */
const rule = {
  meta: {
    type: "problem",
    docs: { description: "User-visible text comes from the message catalogues (next-intl), not from literals" },
    messages: { literal: "User-visible text \"{{text}}\" is a literal: put it in lib/i18n/messages/{en,zh-CN}/<namespace>.json and render it with useTranslations/getTranslations." },
    schema: [],
  },
  create(context) {
    const report = (node, text) => context.report({ node, messageId: "literal", data: { text: String(text).trim().slice(0, 40) } });
    return {
      JSXText(node) {
        if (LETTER.test(node.value)) report(node, node.value);
      },
      JSXExpressionContainer(node) {
        if (node.parent?.type === "JSXAttribute") return;
        const hit = literalText(node.expression);
        if (hit) report(hit, context.sourceCode.getText(hit));
      },
      JSXAttribute(node) {
        const name = node.name.type === "JSXIdentifier" ? node.name.name : null;
        if (!name || !TEXT_PROPS.has(name) || !node.value) return;
        const hit = node.value.type === "JSXExpressionContainer" ? literalText(node.value.expression) : literalText(node.value);
        if (hit) report(hit, context.sourceCode.getText(hit));
      },
      CallExpression(node) {
        const c = node.callee;
        const isToast = (c.type === "Identifier" && c.name === "toast")
          || (c.type === "MemberExpression" && c.object.type === "Identifier" && c.object.name === "toast" && c.property.type === "Identifier" && TOAST_METHODS.has(c.property.name));
        if (!isToast) return;
        const hit = literalText(node.arguments[0]);
        if (hit) report(hit, context.sourceCode.getText(hit));
      },
    };
  },
};

const plugin = { rules: { "no-literal-string": rule } };
export default plugin;
