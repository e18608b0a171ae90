"""Why an asset carries the grade and category it inherits 分类分级说明: the deciding inputs,
the paths to them, and the processing that lowered the grade (graph/classification.py holds
the one definition of the rules)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from graph import classification as rules
from schema.context import Info
from schema.enums import ActivityKind, DataCategory, DataGrade
from schema.labels import label_of

if TYPE_CHECKING:
    from schema.lineage import Activity


@strawberry.type(
    description="One hop of lineage, from a derived asset to what it was made from 血缘一跳."
)
class ClassificationHop:
    from_id: str = strawberry.field(description="Registry id of the derived asset 派生数据.")
    from_name: str = strawberry.field(description="Chinese name of the derived asset.")
    to_id: str = strawberry.field(description="Registry id of what it was made from 来源数据.")
    to_name: str = strawberry.field(description="Chinese name of what it was made from.")
    kind: ActivityKind | None = strawberry.field(
        description="Kind of processing on this hop 处理类型 (PRODUCE: a product's "
        "registration); null for a kind this registry does not know."
    )
    activity_id: str | None = strawberry.field(
        description="Registry id of the activity 处理活动; null for a product's PRODUCE hop."
    )

    @strawberry.field(description="The activity of this hop 处理活动, if one was recorded.")
    async def activity(
        self, info: Info
    ) -> Annotated[Activity, strawberry.lazy("schema.lineage")] | None:
        if not self.activity_id:
            return None
        found: Activity | None = await info.context.loaders.activity.load(self.activity_id)
        return found

    @staticmethod
    def of(hop: rules.Hop) -> ClassificationHop:
        return ClassificationHop(
            from_id=hop.from_id,
            from_name=hop.from_name,
            to_id=hop.to_id,
            to_name=hop.to_name,
            kind=ActivityKind[hop.kind] if hop.kind in ActivityKind.__members__ else None,
            activity_id=hop.activity_id,
        )


@strawberry.type(
    description="A resource upstream that decides what an asset inherits, and the path to it "
    "决定性来源数据."
)
class ClassificationSource:
    asset_id: str = strawberry.field(description="Registry id of the resource upstream.")
    name_zh: str = strawberry.field(description="Its Chinese name 中文名称.")
    grade: DataGrade = strawberry.field(description="Its recorded grade 登记分级.")
    category: DataCategory = strawberry.field(description="Its recorded category 登记类别.")
    passes_grade: DataGrade = strawberry.field(
        description="The grade it passes on along this path: its own, or the lowest when an "
        "anonymization or aggregation lies between 传递分级."
    )
    passes_category: DataCategory = strawberry.field(
        description="The category it passes on: its own; personal becomes enterprise after "
        "anonymization 传递类别."
    )
    lowered: bool = strawberry.field(
        description="Whether an anonymization or aggregation lies on the path 路径上经匿名化或汇聚."
    )
    path: list[ClassificationHop] = strawberry.field(
        description="The shortest path from the asset to this resource 血缘路径."
    )

    @staticmethod
    def of(trace: rules.Trace | None) -> ClassificationSource | None:
        if trace is None:
            return None
        return ClassificationSource(
            asset_id=trace.source_id,
            name_zh=trace.source_name,
            grade=DataGrade[trace.grade],
            category=DataCategory[trace.category],
            passes_grade=DataGrade[trace.carried_grade],
            passes_category=DataCategory[trace.carried_category],
            lowered=trace.lowered,
            path=[ClassificationHop.of(hop) for hop in trace.hops],
        )


def _via(trace: rules.Trace) -> str:
    return " → ".join(hop.kind for hop in trace.hops)


def _sentences(found: rules.Classification) -> tuple[str, str]:
    if not found.has_lineage:
        return (
            "No upstream lineage is recorded: nothing is inherited, the asset's own grade and "
            "category stand.",
            "无上游血缘记录：不继承分级与类别，以其自身登记的分级与类别为准。",
        )
    grade_from, category_from = found.grade_from, found.category_from
    assert grade_from is not None and category_from is not None
    grade, category = found.grade or "", found.category or ""
    en = [
        f"Inherits grade {grade} from {grade_from.source_name} ({_via(grade_from)}) and "
        f"category {category} from {category_from.source_name} ({_via(category_from)}), "
        "the strictest of its inputs (就高从严, article 22)."
    ]
    zh = [
        f"就高从严继承分级“{label_of(DataGrade[grade]).zh}”（来自{grade_from.source_name}）"
        f"和类别“{label_of(DataCategory[category]).zh}”（来自{category_from.source_name}）"
        "（第二十二条）。"
    ]
    lowered_from, lowered_by = found.lowered_from, found.lowered_by
    if lowered_from is not None and lowered_by is not None:
        kind_zh = label_of(ActivityKind[lowered_by.kind]).zh
        en.append(
            f"The {lowered_from.grade} grade of {lowered_from.source_name} is not inherited: "
            f"the {lowered_by.kind} activity {lowered_by.activity_id} between "
            f"{lowered_by.to_name} and {lowered_by.from_name} lowered it "
            f"(rule {rules.GRADE_RULE}, {rules.GRADE_ARTICLE})."
        )
        zh.append(
            f"{lowered_from.source_name}的分级“{label_of(DataGrade[lowered_from.grade]).zh}”"
            f"经{kind_zh}处理（{lowered_by.to_name}→{lowered_by.from_name}）降低，不再继承"
            f"（{rules.GRADE_RULE}，{rules.GRADE_ARTICLE}）。"
        )
    ended = found.personal_ended_by
    if ended is not None:
        en.append(f"Anonymization ({ended.activity_id}) ended its personal-information status.")
        zh.append("匿名化处理已使其不再属于个人信息。")
    public = found.public_from
    if public is not None:
        en.append(
            f"It is of public origin (from {public.source_name}, {_via(public)}): public data "
            f"is used at a government-guided price (rule {rules.PRICING_RULE}, "
            f"{rules.PRICING_ARTICLE})."
        )
        zh.append(
            f"其来源含公共数据（{public.source_name}），仍属公共数据来源，应执行政府指导价"
            f"（{rules.PRICING_RULE}，{rules.PRICING_ARTICLE}）。"
        )
    return " ".join(en), "".join(zh)


@strawberry.type(
    description="Why an asset inherits the grade and category it does 分类分级继承说明: which "
    "input decides, along which path, and which anonymization or aggregation lowered it."
)
class ClassificationExplanation:
    has_lineage: bool = strawberry.field(
        description="Whether any lineage upstream is recorded 是否有上游血缘; without it "
        "nothing is inherited."
    )
    inherited_grade: DataGrade | None = strawberry.field(
        description="The inherited grade 继承分级; null only without lineage."
    )
    inherited_category: DataCategory | None = strawberry.field(
        description="The inherited category 继承类别; null only without lineage."
    )
    grade_from: ClassificationSource | None = strawberry.field(
        description="The input that sets the inherited grade 决定分级的来源."
    )
    category_from: ClassificationSource | None = strawberry.field(
        description="The input that sets the inherited category 决定类别的来源."
    )
    public_origin: bool = strawberry.field(
        description="Derived from public data through any processing 公共数据来源 (rule 6 applies)."
    )
    public_from: ClassificationSource | None = strawberry.field(
        description="The nearest public resource upstream 公共数据来源."
    )
    lowered: bool = strawberry.field(
        description="Whether an anonymization or aggregation kept a stricter grade upstream "
        "from being inherited 分级经处理降低."
    )
    lowered_from: ClassificationSource | None = strawberry.field(
        description="The input whose stricter grade was not inherited 被降级的来源."
    )
    lowered_by: ClassificationHop | None = strawberry.field(
        description="The hop (anonymization or aggregation) that lowered it 降级处理."
    )
    personal_info_ended_by: ClassificationHop | None = strawberry.field(
        description="The anonymization that ended the personal-information status of a "
        "personal input 终止个人信息属性的匿名化."
    )
    rule: str = strawberry.field(description="Code of the rule applied 规则代码.")
    article: str = strawberry.field(description="Article of the Qinzhou rules 条款.")
    text: str = strawberry.field(description="The explanation in English.")
    text_zh: str = strawberry.field(description="The explanation in Chinese 中文说明.")

    @staticmethod
    def of(found: rules.Classification) -> ClassificationExplanation:
        text, text_zh = _sentences(found)
        return ClassificationExplanation(
            has_lineage=found.has_lineage,
            inherited_grade=DataGrade[found.grade] if found.grade else None,
            inherited_category=DataCategory[found.category] if found.category else None,
            grade_from=ClassificationSource.of(found.grade_from),
            category_from=ClassificationSource.of(found.category_from),
            public_origin=found.public_from is not None,
            public_from=ClassificationSource.of(found.public_from),
            lowered=found.lowered_by is not None,
            lowered_from=ClassificationSource.of(found.lowered_from),
            lowered_by=ClassificationHop.of(found.lowered_by) if found.lowered_by else None,
            personal_info_ended_by=ClassificationHop.of(found.personal_ended_by)
            if found.personal_ended_by
            else None,
            rule=rules.GRADE_RULE,
            article=rules.GRADE_ARTICLE,
            text=text,
            text_zh=text_zh,
        )


async def classification_of(info: Info, uid: str) -> ClassificationExplanation:
    """What the asset inherits, through the request's loader (one statement per batch)."""
    found = await info.context.loaders.classification.load(uid)
    return ClassificationExplanation.of(found or rules.Classification(()))
