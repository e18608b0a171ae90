// GraphiQL with its explorer plugin, bundled from npm: no CDN at run time.
import "graphiql/setup-workers/vite";
import "graphiql/style.css";
import "@graphiql/plugin-explorer/style.css";

import { explorerPlugin } from "@graphiql/plugin-explorer";
import { createGraphiQLFetcher } from "@graphiql/toolkit";
import { GraphiQL, HISTORY_PLUGIN } from "graphiql";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";

const fetcher = createGraphiQLFetcher({ url: `${window.location.origin}/graphql` });
// The documentation explorer comes with GraphiQL; history and the query builder are added.
const plugins = [HISTORY_PLUGIN, explorerPlugin()];

const DEFAULT_QUERY = `# rightsgraph: the registry of data assets and rights of Qinzhou 钦州数据要素登记
#
# Reads of the public catalogue need no token. For the rest, issue one with
#   .venv/bin/rightsgraph token --role investigator --subject me
# and put it in the Headers tab below:
#   {"Authorization": "Bearer <token>"}

{
  me { subject role }
  search(text: "港口物流", first: 5) {
    score
    node {
      __typename
      ... on DataResource { nameZh nameEn catalogCode }
      ... on DataProduct { nameZh nameEn kind }
    }
  }
}
`;

createRoot(document.getElementById("graphiql")!).render(
  <StrictMode>
    <GraphiQL
      fetcher={fetcher}
      plugins={plugins}
      defaultQuery={DEFAULT_QUERY}
      defaultHeaders={"{}"}
      isHeadersEditorEnabled
      defaultEditorToolsVisibility="headers"
    />
  </StrictMode>,
);
