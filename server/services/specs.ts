import "server-only";
import type { Db } from "../db/client";
import { checkEmittedAsyncApi, type SpecProblem } from "../flow/asyncapi/check";
import { applicationNames } from "../flow/asyncapi/emit";
import { allSpecFiles, emittedSpecFile, type SpecFile, type SpecFormat } from "../flow/asyncapi/files";
import { importAsyncApi, type SpecSource } from "../flow/asyncapi/import";
import { generateAllTypeScriptStubs, generateTypeScriptStubs, type GeneratedFile } from "../flow/stubs/typescript";
import { createFlow, FlowError, getFlow, type FlowSummary } from "./flows";

// AsyncAPI documents and service stubs are projections of a saved flow; nothing here is stored.

function requireApp(names: string[], app: string | undefined) {
  if (app !== undefined && !names.includes(app)) {
    throw new FlowError(`This flow has no application named “${app}”. It has: ${names.join(", ") || "none"}.`, "NOT_FOUND");
  }
}

export interface SpecView {
  apps: string[];
  file: SpecFile;
  status: { errors: SpecProblem[]; warnings: SpecProblem[] };
}

/** One document (an application's, or the whole flow's) with what @asyncapi/parser says of it. */
export async function getSpec(db: Db, id: string, opts: { app?: string; format: SpecFormat }): Promise<SpecView> {
  const { doc } = await getFlow(db, id);
  const apps = applicationNames(doc);
  requireApp(apps, opts.app);
  const { file, document } = emittedSpecFile(doc, opts);
  const { errors, warnings } = await checkEmittedAsyncApi({ name: file.fileName, text: file.text }, document);
  return { apps, file, status: { errors, warnings } };
}

export async function listSpecFiles(db: Db, id: string, format: SpecFormat): Promise<{ flowName: string; files: SpecFile[] }> {
  const { doc } = await getFlow(db, id);
  return { flowName: doc.name, files: allSpecFiles(doc, { format }) };
}

export async function stubFiles(db: Db, id: string, app?: string): Promise<{ flowName: string; files: GeneratedFile[] }> {
  const { doc } = await getFlow(db, id);
  const apps = applicationNames(doc);
  requireApp(apps, app);
  if (!apps.length) throw new FlowError("This flow has no producer, transformer or consumer to generate a service for.", "BAD_REQUEST");
  return { flowName: doc.name, files: app !== undefined ? await generateTypeScriptStubs(doc, app) : await generateAllTypeScriptStubs(doc) };
}

export type ImportOutcome = { ok: true; flow: FlowSummary; warnings: SpecProblem[] } | { ok: false; errors: SpecProblem[] };

/** Imports AsyncAPI documents as a new flow. Invalid documents create nothing and say where they are wrong. */
export async function importSpecs(db: Db, userId: string, input: { sources: SpecSource[]; name?: string }): Promise<ImportOutcome> {
  const result = await importAsyncApi(input.sources, { name: input.name });
  if (!result.ok) return result;
  const flow = await createFlow(db, userId, { name: input.name?.trim() || result.flow.name, doc: result.flow });
  return { ok: true, flow, warnings: result.warnings };
}
