// Stage 2: TypeScript models from the payload JSON Schemas, rendered by AsyncAPI Modelina.
// Modelina's own TypeScript constrainers paste property names, enum values and constants into
// the code unescaped, so those three are replaced here: every one becomes a JSON literal.
//
// Modelina is handed an InputMetaModel made by its JSON Schema processor, never the raw schema:
// its generic input sniffing would take a payload with an `asyncapi`, `openapi` or `swagger` key,
// or `baseFile`/`fileContents`, for a document of that kind (and parse, fetch or read it). The
// schema is a copy without external $refs (refs.ts): the processor dereferences, in place, with
// json-schema-ref-parser's file and http resolvers on.
import {
  JsonSchemaInputProcessor,
  TypeScriptGenerator,
  typeScriptDefaultModelNameConstraints,
  type InputMetaModel,
  type OutputModel,
  type ProcessorOptions,
  type TypeScriptOptions,
} from "@asyncapi/modelina";
import type { JsonSchema } from "../../model";
import { commentText, pascalCase, typePropertyKey } from "./naming";
import type { MessagePlan } from "./plan";
import { hasExternalRef, withoutExternalRefs } from "./refs";

export interface RenderedModels {
  /** The content of src/models.ts. */
  code: string;
  /** The TypeScript type of each message's payload, by message id, as used from `M.` (import * as M). */
  typeOf: Map<string, string>;
}

type ConstOptions = { originalInput?: unknown } | undefined;

/** A JSON value as a TypeScript literal type: JSON text is one, for every JSON value. */
export function literalType(value: unknown): string {
  return JSON.stringify(value ?? null).replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

// Global types a model must not shadow: models.ts itself writes Record<…>.
const GLOBAL_TYPES = new Set(["Array", "BigInt", "Boolean", "Buffer", "Date", "Error", "Function", "Map", "Number", "Object", "Partial", "Promise", "Readonly", "Record", "Set", "String", "Symbol"]);

/** `rename` maps a model name Modelina would pick to the one to use (to keep clashing names apart). */
function generator(rename: (name: string) => string) {
  const modelName = typeScriptDefaultModelNameConstraints();
  const options: Partial<TypeScriptOptions> = {
    modelType: "interface",
    enumType: "union",
    mapType: "record",
    moduleSystem: "CJS",
    constraints: {
      modelName: (ctx) => {
        const name = modelName(ctx);
        return rename(GLOBAL_TYPES.has(name) ? `${name}Model` : name);
      },
      propertyKey: ({ objectPropertyModel }) => typePropertyKey(objectPropertyModel.propertyName),
      enumKey: ({ enumKey }) => pascalCase(enumKey, "Value"),
      enumValue: ({ enumValue }) => literalType(enumValue),
      constant: ({ constrainedMetaModel }) => {
        const input = (constrainedMetaModel.options.const as ConstOptions)?.originalInput;
        return input === undefined ? undefined : literalType(input);
      },
    },
  };
  return new TypeScriptGenerator({ ...options, processorOptions: PROCESSOR_OPTIONS } as never);
}

// Draft-07 objects allow extra properties by default; typing them as a property named
// "additionalProperties" would misdescribe the JSON, so Modelina is told to leave them out.
const PROCESSOR_OPTIONS: ProcessorOptions = { jsonSchema: { ignoreAdditionalProperties: true } };

/** Modelina's JSON Schema processor, refusing to dereference anything that leaves the document. */
class LocalJsonSchemaProcessor extends JsonSchemaInputProcessor {
  override dereferenceInputs(input: unknown): Promise<unknown> {
    if (hasExternalRef(input)) return Promise.reject(new Error("external $ref"));
    return super.dereferenceInputs(input);
  }
}

/** The meta-model of a payload schema, read as JSON Schema and nothing else, from a copy without external $refs. */
export function inputModelOf(schema: JsonSchema): Promise<InputMetaModel> {
  return new LocalJsonSchemaProcessor().process(withoutExternalRefs(schema).schema, PROCESSOR_OPTIONS);
}

/** The payload schema with a title, so the root model is named after the message. */
export function titled(schema: JsonSchema, messageName: string): JsonSchema {
  return typeof schema.title === "string" && schema.title.trim() ? schema : { ...schema, title: pascalCase(messageName, "Payload") };
}

async function render(schema: JsonSchema, rename: (name: string) => string = (n) => n): Promise<OutputModel[]> {
  // A fresh input model each time: processing dereferences in place, generating splits models in place.
  const out = await generator(rename).generate(await inputModelOf(schema));
  return out.filter((m) => m.result.trim());
}

/**
 * Models for every JSON message. Messages that share a model (OrderItem in two payloads) share
 * its declaration; a name that two payloads define differently gets the later one's topic as a
 * prefix there.
 */
export async function renderModels(messages: MessagePlan[]): Promise<RenderedModels> {
  const declared = new Map<string, string>();
  const typeOf = new Map<string, string>();
  const unrenderable: string[] = [];
  for (const m of messages) {
    if (m.encoding === "raw") {
      typeOf.set(m.id, "Buffer");
      continue;
    }
    if (!m.schema) {
      typeOf.set(m.id, "unknown");
      continue;
    }
    const schema = titled(m.schema, m.name);
    let models: OutputModel[] = [];
    try {
      models = await render(schema);
      // A clashing name gets the topic as a prefix; models equal to declared ones stay shared.
      // Renaming can change the models that refer to it, so repeat until nothing clashes.
      const clashes = () => models.filter((o) => declared.has(o.modelName) && declared.get(o.modelName) !== o.result);
      const renamed = new Set<string>();
      const baseOf = new Map<string, string>();
      let prefix = pascalCase(m.topic, "Topic");
      for (let round = 2; clashes().length; round++) {
        if (round > 50) throw new Error("model names keep clashing");
        for (const o of clashes()) {
          const base = baseOf.get(o.modelName);
          if (base === undefined) renamed.add(o.modelName);
          else prefix = `${pascalCase(m.topic, "Topic")}${round}`; // the prefixed name is taken too
        }
        models = await render(schema, (n) => {
          if (!renamed.has(n)) return n;
          baseOf.set(prefix + n, n);
          return prefix + n;
        });
      }
    } catch {
      models = [];
    }
    const root = models[0];
    if (!root) {
      unrenderable.push(m.id);
      typeOf.set(m.id, "unknown");
      continue;
    }
    for (const o of models) declared.set(o.modelName, o.result);
    typeOf.set(m.id, root.modelName);
  }
  const names = [...declared.keys()];
  const loose = messages
    .filter((m) => m.removedRefs.length)
    .map((m) => `//   ${commentText(`${m.topic} ${m.name} (${typeOf.get(m.id) ?? "unknown"}): ${m.removedRefs.join(", ")}`)}`);
  const code = [
    "// Payload models, generated by Flowlens with AsyncAPI Modelina from the flow's JSON Schemas.",
    "// Regenerate rather than edit. Models are types only: payloads are checked against",
    "// src/schemas.ts when they are sent and received.",
    ...(unrenderable.length ? [`// Modelina could not model ${unrenderable.length} payload schema(s); they are typed as unknown.`] : []),
    ...(loose.length ? ["// These payload schemas refer to other documents, which Flowlens does not fetch: the $refs", "// were removed, so those parts are typed and checked loosely.", ...loose] : []),
    "",
    ...[...declared.values()].flatMap((result) => [result, ""]),
    names.length ? `export type { ${names.join(", ")} };` : "export {};",
    "",
  ].join("\n");
  return { code, typeOf };
}
