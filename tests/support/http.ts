import { createServer, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";

const baseOf = (s: Server) => `http://127.0.0.1:${(s.address() as AddressInfo).port}`;

/** A real HTTP server on a free loopback port: its base URL, and how to close it. */
export async function localServer(handler: RequestListener): Promise<{ base: string; close(): Promise<void> }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    base: baseOf(server),
    close: () => (server.closeAllConnections(), new Promise<void>((resolve) => server.close(() => resolve()))),
  };
}

/** The base URL of a loopback port that was just free and is closed again: connecting is refused. */
export async function closedPortBase(): Promise<string> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  const base = baseOf(s);
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return base;
}
