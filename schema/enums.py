"""Enumerations of the domain, each value with its Chinese and English label."""

from __future__ import annotations

from enum import Enum

import strawberry

from graph import domain
from schema.labels import graphql_enum, labelled


@strawberry.enum(
    description="Level in Qinzhou's four-level public data system (article 6) 四级公共数据体系层级."
)
class RegionLevel(Enum):
    CITY = labelled("CITY", "市", "City")
    COUNTY = labelled("COUNTY", "县（区）", "County or district")
    TOWN = labelled("TOWN", "镇（街道）", "Town, township or subdistrict")
    VILLAGE = labelled("VILLAGE", "村（社区）", "Village or community")


@strawberry.enum(description="Kind of administrative division 行政区划类型.")
class DivisionType(Enum):
    PREFECTURE_CITY = labelled("PREFECTURE_CITY", "地级市", "Prefecture-level city")
    DISTRICT = labelled("DISTRICT", "市辖区", "Urban district")
    COUNTY = labelled("COUNTY", "县", "County")
    SUBDISTRICT = labelled("SUBDISTRICT", "街道", "Subdistrict")
    TOWN = labelled("TOWN", "镇", "Town")
    TOWNSHIP = labelled("TOWNSHIP", "乡", "Township")
    COMMUNITY = labelled("COMMUNITY", "社区", "Urban community")
    VILLAGE = labelled("VILLAGE", "村", "Administrative village")


@strawberry.enum(
    description="Kind of party in the data-element market (articles 16, 20, 25) 主体类型."
)
class PartyKind(Enum):
    GOVERNMENT_DEPARTMENT = labelled(
        "GOVERNMENT_DEPARTMENT", "政府部门", "Government department or agency"
    )
    PUBLIC_SERVICE_ORGANIZATION = labelled(
        "PUBLIC_SERVICE_ORGANIZATION",
        "公共服务组织",
        "Publicly funded public service organization (hospital, school, utility, institute)",
    )
    ENTERPRISE = labelled("ENTERPRISE", "企业", "Enterprise")
    DATA_EXCHANGE = labelled("DATA_EXCHANGE", "数据交易场所", "Lawfully established data exchange")
    DATA_MERCHANT = labelled(
        "DATA_MERCHANT", "数据商", "Data merchant: develops and sells data products"
    )
    DATA_BROKER = labelled("DATA_BROKER", "数据经纪商", "Data broker: brokers trades")
    THIRD_PARTY_AGENCY = labelled(
        "THIRD_PARTY_AGENCY",
        "第三方专业服务机构",
        "Third-party agency: valuation, custody, compliance, audit",
    )
    INDIVIDUAL = labelled("INDIVIDUAL", "自然人", "Natural person")


@strawberry.enum(
    description="Scheme of a foreign party's home registration identifier 境外登记号码类型 "
    "(article 19)."
)
class HomeRegistrationScheme(Enum):
    COMPANY_REGISTRY = labelled(
        "COMPANY_REGISTRY",
        "企业登记号码",
        "Number in the home country's company or enterprise register (organizations)",
    )
    LEI = labelled("LEI", "法人机构识别编码", "Legal Entity Identifier, ISO 17442 (organizations)")
    PASSPORT = labelled("PASSPORT", "护照号码", "Passport number (natural persons only)")
    NATIONAL_ID = labelled(
        "NATIONAL_ID", "身份证件号码", "National identity document number (natural persons)"
    )
    OTHER = labelled("OTHER", "其他登记号码", "Another official identifier")


@strawberry.enum(description="Sort direction 排序方向.")
class SortDirection(Enum):
    ASC = labelled("ASC", "升序", "Ascending")
    DESC = labelled("DESC", "降序", "Descending")


@strawberry.enum(description="Orderings of a region list 行政区划排序字段.")
class RegionSortField(Enum):
    CODE = labelled("CODE", "区划代码", "By administrative division code")
    NAME = labelled("NAME", "名称", "By Chinese name")


@strawberry.enum(description="Orderings of a party list 主体排序字段.")
class PartySortField(Enum):
    NAME = labelled("NAME", "名称", "By Chinese name")
    RECORDED_AT = labelled("RECORDED_AT", "登记时间", "By the time the registry recorded it")
    KIND = labelled("KIND", "主体类型", "By party kind")


ErrorCode = graphql_enum(
    domain.ErrorCode, "Stable codes of the errors a client can switch on 错误代码."
)


Role = graphql_enum(domain.Role, "Role of the caller, from its bearer token 访问角色.")


@strawberry.enum(description="Category of data (articles 12, 22) 数据类别.")
class DataCategory(Enum):
    PUBLIC = labelled("PUBLIC", "公共数据", "Public data")
    ENTERPRISE = labelled("ENTERPRISE", "企业数据", "Enterprise data")
    PERSONAL = labelled("PERSONAL", "个人数据", "Personal data")


@strawberry.enum(description="Grade of data, least to most protected (article 22) 数据分级.")
class DataGrade(Enum):
    GENERAL = labelled("GENERAL", "一般数据", "General data")
    IMPORTANT = labelled("IMPORTANT", "重要数据", "Important data")
    CORE = labelled("CORE", "核心数据", "Core data")


@strawberry.enum(description="Sector a resource serves (article 20) 所属行业领域.")
class Sector(Enum):
    CREDIT = labelled("CREDIT", "信用", "Credit information")
    MARKET_REGULATION = labelled("MARKET_REGULATION", "市场监管", "Market regulation")
    REAL_ESTATE = labelled("REAL_ESTATE", "不动产", "Real estate")
    HEALTHCARE = labelled("HEALTHCARE", "医疗健康", "Healthcare")
    MEDICAL_INSURANCE = labelled("MEDICAL_INSURANCE", "医疗保障", "Medical insurance")
    PORT_LOGISTICS = labelled("PORT_LOGISTICS", "港口物流", "Port and logistics")
    COMMERCE = labelled("COMMERCE", "商贸", "Commerce and trade")
    LEASING = labelled("LEASING", "租赁", "Leasing")
    TRANSPORT = labelled("TRANSPORT", "交通运输", "Transport")
    AGRICULTURE = labelled("AGRICULTURE", "农业", "Agriculture")
    FINANCE = labelled("FINANCE", "金融", "Finance")
    GOVERNMENT_SERVICES = labelled("GOVERNMENT_SERVICES", "政务服务", "Government services")
    OTHER = labelled("OTHER", "其他", "Other")


@strawberry.enum(description="Platform a resource is aggregated to (article 8) 汇聚平台.")
class Platform(Enum):
    CREDIT_SHARING_PLATFORM = labelled(
        "CREDIT_SHARING_PLATFORM", "市信用信息共享平台", "City credit-information sharing platform"
    )
    PUBLIC_DATA_PLATFORM = labelled(
        "PUBLIC_DATA_PLATFORM", "区域公共数据平台", "Regional public data platform"
    )
    OWN_SYSTEM = labelled("OWN_SYSTEM", "自有系统", "The holder's own system")


@strawberry.enum(description="How a resource reaches its platform (article 8) 汇聚方式.")
class AccessMode(Enum):
    PHYSICAL_AGGREGATION = labelled("PHYSICAL_AGGREGATION", "物理汇聚", "Physical aggregation")
    LOGICAL_ACCESS = labelled("LOGICAL_ACCESS", "逻辑接入", "Logical access")
    NOT_AGGREGATED = labelled("NOT_AGGREGATED", "未汇聚", "Not aggregated to a platform")


@strawberry.enum(description="Openness of a resource (article 10) 开放属性.")
class Openness(Enum):
    NOT_OPEN = labelled("NOT_OPEN", "不予开放", "Not open")
    CONDITIONAL = labelled("CONDITIONAL", "有条件开放", "Open under conditions")
    OPEN = labelled("OPEN", "无条件开放", "Open")


@strawberry.enum(description="Kind of data product (article 17) 数据产品类型.")
class ProductKind(Enum):
    DATASET = labelled("DATASET", "数据集", "Dataset")
    MODEL = labelled("MODEL", "数据模型", "Model")
    VERIFICATION_SERVICE = labelled("VERIFICATION_SERVICE", "核验服务", "Verification service")
    API = labelled("API", "数据接口", "API")
    REPORT = labelled("REPORT", "数据报告", "Report")


@strawberry.enum(description="The three separated data rights (article 12) 三权分置.")
class RightKind(Enum):
    HOLDING = labelled("HOLDING", "数据资源持有权", "Data resource holding right")
    PROCESSING_USE = labelled("PROCESSING_USE", "数据加工使用权", "Data processing-and-use right")
    PRODUCT_OPERATION = labelled(
        "PRODUCT_OPERATION", "数据产品经营权", "Data product operation right"
    )


@strawberry.enum(description="Basis on which a right is held (article 14) 权利来源.")
class RightBasis(Enum):
    ORIGINAL_HOLDING = labelled(
        "ORIGINAL_HOLDING", "原始持有", "Originally held: collected or produced by the holder"
    )
    LAW = labelled("LAW", "法律规定", "By law")
    CONTRACT = labelled("CONTRACT", "合同约定", "By contract")
    AUTHORIZATION = labelled("AUTHORIZATION", "授权", "By an authorization")


@strawberry.enum(description="Status of a right 权利状态.")
class RightStatus(Enum):
    ACTIVE = labelled("ACTIVE", "有效", "Active")
    SUSPENDED = labelled("SUSPENDED", "中止", "Suspended")
    REVOKED = labelled("REVOKED", "撤销", "Revoked")


@strawberry.enum(description="Type of property registration (article 13) 登记类型.")
class RegistrationType(Enum):
    FIRST = labelled("FIRST", "首次登记", "First registration")
    LICENCE = labelled("LICENCE", "许可登记", "Licence registration")
    TRANSFER = labelled("TRANSFER", "转移登记", "Transfer registration")
    CHANGE = labelled("CHANGE", "变更登记", "Change registration")
    RENEWAL = labelled("RENEWAL", "续展登记", "Renewal registration")
    CANCELLATION = labelled("CANCELLATION", "注销登记", "Cancellation registration")
    OBJECTION = labelled("OBJECTION", "异议登记", "Objection registration")


@strawberry.enum(description="State of a registration in its workflow (article 13) 登记状态.")
class RegistrationStatus(Enum):
    SUBMITTED = labelled("SUBMITTED", "已提交", "Submitted")
    UNDER_REVIEW = labelled("UNDER_REVIEW", "审核中", "Under review")
    IN_PUBLICITY = labelled("IN_PUBLICITY", "公示中", "In publicity")
    OBJECTED = labelled("OBJECTED", "异议处理中", "Held by an objection during publicity")
    REGISTERED = labelled("REGISTERED", "已登记", "Registered, certificate issued")
    REJECTED = labelled("REJECTED", "不予登记", "Rejected")
    WITHDRAWN = labelled("WITHDRAWN", "已撤回", "Withdrawn by the applicant")
    CANCELLED = labelled("CANCELLED", "已注销", "Cancelled by a later registration")
    SUPERSEDED = labelled("SUPERSEDED", "已被替代", "Replaced by a change, transfer or renewal")


@strawberry.enum(description="Orderings of a resource list 数据资源排序字段.")
class ResourceSortField(Enum):
    NAME = labelled("NAME", "名称", "By Chinese name")
    CATALOG_CODE = labelled("CATALOG_CODE", "目录编码", "By catalogue code")
    VALID_FROM = labelled("VALID_FROM", "生效日期", "By start of validity")


@strawberry.enum(description="Orderings of a product list 数据产品排序字段.")
class ProductSortField(Enum):
    NAME = labelled("NAME", "名称", "By Chinese name")
    VALID_FROM = labelled("VALID_FROM", "生效日期", "By start of validity")


@strawberry.enum(description="Orderings of a right list 数据权利排序字段.")
class RightSortField(Enum):
    VALID_FROM = labelled("VALID_FROM", "生效日期", "By start of validity")
    KIND = labelled("KIND", "权利类型", "By kind of right")


@strawberry.enum(description="Orderings of a registration list 登记排序字段.")
class RegistrationSortField(Enum):
    SUBMITTED_AT = labelled("SUBMITTED_AT", "提交时间", "By submission time")
    NUMBER = labelled("NUMBER", "申请编号", "By application number")


@strawberry.enum(description="Orderings of the audit trail 审计排序字段.")
class AuditSortField(Enum):
    AT = labelled("AT", "记录时间", "By the time of the write")


@strawberry.enum(description="Kind of authorization (articles 12, 15, 17) 授权类型.")
class AuthorizationKind(Enum):
    PUBLIC_DATA_AUTHORIZED_OPERATION = labelled(
        "PUBLIC_DATA_AUTHORIZED_OPERATION", "公共数据授权运营", "Public-data authorized operation"
    )
    ENTERPRISE_AUTHORIZATION = labelled(
        "ENTERPRISE_AUTHORIZATION", "企业数据授权使用", "Enterprise data authorization"
    )
    PERSONAL_CONSENT = labelled("PERSONAL_CONSENT", "个人授权同意", "Personal consent")


@strawberry.enum(description="Purposes a grant allows (ODRL purpose) 授权用途.")
class Purpose(Enum):
    CREDIT_ASSESSMENT = labelled("CREDIT_ASSESSMENT", "信用评估", "Credit assessment")
    RISK_CONTROL = labelled("RISK_CONTROL", "风险控制", "Risk control")
    LOGISTICS_ANALYSIS = labelled("LOGISTICS_ANALYSIS", "物流分析", "Logistics analysis")
    PUBLIC_SERVICE = labelled("PUBLIC_SERVICE", "公共服务", "Public service")
    SCIENTIFIC_RESEARCH = labelled("SCIENTIFIC_RESEARCH", "科学研究", "Scientific research")
    STATISTICS = labelled("STATISTICS", "统计分析", "Statistics")
    PRODUCT_DEVELOPMENT = labelled("PRODUCT_DEVELOPMENT", "产品开发", "Product development")
    FINANCIAL_SERVICES = labelled("FINANCIAL_SERVICES", "金融服务", "Financial services")
    MARKETING = labelled("MARKETING", "市场营销", "Marketing")


@strawberry.enum(description="Duties a grantee takes on (ODRL duty) 被授权方义务.")
class Duty(Enum):
    REPORT_USAGE = labelled("REPORT_USAGE", "报告使用情况", "Report usage to the grantor")
    DELETE_AFTER_TERM = labelled("DELETE_AFTER_TERM", "期满删除", "Delete the data after the term")
    ATTRIBUTE_SOURCE = labelled("ATTRIBUTE_SOURCE", "注明来源", "Attribute the source")
    NO_REIDENTIFICATION = labelled(
        "NO_REIDENTIFICATION", "不得重新识别", "Never re-identify persons"
    )


@strawberry.enum(description="Legal basis of a grant or trade (article 14) 法律依据.")
class LegalBasis(Enum):
    LAW = labelled("LAW", "法律规定", "By law")
    CONTRACT = labelled("CONTRACT", "合同约定", "By contract")


@strawberry.enum(description="Effective status of an authorization on a date 授权状态.")
class AuthorizationStatus(Enum):
    PENDING = labelled("PENDING", "未生效", "Not yet in force")
    ACTIVE = labelled("ACTIVE", "有效", "In force")
    SUSPENDED = labelled("SUSPENDED", "中止", "Suspended")
    REVOKED = labelled("REVOKED", "撤销", "Revoked")
    EXPIRED = labelled("EXPIRED", "到期", "Expired at the end of its term")


@strawberry.enum(description="What a trade conveys 交易方式.")
class TransactionMode(Enum):
    TRANSFER = labelled("TRANSFER", "转让", "Transfer: the buyer takes the seller's right")
    LICENCE = labelled("LICENCE", "许可", "Licence: the buyer gets a right carved from it")


@strawberry.enum(description="Pricing mode (article 18) 定价方式.")
class PricingMode(Enum):
    GOVERNMENT_GUIDED = labelled("GOVERNMENT_GUIDED", "政府指导价", "Government-guided price")
    MARKET = labelled("MARKET", "市场调节价", "Market price")


@strawberry.enum(description="Role of an intermediary in a trade (article 20) 中介角色.")
class IntermediaryRole(Enum):
    BROKER = labelled("BROKER", "经纪", "Brokerage")
    APPRAISER = labelled("APPRAISER", "资产评估", "Valuation")
    CUSTODIAN = labelled("CUSTODIAN", "托管", "Custody")
    COMPLIANCE = labelled("COMPLIANCE", "合规咨询", "Compliance consulting")


@strawberry.enum(description="Declaration or commitment (article 25) 声明承诺类型.")
class DeclarationKind(Enum):
    DECLARATION = labelled("DECLARATION", "声明", "Declaration")
    COMMITMENT = labelled("COMMITMENT", "承诺", "Commitment")


@strawberry.enum(description="Credit events of the data market (article 26) 信用事件.")
class CreditEventKind(Enum):
    DISHONESTY_DETERMINATION = labelled(
        "DISHONESTY_DETERMINATION", "失信认定", "Dishonesty determination"
    )
    TRUSTWORTHINESS_INCENTIVE = labelled(
        "TRUSTWORTHINESS_INCENTIVE", "守信激励", "Trustworthiness incentive"
    )
    DISHONESTY_PENALTY = labelled(
        "DISHONESTY_PENALTY", "失信惩戒", "Dishonesty penalty: no trading during its term"
    )
    CREDIT_REPAIR = labelled("CREDIT_REPAIR", "信用修复", "Credit repair: ends a penalty")
    OBJECTION = labelled("OBJECTION", "异议处理", "Objection disputing an event")


@strawberry.enum(description="Outcome of a credit objection 异议处理结果.")
class ObjectionOutcome(Enum):
    PENDING = labelled("PENDING", "处理中", "Not yet decided")
    UPHELD = labelled("UPHELD", "异议成立", "Upheld: the disputed event is annulled")
    DISMISSED = labelled("DISMISSED", "异议不成立", "Dismissed: the event stands")


@strawberry.enum(description="Supervision actions (articles 23, 24, 27) 监管措施.")
class SupervisionKind(Enum):
    INSPECTION = labelled("INSPECTION", "监督检查", "Inspection")
    RECTIFICATION_DEMAND = labelled("RECTIFICATION_DEMAND", "整改要求", "Rectification demand")
    INTERVIEW = labelled("INTERVIEW", "约谈", "Interview")
    RECTIFICATION_ORDER = labelled("RECTIFICATION_ORDER", "责令整改", "Order to rectify")


@strawberry.enum(description="State of a supervision action 监管状态.")
class SupervisionStatus(Enum):
    OPEN = labelled("OPEN", "整改中", "Open")
    OVERDUE = labelled("OVERDUE", "逾期未整改", "Past its deadline and not rectified")
    RECTIFIED = labelled("RECTIFIED", "已整改", "Rectified")
    CLOSED = labelled("CLOSED", "已办结", "Closed")


@strawberry.enum(description="Fault-tolerance outcome (article 28) 容错免责.")
class FaultTolerance(Enum):
    NONE = labelled("NONE", "不适用", "No fault tolerance")
    REDUCED_LIABILITY = labelled("REDUCED_LIABILITY", "从轻减轻", "Reduced liability")
    EXEMPTED = labelled("EXEMPTED", "免予追责", "No liability")


@strawberry.enum(description="Valuation methods (article 18) 评估方法.")
class ValuationMethod(Enum):
    COST = labelled("COST", "成本法", "Cost approach")
    INCOME = labelled("INCOME", "收益法", "Income approach")
    MARKET = labelled("MARKET", "市场法", "Market approach")


@strawberry.enum(description="Orderings of an authorization list 授权排序字段.")
class AuthorizationSortField(Enum):
    GRANTED_AT = labelled("GRANTED_AT", "授权时间", "By time of the grant")
    NUMBER = labelled("NUMBER", "授权编号", "By number")


@strawberry.enum(description="Orderings of a transaction list 交易排序字段.")
class TransactionSortField(Enum):
    TRADE_DATE = labelled("TRADE_DATE", "交易日期", "By trade date")
    PRICE = labelled("PRICE", "价格", "By price")


@strawberry.enum(description="Orderings of credit events 信用事件排序字段.")
class CreditEventSortField(Enum):
    OCCURRED_ON = labelled("OCCURRED_ON", "发生日期", "By date")


@strawberry.enum(description="Orderings of supervision actions 监管措施排序字段.")
class SupervisionSortField(Enum):
    TAKEN_ON = labelled("TAKEN_ON", "采取日期", "By date taken")
    DEADLINE = labelled("DEADLINE", "整改期限", "By deadline")


@strawberry.enum(
    description="Kinds of processing activity (article 5: collect, produce, process, use, "
    "destroy) 处理活动类型."
)
class ActivityKind(Enum):
    COLLECT = labelled("COLLECT", "收集", "Collect")
    AGGREGATE = labelled("AGGREGATE", "汇聚", "Aggregate: may lower the grade of what it makes")
    CLEAN = labelled("CLEAN", "清洗", "Clean")
    PROCESS = labelled("PROCESS", "加工", "Process")
    ANONYMIZE = labelled("ANONYMIZE", "匿名化", "Anonymize: personal data becomes usable (rule 7)")
    ANALYZE = labelled("ANALYZE", "分析", "Analyze")
    SHARE = labelled("SHARE", "共享", "Share")
    OPEN = labelled("OPEN", "开放", "Open")
    USE = labelled("USE", "使用", "Use")
    DESTROY = labelled("DESTROY", "销毁", "Destroy")
    PRODUCE = labelled("PRODUCE", "产品生成", "Make a product (recorded by product registration)")


@strawberry.enum(description="Which way a lineage walk goes 溯源方向.")
class LineageDirection(Enum):
    UPSTREAM = labelled("UPSTREAM", "向上游溯源", "Towards the sources")
    DOWNSTREAM = labelled("DOWNSTREAM", "向下游追踪", "Towards what was made from it")


@strawberry.enum(description="Formats of a lineage export 导出格式.")
class ExportFormat(Enum):
    JSON = labelled("JSON", "JSON格式", "JSON: nodes and edges")
    GRAPHML = labelled("GRAPHML", "GraphML格式", "GraphML, for networkx and Gephi")
    DOT = labelled("DOT", "DOT图形格式", "Graphviz DOT, for a picture")


@strawberry.enum(description="Severity of a data quality issue (article 9) 问题严重程度.")
class IssueSeverity(Enum):
    LOW = labelled("LOW", "轻微", "Low")
    MEDIUM = labelled("MEDIUM", "一般", "Medium")
    HIGH = labelled("HIGH", "严重", "High")


@strawberry.enum(description="Why a party has a stake in problem data 利益相关方角色 (article 9).")
class StakeholderRole(Enum):
    SOURCE_UNIT = labelled("SOURCE_UNIT", "来源单位", "Source unit of an affected resource")
    HOLDER = labelled("HOLDER", "权利人", "Holds a right in force on an affected asset")
    GRANTOR = labelled("GRANTOR", "授权方", "Granted an authorization in force on it")
    GRANTEE = labelled("GRANTEE", "被授权方", "Holds an authorization in force on it")
    SELLER = labelled("SELLER", "卖方", "Sold or licensed it")
    BUYER = labelled("BUYER", "买方", "Bought or licensed it")
    EXCHANGE = labelled("EXCHANGE", "数据交易场所", "The exchange a trade of it went through")
    BROKER = labelled("BROKER", "数据经纪商", "Brokered a trade of it")
    APPRAISER = labelled("APPRAISER", "评估机构", "Valued a trade of it")
    CUSTODIAN = labelled("CUSTODIAN", "托管机构", "Held it in custody for a trade")
    COMPLIANCE = labelled("COMPLIANCE", "合规咨询机构", "Advised a trade of it on compliance")
    REGISTRAR = labelled("REGISTRAR", "登记机构", "Registers data in the problem's region")


@strawberry.enum(description="What ties a stakeholder to problem data 利益关联.")
class StakeLink(Enum):
    SOURCE = labelled("SOURCE", "来源", "It is the source unit")
    RIGHT = labelled("RIGHT", "权利", "A right it holds")
    AUTHORIZATION = labelled("AUTHORIZATION", "授权", "An authorization in force")
    TRANSACTION = labelled("TRANSACTION", "交易", "A trade")
    JURISDICTION = labelled("JURISDICTION", "辖区", "The region it registers")


@strawberry.enum(description="Orderings of quality issues 质量问题排序字段.")
class QualityIssueSortField(Enum):
    RECORDED_AT = labelled("RECORDED_AT", "登记时间", "By time recorded")
    DISCOVERED_ON = labelled("DISCOVERED_ON", "发现日期", "By day discovered")


@strawberry.enum(description="State of an OpenLineage run 运行状态, from the events it sent.")
class RunState(Enum):
    START = labelled("START", "已开始", "Started")
    RUNNING = labelled("RUNNING", "运行中", "Running")
    COMPLETE = labelled("COMPLETE", "已完成", "Completed: its hop is recorded")
    FAIL = labelled("FAIL", "失败", "Failed")
    ABORT = labelled("ABORT", "已中止", "Aborted")
    OTHER = labelled("OTHER", "其他", "Another event of the run, or one with no type")


@strawberry.enum(description="Orderings of a run list 运行排序字段.")
class RunSortField(Enum):
    STARTED_AT = labelled("STARTED_AT", "开始时间", "By the time it started")
    RECORDED_AT = labelled("RECORDED_AT", "登记时间", "By the time it was first recorded")


@strawberry.enum(description="Orderings of job namespace mappings 作业命名空间排序字段.")
class JobNamespaceSortField(Enum):
    NAMESPACE = labelled("NAMESPACE", "命名空间", "By namespace")
    RECORDED_AT = labelled("RECORDED_AT", "登记时间", "By time recorded")


@strawberry.enum(
    description="How an output column depends on an input column (OpenLineage column "
    "lineage) 字段依赖类型."
)
class ColumnTransformationType(Enum):
    DIRECT = labelled("DIRECT", "直接", "The output's values are computed from the input's")
    INDIRECT = labelled(
        "INDIRECT", "间接", "The input decides which rows or groups (filter, join, sort...)"
    )


@strawberry.enum(description="What a column transformation does 字段变换方式.")
class ColumnTransformationSubtype(Enum):
    IDENTITY = labelled("IDENTITY", "原样", "Copied unchanged")
    TRANSFORMATION = labelled("TRANSFORMATION", "变换", "Computed from the input")
    AGGREGATION = labelled("AGGREGATION", "聚合", "Aggregated (sum, count...)")
    JOIN = labelled("JOIN", "连接", "Used to join")
    GROUP_BY = labelled("GROUP_BY", "分组", "Used to group")
    FILTER = labelled("FILTER", "过滤", "Used to filter")
    SORT = labelled("SORT", "排序", "Used to sort")
    WINDOW = labelled("WINDOW", "窗口", "Used in a window function")
    CONDITIONAL = labelled("CONDITIONAL", "条件", "Used in a condition")
    OTHER = labelled("OTHER", "其他", "A subtype this registry does not name, or none")
