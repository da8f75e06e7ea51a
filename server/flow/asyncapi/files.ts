// AsyncAPI documents as files: the text, its name and its media type. Pure.
import { stringify } from "yaml";
import type { FlowDoc } from "../model";
import { applications, emitAsyncApi, type EmitOptions } from "./emit";

export const SPEC_FORMATS = ["yaml", "json"] as const;
export type SpecFormat = (typeof SPEC_FORMATS)[number];

export interface SpecFile {
  /** The application's name, or absent for the whole-flow document. */
  app?: string;
  fileName: string;
  contentType: string;
  text: string;
}

/**
 * A file-name-safe slug: lower case letters, digits, dots, dashes. Accents are dropped ("Café" →
 * "cafe"); a name with no Latin letters or digits at all (Cyrillic, CJK) becomes `fallback`.
 */
export function fileSlug(name: string, fallback = "flow"): string {
  const slug = name
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, "-")
    .replace(/^[-.]+|[-.]+$/g, "");
  return slug || fallback;
}

export function specText(doc: object, format: SpecFormat): string {
  // No anchors or aliases in YAML: readers of a spec expect every message written out.
  return format === "json" ? JSON.stringify(doc, null, 2) + "\n" : stringify(doc, { aliasDuplicateObjects: false, lineWidth: 0 });
}

export function specFile(flow: FlowDoc, opts: EmitOptions & { format?: SpecFormat } = {}): SpecFile {
  return emittedSpecFile(flow, opts).file;
}

/** specFile, with the emitted document the text was written from (for checkEmittedAsyncApi). */
export function emittedSpecFile(flow: FlowDoc, opts: EmitOptions & { format?: SpecFormat } = {}): { file: SpecFile; document: object } {
  const format = opts.format ?? "yaml";
  const document = emitAsyncApi(flow, opts);
  // allSpecFiles numbers the applications whose names make the same slug ("app", "app-2").
  const base = opts.app ? fileSlug(opts.app, "app") : fileSlug(flow.name);
  const file = {
    ...(opts.app ? { app: opts.app } : {}),
    fileName: `${base}.asyncapi.${format}`,
    contentType: format === "json" ? "application/json" : "application/yaml",
    text: specText(document, format),
  };
  return { file, document };
}

/** The whole-flow document and one per application, with names that never collide. */
export function allSpecFiles(flow: FlowDoc, opts: Omit<EmitOptions, "app"> & { format?: SpecFormat } = {}): SpecFile[] {
  const files = [specFile(flow, { ...opts, app: undefined })];
  const used = new Set([files[0]!.fileName]);
  for (const app of applications(flow)) {
    const f = specFile(flow, { ...opts, app: app.appName || app.name });
    let name = f.fileName;
    for (let i = 2; used.has(name); i++) name = f.fileName.replace(".asyncapi.", `-${i}.asyncapi.`);
    used.add(name);
    files.push({ ...f, fileName: name });
  }
  return files;
}
