"""The PostgreSQL test server's rule: no server here is a skip with the reason, unless
REQUIRE_POSTGRES=1 (as `make test` sets it), where it fails the run."""

from __future__ import annotations

import pytest

from tests.support import postgres


def test_no_server_skips_with_the_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(postgres, "find_bindir", lambda: None)
    monkeypatch.delenv("REQUIRE_POSTGRES", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no PostgreSQL server binaries"):
        postgres.start_or_skip()


def test_no_server_fails_when_postgres_is_required(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(postgres, "find_bindir", lambda: None)
    monkeypatch.setenv("REQUIRE_POSTGRES", "1")
    with pytest.raises(pytest.fail.Exception, match="REQUIRE_POSTGRES=1"):
        postgres.start_or_skip()
