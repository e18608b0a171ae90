"""The local Neo4j launcher guards its data folder."""

from __future__ import annotations

import pytest

from graph import neo4j_local


def test_a_second_copy_on_the_same_data_folder_is_refused(
    local_instance: neo4j_local.Instance | None,
) -> None:
    if local_instance is None:
        pytest.skip("Neo4j comes from NEO4J_URI; no local instance to guard")
    assert neo4j_local.running_pid(local_instance) is not None
    with pytest.raises(SystemExit, match="already running"):
        neo4j_local.start(local_instance)


def test_a_taken_port_is_refused_before_starting(
    local_instance: neo4j_local.Instance | None, tmp_path: object
) -> None:
    if local_instance is None:
        pytest.skip("Neo4j comes from NEO4J_URI; no local instance to guard")
    other = neo4j_local.Instance(home=tmp_path, port=local_instance.port)  # type: ignore[arg-type]
    with pytest.raises(SystemExit, match="taken by another process"):
        neo4j_local.start(other)
