import "server-only";
import { strToU8, zipSync, type Zippable } from "fflate";
import { fileSlug } from "../flow/asyncapi/files";

/** A zip download; every entry sits under one folder named after the flow, as users expect on unzip. */
export function zipResponse(baseName: string, files: { path: string; text: string }[]): Response {
  const folder = fileSlug(baseName);
  const tree: Zippable = {};
  for (const f of files) tree[`${folder}/${f.path}`] = strToU8(f.text);
  const bytes = zipSync(tree, { level: 6 });
  return new Response(bytes as Uint8Array<ArrayBuffer>, {
    headers: {
      "content-type": "application/zip",
      "content-disposition": `attachment; filename="${folder}.zip"`,
      "cache-control": "no-store",
    },
  });
}
