"""The registry's own vocabulary, which every layer may import (it imports nothing of ours):
who acts (`Actor`, `Role`), what a role may do (`Ability`), and why a write is refused
(`ErrorCode`).

Enumerations whose values are shown to people carry their Chinese and English labels:
`MEMBER = ("中文", "English")`; the member's value is its name. `schema/enums.py` offers
them in GraphQL with those labels.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import TypeVar

E = TypeVar("E", bound=Enum)


def labelled(cls: type[E]) -> type[E]:
    """Each member keeps its (Chinese, English) label as `zh` and `en`, and its name as its
    value."""
    for member in cls:
        zh, en = member.value
        object.__setattr__(member, "zh", zh)
        object.__setattr__(member, "en", en)
        member._value_ = member.name
    cls._value2member_map_ = {member.name: member for member in cls}
    return cls


@dataclass(frozen=True)
class Actor:
    """Who performs a request: a subject id, its role and, for registrars, its region."""

    subject: str
    role: str
    region_code: str | None = None


@labelled
class Role(Enum):
    """Role of the caller, from its bearer token 访问角色."""

    zh: str
    en: str

    ANONYMOUS = ("匿名访问", "No token: the public catalogue only")
    VIEWER = ("公众查看者", "Public catalogue only")
    APP = ("应用（门户前端）", "A portal or app: reads the registry")
    INVESTIGATOR = (
        "调查人员",
        "Big-data bureau, market regulation, cyberspace or public security staff: "
        "reads everything, audit and history included",
    )
    REGISTRAR = (
        "登记人员",
        "Big-data bureau registrar: records facts within its jurisdiction (article 13)",
    )
    REGULATOR = ("监管人员", "Regulator: reads everything and records supervision")


class Ability(Enum):
    READ_CATALOGUE = "read the public catalogue: regions, organizations, open resources, products"
    READ_REGISTRY = "read rights, registrations and non-open resources"
    READ_AUDIT = "read the audit trail and the registry as recorded at a past time"
    SEE_PERSONAL_DATA = "see personal identifiers of natural persons unmasked"
    WRITE_REGISTRY = (
        "record parties, resources, products, rights, registrations, authorizations, trades, "
        "declarations and valuations"
    )
    WRITE_SUPERVISION = "record supervision actions and credit events"
    REPORT_QUALITY_ISSUE = "report a data quality problem (article 9)"


@labelled
class ErrorCode(Enum):
    """Stable codes of the errors a client can switch on 错误代码."""

    zh: str
    en: str

    INVALID_INPUT = ("输入无效", "A field is malformed or out of range")
    INVALID_CREDIT_CODE = (
        "统一社会信用代码无效",
        "Not a valid unified social credit code (GB 32100-2015)",
    )
    DUPLICATE_CREDIT_CODE = (
        "统一社会信用代码重复",
        "Another party is already registered under this credit code",
    )
    INVALID_COUNTRY = (
        "国家或地区代码无效",
        "Not an ISO 3166-1 alpha-2 country code, or not one the field allows",
    )
    FOREIGN_PARTY_FIELDS = (
        "境内外主体信息不符",
        "Article 19: a foreign party has a country, a home registration and no credit code "
        "or region; a domestic one the reverse; a passport identifies only a natural person",
    )
    INVALID_HOME_REGISTRATION = (
        "境外登记号码无效",
        "Not a valid home registration identifier for its scheme (an LEI's ISO 17442 check "
        "digits, for one)",
    )
    DUPLICATE_HOME_REGISTRATION = (
        "境外登记号码重复",
        "Another party of that country is already registered under this identifier",
    )
    NOT_FOUND = ("未找到", "A referenced record does not exist")
    INVALID_CURSOR = ("游标无效", "A pagination cursor is malformed or from another ordering")
    IDEMPOTENCY_CONFLICT = (
        "幂等键冲突",
        "The caller already used this idempotency key for this mutation with other inputs",
    )
    FORBIDDEN = ("无权限", "The caller's role may not do this")
    UNAUTHENTICATED = ("未认证", "The request carries no valid bearer token and needs one")
    QUERY_TOO_DEEP = ("查询嵌套过深", "The query nests deeper than the limit")
    TOO_MANY_ALIASES = ("别名过多", "The query uses more aliases than the limit")
    TOO_MANY_TOKENS = ("查询过长", "The query has more tokens than the limit")
    INTERNAL_ERROR = ("服务内部错误", "The server failed, not the request; the fault is logged")
    GRAPHQL_PARSE_FAILED = ("查询语法错误", "The document is not GraphQL: it does not parse")
    GRAPHQL_VALIDATION_FAILED = (
        "查询与模式不符",
        "The document asks for fields, arguments or types the schema does not have",
    )
    BODY_TOO_LARGE = ("请求体过大", "The request body is larger than the limit")
    SERVICE_UNAVAILABLE = (
        "服务暂不可用",
        "The database cannot be reached for now; retry in a moment",
    )
    UNMAPPED_JOB_NAMESPACE = (
        "作业命名空间未映射",
        "No party is mapped to run the OpenLineage job namespace (mapJobNamespace)",
    )
    DATASET_ALREADY_LINKED = (
        "数据集已关联其他资产",
        "The OpenLineage dataset identifier already names another registered resource or product",
    )
    DUPLICATE_LINEAGE_HOP = (
        "重复的血缘环节",
        "The hop is already recorded: a product's registration records it from each input",
    )
    QUERY_TOO_COSTLY = (
        "查询代价过高",
        "The query asks for more work than the limit: list sizes multiply down the selection",
    )
    BODY_TIMEOUT = ("请求体接收超时", "The request body did not arrive in time")
    BAD_CONTENT_ENCODING = (
        "内容编码无效",
        "The body's Content-Encoding is not gzip or deflate, or the body does not inflate",
    )
    DATE_ORDER = ("日期顺序错误", "An interval ends before it starts (validTo before validFrom)")
    ONE_SOURCE = ("一数一源", "Rule 1, article 6: the data already has a source unit")
    PROCESSING_NEEDS_RIGHT = (
        "加工使用须有权利",
        "Rule 3, articles 5 and 12: no holding or processing-and-use right on an input",
    )
    OPERATION_NEEDS_RIGHT = (
        "经营须有产品经营权",
        "Rule 4, article 12: no product-operation right",
    )
    REGISTRATION_WORKFLOW = (
        "登记流程不允许",
        "Rule 11, article 13: the registration is not in a state that allows this step",
    )
    JURISDICTION = ("超出辖区", "Rule 12, articles 4 and 13: outside the registrar's region")
    REGISTRATION_CORE_DATA = ("核心数据不予登记", "Article 13: core data is not registered")
    REGISTRATION_UNAUTHORIZED_SOURCE = (
        "来源未经授权",
        "Articles 13 and 14: the applicant does not validly hold the right",
    )
    REGISTRATION_DISPUTED_OWNERSHIP = (
        "权属存在争议",
        "Article 13: the data is under an unresolved ownership dispute",
    )
    GRANTOR_HOLDS_RIGHT = (
        "授权方须持有权利",
        "Rule 2, articles 12 and 14: the grantor or seller does not validly hold the right, "
        "or it may not be granted onward",
    )
    GRANT_WITHIN_PARENT = (
        "再授权不得超出原权利",
        "Rule 2: a grant is broader than the right it is carved from in the named dimension",
    )
    PUBLIC_BODY_ON_EXCHANGE = (
        "须进场交易",
        "Rule 5, article 16: a public body trades only through a data exchange",
    )
    PRICING_FOLLOWS_CATEGORY = (
        "定价方式不符",
        "Rule 6, article 18: public data at government-guided price, other data at market price",
    )
    PERSONAL_DATA_ANONYMIZED = (
        "个人信息须匿名化",
        "Rule 7, article 17: personal data reaches a product or a trade only anonymized",
    )
    CORE_DATA_STAYS = (
        "核心数据不得交易出境",
        "Rule 8, articles 19 and 22: core data is never traded nor sent abroad",
    )
    IMPORTANT_DATA_ASSESSED = (
        "重要数据出境须安全评估",
        "Rule 8, articles 19 and 22: important data goes abroad only with a security "
        "assessment reference",
    )
    DESTINATION_FOLLOWS_BUYER = (
        "出境目的地与境外买方不符",
        "Article 19: a trade with a foreign buyer is cross-border, to the buyer's country",
    )
    DECLARATION_REQUIRED = (
        "须有有效声明承诺",
        "Rule 9, article 25: a data merchant, broker or agency needs a valid declaration",
    )
    NO_TRADE_UNDER_PENALTY = (
        "失信惩戒期内不得交易",
        "Rule 10, article 26: a party under an active dishonesty penalty cannot trade",
    )
