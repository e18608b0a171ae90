/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** Kinds of processing activity (article 5: collect, produce, process, use, destroy) 处理活动类型. */
export type ActivityKind =
  /** 汇聚 — Aggregate: may lower the grade of what it makes */
  | 'AGGREGATE'
  /** 分析 — Analyze */
  | 'ANALYZE'
  /** 匿名化 — Anonymize: personal data becomes usable (rule 7) */
  | 'ANONYMIZE'
  /** 清洗 — Clean */
  | 'CLEAN'
  /** 收集 — Collect */
  | 'COLLECT'
  /** 销毁 — Destroy */
  | 'DESTROY'
  /** 开放 — Open */
  | 'OPEN'
  /** 加工 — Process */
  | 'PROCESS'
  /** 产品生成 — Make a product (recorded by product registration) */
  | 'PRODUCE'
  /** 共享 — Share */
  | 'SHARE'
  /** 使用 — Use */
  | 'USE';

/** Kind of authorization (articles 12, 15, 17) 授权类型. */
export type AuthorizationKind =
  /** 企业数据授权使用 — Enterprise data authorization */
  | 'ENTERPRISE_AUTHORIZATION'
  /** 个人授权同意 — Personal consent */
  | 'PERSONAL_CONSENT'
  /** 公共数据授权运营 — Public-data authorized operation */
  | 'PUBLIC_DATA_AUTHORIZED_OPERATION';

/** Effective status of an authorization on a date 授权状态. */
export type AuthorizationStatus =
  /** 有效 — In force */
  | 'ACTIVE'
  /** 到期 — Expired at the end of its term */
  | 'EXPIRED'
  /** 未生效 — Not yet in force */
  | 'PENDING'
  /** 撤销 — Revoked */
  | 'REVOKED'
  /** 中止 — Suspended */
  | 'SUSPENDED';

/** Category of data (articles 12, 22) 数据类别. */
export type DataCategory =
  /** 企业数据 — Enterprise data */
  | 'ENTERPRISE'
  /** 个人数据 — Personal data */
  | 'PERSONAL'
  /** 公共数据 — Public data */
  | 'PUBLIC';

/** Grade of data, least to most protected (article 22) 数据分级. */
export type DataGrade =
  /** 核心数据 — Core data */
  | 'CORE'
  /** 一般数据 — General data */
  | 'GENERAL'
  /** 重要数据 — Important data */
  | 'IMPORTANT';

/** Formats of a lineage export 导出格式. */
export type ExportFormat =
  /** DOT图形格式 — Graphviz DOT, for a picture */
  | 'DOT'
  /** GraphML格式 — GraphML, for networkx and Gephi */
  | 'GRAPHML'
  /** JSON格式 — JSON: nodes and edges */
  | 'JSON';

/** Which way a lineage walk goes 溯源方向. */
export type LineageDirection =
  /** 向下游追踪 — Towards what was made from it */
  | 'DOWNSTREAM'
  /** 向上游溯源 — Towards the sources */
  | 'UPSTREAM';

/** Openness of a resource (article 10) 开放属性. */
export type Openness =
  /** 有条件开放 — Open under conditions */
  | 'CONDITIONAL'
  /** 不予开放 — Not open */
  | 'NOT_OPEN'
  /** 无条件开放 — Open */
  | 'OPEN';

/** Kind of party in the data-element market (articles 16, 20, 25) 主体类型. */
export type PartyKind =
  /** 数据经纪商 — Data broker: brokers trades */
  | 'DATA_BROKER'
  /** 数据交易场所 — Lawfully established data exchange */
  | 'DATA_EXCHANGE'
  /** 数据商 — Data merchant: develops and sells data products */
  | 'DATA_MERCHANT'
  /** 企业 — Enterprise */
  | 'ENTERPRISE'
  /** 政府部门 — Government department or agency */
  | 'GOVERNMENT_DEPARTMENT'
  /** 自然人 — Natural person */
  | 'INDIVIDUAL'
  /** 公共服务组织 — Publicly funded public service organization (hospital, school, utility, institute) */
  | 'PUBLIC_SERVICE_ORGANIZATION'
  /** 第三方专业服务机构 — Third-party agency: valuation, custody, compliance, audit */
  | 'THIRD_PARTY_AGENCY';

/** Pricing mode (article 18) 定价方式. */
export type PricingMode =
  /** 政府指导价 — Government-guided price */
  | 'GOVERNMENT_GUIDED'
  /** 市场调节价 — Market price */
  | 'MARKET';

/** Kind of data product (article 17) 数据产品类型. */
export type ProductKind =
  /** 数据接口 — API */
  | 'API'
  /** 数据集 — Dataset */
  | 'DATASET'
  /** 数据模型 — Model */
  | 'MODEL'
  /** 数据报告 — Report */
  | 'REPORT'
  /** 核验服务 — Verification service */
  | 'VERIFICATION_SERVICE';

/** State of a registration in its workflow (article 13) 登记状态. */
export type RegistrationStatus =
  /** 已注销 — Cancelled by a later registration */
  | 'CANCELLED'
  /** 公示中 — In publicity */
  | 'IN_PUBLICITY'
  /** 异议处理中 — Held by an objection during publicity */
  | 'OBJECTED'
  /** 已登记 — Registered, certificate issued */
  | 'REGISTERED'
  /** 不予登记 — Rejected */
  | 'REJECTED'
  /** 已提交 — Submitted */
  | 'SUBMITTED'
  /** 已被替代 — Replaced by a change, transfer or renewal */
  | 'SUPERSEDED'
  /** 审核中 — Under review */
  | 'UNDER_REVIEW'
  /** 已撤回 — Withdrawn by the applicant */
  | 'WITHDRAWN';

/** Type of property registration (article 13) 登记类型. */
export type RegistrationType =
  /** 注销登记 — Cancellation registration */
  | 'CANCELLATION'
  /** 变更登记 — Change registration */
  | 'CHANGE'
  /** 首次登记 — First registration */
  | 'FIRST'
  /** 许可登记 — Licence registration */
  | 'LICENCE'
  /** 异议登记 — Objection registration */
  | 'OBJECTION'
  /** 续展登记 — Renewal registration */
  | 'RENEWAL'
  /** 转移登记 — Transfer registration */
  | 'TRANSFER';

/** Basis on which a right is held (article 14) 权利来源. */
export type RightBasis =
  /** 授权 — By an authorization */
  | 'AUTHORIZATION'
  /** 合同约定 — By contract */
  | 'CONTRACT'
  /** 法律规定 — By law */
  | 'LAW'
  /** 原始持有 — Originally held: collected or produced by the holder */
  | 'ORIGINAL_HOLDING';

/** The three separated data rights (article 12) 三权分置. */
export type RightKind =
  /** 数据资源持有权 — Data resource holding right */
  | 'HOLDING'
  /** 数据加工使用权 — Data processing-and-use right */
  | 'PROCESSING_USE'
  /** 数据产品经营权 — Data product operation right */
  | 'PRODUCT_OPERATION';

/** Status of a right 权利状态. */
export type RightStatus =
  /** 有效 — Active */
  | 'ACTIVE'
  /** 撤销 — Revoked */
  | 'REVOKED'
  /** 中止 — Suspended */
  | 'SUSPENDED';

/** Role of the caller, from its bearer token 访问角色. */
export type Role =
  /** 匿名访问 — No token: the public catalogue only */
  | 'ANONYMOUS'
  /** 应用（门户前端） — A portal or app: reads the registry */
  | 'APP'
  /** 调查人员 — Big-data bureau, market regulation, cyberspace or public security staff: reads everything, audit and history included */
  | 'INVESTIGATOR'
  /** 登记人员 — Big-data bureau registrar: records facts within its jurisdiction (article 13) */
  | 'REGISTRAR'
  /** 监管人员 — Regulator: reads everything and records supervision */
  | 'REGULATOR'
  /** 公众查看者 — Public catalogue only */
  | 'VIEWER';

/** Sector a resource serves (article 20) 所属行业领域. */
export type Sector =
  /** 农业 — Agriculture */
  | 'AGRICULTURE'
  /** 商贸 — Commerce and trade */
  | 'COMMERCE'
  /** 信用 — Credit information */
  | 'CREDIT'
  /** 金融 — Finance */
  | 'FINANCE'
  /** 政务服务 — Government services */
  | 'GOVERNMENT_SERVICES'
  /** 医疗健康 — Healthcare */
  | 'HEALTHCARE'
  /** 租赁 — Leasing */
  | 'LEASING'
  /** 市场监管 — Market regulation */
  | 'MARKET_REGULATION'
  /** 医疗保障 — Medical insurance */
  | 'MEDICAL_INSURANCE'
  /** 其他 — Other */
  | 'OTHER'
  /** 港口物流 — Port and logistics */
  | 'PORT_LOGISTICS'
  /** 不动产 — Real estate */
  | 'REAL_ESTATE'
  /** 交通运输 — Transport */
  | 'TRANSPORT';

/** What a trade conveys 交易方式. */
export type TransactionMode =
  /** 许可 — Licence: the buyer gets a right carved from it */
  | 'LICENCE'
  /** 转让 — Transfer: the buyer takes the seller's right */
  | 'TRANSFER';

export type MeQueryVariables = Exact<{ [key: string]: never; }>;


export type MeQuery = { me: { subject: string, role: Role, regionCode: string | null, abilities: Array<string> } };

export type EnumLabelsQueryVariables = Exact<{ [key: string]: never; }>;


export type EnumLabelsQuery = { enumLabels: Array<{ enumName: string, value: string, labelZh: string, labelEn: string }> };

type AssetSummary_DataProduct_Fragment = { __typename: 'DataProduct', uid: string, kind: ProductKind, id: string, nameZh: string, nameEn: string | null };

type AssetSummary_DataResource_Fragment = { __typename: 'DataResource', uid: string, catalogCode: string, category: DataCategory, grade: DataGrade, containsPersonalInfo: boolean, id: string, nameZh: string, nameEn: string | null };

export type AssetSummaryFragment =
  | AssetSummary_DataProduct_Fragment
  | AssetSummary_DataResource_Fragment
;

export type SearchQueryVariables = Exact<{
  text: string;
  first: number;
}>;


export type SearchQuery = { search: Array<{ score: number, node:
      | { __typename: 'DataProduct', uid: string, kind: ProductKind, id: string, nameZh: string, nameEn: string | null }
      | { __typename: 'DataResource', uid: string, catalogCode: string, category: DataCategory, grade: DataGrade, containsPersonalInfo: boolean, id: string, nameZh: string, nameEn: string | null }
      | { __typename: 'Party' }
      | { __typename: 'Region' }
     }> };

export type ResourcesByCodeQueryVariables = Exact<{
  after?: string | null | undefined;
  first: number;
}>;


export type ResourcesByCodeQuery = { dataResources: { pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { __typename: 'DataResource', uid: string, catalogCode: string, category: DataCategory, grade: DataGrade, containsPersonalInfo: boolean, id: string, nameZh: string, nameEn: string | null } }> } };

export type AssetQueryVariables = Exact<{
  id: string | number;
}>;


export type AssetQuery = { node:
    | { __typename: 'Activity' }
    | { __typename: 'AuditEvent' }
    | { __typename: 'Authorization' }
    | { __typename: 'CreditEvent' }
    | { __typename: 'DataProduct', uid: string, kind: ProductKind, id: string, nameZh: string, nameEn: string | null }
    | { __typename: 'DataResource', uid: string, catalogCode: string, category: DataCategory, grade: DataGrade, containsPersonalInfo: boolean, id: string, nameZh: string, nameEn: string | null }
    | { __typename: 'Declaration' }
    | { __typename: 'JobNamespaceMapping' }
    | { __typename: 'Party' }
    | { __typename: 'QualityIssue' }
    | { __typename: 'Region' }
    | { __typename: 'Registration' }
    | { __typename: 'Right' }
    | { __typename: 'Run' }
    | { __typename: 'SupervisionAction' }
    | { __typename: 'Transaction' }
    | { __typename: 'Valuation' }
   | null };

export type LineageQueryVariables = Exact<{
  assetId: string | number;
  direction: LineageDirection;
  depth: number;
  budget: number;
  asOf?: string | null | undefined;
  asRecordedAt?: string | null | undefined;
}>;


export type LineageQuery = { lineage: { direction: LineageDirection, rootId: string, depthReached: number, truncated: boolean, beyond: number, totalNodes: number, totalEdges: number, asOf: string, asRecordedAt: string, nodes: Array<{ depth: number, assetId: string, assetType: string, asset:
        | { __typename: 'DataProduct', uid: string, kind: ProductKind, id: string, nameZh: string, nameEn: string | null }
        | { __typename: 'DataResource', uid: string, catalogCode: string, category: DataCategory, grade: DataGrade, containsPersonalInfo: boolean, id: string, nameZh: string, nameEn: string | null }
       | null }>, edges: Array<{ fromId: string, toId: string, kind: ActivityKind, day: string | null, right: { uid: string, kind: RightKind } | null }> } };

export type LineageExportQueryVariables = Exact<{
  assetId: string | number;
  direction: LineageDirection;
  depth: number;
  budget: number;
  asOf?: string | null | undefined;
  asRecordedAt?: string | null | undefined;
  format: ExportFormat;
}>;


export type LineageExportQuery = { lineage: { export: string } };

export type PartyNameFragment = { id: string, nameZh: string, nameEn: string | null };

export type RegistrationFieldsFragment = { number: string, type: RegistrationType, status: RegistrationStatus, submittedAt: string, publicityEndsOn: string | null, applicant: { id: string, nameZh: string, nameEn: string | null } | null, certificate: { number: string, validFrom: string, validTo: string } | null };

export type AssetRecordQueryVariables = Exact<{
  id: string | number;
}>;


export type AssetRecordQuery = { node:
    | { __typename: 'Activity' }
    | { __typename: 'AuditEvent' }
    | { __typename: 'Authorization' }
    | { __typename: 'CreditEvent' }
    | { __typename: 'DataProduct', uid: string, kind: ProductKind, id: string, nameZh: string, nameEn: string | null, operator: { id: string, nameZh: string, nameEn: string | null } | null, registrations: Array<{ number: string, type: RegistrationType, status: RegistrationStatus, submittedAt: string, publicityEndsOn: string | null, applicant: { id: string, nameZh: string, nameEn: string | null } | null, certificate: { number: string, validFrom: string, validTo: string } | null }> }
    | { __typename: 'DataResource', sector: Sector, openness: Openness, uid: string, catalogCode: string, category: DataCategory, grade: DataGrade, containsPersonalInfo: boolean, id: string, nameZh: string, nameEn: string | null, source: { id: string, nameZh: string, nameEn: string | null } | null, region: { code: string, nameZh: string } | null, registrations: Array<{ number: string, type: RegistrationType, status: RegistrationStatus, submittedAt: string, publicityEndsOn: string | null, applicant: { id: string, nameZh: string, nameEn: string | null } | null, certificate: { number: string, validFrom: string, validTo: string } | null }> }
    | { __typename: 'Declaration' }
    | { __typename: 'JobNamespaceMapping' }
    | { __typename: 'Party' }
    | { __typename: 'QualityIssue' }
    | { __typename: 'Region' }
    | { __typename: 'Registration' }
    | { __typename: 'Right' }
    | { __typename: 'Run' }
    | { __typename: 'SupervisionAction' }
    | { __typename: 'Transaction' }
    | { __typename: 'Valuation' }
   | null };

export type AssetRightsQueryVariables = Exact<{
  id: string | number;
  asOf?: string | null | undefined;
  asRecordedAt?: string | null | undefined;
}>;


export type AssetRightsQuery = { rights: { edges: Array<{ node: { uid: string, kind: RightKind, basis: RightBasis, basisReference: string | null, status: RightStatus, validFrom: string, validTo: string | null, holder: { id: string, nameZh: string, nameEn: string | null } | null, parentRight: { holder: { id: string, nameZh: string, nameEn: string | null } | null } | null } }> } };

export type AssetGrantsQueryVariables = Exact<{
  id: string | number;
  asOf?: string | null | undefined;
}>;


export type AssetGrantsQuery = { authorizations: { edges: Array<{ node: { number: string, kind: AuthorizationKind, rightKind: RightKind, validFrom: string, validTo: string | null, status: AuthorizationStatus, grantor: { id: string, nameZh: string, nameEn: string | null } | null, grantee: { id: string, nameZh: string, nameEn: string | null } | null } }> } };

export type AssetTradesQueryVariables = Exact<{
  id: string | number;
}>;


export type AssetTradesQuery = { transactions: { edges: Array<{ node: { number: string, mode: TransactionMode, rightKind: RightKind, price: string, currency: string, pricingMode: PricingMode, tradeDate: string, crossBorder: boolean, destinationCountry: string | null, seller: { id: string, nameZh: string, nameEn: string | null } | null, buyer: { id: string, nameZh: string, nameEn: string | null } | null, exchange: { id: string, nameZh: string, nameEn: string | null } | null } }> } };

export type FindingsQueryVariables = Exact<{
  first: number;
}>;


export type FindingsQuery = { findings: { total: number, items: Array<{ rule: string, article: string, message: string, messageZh: string, nodeIds: Array<string>, day: string | null, source: string }> } };

export type ImpactQueryVariables = Exact<{
  resourceId: string | number;
  depth: number;
}>;


export type ImpactQuery = { impact: { affectedProducts: Array<string>, activeAuthorizationNumbers: Array<string>, transactionNumbers: Array<string>, accountable: Array<{ assetId: string, depth: number, kind: ActivityKind | null, role: string, party: { id: string, nameZh: string, nameEn: string | null } | null }>, affected: { totalNodes: number, nodes: Array<{ assetId: string }> }, notify: Array<{ kind: PartyKind, id: string, nameZh: string, nameEn: string | null }> } };

export type LineagePathsQueryVariables = Exact<{
  downstreamId: string | number;
  upstreamId: string | number;
}>;


export type LineagePathsQuery = { lineagePaths: Array<{ assetIds: Array<string>, hops: Array<{ fromId: string, toId: string, kind: ActivityKind, day: string | null, performer: { id: string, nameZh: string, nameEn: string | null } | null, right: { uid: string, kind: RightKind } | null }> }> };

export type ResourceHistoryQueryVariables = Exact<{
  id: string | number;
}>;


export type ResourceHistoryQuery = { node:
    | { history: Array<{ __typename: 'DataResource', validFrom: string, validTo: string | null, recordedAt: string, supersededAt: string | null, uid: string, catalogCode: string, category: DataCategory, grade: DataGrade, containsPersonalInfo: boolean, id: string, nameZh: string, nameEn: string | null }> }
    | Record<PropertyKey, never>
   | null };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const AssetSummaryFragmentDoc = new TypedDocumentString(`
    fragment AssetSummary on DataAsset {
  __typename
  id
  nameZh
  nameEn
  ... on DataResource {
    uid
    catalogCode
    category
    grade
    containsPersonalInfo
  }
  ... on DataProduct {
    uid
    kind
  }
}
    `, {"fragmentName":"AssetSummary"}) as unknown as TypedDocumentString<AssetSummaryFragment, unknown>;
export const PartyNameFragmentDoc = new TypedDocumentString(`
    fragment PartyName on Party {
  id
  nameZh
  nameEn
}
    `, {"fragmentName":"PartyName"}) as unknown as TypedDocumentString<PartyNameFragment, unknown>;
export const RegistrationFieldsFragmentDoc = new TypedDocumentString(`
    fragment RegistrationFields on Registration {
  number
  type
  status
  submittedAt
  publicityEndsOn
  applicant {
    ...PartyName
  }
  certificate {
    number
    validFrom
    validTo
  }
}
    fragment PartyName on Party {
  id
  nameZh
  nameEn
}`, {"fragmentName":"RegistrationFields"}) as unknown as TypedDocumentString<RegistrationFieldsFragment, unknown>;
export const MeDocument = new TypedDocumentString(`
    query Me {
  me {
    subject
    role
    regionCode
    abilities
  }
}
    `) as unknown as TypedDocumentString<MeQuery, MeQueryVariables>;
export const EnumLabelsDocument = new TypedDocumentString(`
    query EnumLabels {
  enumLabels {
    enumName
    value
    labelZh
    labelEn
  }
}
    `) as unknown as TypedDocumentString<EnumLabelsQuery, EnumLabelsQueryVariables>;
export const SearchDocument = new TypedDocumentString(`
    query Search($text: String!, $first: Int!) {
  search(text: $text, types: [DATA_RESOURCE, DATA_PRODUCT], first: $first) {
    score
    node {
      __typename
      ... on DataResource {
        ...AssetSummary
      }
      ... on DataProduct {
        ...AssetSummary
      }
    }
  }
}
    fragment AssetSummary on DataAsset {
  __typename
  id
  nameZh
  nameEn
  ... on DataResource {
    uid
    catalogCode
    category
    grade
    containsPersonalInfo
  }
  ... on DataProduct {
    uid
    kind
  }
}`) as unknown as TypedDocumentString<SearchQuery, SearchQueryVariables>;
export const ResourcesByCodeDocument = new TypedDocumentString(`
    query ResourcesByCode($after: String, $first: Int!) {
  dataResources(orderBy: CATALOG_CODE, first: $first, after: $after) {
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        ...AssetSummary
      }
    }
  }
}
    fragment AssetSummary on DataAsset {
  __typename
  id
  nameZh
  nameEn
  ... on DataResource {
    uid
    catalogCode
    category
    grade
    containsPersonalInfo
  }
  ... on DataProduct {
    uid
    kind
  }
}`) as unknown as TypedDocumentString<ResourcesByCodeQuery, ResourcesByCodeQueryVariables>;
export const AssetDocument = new TypedDocumentString(`
    query Asset($id: ID!) {
  node(id: $id) {
    __typename
    ... on DataResource {
      ...AssetSummary
    }
    ... on DataProduct {
      ...AssetSummary
    }
  }
}
    fragment AssetSummary on DataAsset {
  __typename
  id
  nameZh
  nameEn
  ... on DataResource {
    uid
    catalogCode
    category
    grade
    containsPersonalInfo
  }
  ... on DataProduct {
    uid
    kind
  }
}`) as unknown as TypedDocumentString<AssetQuery, AssetQueryVariables>;
export const LineageDocument = new TypedDocumentString(`
    query Lineage($assetId: ID!, $direction: LineageDirection!, $depth: Int!, $budget: Int!, $asOf: Date, $asRecordedAt: DateTime) {
  lineage(
    assetId: $assetId
    direction: $direction
    depth: $depth
    budget: $budget
    asOf: $asOf
    asRecordedAt: $asRecordedAt
  ) {
    direction
    rootId
    depthReached
    truncated
    beyond
    totalNodes
    totalEdges
    asOf
    asRecordedAt
    nodes {
      depth
      assetId
      assetType
      asset {
        ...AssetSummary
      }
    }
    edges {
      fromId
      toId
      kind
      day
      right {
        uid
        kind
      }
    }
  }
}
    fragment AssetSummary on DataAsset {
  __typename
  id
  nameZh
  nameEn
  ... on DataResource {
    uid
    catalogCode
    category
    grade
    containsPersonalInfo
  }
  ... on DataProduct {
    uid
    kind
  }
}`) as unknown as TypedDocumentString<LineageQuery, LineageQueryVariables>;
export const LineageExportDocument = new TypedDocumentString(`
    query LineageExport($assetId: ID!, $direction: LineageDirection!, $depth: Int!, $budget: Int!, $asOf: Date, $asRecordedAt: DateTime, $format: ExportFormat!) {
  lineage(
    assetId: $assetId
    direction: $direction
    depth: $depth
    budget: $budget
    asOf: $asOf
    asRecordedAt: $asRecordedAt
  ) {
    export(format: $format)
  }
}
    `) as unknown as TypedDocumentString<LineageExportQuery, LineageExportQueryVariables>;
export const AssetRecordDocument = new TypedDocumentString(`
    query AssetRecord($id: ID!) {
  node(id: $id) {
    __typename
    ... on DataResource {
      ...AssetSummary
      sector
      openness
      source {
        ...PartyName
      }
      region {
        code
        nameZh
      }
      registrations {
        ...RegistrationFields
      }
    }
    ... on DataProduct {
      ...AssetSummary
      operator {
        ...PartyName
      }
      registrations {
        ...RegistrationFields
      }
    }
  }
}
    fragment AssetSummary on DataAsset {
  __typename
  id
  nameZh
  nameEn
  ... on DataResource {
    uid
    catalogCode
    category
    grade
    containsPersonalInfo
  }
  ... on DataProduct {
    uid
    kind
  }
}
fragment PartyName on Party {
  id
  nameZh
  nameEn
}
fragment RegistrationFields on Registration {
  number
  type
  status
  submittedAt
  publicityEndsOn
  applicant {
    ...PartyName
  }
  certificate {
    number
    validFrom
    validTo
  }
}`) as unknown as TypedDocumentString<AssetRecordQuery, AssetRecordQueryVariables>;
export const AssetRightsDocument = new TypedDocumentString(`
    query AssetRights($id: ID!, $asOf: Date, $asRecordedAt: DateTime) {
  rights(
    filter: {objectId: $id}
    asOf: $asOf
    asRecordedAt: $asRecordedAt
    first: 100
  ) {
    edges {
      node {
        uid
        kind
        basis
        basisReference
        status
        validFrom
        validTo
        holder {
          ...PartyName
        }
        parentRight {
          holder {
            ...PartyName
          }
        }
      }
    }
  }
}
    fragment PartyName on Party {
  id
  nameZh
  nameEn
}`) as unknown as TypedDocumentString<AssetRightsQuery, AssetRightsQueryVariables>;
export const AssetGrantsDocument = new TypedDocumentString(`
    query AssetGrants($id: ID!, $asOf: Date) {
  authorizations(filter: {objectId: $id}, first: 50) {
    edges {
      node {
        number
        kind
        rightKind
        validFrom
        validTo
        status(asOf: $asOf)
        grantor {
          ...PartyName
        }
        grantee {
          ...PartyName
        }
      }
    }
  }
}
    fragment PartyName on Party {
  id
  nameZh
  nameEn
}`) as unknown as TypedDocumentString<AssetGrantsQuery, AssetGrantsQueryVariables>;
export const AssetTradesDocument = new TypedDocumentString(`
    query AssetTrades($id: ID!) {
  transactions(filter: {objectId: $id}, first: 50) {
    edges {
      node {
        number
        mode
        rightKind
        price
        currency
        pricingMode
        tradeDate
        crossBorder
        destinationCountry
        seller {
          ...PartyName
        }
        buyer {
          ...PartyName
        }
        exchange {
          ...PartyName
        }
      }
    }
  }
}
    fragment PartyName on Party {
  id
  nameZh
  nameEn
}`) as unknown as TypedDocumentString<AssetTradesQuery, AssetTradesQueryVariables>;
export const FindingsDocument = new TypedDocumentString(`
    query Findings($first: Int!) {
  findings(first: $first) {
    total
    items {
      rule
      article
      message
      messageZh
      nodeIds
      day
      source
    }
  }
}
    `) as unknown as TypedDocumentString<FindingsQuery, FindingsQueryVariables>;
export const ImpactDocument = new TypedDocumentString(`
    query Impact($resourceId: ID!, $depth: Int!) {
  impact(resourceId: $resourceId, depth: $depth) {
    accountable {
      assetId
      depth
      kind
      role
      party {
        ...PartyName
      }
    }
    affected {
      totalNodes
      nodes {
        assetId
      }
    }
    affectedProducts
    activeAuthorizationNumbers
    transactionNumbers
    notify {
      ...PartyName
      kind
    }
  }
}
    fragment PartyName on Party {
  id
  nameZh
  nameEn
}`) as unknown as TypedDocumentString<ImpactQuery, ImpactQueryVariables>;
export const LineagePathsDocument = new TypedDocumentString(`
    query LineagePaths($downstreamId: ID!, $upstreamId: ID!) {
  lineagePaths(
    downstreamId: $downstreamId
    upstreamId: $upstreamId
    maxPaths: 10
    maxDepth: 12
  ) {
    assetIds
    hops {
      fromId
      toId
      kind
      day
      performer {
        ...PartyName
      }
      right {
        uid
        kind
      }
    }
  }
}
    fragment PartyName on Party {
  id
  nameZh
  nameEn
}`) as unknown as TypedDocumentString<LineagePathsQuery, LineagePathsQueryVariables>;
export const ResourceHistoryDocument = new TypedDocumentString(`
    query ResourceHistory($id: ID!) {
  node(id: $id) {
    ... on DataResource {
      history {
        ...AssetSummary
        validFrom
        validTo
        recordedAt
        supersededAt
      }
    }
  }
}
    fragment AssetSummary on DataAsset {
  __typename
  id
  nameZh
  nameEn
  ... on DataResource {
    uid
    catalogCode
    category
    grade
    containsPersonalInfo
  }
  ... on DataProduct {
    uid
    kind
  }
}`) as unknown as TypedDocumentString<ResourceHistoryQuery, ResourceHistoryQueryVariables>;