// Issue 4: export a generated 500-node flow, including parser validation, in under 1 s; report the
// emission time beside @asyncapi/parser's time on the same document (the reference).
//
// Two parsers validate the same texts, alternately: the stock `new Parser()` (the reference), and
// the one Flowlens exports, checks and imports with (asyncApiParser(): the same @asyncapi/parser
// and ruleset, its AsyncAPI meta-schema compiled once instead of once per document; check.test.ts
// shows both give the same diagnostics). Both are asserted to find zero errors.
import { Parser } from "@asyncapi/parser";
import { asyncApiParser, checkEmittedAsyncApi } from "../server/flow/asyncapi/check";
import { applications, emitAsyncApi } from "../server/flow/asyncapi/emit";
import { specText } from "../server/flow/asyncapi/files";
import { generateFlow } from "../server/flow/samples/generate";
import { stats } from "./lib/app";

const ROUNDS = Number(process.env.ROUNDS ?? 6);
const flow = generateFlow(500, 750);
const ours = asyncApiParser();
const stock = new Parser();
const t = {
  emit: [] as number[], yaml: [] as number[], json: [] as number[],
  oursYaml: [] as number[], oursJson: [] as number[], stockYaml: [] as number[], stockJson: [] as number[],
  checkYaml: [] as number[], checkJson: [] as number[],
};
let yamlSize = 0;
let jsonSize = 0;
let errors = 0;

async function time<T>(into: number[], f: () => T | Promise<T>): Promise<T> {
  const start = performance.now();
  const r = await f();
  into.push(performance.now() - start);
  return r;
}
const errorsIn = (ds: Array<{ severity: number }>) => ds.filter((d) => d.severity === 0).length;

for (let i = 0; i < ROUNDS; i++) {
  const doc = await time(t.emit, () => emitAsyncApi(flow));
  const yaml = await time(t.yaml, () => specText(doc, "yaml"));
  const json = await time(t.json, () => specText(doc, "json"));
  yamlSize = yaml.length;
  jsonSize = json.length;
  errors += errorsIn(await time(t.stockYaml, () => stock.validate(yaml)));
  errors += errorsIn(await time(t.oursYaml, () => ours.validate(yaml)));
  errors += errorsIn(await time(t.stockJson, () => stock.validate(json)));
  errors += errorsIn(await time(t.oursJson, () => ours.validate(json)));
  // What `flowlens export`, REST and the Spec view run on the text: the $ref expansion bound on the
  // emitted document, then the parser on the text.
  errors += (await time(t.checkJson, () => checkEmittedAsyncApi({ name: "flow.json", text: json }, doc))).errors.length;
  errors += (await time(t.checkYaml, () => checkEmittedAsyncApi({ name: "flow.yaml", text: yaml }, doc))).errors.length;
}

// Per-application documents: what `flowlens export --app`, the Spec view and REST ?app= produce.
const apps = applications(flow).slice(0, 20);
const perApp: number[] = [];
const perAppStock: number[] = [];
for (const app of apps) {
  const text = specText(emitAsyncApi(flow, { app: app.appName || app.name }), "yaml");
  errors += errorsIn(await time(perAppStock, () => stock.validate(text)));
  await time(perApp, async () => {
    const d = emitAsyncApi(flow, { app: app.appName || app.name });
    errors += (await checkEmittedAsyncApi({ name: "app.yaml", text: specText(d, "yaml") }, d)).errors.length;
  });
}

const warm = (xs: number[]) => stats(xs.slice(1));
const f = (n: number) => n.toFixed(1).padStart(7);
const e = warm(t.emit);
const y = warm(t.yaml);
const j = warm(t.json);
const oy = warm(t.oursYaml);
const oj = warm(t.oursJson);
const sy = warm(t.stockYaml);
const sj = warm(t.stockJson);
console.log(`asyncapi: whole-flow export of a generated 500-node, 750-edge flow (${(yamlSize / 1024).toFixed(0)} KiB YAML, ${(jsonSize / 1024).toFixed(0)} KiB JSON), ${errors} parser errors in all`);
console.log(`  emit (Flowlens)                             p50 ${f(e.p50)} ms   max ${f(e.max)} ms`);
console.log(`  YAML stringify                              p50 ${f(y.p50)} ms   max ${f(y.max)} ms`);
console.log(`  JSON stringify                              p50 ${f(j.p50)} ms   max ${f(j.max)} ms`);
console.log(`  validate YAML, Flowlens's parser            p50 ${f(oy.p50)} ms   max ${f(oy.max)} ms   first call ${t.oursYaml[0]!.toFixed(0)} ms`);
console.log(`  validate JSON, Flowlens's parser            p50 ${f(oj.p50)} ms   max ${f(oj.max)} ms`);
console.log(`  reference: stock @asyncapi/parser, YAML     p50 ${f(sy.p50)} ms   max ${f(sy.max)} ms   first call ${t.stockYaml[0]!.toFixed(0)} ms`);
console.log(`  reference: stock @asyncapi/parser, JSON     p50 ${f(sj.p50)} ms   max ${f(sj.max)} ms`);
const cy = warm(t.checkYaml);
const cj = warm(t.checkJson);
console.log(`  checkEmittedAsyncApi (bound + parser), JSON p50 ${f(cj.p50)} ms   max ${f(cj.max)} ms`);
console.log(`  checkEmittedAsyncApi (bound + parser), YAML p50 ${f(cy.p50)} ms   max ${f(cy.max)} ms`);
const totalYaml = e.p50 + y.p50 + cy.p50;
const totalJson = e.p50 + j.p50 + cj.p50;
console.log(`  export incl. validation (emit + text + checkEmittedAsyncApi, what the CLI and REST run): JSON p50 ${totalJson.toFixed(0)} ms, YAML p50 ${totalYaml.toFixed(0)} ms; goal < 1000 ms → ${totalJson < 1000 ? "met" : "MISSED"} (JSON), ${totalYaml < 1000 ? "met" : "MISSED"} (YAML)`);
console.log(`  with the stock parser instead: JSON p50 ${(e.p50 + j.p50 + sj.p50).toFixed(0)} ms, YAML p50 ${(e.p50 + y.p50 + sy.p50).toFixed(0)} ms`);
const pa = stats(perApp);
const ps = stats(perAppStock);
console.log(`  per-application document (${apps.length} apps) incl. emit + validation: p50 ${pa.p50.toFixed(0)} ms, max ${pa.max.toFixed(0)} ms (stock parser, validation only: p50 ${ps.p50.toFixed(0)} ms)`);
if (errors) {
  console.log(`  ERROR: the parsers reported ${errors} errors`);
  process.exitCode = 1;
}
