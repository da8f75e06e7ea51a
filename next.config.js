// @ts-check
/** Headers for every response. The Content-Security-Policy carries a per-request nonce and is set in proxy.ts. */
const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // FLOWLENS_SOURCEMAPS=1 next build: browser source maps, for profiling the canvas.
  productionBrowserSourceMaps: process.env.FLOWLENS_SOURCEMAPS === "1",
  // Server-only packages with WebAssembly or native parts are loaded by Node, not bundled.
  serverExternalPackages: ["@asyncapi/parser", "@asyncapi/converter", "@asyncapi/modelina", "@electric-sql/pglite", "@electric-sql/pglite-socket", "kafkajs", "@node-rs/argon2", "pg"],
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

export default nextConfig;
