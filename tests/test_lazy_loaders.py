"""A request's loaders are made when first read, each once, and every loader the types
declare (schema/loaders.py) has a maker (resolvers/loaders.py LOADERS)."""

from __future__ import annotations

import asyncio

import pytest

from resolvers.loaders import LOADERS, create_loaders
from schema.loaders import Loaders


def test_every_declared_loader_has_a_maker_and_no_maker_is_orphaned() -> None:
    declared = set(Loaders.__annotations__)
    assert declared == set(LOADERS)


def test_a_loader_is_made_once_per_request_when_first_read() -> None:
    async def read() -> None:
        made: list[str] = []
        loaders = create_loaders(None, catalogue_only=False)  # type: ignore[arg-type]
        make = loaders._make

        def counted(name: str, owner: Loaders) -> object:
            made.append(name)
            return make(name, owner)

        loaders._make = counted  # type: ignore[assignment]
        assert loaders.party_projected is loaders.party_projected
        # party_projected reads party through the same request's loader
        assert made == ["party_projected", "party"]
        assert loaders.party is loaders.party and made == ["party_projected", "party"]
        other = create_loaders(None, catalogue_only=False)  # type: ignore[arg-type]
        assert other.party is not loaders.party

    asyncio.run(read())


def test_a_name_no_loader_has_is_an_attribute_error() -> None:
    loaders = create_loaders(None, catalogue_only=False)  # type: ignore[arg-type]
    with pytest.raises(AttributeError):
        _ = loaders.no_such_loader  # type: ignore[attr-defined]
