import { describe, expect, it } from "vitest";
import { emptyFlow, type FlowDoc } from "./model";
import { addNode, connect, copySelection, createNode, dlqTargetOf, edgeKindFor, moveNodes, paste, removeElements, renameNode, setDlqTarget, uniqueName, updateNode } from "./operations";

function flowWith(...kinds: Array<[Parameters<typeof createNode>[1], string]>): FlowDoc {
  let doc = emptyFlow("t");
  for (const [kind, id] of kinds) doc = addNode(doc, createNode(doc, kind, id, { x: 0, y: 0 }, id));
  return doc;
}

describe("createNode", () => {
  it("fills defaults per kind and gives apps their name as app, client and group id", () => {
    const doc = emptyFlow("t");
    const c = createNode(doc, "consumer", "c1");
    expect(c).toMatchObject({ kind: "consumer", name: "consumer", appName: "consumer", clientId: "consumer", groupId: "consumer", concurrency: 1 });
    const t = createNode(doc, "topic", "t1");
    expect(t).toMatchObject({ kind: "topic", partitions: 3, cleanupPolicy: "delete", retentionMs: 604800000 });
    expect(t.kind === "topic" && t.messages[0]!.name).toBe("Message");
  });

  it("never reuses a name", () => {
    let doc = emptyFlow("t");
    doc = addNode(doc, createNode(doc, "topic", "a"));
    doc = addNode(doc, createNode(doc, "topic", "b"));
    expect(doc.nodes.map((n) => n.name)).toEqual(["topic", "topic-2"]);
    expect(uniqueName(doc, "topic")).toBe("topic-3");
  });
});

describe("connection rules", () => {
  const doc = flowWith(["producer", "p"], ["topic", "t"], ["topic", "t2"], ["transformer", "x"], ["consumer", "c"], ["dlq", "d"]);
  const n = (id: string) => doc.nodes.find((x) => x.id === id)!;

  it.each([
    ["p", "t", "publishes"],
    ["t", "c", "subscribes"],
    ["t", "x", "subscribes"],
    ["x", "t2", "emits"],
    ["c", "d", "deadLetters"],
    ["x", "d", "deadLetters"],
    ["d", "c", "subscribes"],
  ])("%s → %s is %s", (s, t, kind) => {
    expect(edgeKindFor(n(s), n(t))).toEqual({ kind });
  });

  it.each([
    ["p", "c", /put a topic between them/],
    ["t", "t2", /add a transformer/],
    ["c", "t", /only reads/],
    ["p", "d", /not from producers/],
    ["t", "p", /does not read from topics/],
    ["t", "t", /itself/],
  ])("refuses %s → %s and says why", (s, t, why) => {
    const r = connect(doc, s, t, "e");
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(why);
  });

  it("refuses a duplicate edge and a second DLQ", () => {
    const once = connect(doc, "p", "t", "e1");
    expect(once.ok).toBe(true);
    const twice = connect(once.ok ? once.doc : doc, "p", "t", "e2");
    expect(!twice.ok && twice.reason).toMatch(/already connected/);
    let d2 = doc;
    d2 = addNode(d2, createNode(d2, "dlq", "d2", undefined, "d2"));
    const first = connect(d2, "c", "d", "e3");
    const second = first.ok ? connect(first.doc, "c", "d2", "e4") : first;
    expect(!second.ok && second.reason).toMatch(/already has a dead-letter queue/);
  });

  it("keeps one DLQ target per application", () => {
    let d = addNode(doc, createNode(doc, "dlq", "d2", undefined, "d2"));
    const a = setDlqTarget(d, "c", "d", "e1");
    d = a.ok ? a.doc : d;
    expect(dlqTargetOf(d, "c")).toBe("d");
    const b = setDlqTarget(d, "c", "d2", "e2");
    d = b.ok ? b.doc : d;
    expect(dlqTargetOf(d, "c")).toBe("d2");
    expect(d.edges.filter((e) => e.kind === "deadLetters")).toHaveLength(1);
    const c = setDlqTarget(d, "c", null, "e3");
    expect(c.ok && dlqTargetOf(c.doc, "c")).toBeNull();
  });
});

describe("editing", () => {
  it("validates updates and refuses bad values with the field's name", () => {
    const doc = flowWith(["topic", "t"]);
    const ok = updateNode(doc, "t", { partitions: 12 });
    expect(ok.ok && ok.doc.nodes[0]).toMatchObject({ partitions: 12 });
    const bad = updateNode(doc, "t", { partitions: 0 });
    expect(!bad.ok && bad.reason).toMatch(/^partitions:/);
    const kind = updateNode(doc, "t", { kind: "consumer" });
    expect(kind.ok && kind.doc.nodes[0]!.kind).toBe("topic");
    expect(doc.nodes[0]).toMatchObject({ partitions: 3 }); // the input document is never changed
  });

  it("renames a node, carrying along app fields that still had the old name", () => {
    let doc = flowWith(["consumer", "c"]);
    const r = renameNode(doc, "c", "billing");
    expect(r.ok && r.doc.nodes[0]).toMatchObject({ name: "billing", appName: "billing", clientId: "billing", groupId: "billing" });
    const custom = updateNode(doc, "c", { groupId: "billing-v2" });
    doc = custom.ok ? custom.doc : doc;
    const r2 = renameNode(doc, "c", "payments");
    expect(r2.ok && r2.doc.nodes[0]).toMatchObject({ name: "payments", appName: "payments", groupId: "billing-v2" });
    const bad = renameNode(doc, "c", "  ");
    expect(!bad.ok && bad.reason).toMatch(/^name: Give it a name/);
  });

  it("removes edges together with their nodes", () => {
    let doc = flowWith(["producer", "p"], ["topic", "t"], ["consumer", "c"]);
    for (const [s, t, id] of [["p", "t", "e1"], ["t", "c", "e2"]] as const) {
      const r = connect(doc, s, t, id);
      if (r.ok) doc = r.doc;
    }
    const after = removeElements(doc, { nodeIds: ["t"] });
    expect(after.nodes.map((n) => n.id)).toEqual(["p", "c"]);
    expect(after.edges).toEqual([]);
    expect(removeElements(doc, { edgeIds: ["e2"] }).edges.map((e) => e.id)).toEqual(["e1"]);
  });

  it("moves nodes, and returns the same document when nothing moved", () => {
    const doc = flowWith(["topic", "t"]);
    expect(moveNodes(doc, { t: { x: 0, y: 0 } })).toBe(doc);
    expect(moveNodes(doc, { t: { x: 5, y: 6 } }).nodes[0]!.position).toEqual({ x: 5, y: 6 });
  });

  it("pastes copies with new ids, unique names, offsets and their inner edges", () => {
    let doc = flowWith(["producer", "p"], ["topic", "t"]);
    const r = connect(doc, "p", "t", "e1");
    if (r.ok) doc = r.doc;
    let i = 0;
    const { doc: after, nodeIds } = paste(doc, copySelection(doc, ["p", "t"]), () => `new${++i}`);
    expect(nodeIds).toEqual(["new1", "new2"]);
    expect(after.nodes.map((n) => n.name)).toEqual(["p", "t", "p-2", "t-2"]);
    expect(after.nodes[2]!.position).toEqual({ x: 40, y: 40 });
    expect(after.edges.at(-1)).toMatchObject({ source: "new1", target: "new2", kind: "publishes" });
  });
});
