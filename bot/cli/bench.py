"""`bench [--questions FILE ...]`: load time, per-question latency, throughput and peak memory,
for the shipped knowledge and for synthetic knowledge scaled up; and a BM25 baseline over the
article's paragraphs. The questions come from the given files (JSON lines, as for `eval`), else
from the knowledge itself (each pair's canonical question in both languages)."""

from __future__ import annotations

import functools
import gc
import random
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.cli.evaluate import Case, CaseFileError, load_cases
from bot.engine import LANGUAGES, Citation, Engine, KnowledgeBase, Language, QAPair


@dataclass(frozen=True)
class Timing:
    """Latency figures for one knowledge base."""

    label: str
    phrasings: int
    load_seconds: float
    p50_ms: float
    p99_ms: float
    p99_first_ms: float
    per_second: float
    peak_mib: float


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100) by nearest rank."""
    ordered = sorted(values)
    if not ordered:
        return 0.0
    index = min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def _time_questions(
    ask: Callable[[str], object], questions: Sequence[str], rounds: int
) -> list[float]:
    latencies: list[float] = []
    # As timeit does: no garbage-collector pauses inside the timed calls.
    gc.collect()
    gc.disable()
    try:
        for _ in range(rounds):
            for q in questions:
                start = time.perf_counter()
                ask(q)
                latencies.append(time.perf_counter() - start)
    finally:
        gc.enable()
    return latencies


def measure(
    label: str, build: Callable[[], Engine], questions: Sequence[str], rounds: int
) -> Timing:
    """Build an engine (timed), build it again with its peak memory traced (tracing slows it
    down, so not in the same run), and time every question."""
    gc.collect()
    start = time.perf_counter()
    engine = build()
    load = time.perf_counter() - start
    del engine
    gc.collect()
    tracemalloc.start()
    engine = build()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    # The first pass meets every misspelling for the first time (its correction is then cached);
    # later passes are the steady state of a bot that has been up a while.
    first = _time_questions(engine.ask, questions, 1)
    latencies = _time_questions(engine.ask, questions, rounds)
    total = sum(latencies)
    phrasings = sum(len(p.all_phrasings()) for p in engine.kb.pairs)
    return Timing(
        label,
        phrasings,
        load,
        1000 * percentile(latencies, 50),
        1000 * percentile(latencies, 99),
        1000 * percentile(first, 99),
        len(latencies) / total if total else 0.0,
        peak / 2**20,
    )


def synthetic_kb(kb: KnowledgeBase, phrasings: int, seed: int = 7) -> KnowledgeBase:
    """The shipped pairs plus synthetic ones, `phrasings` in all: each synthetic pair has a
    question and three phrasings per language, random sentences of that language's words (the
    article's for its own language, the curated phrasings' for the others)."""
    rng = random.Random(seed)
    pools: dict[Language, list[str]] = {}
    for lang in LANGUAGES:
        if lang == kb.article.language:
            source = kb.article.text.split()
        else:
            source = [w for p in kb.pairs for ph in p.phrasings[lang] for w in ph.split()]
        pools[lang] = sorted({w.strip('.,:;"„“«»()–-?') for w in source if len(w) > 3})
    pairs: list[QAPair] = list(kb.pairs)
    have = sum(len(p.all_phrasings()) for p in pairs)
    citation = kb.pairs[0].citations
    n = 0
    while have < phrasings:
        n += 1

        def sentence(lang: Language, n: int = n) -> str:
            return " ".join(rng.sample(pools[lang], rng.randint(4, 9))) + f" {n}?"

        pairs.append(
            QAPair(
                id=f"synthetic-{n}",
                topic=kb.pairs[0].topic,
                question={lang: sentence(lang) for lang in LANGUAGES},
                phrasings={lang: tuple(sentence(lang) for _ in range(3)) for lang in LANGUAGES},
                answer=dict.fromkeys(LANGUAGES, f"synthetic {n}"),
                citations=tuple(Citation(c.paragraph, c.quote) for c in citation),
                source_file="synthetic",
            )
        )
        have += 4 * len(LANGUAGES)
    return KnowledgeBase(kb.article, kb.topics, tuple(pairs), kb.aliases)


def bm25_baseline(
    engine: Engine, cases: Sequence[Case], rounds: int
) -> tuple[float, float, float, float] | None:
    """BM25 (bm25s, German Snowball stemming) over the content paragraphs: paragraph-level
    accuracy of its best paragraph and of ours, and per-question median time of both."""
    try:
        import bm25s
        import Stemmer
    except ImportError:
        return None
    paragraphs = engine.kb.article.content_paragraphs
    stemmer = Stemmer.Stemmer("german")
    retriever = bm25s.BM25()
    retriever.index(
        bm25s.tokenize([p.text for p in paragraphs], stemmer=stemmer, show_progress=False),
        show_progress=False,
    )

    def bm25_best(question: str) -> int:
        tokens = bm25s.tokenize([question], stemmer=stemmer, show_progress=False)
        if not tokens.vocab:
            return 0
        docs, _ = retriever.retrieve(tokens, k=1, show_progress=False)
        return int(paragraphs[int(docs[0][0])].number)

    in_scope = [c for c in cases if c.expect]
    if not in_scope:
        return None

    def expected_paragraphs(case: Case) -> set[int]:
        return {
            c.paragraph
            for pid in case.expect
            if (pair := engine.kb.pair(pid)) is not None
            for c in pair.citations
        }

    bm25_hits = sum(1 for c in in_scope if bm25_best(c.question) in expected_paragraphs(c))
    ours_hits = 0
    for c in in_scope:
        r = engine.ask(c.question)
        if r.kind == "answer" and {x.paragraph for x in r.citations} & expected_paragraphs(c):
            ours_hits += 1
    questions = [c.question for c in in_scope]
    bm25_ms = 1000 * statistics.median(_time_questions(bm25_best, questions, rounds))
    ours_ms = 1000 * statistics.median(_time_questions(engine.ask, questions, rounds))
    return bm25_hits / len(in_scope), ours_hits / len(in_scope), bm25_ms, ours_ms


def canonical_cases(kb: KnowledgeBase) -> list[Case]:
    """Each pair's canonical question, German and English, expecting that pair."""
    return [Case(p.question[lang], (p.id,), 0) for p in kb.pairs for lang in LANGUAGES]


def cmd_bench(engine: Engine, question_files: Sequence[Path], sizes: Sequence[int]) -> int:
    """Print the figures; a benchmark, not a test: it asserts nothing."""
    if question_files:
        try:
            cases = [case for path in question_files for case in load_cases(path)]
        except CaseFileError as e:
            print(f"error: {e}", file=sys.stderr)
            return 2
        names = ", ".join(str(path) for path in question_files)
        print(f"questions: {len(cases)} from {names}")
    else:
        cases = canonical_cases(engine.kb)
        print(
            f"questions: {len(cases)}, the knowledge's own canonical questions (no --questions "
            "FILE given). They are the pairs' own wording, which the engine matches best; give "
            "a file of questions as people ask them for figures that say more."
        )
    if not cases:
        print("error: no questions to time", file=sys.stderr)
        return 2
    questions = [c.question for c in cases]
    print("(p50/p99: steady state, later passes; p99 cold: first pass, every typo new)")
    kb = engine.kb
    rows = [measure("shipped", lambda: Engine(kb), questions, rounds=5)]
    for size in sizes:
        big = synthetic_kb(kb, size)
        rows.append(
            measure(f"synthetic {size // 1000}k", functools.partial(Engine, big), questions, 3)
        )
    header = ("phrasings", "load s", "p50 ms", "p99 ms", "p99 cold", "q/s", "peak MiB")
    print(f"{'knowledge':<16}" + "".join(f"{h:>10}" for h in header))
    for r in rows:
        print(
            f"{r.label:<16}{r.phrasings:>10}{r.load_seconds:>10.2f}{r.p50_ms:>10.3f}"
            f"{r.p99_ms:>10.3f}{r.p99_first_ms:>10.3f}{r.per_second:>10.0f}{r.peak_mib:>10.1f}"
        )
    baseline = bm25_baseline(engine, cases, rounds=3)
    if baseline is None:
        print("BM25 baseline: skipped (install the bench extra: pip install -e '.[bench]')")
    else:
        bm25_acc, ours_acc, bm25_ms, ours_ms = baseline
        print(
            "paragraph-level accuracy on in-scope questions (answer cites an expected paragraph):"
        )
        print(
            f"  BM25 (bm25s, German stemming): {bm25_acc:6.1%}   median {bm25_ms:.3f} ms/question"
        )
        print(
            f"  this engine:                   {ours_acc:6.1%}   median {ours_ms:.3f} ms/question"
        )
    return 0
