import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

const frameworkImports = ["react", "react-dom", "next", "@xyflow/react", "@prisma/client", "kafkajs"];

const config = [
  { ignores: [".next/**", "generated/**", "node_modules/**", ".cache/**", ".flowlens/**", "test-results/**", "playwright-report/**", "next-env.d.ts"] },
  ...nextCoreWebVitals,
  ...nextTypescript,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-restricted-syntax": [
        "error",
        { selector: "NewExpression[callee.name='Function']", message: "No new Function: Flowlens never evaluates code." },
        { selector: "CallExpression[callee.name='eval']", message: "No eval: Flowlens never evaluates code." },
        { selector: "NewExpression[callee.name='RegExp']", message: "No regexes built at run time (user input must never become a regex)." },
        { selector: "MemberExpression[object.name='Math'][property.name='random']", message: "Use node:crypto for anything random." },
      ],
    },
  },
  {
    // Playwright fixtures receive a `use` callback that is not React's hook.
    files: ["e2e/**"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
  {
    // kafkajs lives behind the adapter in server/kafka/ (and the generated stubs, which are their own projects).
    files: ["**/*.{ts,tsx,js,mjs}"],
    ignores: ["server/kafka/**"],
    rules: {
      "no-restricted-imports": ["error", { paths: [{ name: "kafkajs", message: "Import Kafka only through server/kafka/." }] }],
    },
  },
  {
    // The flow document core is pure: it runs in the browser, the server and the CLI alike.
    files: ["server/flow/**/*.{ts,tsx}", "server/observe/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: frameworkImports.map((name) => ({ name, message: "server/flow is pure domain code." })),
          patterns: [
            { group: ["next/*", "react/*", "@xyflow/*", "@prisma/*", "@opentelemetry/*", "kafkajs/*", "@/generated/*"], message: "server/flow is pure domain code." },
            { group: ["**/db/*", "**/kafka/*", "**/otel/*", "**/api/*", "**/services/*"], message: "server/flow must not depend on adapters." },
          ],
        },
      ],
    },
  },
];

export default config;
