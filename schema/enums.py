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
