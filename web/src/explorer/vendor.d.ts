declare module "cytoscape-svg" {
  import type { Ext } from "cytoscape";
  const svgExtension: Ext;
  export default svgExtension;
}
