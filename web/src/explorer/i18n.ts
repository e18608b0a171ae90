// Chinese and English: the page's own words here, the API's enum labels from `enumLabels`.
export type Lang = "zh" | "en";

const WORDS = {
  title: { zh: "数据血缘浏览", en: "Lineage explorer" },
  token: { zh: "令牌", en: "Token" },
  tokenHint: {
    zh: "粘贴令牌（rightsgraph token 生成），或匿名浏览公开目录",
    en: "Paste a token (rightsgraph token issues one), or browse the public catalogue",
  },
  signIn: { zh: "登录", en: "Sign in" },
  signOut: { zh: "退出", en: "Sign out" },
  anonymous: { zh: "匿名", en: "anonymous" },
  tokenRefused: { zh: "令牌无效或已过期", en: "The token was refused (invalid or expired)" },
  search: { zh: "检索", en: "Search" },
  searchHint: {
    zh: "资源或产品名称（中文或英文）或目录编码",
    en: "Resource or product name (Chinese or English) or catalogue code",
  },
  noHits: { zh: "没有找到", en: "Nothing found" },
  direction: { zh: "方向", en: "Direction" },
  both: { zh: "上下游", en: "Both ways" },
  upstream: { zh: "上游", en: "Upstream" },
  downstream: { zh: "下游", en: "Downstream" },
  depth: { zh: "深度", en: "Depth" },
  budget: { zh: "节点上限", en: "Node budget" },
  asOf: { zh: "查询日期", en: "As of" },
  asRecordedAt: { zh: "历史记录时点", en: "As recorded at" },
  now: { zh: "（现在）", en: "(now)" },
  nodes: { zh: "节点", en: "nodes" },
  edges: { zh: "边", en: "edges" },
  truncated: { zh: "结果被截断", en: "truncated" },
  beyond: { zh: "未展开", en: "beyond" },
  complete: { zh: "完整", en: "complete" },
  loading: { zh: "加载中…", en: "Loading…" },
  export: { zh: "导出", en: "Export" },
  picture: { zh: "图片", en: "picture" },
  data: { zh: "数据", en: "data" },
  rights: { zh: "三权分置", en: "Separation of rights" },
  holding: { zh: "数据资源持有权", en: "Holding" },
  processingUse: { zh: "数据加工使用权", en: "Processing and use" },
  productOperation: { zh: "数据产品经营权", en: "Product operation" },
  none: { zh: "无", en: "none" },
  registrations: { zh: "产权登记与证书", en: "Registrations and certificates" },
  certificate: { zh: "证书", en: "certificate" },
  grants: { zh: "授权", en: "Grants" },
  trades: { zh: "交易", en: "Trades" },
  from: { zh: "自", en: "from" },
  to: { zh: "至", en: "to" },
  source: { zh: "来源单位", en: "Source unit" },
  operator: { zh: "经营方", en: "Operator" },
  catalogCode: { zh: "目录编码", en: "Catalogue code" },
  forbidden: { zh: "当前角色无权查看", en: "Not visible to this role" },
  findings: { zh: "合规发现", en: "Findings" },
  findingsHidden: {
    zh: "登录为调查、登记或监管角色可查看合规发现",
    en: "Sign in as an investigator, registrar or regulator to see findings",
  },
  noFindings: { zh: "本图无合规发现", en: "No findings on this graph" },
  impact: { zh: "问题影响分析", en: "Impact of a problem here" },
  accountable: { zh: "上游责任方", en: "Accountable upstream" },
  affectedProducts: { zh: "受影响产品", en: "Affected products" },
  activeGrants: { zh: "有效授权", en: "Grants in force" },
  notify: { zh: "应通知", en: "Notify" },
  why: { zh: "为何在下游", en: "Why downstream?" },
  setA: { zh: "设为上游 A", en: "Set as upstream A" },
  setB: { zh: "设为下游 B", en: "Set as downstream B" },
  explain: { zh: "解释路径", en: "Explain" },
  noPath: { zh: "B 不是 A 的下游", en: "B does not derive from A" },
  path: { zh: "路径", en: "Path" },
  legend: { zh: "图例", en: "Legend" },
  resource: { zh: "数据资源", en: "Data resource" },
  product: { zh: "数据产品", en: "Data product" },
  root: { zh: "起点", en: "start" },
  clickHint: { zh: "点击节点查看权利、登记、授权和交易", en: "Click a node for its rights, registrations, grants and trades" },
  graphiql: { zh: "GraphiQL", en: "GraphiQL" },
  right: { zh: "权利", en: "right" },
  by: { zh: "执行", en: "by" },
  lineageHidden: {
    zh: "血缘需登录（应用、调查、登记或监管角色）",
    en: "Lineage needs a token (app, investigator, registrar or regulator)",
  },
  notValid: { zh: "该日期无效", en: "not valid on this date" },
} as const;

export type Word = keyof typeof WORDS;

export function t(word: Word, lang: Lang): string {
  return WORDS[word][lang];
}

/** `enumName.value` → labels, from the API's enumLabels. */
export type Labels = Map<string, { zh: string; en: string }>;

export function enumLabel(labels: Labels, enumName: string, value: string | null | undefined, lang: Lang): string {
  if (!value) return "";
  const found = labels.get(`${enumName}.${value}`);
  if (!found) return value;
  if (lang === "zh") return found.zh;
  // English labels may explain themselves ("Anonymize: personal data becomes usable"); a
  // picture wants the name only. Roles read best as the names tokens use.
  if (enumName === "Role") return value.toLowerCase();
  return found.en.split(/:| \(/)[0].trim();
}

export function named(
  item: { nameZh: string; nameEn?: string | null } | null | undefined,
  lang: Lang,
): string {
  if (!item) return "—";
  return lang === "en" && item.nameEn ? item.nameEn : item.nameZh;
}
