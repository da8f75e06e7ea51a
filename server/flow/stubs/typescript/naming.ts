// Naming constrainers: names from the flow (any text a user typed) become package names,
// directory names, identifiers and string literals of the generated code. Each one is small,
// total (never throws) and tested on its own.

const RESERVED = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends false finally for function if " +
    "import in instanceof new null return super switch this throw true try typeof var void while with yield let static " +
    "implements interface package private protected public await arguments eval undefined NaN Infinity"
  ).split(" "),
);

/** The ASCII words of a name: "orders.enriched" → [orders, enriched], "OrderPlaced" → [Order, Placed]. */
export function words(name: string): string[] {
  const ascii = name.normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
  return ascii.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+/g) ?? [];
}

const capitalise = (w: string) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase();

/** A valid identifier: digits first get a leading underscore, reserved words a trailing one. */
function safeIdentifier(candidate: string, fallback: string): string {
  let id = candidate || fallback;
  if (/^[0-9]/.test(id)) id = `_${id}`;
  return RESERVED.has(id) ? `${id}_` : id;
}

/** "orders.enriched" → "ordersEnriched"; a name with no ASCII word gets the fallback. */
export function camelCase(name: string, fallback = "value"): string {
  const [first = "", ...rest] = words(name);
  return safeIdentifier(first.toLowerCase() + rest.map(capitalise).join(""), fallback);
}

/** "order placed" → "OrderPlaced". */
export function pascalCase(name: string, fallback = "Value"): string {
  return safeIdentifier(words(name).map(capitalise).join(""), fallback);
}

/** An npm package name: lower case, URL-safe, no leading dot or underscore, at most 214 characters. */
export function packageName(name: string): string {
  const n = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9._~-]+/g, "-")
    .replace(/^[-._~]+|[-._~]+$/g, "")
    .slice(0, 214)
    .replace(/[-._~]+$/g, "");
  return n || "flowlens-stub";
}

/** A directory name safe on every file system: kebab-case ASCII, never "." or "..". */
export function directoryName(name: string): string {
  return words(name).map((w) => w.toLowerCase()).join("-").slice(0, 100).replace(/-+$/, "") || "app";
}

/** `name`, or `name2`, `name3`… whichever `taken` lacks; the result is added to `taken`. */
export function unique(taken: Set<string>, name: string, separator = ""): string {
  let n = name;
  for (let i = 2; taken.has(n); i++) n = `${name}${separator}${i}`;
  taken.add(n);
  return n;
}

/** A string literal for generated code. JSON escapes quotes, backslashes and control characters; the two line separators that JSON leaves alone are escaped too. */
export function stringLiteral(text: string): string {
  return JSON.stringify(text).replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

const IDENTIFIER_NAME = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** An object key in generated code: bare when it can be, quoted otherwise; `__proto__` is computed so it stays an own property. */
export function propertyKey(key: string): string {
  if (key === "__proto__") return `[${stringLiteral(key)}]`;
  return IDENTIFIER_NAME.test(key) ? key : stringLiteral(key);
}

/** A property key in a type (an interface member): `__proto__` needs no special care there. */
export function typePropertyKey(key: string): string {
  return IDENTIFIER_NAME.test(key) ? key : stringLiteral(key);
}

/** `object.key` or `object["key"]`. */
export function propertyAccess(object: string, key: string): string {
  return IDENTIFIER_NAME.test(key) ? `${object}.${key}` : `${object}[${stringLiteral(key)}]`;
}

/** One line of comment text: no line breaks, and nothing that ends a block comment. */
export function commentText(text: string): string {
  return text
    .replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, " ")
    .replace(/\*\//g, "* /")
    .trim();
}

/** Inline Markdown code that survives backticks in the text. */
export function inlineCode(text: string): string {
  const line = commentText(text);
  const longest = Math.max(0, ...(line.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = line.startsWith("`") || line.endsWith("`") ? " " : "";
  return `${fence}${pad}${line}${pad}${fence}`;
}
