// Issue 3: a generated flow of 1,000 nodes and 1,500 edges opens in under 1.5 s and pans with a
// p95 frame time under 20 ms in headless Chromium. Reference, same run: the 7-node sample flow.
import { chromium, type BrowserContext, type Page } from "@playwright/test";
import { generateFlow } from "../server/flow/samples/generate";
import { orderFulfilmentFlow } from "../server/flow/samples/order-fulfilment";
import { layout } from "../server/flow/layout";
import type { FlowDoc } from "../server/flow/model";
import { moveNodes } from "../server/flow/operations";
import { ADMIN, ms, startApp, stats } from "./lib/app";

const OPENS = 5;
const PANS = 3;

/** Opens the flow in a new tab (as a person would from a link) and times it from navigation start. */
async function openTime(context: BrowserContext, url: string, doc: FlowDoc): Promise<number> {
  const page = await context.newPage();
  await page.goto(url, { waitUntil: "commit" });
  // Opened = the fitted viewport is set and its nodes are drawn (for a large flow, the ones on
  // screen at a readable zoom; for the sample, all of them).
  await page.waitForFunction(
    (n) => {
      const vp = document.querySelector<HTMLElement>(".react-flow__viewport");
      const drawn = document.querySelectorAll(".react-flow__node").length;
      return !!vp && vp.style.transform.includes("scale") && drawn > 0 && (n > 300 || drawn === n);
    },
    doc.nodes.length,
    { timeout: 60_000, polling: "raf" },
  );
  // Time since navigation start, once the frame with every node and edge has been painted.
  const t = await page.evaluate(() => new Promise<number>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(performance.now())))));
  await page.close();
  return t;
}

async function panFrames(page: Page): Promise<number[]> {
  const box = (await page.locator(".react-flow__pane").boundingBox())!;
  // A string, not a function: tsx would wrap a named function in a helper the page lacks.
  await page.evaluate(`(() => {
    window.__frames = [];
    window.__rec = true;
    let last = performance.now();
    function tick(t) {
      window.__frames.push(t - last);
      last = t;
      if (window.__rec) requestAnimationFrame(tick);
    }
    requestAnimationFrame(tick);
  })()`);
  // Grab an empty corner of the canvas and drag it, as a person pans.
  await page.mouse.move(box.x + 12, box.y + 12);
  await page.mouse.down();
  for (let i = 1; i <= 60; i++) await page.mouse.move(box.x + 12 + i * 6, box.y + 12 + i * 3);
  await page.mouse.up();
  return page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __rec: boolean };
    w.__rec = false;
    return w.__frames.slice(1);
  });
}

async function measure(page: Page, baseURL: string, doc: FlowDoc) {
  const r = await page.request.post(`${baseURL}/api/trpc/flows.create`, { data: { json: { name: doc.name, doc } } });
  if (!r.ok()) throw new Error(`create failed: ${r.status()} ${await r.text()}`);
  const id = (await r.json()).result.data.json.id as string;
  const url = `${baseURL}/flows/${id}`;
  await openTime(page.context(), url, doc); // warm-up: the browser caches the page's JS once
  const opens: number[] = [];
  for (let i = 0; i < OPENS; i++) opens.push(await openTime(page.context(), url, doc));
  await page.goto(url);
  await page.locator(".react-flow__node").first().waitFor();
  const drawn = await page.locator(".react-flow__node").count();
  const edgesDrawn = await page.locator(".react-flow__edge").count();
  const zoom = await page.evaluate(() => Number(/scale\(([\d.]+)\)/.exec(document.querySelector<HTMLElement>(".react-flow__viewport")!.style.transform)?.[1]));
  const frames: number[] = [];
  for (let i = 0; i < PANS; i++) frames.push(...(await panFrames(page)));
  return { open: stats(opens), pan: stats(frames), drawn, edgesDrawn, zoom };
}

const app = await startApp();
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
});
try {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const signIn = await page.request.post(`${app.baseURL}/api/auth/sign-in/email`, { data: ADMIN });
  if (!signIn.ok()) throw new Error("bench: sign-in failed");
  const generated = generateFlow(1000, 1500);
  const big = await measure(page, app.baseURL, generated);
  // The same flow after Auto-layout (dagre), as a person would arrange it: edges run between
  // neighbouring layers instead of across the whole grid.
  const laidOut = await measure(page, app.baseURL, { ...moveNodes(generated, layout(generated)), name: "Generated 1000 nodes, laid out" });
  const ref = await measure(page, app.baseURL, orderFulfilmentFlow());
  const row = (label: string, m: typeof big) =>
    `${label.padEnd(34)} ${ms(m.open.p50).padStart(8)} ${ms(m.open.max).padStart(8)}   ${m.pan.p50.toFixed(1).padStart(5)} ${m.pan.p95.toFixed(1).padStart(6)} ${m.pan.max.toFixed(1).padStart(6)} ms  (${m.pan.n} frames)`;
  console.log("designer: open and pan in headless Chromium (Flowlens production build)");
  console.log(`${"".padEnd(34)} ${"open p50".padStart(8)} ${"open max".padStart(8)}   ${"pan frame p50 / p95 / max".padStart(26)}`);
  console.log(row("1,000 nodes + 1,500 edges", big));
  console.log(row("same flow after Auto-layout", laidOut));
  console.log(row("reference: 7-node sample flow", ref));
  console.log(`drawn when opened: grid ${big.drawn} nodes / ${big.edgesDrawn} edges (zoom ${big.zoom.toFixed(2)}); laid out ${laidOut.drawn} / ${laidOut.edgesDrawn}; sample ${ref.drawn} / ${ref.edgesDrawn}`);
  console.log(`goal: open < 1500 ms, pan p95 < 20 ms → grid: open ${big.open.p50 < 1500 ? "met" : "MISSED"}, pan ${big.pan.p95 < 20 ? "met" : "MISSED"}; laid out: open ${laidOut.open.p50 < 1500 ? "met" : "MISSED"}, pan ${laidOut.pan.p95 < 20 ? "met" : "MISSED"}`);
} finally {
  await browser.close();
  await app.stop();
}
