"""Enumerations of the domain, each value with its Chinese and English label."""

from __future__ import annotations

from enum import Enum

import strawberry

from schema.labels import labelled


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


@strawberry.enum(description="Stable codes of the errors a client can switch on 错误代码.")
class ErrorCode(Enum):
    INVALID_INPUT = labelled("INVALID_INPUT", "输入无效", "A field is malformed or out of range")
    INVALID_CREDIT_CODE = labelled(
        "INVALID_CREDIT_CODE",
        "统一社会信用代码无效",
        "Not a valid unified social credit code (GB 32100-2015)",
    )
    DUPLICATE_CREDIT_CODE = labelled(
        "DUPLICATE_CREDIT_CODE",
        "统一社会信用代码重复",
        "Another party is already registered under this credit code",
    )
    NOT_FOUND = labelled("NOT_FOUND", "未找到", "A referenced record does not exist")
    INVALID_CURSOR = labelled(
        "INVALID_CURSOR", "游标无效", "A pagination cursor is malformed or from another ordering"
    )
    IDEMPOTENCY_CONFLICT = labelled(
        "IDEMPOTENCY_CONFLICT",
        "幂等键冲突",
        "The idempotency key was already used for a different operation",
    )
    FORBIDDEN = labelled("FORBIDDEN", "无权限", "The caller's role may not do this")
    DATE_ORDER = labelled(
        "DATE_ORDER", "日期顺序错误", "An interval ends before it starts (validTo before validFrom)"
    )
    ONE_SOURCE = labelled(
        "ONE_SOURCE", "一数一源", "Rule 1, article 6: the data already has a source unit"
    )
    PROCESSING_NEEDS_RIGHT = labelled(
        "PROCESSING_NEEDS_RIGHT",
        "加工使用须有权利",
        "Rule 3, articles 5 and 12: no holding or processing-and-use right on an input",
    )
    OPERATION_NEEDS_RIGHT = labelled(
        "OPERATION_NEEDS_RIGHT",
        "经营须有产品经营权",
        "Rule 4, article 12: no product-operation right",
    )
    REGISTRATION_WORKFLOW = labelled(
        "REGISTRATION_WORKFLOW",
        "登记流程不允许",
        "Rule 11, article 13: the registration is not in a state that allows this step",
    )
    JURISDICTION = labelled(
        "JURISDICTION", "超出辖区", "Rule 12, articles 4 and 13: outside the registrar's region"
    )
    REGISTRATION_CORE_DATA = labelled(
        "REGISTRATION_CORE_DATA", "核心数据不予登记", "Article 13: core data is not registered"
    )
    REGISTRATION_UNAUTHORIZED_SOURCE = labelled(
        "REGISTRATION_UNAUTHORIZED_SOURCE",
        "来源未经授权",
        "Articles 13 and 14: the applicant does not validly hold the right",
    )
    REGISTRATION_DISPUTED_OWNERSHIP = labelled(
        "REGISTRATION_DISPUTED_OWNERSHIP",
        "权属存在争议",
        "Article 13: the data is under an unresolved ownership dispute",
    )


@strawberry.enum(description="Role of the caller, from its bearer token 访问角色.")
class Role(Enum):
    ANONYMOUS = labelled("ANONYMOUS", "匿名访问", "No token: the public catalogue only")
    VIEWER = labelled("VIEWER", "公众查看者", "Public catalogue only")
    APP = labelled("APP", "应用（门户前端）", "A portal or app: reads the registry")
    INVESTIGATOR = labelled(
        "INVESTIGATOR",
        "调查人员",
        "Big-data bureau, market regulation, cyberspace or public security staff: "
        "reads everything, audit and history included",
    )
    REGISTRAR = labelled(
        "REGISTRAR",
        "登记人员",
        "Big-data bureau registrar: records facts within its jurisdiction (article 13)",
    )
    REGULATOR = labelled(
        "REGULATOR", "监管人员", "Regulator: reads everything and records supervision"
    )


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
