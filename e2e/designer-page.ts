import { expect, type Locator, type Page } from "@playwright/test";

/** The flow designer, as a person sees it: palette, canvas, properties, problems. */
export class DesignerPage {
  readonly palette: Locator;
  readonly canvas: Locator;
  readonly properties: Locator;
  readonly problems: Locator;
  readonly status: Locator;

  constructor(readonly page: Page) {
    this.palette = page.getByRole("complementary", { name: "Palette" });
    this.canvas = page.locator(".react-flow__pane");
    this.properties = page.getByRole("complementary", { name: "Properties" });
    this.problems = page.getByRole("region", { name: "Problems" });
    this.status = page.getByRole("status").filter({ hasText: /Saved|Unsaved|Saving|Read only|Viewing|Not saved/ });
  }

  node(kind: string, name: string) {
    return this.page.getByTestId(`node-${kind}-${name}`);
  }

  /** Drags a palette item onto the canvas at (x, y) within the canvas. */
  async drop(item: string, x: number, y: number) {
    await this.palette.getByRole("button", { name: item, exact: true }).dragTo(this.canvas, { targetPosition: { x, y } });
  }

  async select(kind: string, name: string) {
    await this.node(kind, name).click();
    await expect(this.properties.getByRole("heading", { name })).toBeVisible();
  }

  async rename(kind: string, from: string, to: string) {
    await this.select(kind, from);
    const label = kind === "topic" || kind === "dlq" ? "Topic name" : "Name";
    await this.properties.getByLabel(label, { exact: true }).fill(to);
    await expect(this.node(kind, to)).toBeVisible();
  }

  async connect(from: Locator, to: Locator) {
    await from.locator(".react-flow__handle.source").dragTo(to.locator(".react-flow__handle.target"));
  }

  edges() {
    return this.page.locator(".react-flow__edge");
  }
}
