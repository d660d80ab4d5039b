"""`python -m bot kb synth --phrasings N --out DIR`: a synthetic knowledge folder in the real
format that the real loader loads, `kb check` passes, and the engine answers from."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine import Engine, KnowledgeBase, load_knowledge
from tests.cli.cli_helpers import RunCli
from tests.support.paths import KNOWLEDGE_DIR

N = 3500


@pytest.fixture(scope="module")
def synthetic(run_cli: RunCli, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth") / "knowledge"
    done = run_cli("kb", "synth", "--phrasings", N, "--out", out)
    assert done.returncode == 0, done.stderr
    assert f"with {N} phrasings" in done.stdout
    return out


def test_the_real_loader_loads_it_with_n_phrasings(synthetic: Path, kb: KnowledgeBase) -> None:
    big = load_knowledge(synthetic)
    assert sum(len(p.all_phrasings()) for p in big.pairs) == N
    synthetic_pairs = [p for p in big.pairs if p.id.startswith("synthetic-")]
    assert synthetic_pairs
    assert len(big.pairs) == len(kb.pairs) + len(synthetic_pairs)
    # The real pairs and the article are there byte for byte.
    for pair in kb.pairs:
        assert (synthetic.parent / pair.source_file).read_bytes() == (
            KNOWLEDGE_DIR.parent / pair.source_file
        ).read_bytes()
    assert big.article.text == kb.article.text
    # Synthetic pairs are varied from real ones: a real pair's quotes and answers, other words.
    real = {p.id: p for p in kb.pairs}
    for pair in synthetic_pairs:
        source = next(r for r in real.values() if r.answer == pair.answer)
        assert pair.citations == source.citations
        assert pair.question["de"] != source.question["de"]


def test_kb_check_passes_on_it(run_cli: RunCli, synthetic: Path) -> None:
    done = run_cli("--knowledge", synthetic, "kb", "check", timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no errors" in done.stdout or "ok: no problems" in done.stdout


def test_it_answers_a_synthetic_pairs_question(synthetic: Path) -> None:
    engine = Engine(load_knowledge(synthetic))
    pair = engine.kb.pair("synthetic-000003")
    assert pair is not None
    for lang in ("de", "en"):
        result = engine.ask(pair.question[lang])
        assert result.kind == "answer", result
        assert result.match.pair_id == "synthetic-000003"


def test_the_same_seed_writes_the_same_folder(
    run_cli: RunCli, tmp_path: Path, synthetic: Path
) -> None:
    again = tmp_path / "again"
    done = run_cli("kb", "synth", "--phrasings", N, "--out", again)
    assert done.returncode == 0, done.stderr
    files = sorted(p.relative_to(synthetic) for p in synthetic.rglob("*.toml"))
    assert files == sorted(p.relative_to(again) for p in again.rglob("*.toml"))
    assert all((synthetic / f).read_bytes() == (again / f).read_bytes() for f in files)
