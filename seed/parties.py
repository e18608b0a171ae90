"""A first set of parties of Qinzhou's data-element market.

Public bodies carry the names of the city's real departments; enterprises,
intermediaries and the person are fictional samples. Every credit code here
is synthetic: well formed, with valid GB 11714 and GB 32100-2015 check
characters, derived from the party's name, but not the body's real code.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass

from resolvers.credit_code import check_character

PARTY_NAMESPACE = uuid.UUID("6f1c1d2e-6a43-5d0e-9a57-5d1b2b8f0c11")

# First two characters of a credit code: registration authority and category.
GOVERNMENT_PREFIX = "11"  # 机构编制 · 机关
INSTITUTION_PREFIX = "12"  # 机构编制 · 事业单位
ENTERPRISE_PREFIX = "91"  # 市场监管 · 企业


def organization_code(seed: str) -> str:
    """A 9-character organization code (GB 11714) derived from `seed`, check digit included."""
    digits = str(int(hashlib.sha256(seed.encode()).hexdigest(), 16))[:8]
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    remainder = 11 - sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
    check = {10: "X", 11: "0"}.get(remainder, str(remainder))
    return digits + check


def synthetic_credit_code(prefix: str, region_code: str, name: str) -> str:
    first17 = prefix + region_code[:6] + organization_code(name)
    return first17 + check_character(first17)


@dataclass(frozen=True)
class SeedParty:
    """A domestic party (a region and, but for persons, a credit code prefix) or a foreign
    one (article 19: a country and a home registration, no region)."""

    name_zh: str
    name_en: str
    kind: str
    region: str | None
    prefix: str | None
    description: str
    country: str = "CN"
    home_registration_scheme: str | None = None
    home_registration_id: str | None = None

    @property
    def credit_code(self) -> str | None:
        if self.prefix is None or self.region is None:
            return None
        return synthetic_credit_code(self.prefix, self.region, self.name_zh)

    @property
    def id(self) -> str:
        return str(uuid.uuid5(PARTY_NAMESPACE, self.credit_code or self.name_zh))

    def row(self) -> dict[str, str | None]:
        return {
            "id": self.id,
            "nameZh": self.name_zh,
            "nameEn": self.name_en,
            "kind": self.kind,
            "creditCode": self.credit_code,
            "country": self.country,
            "homeRegistrationScheme": self.home_registration_scheme,
            "homeRegistrationId": self.home_registration_id,
            "regionId": self.region,
            "description": self.description,
        }


GOV = "GOVERNMENT_DEPARTMENT"

PARTIES = (
    SeedParty(
        "钦州市大数据发展局",
        "Qinzhou Big Data Development Bureau",
        GOV,
        "450700",
        GOVERNMENT_PREFIX,
        "组织数据确权登记、流通交易、收益分配和安全管理（第四、十三条）。",
    ),
    SeedParty(
        "钦南区大数据发展局",
        "Qinnan District Big Data Bureau",
        GOV,
        "450702",
        GOVERNMENT_PREFIX,
        "钦南区数据要素市场主管部门。",
    ),
    SeedParty(
        "钦北区大数据发展局",
        "Qinbei District Big Data Bureau",
        GOV,
        "450703",
        GOVERNMENT_PREFIX,
        "钦北区数据要素市场主管部门。",
    ),
    SeedParty(
        "灵山县大数据发展局",
        "Lingshan County Big Data Bureau",
        GOV,
        "450721",
        GOVERNMENT_PREFIX,
        "灵山县数据要素市场主管部门。",
    ),
    SeedParty(
        "浦北县大数据发展局",
        "Pubei County Big Data Bureau",
        GOV,
        "450722",
        GOVERNMENT_PREFIX,
        "浦北县数据要素市场主管部门。",
    ),
    SeedParty(
        "钦州市发展和改革委员会",
        "Qinzhou Development and Reform Commission",
        GOV,
        "450700",
        GOVERNMENT_PREFIX,
        "统筹数据要素市场化发展；社会信用体系建设牵头部门。",
    ),
    SeedParty(
        "钦州市市场监督管理局",
        "Qinzhou Administration for Market Regulation",
        GOV,
        "450700",
        GOVERNMENT_PREFIX,
        "数据市场监管、企业登记数据来源单位。",
    ),
    SeedParty(
        "中共钦州市委网络安全和信息化委员会办公室",
        "Qinzhou Cyberspace Affairs Office",
        GOV,
        "450700",
        GOVERNMENT_PREFIX,
        "数据安全与跨境数据流动监管。",
    ),
    SeedParty(
        "钦州市公安局",
        "Qinzhou Public Security Bureau",
        GOV,
        "450700",
        GOVERNMENT_PREFIX,
        "数据安全执法。",
    ),
    SeedParty(
        "钦州市财政局",
        "Qinzhou Finance Bureau",
        GOV,
        "450700",
        GOVERNMENT_PREFIX,
        "公共数据授权运营收益管理（第十五条）。",
    ),
    SeedParty(
        "钦州市医疗保障局",
        "Qinzhou Healthcare Security Administration",
        GOV,
        "450700",
        GOVERNMENT_PREFIX,
        "医疗保障数据来源单位。",
    ),
    SeedParty(
        "钦州市自然资源局",
        "Qinzhou Natural Resources Bureau",
        GOV,
        "450700",
        GOVERNMENT_PREFIX,
        "不动产登记数据来源单位。",
    ),
    SeedParty(
        "钦州市第一人民医院",
        "Qinzhou First People's Hospital",
        "PUBLIC_SERVICE_ORGANIZATION",
        "450702",
        INSTITUTION_PREFIX,
        "公立医院，医疗健康数据的收集与使用单位。",
    ),
    SeedParty(
        "钦州北部湾数据交易中心",
        "Qinzhou Beibu Gulf Data Exchange",
        "DATA_EXCHANGE",
        "450702",
        ENTERPRISE_PREFIX,
        "依法设立的数据交易场所（示例主体）。",
    ),
    SeedParty(
        "钦州港海运物流数据有限公司",
        "Qinzhou Port Shipping Logistics Data Co., Ltd.",
        "ENTERPRISE",
        "450702",
        ENTERPRISE_PREFIX,
        "钦州港集装箱与海运物流数据持有企业（示例主体）。",
    ),
    SeedParty(
        "北部湾征信服务有限公司",
        "Beibu Gulf Credit Services Co., Ltd.",
        "ENTERPRISE",
        "450703",
        ENTERPRISE_PREFIX,
        "企业征信与信用评价服务（示例主体）。",
    ),
    SeedParty(
        "钦州数联科技有限公司",
        "Qinzhou Shulian Technology Co., Ltd.",
        "DATA_MERCHANT",
        "450702",
        ENTERPRISE_PREFIX,
        "数据产品开发与销售的数据商（示例主体）。",
    ),
    SeedParty(
        "桂数经纪服务有限公司",
        "Guishu Data Brokerage Co., Ltd.",
        "DATA_BROKER",
        "450703",
        ENTERPRISE_PREFIX,
        "数据经纪商，撮合数据交易（示例主体）。",
    ),
    SeedParty(
        "钦州正信资产评估事务所有限公司",
        "Qinzhou Zhengxin Asset Appraisal Co., Ltd.",
        "THIRD_PARTY_AGENCY",
        "450702",
        ENTERPRISE_PREFIX,
        "数据资产评估第三方专业服务机构（示例主体）。",
    ),
    SeedParty(
        "灵山智慧农业数据有限公司",
        "Lingshan Smart Agriculture Data Co., Ltd.",
        "ENTERPRISE",
        "450721",
        ENTERPRISE_PREFIX,
        "荔枝等特色农产品生产与流通数据（示例主体）。",
    ),
    # A foreign buyer (article 19): a Vietnamese company with its enterprise code
    # (mã số doanh nghiệp, 10 digits) from Hai Phong's business registry; fictional.
    SeedParty(
        "越南北越跨境物流股份公司",
        "Bac Viet Cross-border Logistics Joint Stock Company",
        "ENTERPRISE",
        None,
        None,
        "越南海防市注册的跨境物流企业，经钦州港开展中越海运物流业务（境外示例主体）。",
        country="VN",
        home_registration_scheme="COMPANY_REGISTRY",
        home_registration_id="0201847365",
    ),
    SeedParty(
        "钦州云鼎数据服务有限公司",
        "Qinzhou Yunding Data Services Co., Ltd.",
        "DATA_MERCHANT",
        "450703",
        ENTERPRISE_PREFIX,
        "因违规交易被实施失信惩戒的数据商（示例主体）。",
    ),
    SeedParty(
        "李明",
        "Li Ming",
        "INDIVIDUAL",
        "450722",
        None,
        "个人数据主体（示例）。",
    ),
)


def party_rows() -> list[dict[str, str | None]]:
    return [party.row() for party in PARTIES]
