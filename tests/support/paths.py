"""Where things are, for every test (one place, not one per test file)."""

from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
KNOWLEDGE_DIR = REPO_ROOT / "knowledge"
EVAL_DIR = REPO_ROOT / "tests" / "eval"
# ../shared beside the checkout: the source article and Discord's OpenAPI spec.
SHARED_DIR = REPO_ROOT.parent / "shared"
