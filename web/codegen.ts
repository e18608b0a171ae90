// Typed operations for the explorer, generated from the API's exported schema.
// `npm run codegen` rewrites src/generated/; `npm run codegen:check` fails when they drift
// from ../schema.graphql or from src/explorer/operations.graphql (make test runs it).
import type { CodegenConfig } from "@graphql-codegen/cli";

const config: CodegenConfig = {
  schema: "../schema.graphql",
  documents: ["src/explorer/operations.graphql"],
  ignoreNoDocuments: false,
  generates: {
    "src/generated/": {
      preset: "client",
      presetConfig: { fragmentMasking: false },
      config: {
        documentMode: "string",
        enumsAsTypes: true,
        useTypeImports: true,
        scalars: { Date: "string", DateTime: "string", Decimal: "string", JSON: "unknown" },
      },
    },
  },
};

export default config;
