"""Qinzhou's administrative tree: the city, its two districts and two counties, their
subdistricts and towns, and a sample of villages and communities.

City and county codes are the national administrative division codes. Town
codes follow the national 9-digit scheme (county code + 001.. for
subdistricts, 100.. for towns), numbered here in the order listed; village
codes add three digits the same way. Village-level entries are a sample for
the four-level tree, not the full register.
"""

from __future__ import annotations

from dataclasses import dataclass

CITY_CODE = "450700"


@dataclass(frozen=True)
class SeedRegion:
    code: str
    name_zh: str
    name_en: str
    level: str
    division_type: str
    parent: str | None

    def row(self, path: str) -> dict[str, str | None]:
        return {
            "id": self.code,
            "nameZh": self.name_zh,
            "nameEn": self.name_en,
            "level": self.level,
            "divisionType": self.division_type,
            "parentId": self.parent,
            "path": path,
        }


COUNTIES = (
    ("450702", "钦南区", "Qinnan District", "DISTRICT"),
    ("450703", "钦北区", "Qinbei District", "DISTRICT"),
    ("450721", "灵山县", "Lingshan County", "COUNTY"),
    ("450722", "浦北县", "Pubei County", "COUNTY"),
)

# (Chinese name, pinyin) per county: subdistricts first, then towns.
SUBDISTRICTS = {
    "450702": (
        ("向阳街道", "Xiangyang"),
        ("水东街道", "Shuidong"),
        ("文峰街道", "Wenfeng"),
        ("南珠街道", "Nanzhu"),
        ("尖山街道", "Jianshan"),
    ),
    "450703": (("长田街道", "Changtian"), ("鸿亭街道", "Hongting"), ("子材街道", "Zicai")),
    "450721": (("灵城街道", "Lingcheng"), ("三海街道", "Sanhai")),
    "450722": (("小江街道", "Xiaojiang"), ("江城街道", "Jiangcheng")),
}

TOWNS = {
    "450702": (
        ("沙埠镇", "Shabu"),
        ("康熙岭镇", "Kangxiling"),
        ("黄屋屯镇", "Huangwutun"),
        ("大番坡镇", "Dafanpo"),
        ("龙门港镇", "Longmengang"),
        ("久隆镇", "Jiulong"),
        ("东场镇", "Dongchang"),
        ("那丽镇", "Nali"),
        ("那彭镇", "Napeng"),
        ("那思镇", "Nasi"),
        ("犀牛脚镇", "Xiniujiao"),
    ),
    "450703": (
        ("大垌镇", "Dadong"),
        ("平吉镇", "Pingji"),
        ("青塘镇", "Qingtang"),
        ("小董镇", "Xiaodong"),
        ("板城镇", "Bancheng"),
        ("那蒙镇", "Nameng"),
        ("长滩镇", "Changtan"),
        ("新棠镇", "Xintang"),
        ("大直镇", "Dazhi"),
        ("大寺镇", "Dasi"),
        ("贵台镇", "Guitai"),
    ),
    "450721": (
        ("新圩镇", "Xinxu"),
        ("丰塘镇", "Fengtang"),
        ("平山镇", "Pingshan"),
        ("石塘镇", "Shitang"),
        ("佛子镇", "Fozi"),
        ("平南镇", "Pingnan"),
        ("烟墩镇", "Yandun"),
        ("檀圩镇", "Tanxu"),
        ("那隆镇", "Nalong"),
        ("三隆镇", "Sanlong"),
        ("陆屋镇", "Luwu"),
        ("旧州镇", "Jiuzhou"),
        ("太平镇", "Taiping"),
        ("沙坪镇", "Shaping"),
        ("武利镇", "Wuli"),
        ("文利镇", "Wenli"),
        ("伯劳镇", "Bolao"),
    ),
    "450722": (
        ("泉水镇", "Quanshui"),
        ("石埇镇", "Shiyong"),
        ("安石镇", "Anshi"),
        ("张黄镇", "Zhanghuang"),
        ("大成镇", "Dacheng"),
        ("白石水镇", "Baishishui"),
        ("北通镇", "Beitong"),
        ("三合镇", "Sanhe"),
        ("龙门镇", "Longmen"),
        ("福旺镇", "Fuwang"),
        ("寨圩镇", "Zhaixu"),
        ("乐民镇", "Lemin"),
        ("六硍镇", "Liuken"),
        ("平睦镇", "Pingmu"),
        ("官垌镇", "Guandong"),
    ),
}

# A sample of villages (村) and communities (社区): (town name, name, pinyin, type).
VILLAGES = (
    ("向阳街道", "向阳社区", "Xiangyang Community", "COMMUNITY"),
    ("文峰街道", "文峰社区", "Wenfeng Community", "COMMUNITY"),
    ("犀牛脚镇", "犀牛脚村", "Xiniujiao Village", "VILLAGE"),
    ("龙门港镇", "龙门村", "Longmen Village", "VILLAGE"),
    ("长田街道", "长田社区", "Changtian Community", "COMMUNITY"),
    ("灵城街道", "灵城社区", "Lingcheng Community", "COMMUNITY"),
    ("陆屋镇", "陆屋村", "Luwu Village", "VILLAGE"),
    ("小江街道", "小江社区", "Xiaojiang Community", "COMMUNITY"),
)


def qinzhou_regions() -> list[SeedRegion]:
    regions = [SeedRegion(CITY_CODE, "钦州市", "Qinzhou", "CITY", "PREFECTURE_CITY", None)]
    town_codes: dict[str, str] = {}
    for code, name_zh, name_en, division in COUNTIES:
        regions.append(SeedRegion(code, name_zh, name_en, "COUNTY", division, CITY_CODE))
        for number, (town_zh, pinyin) in enumerate(SUBDISTRICTS[code], start=1):
            town_code = f"{code}{number:03d}"
            town_codes[town_zh] = town_code
            regions.append(
                SeedRegion(town_code, town_zh, f"{pinyin} Subdistrict", "TOWN", "SUBDISTRICT", code)
            )
        for number, (town_zh, pinyin) in enumerate(TOWNS[code], start=100):
            town_code = f"{code}{number:03d}"
            town_codes[town_zh] = town_code
            regions.append(SeedRegion(town_code, town_zh, f"{pinyin} Town", "TOWN", "TOWN", code))
    for number, (town_zh, name_zh, name_en, division) in enumerate(VILLAGES, start=1):
        parent = town_codes[town_zh]
        regions.append(
            SeedRegion(f"{parent}{number:03d}", name_zh, name_en, "VILLAGE", division, parent)
        )
    return regions


def region_rows() -> list[dict[str, str | None]]:
    """Rows for the graph, each with its path from the city down."""
    regions = qinzhou_regions()
    by_code = {region.code: region for region in regions}

    def path(region: SeedRegion) -> str:
        codes = [region.code]
        while by_code[codes[-1]].parent is not None:
            codes.append(by_code[codes[-1]].parent)  # type: ignore[arg-type]
        return "/" + "/".join(reversed(codes)) + "/"

    return [region.row(path(region)) for region in regions]
