// Reading AsyncAPI text the way a person would want it explained: YAML or JSON syntax errors with
// line and column, what kind of document it is, and @asyncapi/parser's own diagnostics.
// import.ts reads its documents through readAsyncApi; checkAsyncApi checks text from anywhere;
// checkEmittedAsyncApi checks Flowlens's own output (export, REST, the Spec view).
import { convert } from "@asyncapi/converter";
import { Parser, type AsyncAPIDocumentInterface, type Diagnostic } from "@asyncapi/parser";
import { documentStructure } from "@asyncapi/parser/cjs/ruleset/functions/documentStructure";
import { coreRuleset } from "@asyncapi/parser/cjs/ruleset/ruleset";
import { LineCounter, parseDocument, type Document } from "yaml";
import { parseJson } from "../file-format";

/** A document to check or import: its file name (or "pasted") and its YAML or JSON text. */
export interface SpecSource {
  name: string;
  text: string;
}

/** One problem with a document; line and column are 1-based. `message` is a whole sentence that names the place. */
export interface SpecProblem {
  source: string;
  line?: number;
  column?: number;
  path?: string;
  message: string;
}

type Json = Record<string, unknown>;
type Position = { line: number; column: number };

/** Larger documents are refused rather than parsed: nobody designs a flow from a 10 MB spec. */
export const MAX_SPEC_CHARS = 10_000_000;
/**
 * How many JSON values the documents of one check or import may hold once their $refs are
 * resolved. A few KB of $refs that each point twice at the level below expand to billions; the
 * parser resolves them all, so such a document is refused before it is parsed.
 */
export const MAX_EXPANDED_VALUES = 2_000_000;
/** What is left of MAX_EXPANDED_VALUES; one budget is shared by all the documents of an import. */
export type ExpansionBudget = { left: number };
export const expansionBudget = (): ExpansionBudget => ({ left: MAX_EXPANDED_VALUES });
export function tooLargeWhenResolved(shared: boolean): string {
  return `It expands to more than ${MAX_EXPANDED_VALUES.toLocaleString("en")} values after resolving $refs${shared ? " (counting the documents imported with it)" : ""}; Flowlens reads documents of up to that size: reference fewer nested schemas, or split it into several imports`;
}
const MAX_PROBLEMS = 20;

/**
 * The parser's two document-structure rules (the AsyncAPI JSON Schema, resolved and unresolved),
 * exactly as its core ruleset defines them, with one difference: the compiled schema is kept from
 * one document to the next. Spectral's `schema` function keys its Ajv instances by the document
 * being linted, so the stock parser compiles the AsyncAPI meta-schema again for every document
 * (about 0.4 s, whatever the document's size). The same function runs with the same options and
 * gives the same diagnostics (check.test.ts compares them with the stock parser's); it is only
 * told that every document is the same one, for its cache. The compiled validators hold no
 * document: Ajv keeps schemas, and these are the parser's own, cached by version.
 */
const REUSED_SCHEMA_CACHE_KEY = {};
type RuleFunction = (input: unknown, options: unknown, context: Record<string, unknown>) => unknown;
const structureWithReusedSchema: RuleFunction = (input, options, context) =>
  (documentStructure as unknown as RuleFunction)(input, options, { ...context, documentInventory: REUSED_SCHEMA_CACHE_KEY });

function withReusedSchema(name: string): unknown {
  const rule = (coreRuleset.rules as Record<string, { then: Record<string, unknown> }>)[name];
  if (!rule || rule.then.function !== documentStructure) throw new Error(`@asyncapi/parser no longer defines ${name} as documentStructure: review asyncApiParser()`);
  return { ...rule, then: { ...rule.then, function: structureWithReusedSchema } };
}

let sharedParser: Parser | undefined;
/** One parser for every check, import and export: creating one loads the whole AsyncAPI ruleset. */
export function asyncApiParser(): Parser {
  sharedParser ??= new Parser({
    ruleset: {
      rules: {
        "asyncapi-document-resolved": withReusedSchema("asyncapi-document-resolved"),
        "asyncapi-document-unresolved": withReusedSchema("asyncapi-document-unresolved"),
      },
    } as NonNullable<ConstructorParameters<typeof Parser>[0]>["ruleset"],
  });
  return sharedParser;
}

const label = (source: SpecSource) => source.name?.trim() || "pasted";

function sentence(s: string): string {
  const t = s.trim();
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

export function specProblem(source: string, message: string, at?: Position, path?: string): SpecProblem {
  const where = at ? ` line ${at.line}, column ${at.column}` : "";
  return {
    source,
    ...(at ? { line: at.line, column: at.column } : {}),
    ...(path ? { path } : {}),
    message: `${source}${where}: ${sentence(message)}`,
  };
}

export interface ReadResult {
  errors: SpecProblem[];
  /** The parser's warnings (severity 1). */
  warnings: SpecProblem[];
  /** What happened on the way, e.g. a 2.x document converted to 3.0. */
  notes: SpecProblem[];
  version?: string;
  /** The parsed AsyncAPI 3 document (import only): refs resolved, traits applied. */
  document?: AsyncAPIDocumentInterface;
  /** The same document as written (or as converted from 2.x), refs unresolved. */
  raw?: Json;
}

/** Reads, recognises and validates one document; with `forImport`, also parses it (converting 2.x to 3.0). */
export async function readAsyncApi(source: SpecSource, opts: { forImport?: boolean; budget?: ExpansionBudget } = {}): Promise<ReadResult> {
  const name = label(source);
  const fail = (...errors: SpecProblem[]): ReadResult => ({ errors, warnings: [], notes: [] });
  try {
    const text = typeof source.text === "string" ? source.text.replace(/^\uFEFF/, "") : null;
    if (text === null) return fail(specProblem(name, "There is no text to read"));
    if (text.length > MAX_SPEC_CHARS) {
      return fail(specProblem(name, `It is too large (${(text.length / 1e6).toFixed(1)} million characters); Flowlens reads documents of up to ${MAX_SPEC_CHARS / 1e6} million`));
    }
    if (!text.trim()) return fail(specProblem(name, "It is empty; paste or choose an AsyncAPI document in YAML or JSON"));
    if (looksBinary(text)) return fail(specProblem(name, "This is not text (it looks like a binary file); an AsyncAPI document is YAML or JSON"));

    const syntax = readSyntax(name, text);
    if ("errors" in syntax) return fail(...syntax.errors);
    const { value, at } = syntax;

    const kind = recognise(name, value, at);
    if ("error" in kind) return fail(kind.error);
    const { version, major } = kind;

    const outside = externalRefs(value).slice(0, MAX_PROBLEMS);
    if (outside.length) {
      return {
        ...fail(
          ...outside.map(({ ref, path }) =>
            specProblem(
              name,
              `$ref "${ref}" at ${path.join(".")} points outside this document. Flowlens imports self-contained documents only: inline what it points to, or bundle the document first (for example with "asyncapi bundle")`,
              at(path),
              path.join("."),
            ),
          ),
        ),
        version,
      };
    }

    const budget = opts.budget ?? expansionBudget();
    const shared = budget.left < MAX_EXPANDED_VALUES;
    const size = expandedSize(value, budget.left);
    if (size > budget.left) return { ...fail(specProblem(name, tooLargeWhenResolved(shared))), version };
    budget.left -= size;

    const parser = asyncApiParser();
    const ownDiagnostics = (ds: Diagnostic[], suffix = "") => problemsOf(name, ds, suffix);

    if (!opts.forImport) return { ...ownDiagnostics(await parser.validate(text)), notes: [], version };

    if (major === 3) {
      const { document, diagnostics } = await parser.parse(text);
      const own = ownDiagnostics(diagnostics);
      if (own.errors.length || !document) return { ...own, errors: own.errors.length ? own.errors : [specProblem(name, "@asyncapi/parser could not read it")], notes: [], version };
      return { ...own, notes: [], version, document, raw: value as Json };
    }

    // AsyncAPI 2.x: check the document as written (so lines and columns are the user's), then convert.
    const own = ownDiagnostics(await parser.validate(text));
    if (own.errors.length) return { ...own, notes: [], version };
    let converted: { asyncapi: string } & Json;
    try {
      converted = convert(structuredClone(value) as { asyncapi: string }, "3.0.0");
    } catch (e) {
      return { ...own, errors: [specProblem(name, `It could not be converted from AsyncAPI ${version} to 3.0: ${(e as Error).message}`)], notes: [], version };
    }
    const { document, diagnostics } = await parser.parse(converted);
    const after = ownDiagnostics(diagnostics, " (converted to AsyncAPI 3.0)");
    if (after.errors.length || !document) {
      return { ...own, errors: after.errors.length ? after.errors : [specProblem(name, "@asyncapi/parser could not read its 3.0 conversion")], notes: [], version };
    }
    const note = specProblem(name, `AsyncAPI ${version} was converted to 3.0.0 with @asyncapi/converter before import; operation and message ids come from the conversion`);
    return { ...own, notes: [note], version, document, raw: converted };
  } catch (e) {
    // Whatever the input, the caller gets a sentence, never an exception.
    return fail(specProblem(name, `It could not be read: ${(e as Error)?.message ?? String(e)}`));
  }
}

/** The parser's errors (severity 0) and warnings (severity 1) as problems; a suffix on the name means the positions are not the text's. */
function problemsOf(name: string, ds: Diagnostic[], suffix = ""): { errors: SpecProblem[]; warnings: SpecProblem[] } {
  return {
    errors: ds.filter((d) => d.severity === 0).slice(0, MAX_PROBLEMS).map((d) => fromDiagnostic(name + suffix, d, !suffix)),
    warnings: ds.filter((d) => d.severity === 1).slice(0, MAX_PROBLEMS).map((d) => fromDiagnostic(name + suffix, d, !suffix)),
  };
}

/**
 * What @asyncapi/parser says of a document Flowlens emitted (export, REST, the Spec view): `text`
 * is `document` written out by specText. The checks for documents from elsewhere (binary, size in
 * characters, kind, external $refs) do not apply to the emitter's own output, and the document is
 * at hand, so the text is not parsed a second time: only the $ref expansion bound is checked (the
 * schemas in a flow are its editors' input), on the document itself, then the parser reads the text.
 */
export async function checkEmittedAsyncApi(source: SpecSource, document: unknown): Promise<{ errors: SpecProblem[]; warnings: SpecProblem[] }> {
  const name = label(source);
  if (expandedSize(document, MAX_EXPANDED_VALUES) > MAX_EXPANDED_VALUES) return { errors: [specProblem(name, tooLargeWhenResolved(false))], warnings: [] };
  try {
    return problemsOf(name, await asyncApiParser().validate(source.text));
  } catch (e) {
    return { errors: [specProblem(name, `It could not be read: ${(e as Error)?.message ?? String(e)}`)], warnings: [] };
  }
}

/** What is wrong with AsyncAPI text from anywhere: syntax errors, the parser's errors (severity 0) and warnings (severity 1), and the version. */
export async function checkAsyncApi(source: SpecSource): Promise<{ errors: SpecProblem[]; warnings: SpecProblem[]; version?: string }> {
  const { errors, warnings, version } = await readAsyncApi(source);
  return { errors, warnings, ...(version ? { version } : {}) };
}

function looksBinary(text: string): boolean {
  if (text.includes("\u0000")) return true;
  const sample = text.slice(0, 4096);
  let odd = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c === 0xfffd || (c < 32 && c !== 9 && c !== 10 && c !== 13)) odd++;
  }
  return odd > sample.length / 20;
}

type Syntax = { value: unknown; at: (path: ReadonlyArray<string | number>) => Position | undefined } | { errors: SpecProblem[] };

/** YAML (and JSON, which is YAML too) to a value, with a way back from a path to its line and column. */
function readSyntax(name: string, text: string): Syntax {
  const lines = new LineCounter();
  // The YAML syntax tree gives positions. JSON text is read by JSON.parse, and its tree is only built
  // when a position is asked for (a problem to report): for a valid export it never is.
  let tree: Document | undefined;
  const syntaxTree = () => (tree ??= parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true }));
  const position = (offset: number | undefined): Position | undefined => {
    if (offset === undefined) return undefined;
    syntaxTree();
    const p = lines.linePos(offset);
    return { line: p.line, column: p.col };
  };
  const at = (path: ReadonlyArray<string | number>) => {
    const doc = syntaxTree();
    return doc.errors.length ? undefined : nodeStart(doc, path, position);
  };
  // Text that starts like JSON ({" or [) is judged as JSON: JSON's own messages explain JSON mistakes best.
  if (/^\s*(\{\s*"|\[)/.test(text)) {
    const parsed = parseJson(text);
    if (!("error" in parsed)) return { value: parsed.value, at };
    const m = /^(.*) at line (\d+), column (\d+)$/.exec(parsed.error);
    if (m) return { errors: [specProblem(name, `This is not valid JSON: ${m[1]}`, { line: Number(m[2]), column: Number(m[3]) })] };
    // Some engine messages carry no position ("Unexpected token '}', …"): find it ourselves.
    const message = parsed.error.replace(/, (?:\.\.\.)?"[\s\S]*" is not valid JSON$/, "");
    return { errors: [specProblem(name, `This is not valid JSON: ${message}`, position(jsonErrorOffset(text)))] };
  }
  const doc = syntaxTree();
  if (doc.errors.some((e) => e.code === "MULTIPLE_DOCS")) {
    return { errors: [specProblem(name, "It holds several YAML documents (separated by ---); import each one as its own file")] };
  }
  if (doc.errors.length) {
    const seen = new Set<string>();
    const errors = doc.errors
      .map((e) => specProblem(name, `This is not valid YAML: ${e.message}`, position(e.pos?.[0])))
      .filter((e) => !seen.has(`${e.line}:${e.column}`) && !!seen.add(`${e.line}:${e.column}`));
    return { errors: errors.slice(0, MAX_PROBLEMS) };
  }
  try {
    return { value: doc.toJS({ maxAliasCount: 100 }), at };
  } catch (e) {
    return { errors: [specProblem(name, `This YAML cannot be read: ${(e as Error).message}`)] };
  }
}

/** The offset of the first JSON syntax error, by a small recursive-descent reader; undefined if none is found. */
function jsonErrorOffset(text: string): number | undefined {
  let i = 0;
  const number = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  const ws = () => {
    while (i < text.length && " \t\n\r".includes(text[i]!)) i++;
  };
  const expect = (c: string) => {
    ws();
    if (text[i] !== c) throw i;
    i++;
  };
  const string = () => {
    expect('"');
    while (i < text.length && text[i] !== '"') {
      if (text.charCodeAt(i) < 32) throw i;
      i += text[i] === "\\" ? 2 : 1;
    }
    expect('"');
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === "{" || c === "[") {
      i++;
      ws();
      const close = c === "{" ? "}" : "]";
      if (text[i] === close) return void i++;
      for (;;) {
        if (c === "{") {
          string();
          expect(":");
        }
        value();
        ws();
        if (text[i] === ",") i++;
        else return expect(close);
      }
    }
    if (c === '"') return string();
    for (const literal of ["true", "false", "null"]) if (text.startsWith(literal, i)) return void (i += literal.length);
    number.lastIndex = i;
    if (!number.test(text)) throw i;
    i = number.lastIndex;
  };
  try {
    value();
    ws();
    return i < text.length ? i : undefined;
  } catch (e) {
    return typeof e === "number" ? Math.min(e, text.length) : undefined;
  }
}

function nodeStart(doc: Document, path: ReadonlyArray<string | number>, position: (offset: number | undefined) => Position | undefined) {
  try {
    const node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
    return position(node?.range?.[0]);
  } catch {
    return undefined;
  }
}

function recognise(name: string, value: unknown, at: (path: string[]) => Position | undefined): { version: string; major: 2 | 3 } | { error: SpecProblem } {
  if (Array.isArray(value)) return { error: specProblem(name, "It holds a list, not an AsyncAPI document (a mapping that starts with an asyncapi field, e.g. asyncapi: 3.0.0)") };
  if (typeof value !== "object" || value === null) {
    return { error: specProblem(name, `It holds a single ${value === null ? "null" : typeof value} value, not an AsyncAPI document (a mapping that starts with an asyncapi field, e.g. asyncapi: 3.0.0)`) };
  }
  const doc = value as Json;
  if (!("asyncapi" in doc)) {
    if ("openapi" in doc || "swagger" in doc) return { error: specProblem(name, "This is an OpenAPI document; Flowlens imports AsyncAPI documents (2.x or 3.x)") };
    return { error: specProblem(name, "This is not an AsyncAPI document: it has no asyncapi field (e.g. asyncapi: 3.0.0)") };
  }
  const v = doc.asyncapi;
  const m = typeof v === "string" ? /^(\d+)\.(\d+)\.(\d+)(?:-[0-9A-Za-z.-]+)?$/.exec(v) : null;
  if (!m) return { error: specProblem(name, `The asyncapi field must be a version such as "3.0.0" (in quotes if need be), not ${JSON.stringify(v)}`, at(["asyncapi"]), "asyncapi") };
  const version = v as string;
  const [major, minor] = [Number(m[1]), Number(m[2])];
  if (major === 1) {
    return { error: specProblem(name, `AsyncAPI ${version} is too old for Flowlens, which reads 2.0–2.6 and 3.0–3.1. Convert it first (for example with "asyncapi convert")`, at(["asyncapi"]), "asyncapi") };
  }
  if ((major === 2 && minor <= 6) || (major === 3 && minor <= 1)) return { version, major };
  return { error: specProblem(name, `AsyncAPI ${version} is not supported; Flowlens reads 2.0–2.6 and 3.0–3.1`, at(["asyncapi"]), "asyncapi") };
}

/** Every $ref that does not start with "#": files and URLs, which an import never fetches. */
function externalRefs(value: unknown): Array<{ ref: string; path: Array<string | number> }> {
  const out: Array<{ ref: string; path: Array<string | number> }> = [];
  const walk = (v: unknown, path: Array<string | number>) => {
    if (out.length >= MAX_PROBLEMS) return;
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i]));
    else if (typeof v === "object" && v !== null) {
      for (const [k, x] of Object.entries(v)) {
        if (k === "$ref" && typeof x === "string" && !x.startsWith("#")) out.push({ ref: x, path: [...path, k] });
        else walk(x, [...path, k]);
      }
    }
  };
  walk(value, []);
  return out;
}

/** The value a local $ref ("#/a/b~1c") points at in the document as written; undefined if none. */
function target(root: unknown, ref: string): unknown {
  if (ref === "#") return root;
  if (!ref.startsWith("#/")) return undefined;
  let at: unknown = root;
  for (const raw of ref.slice(2).split("/")) {
    let seg = raw;
    try {
      seg = decodeURIComponent(raw);
    } catch {
      // keep the segment as written
    }
    seg = seg.replace(/~1/g, "/").replace(/~0/g, "~");
    if (typeof at !== "object" || at === null || !Object.prototype.hasOwnProperty.call(at, seg)) return undefined;
    at = (at as Json)[seg];
  }
  return at;
}

/**
 * How many JSON values the document holds once its local $refs are resolved (as the parser
 * resolves them), counted without resolving them: each value's size is worked out once. Recursive
 * $refs count once, as they are cut. Stops counting past `limit`.
 */
export function expandedSize(root: unknown, limit: number): number {
  const sizes = new Map<object, number>();
  const open = new Set<object>();
  const cap = Math.max(0, limit) + 1;
  const size = (v: unknown): number => {
    if (typeof v !== "object" || v === null) return 1;
    const known = sizes.get(v);
    if (known !== undefined) return known;
    if (open.has(v)) return 1;
    open.add(v);
    let n = 1;
    const ref = Array.isArray(v) ? undefined : (v as Json).$ref;
    for (const [k, x] of Object.entries(v)) {
      if (n >= cap) break;
      n += k === "$ref" && typeof ref === "string" ? (ref.startsWith("#") ? size(target(root, ref)) : 1) : size(x);
    }
    open.delete(v);
    n = Math.min(n, cap);
    sizes.set(v, n);
    return n;
  };
  return size(root);
}

function fromDiagnostic(name: string, d: Diagnostic, withRange: boolean): SpecProblem {
  const at = withRange && d.range ? { line: Math.max(1, d.range.start.line + 1), column: Math.max(1, d.range.start.character + 1) } : undefined;
  const path = d.path.map(String).join(".");
  return specProblem(name, path ? `${path}: ${d.message}` : d.message, at, path || undefined);
}
