// Builds the lineage explorer and GraphiQL into dist/, served by the API under /static/.
// Every script, style, font and web worker is bundled here: the pages load nothing from
// another host, so they work offline.
import { resolve } from "node:path";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

export default defineConfig({
  base: "/static/",
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // GraphiQL's editor (Monaco) is large; it is only fetched by the GraphiQL page.
    chunkSizeWarningLimit: 5000,
    rollupOptions: {
      input: {
        explorer: resolve(import.meta.dirname, "explorer/index.html"),
        graphiql: resolve(import.meta.dirname, "graphiql/index.html"),
      },
      onwarn(warning, warn) {
        // GraphiQL's modules open with React compiler directives ("use no memo"), which a
        // bundle cannot keep; they change nothing at run time.
        if (warning.code === "MODULE_LEVEL_DIRECTIVE") return;
        warn(warning);
      },
    },
  },
});
