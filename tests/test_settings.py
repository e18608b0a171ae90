"""Settings refused at start-up say why, and never print the secret they refused."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from api.settings import Environment, Settings

ROOT = Path(__file__).resolve().parent.parent
SHORT_SECRET = "tail-of-a-short-secret-XYZ"


def test_production_refuses_a_short_secret_without_echoing_it() -> None:
    with pytest.raises(ValidationError) as refused:
        Settings(environment=Environment.PRODUCTION, jwt_secret=SHORT_SECRET)
    assert "32+ bytes" in str(refused.value)
    assert SHORT_SECRET not in str(refused.value)
    assert "XYZ" not in str(refused.value)


def test_the_command_line_says_why_it_will_not_start_and_hides_the_secret() -> None:
    env = {
        **os.environ,
        "RIGHTSGRAPH_ENVIRONMENT": "production",
        "RIGHTSGRAPH_JWT_SECRET": SHORT_SECRET,
    }
    ran = subprocess.run(
        [sys.executable, "-m", "api.cli", "export-schema"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert ran.returncode == 2
    assert "RIGHTSGRAPH_JWT_SECRET" in ran.stderr
    assert "XYZ" not in ran.stderr + ran.stdout
    assert "Traceback" not in ran.stderr


def test_a_long_secret_starts_production() -> None:
    settings = Settings(environment=Environment.PRODUCTION, jwt_secret="s" * 32)
    assert not settings.graphiql_enabled
