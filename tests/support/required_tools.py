import os

import pytest


def missing_tool(message):
    """Skip a test whose outside tool (Chromium, Java) is missing; in CI, where .ci/run sets
    NEWSROOM_REQUIRE_BROWSER=1 after installing them, fail instead."""
    if os.environ.get("NEWSROOM_REQUIRE_BROWSER"):
        pytest.fail(message)
    pytest.skip(message)
