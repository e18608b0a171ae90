"""The root Query and Mutation types, merged once from the domains' own.

Each domain declares its fields beside its resolvers (`RegionQuery` in regions.py,
`ResourceMutation` in resources.py, ...). The schema lists the fields in the order of the
bases below.
"""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import relay

from resolvers import audit
from resolvers.audit import AuditQuery
from resolvers.authorizations import AuthorizationMutation, AuthorizationQuery
from resolvers.columns import ColumnQuery
from resolvers.datasets import DatasetMutation
from resolvers.fields import Info, arg
from resolvers.findings import FindingsQuery
from resolvers.impact import ImpactMutation, ImpactQuery
from resolvers.income import IncomeQuery
from resolvers.job_namespaces import JobNamespaceMutation, JobNamespaceQuery
from resolvers.lineage import LineageMutation, LineageQuery
from resolvers.market import MarketMutation, MarketQuery
from resolvers.parties import PartyMutation, PartyQuery
from resolvers.products import ProductMutation, ProductQuery
from resolvers.regions import RegionQuery
from resolvers.registrations import RegistrationMutation, RegistrationQuery
from resolvers.resources import ResourceMutation, ResourceQuery
from resolvers.rights import RightMutation, RightQuery
from resolvers.runs import RunQuery
from resolvers.search import SearchQuery
from resolvers.transactions import TransactionMutation, TransactionQuery
from resolvers.vocabulary import VocabularyQuery
from schema.audit import Me
from schema.permissions import node_refusal


@strawberry.type(description="Any record, and the caller.")
class RegistryQuery:
    @strawberry.field(description="Any record by its global id (Relay node lookup).")
    async def node(
        self, info: Info, id: Annotated[relay.GlobalID, arg("Global id of the record.")]
    ) -> relay.Node | None:
        # A plain resolver rather than `relay.node()`, which cannot serve two schemas
        # built in one process (the app and its tests build several).
        refused = node_refusal(info.context, id.type_name)
        if refused is not None:
            raise refused
        return await id.resolve_node(info, required=False)

    @strawberry.field(description="The caller: subject, role, jurisdiction, abilities 当前调用者.")
    def me(self, info: Info) -> Me:
        return audit.me(info)


@strawberry.type(description="Read the registry 查询.")
class Query(
    RegistryQuery,
    RegionQuery,
    PartyQuery,
    ResourceQuery,
    ProductQuery,
    RightQuery,
    RegistrationQuery,
    AuditQuery,
    AuthorizationQuery,
    TransactionQuery,
    MarketQuery,
    LineageQuery,
    ColumnQuery,
    RunQuery,
    JobNamespaceQuery,
    ImpactQuery,
    FindingsQuery,
    IncomeQuery,
    SearchQuery,
    VocabularyQuery,
):
    pass


@strawberry.type(
    description="Record facts in the registry 登记. Registrars only, within their "
    "jurisdiction (rule 12)."
)
class Mutation(
    PartyMutation,
    ResourceMutation,
    ProductMutation,
    RightMutation,
    RegistrationMutation,
    AuthorizationMutation,
    TransactionMutation,
    MarketMutation,
    LineageMutation,
    DatasetMutation,
    JobNamespaceMutation,
    ImpactMutation,
):
    pass
