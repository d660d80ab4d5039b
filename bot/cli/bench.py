"""`bench [--questions FILE ...] [--sizes N,...]`: this engine against a plain BM25 (bm25s with
German stemming), side by side, each pair of figures measured in the same run, interleaved:

- per question, through what `ask --json -` does for a line (engine.ask and the JSON line)
  against bm25s tokenizing and retrieving over the article's content paragraphs (min of rounds);
- start-up of `python -m bot ask --json "x"` against `python -c "import bm25s, Stemmer"` plus
  bm25s indexing the article (median of rounds, each in a fresh process);
- for the shipped knowledge and synthetic knowledge folders of the given sizes (written by
  `kb synth`, in the real format): loading through the real loader with every check the bot
  does at start, and building the engine (cold; and warm, from the engine cache), against bm25s
  indexing the same phrasings as documents; p50/p99 per question; the process's peak memory;
  and `kb check`'s checks of the whole knowledge (near-duplicates included), each in a fresh
  process.

The questions come from the given files (JSON lines, as for `eval`), else from the knowledge
itself (each pair's canonical question in every language). A benchmark, not a test: it asserts
nothing, and figures vary between runs on a shared machine (the ratios much less).
"""

from __future__ import annotations

import gc
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.cli.evaluate import Case, CaseFileError, load_cases
from bot.engine import LANGUAGES, Engine, KnowledgeBase, default_knowledge_dir

ROUNDS = 5
STARTUP_ROUNDS = 9


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100) by nearest rank."""
    ordered = sorted(values)
    if not ordered:
        return 0.0
    index = min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def _time_each(ask: Callable[[str], object], questions: Sequence[str]) -> list[float]:
    """Seconds for each question, garbage collector off (as timeit does)."""
    latencies: list[float] = []
    gc.collect()
    gc.disable()
    try:
        for q in questions:
            start = time.perf_counter()
            ask(q)
            latencies.append(time.perf_counter() - start)
    finally:
        gc.enable()
    return latencies


def _time_all(ask: Callable[[str], object], questions: Sequence[str]) -> float:
    """Mean seconds per question over one pass."""
    gc.collect()
    gc.disable()
    try:
        start = time.perf_counter()
        for q in questions:
            ask(q)
        return (time.perf_counter() - start) / len(questions)
    finally:
        gc.enable()


def json_line(engine: Engine) -> Callable[[str], str]:
    """What `ask --json -` does for one line: the answer as its JSON line."""
    from bot.cli.result_json import json_line as result_line

    kb = engine.kb

    def line(question: str) -> str:
        return result_line(engine.ask(question), kb)

    return line


class Bm25:
    """bm25s over documents, German Snowball stemming: the baseline."""

    def __init__(self, documents: Sequence[str]) -> None:
        import bm25s
        import Stemmer

        self._bm25s = bm25s
        self.stemmer = Stemmer.Stemmer("german")
        self.retriever = bm25s.BM25()
        self.retriever.index(
            bm25s.tokenize(list(documents), stemmer=self.stemmer, show_progress=False),
            show_progress=False,
        )

    def best(self, question: str) -> int:
        """The index of the best document (0 when no word of the question is known)."""
        tokens = self._bm25s.tokenize([question], stemmer=self.stemmer, show_progress=False)
        if not tokens.vocab:
            return 0
        docs, _ = self.retriever.retrieve(tokens, k=1, show_progress=False)
        return int(docs[0][0])


def _bm25_available() -> bool:
    try:
        import bm25s  # noqa: F401
        import Stemmer  # noqa: F401
    except ImportError:
        return False
    return True


@dataclass(frozen=True)
class PerQuestion:
    ours_us: float
    bm25_us: float
    ours_accuracy: float
    bm25_accuracy: float


def per_question(engine: Engine, cases: Sequence[Case], rounds: int = ROUNDS) -> PerQuestion:
    """Per-question time of both (min over interleaved rounds, each round every question) and
    their paragraph-level accuracy on the in-scope questions."""
    paragraphs = engine.kb.article.content_paragraphs
    bm25 = Bm25([p.text for p in paragraphs])
    line = json_line(engine)
    questions = [c.question for c in cases]
    for q in questions:  # both warm: every typo seen once, every lazy import done
        line(q)
        bm25.best(q)
    ours: list[float] = []
    theirs: list[float] = []
    for _ in range(rounds):
        ours.append(_time_all(line, questions))
        theirs.append(_time_all(bm25.best, questions))

    def expected(case: Case) -> set[int]:
        return {
            c.paragraph
            for pid in case.expect
            if (pair := engine.kb.pair(pid)) is not None
            for c in pair.citations
        }

    in_scope = [c for c in cases if c.expect]
    bm25_hits = ours_hits = 0
    for c in in_scope:
        if paragraphs[bm25.best(c.question)].number in expected(c):
            bm25_hits += 1
        r = engine.ask(c.question)
        if r.kind == "answer" and {x.paragraph for x in r.citations} & expected(c):
            ours_hits += 1
    n = max(1, len(in_scope))
    return PerQuestion(1e6 * min(ours), 1e6 * min(theirs), ours_hits / n, bm25_hits / n)


def _run_seconds(command: Sequence[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def startup(
    knowledge: Path | None, article_text: Path, rounds: int = STARTUP_ROUNDS
) -> dict[str, float]:
    """Median seconds of fresh processes, interleaved: ours (warm engine cache; cold; and with
    --no-record) against importing bm25s and Stemmer and indexing the article's paragraphs.

    The bot's modules are byte-compiled first, as pip compiles an installed package (bm25s's
    are): with PYTHONDONTWRITEBYTECODE set, a source checkout would otherwise compile every
    module at every start."""
    import compileall

    import bot

    compileall.compile_dir(Path(bot.__file__).parent, quiet=2)
    python = sys.executable
    with tempfile.TemporaryDirectory(prefix="article-bot-bench-") as tmp:
        env = dict(os.environ, DATA_DIR=str(Path(tmp) / "data"))
        env["ARTICLE_BOT_CACHE_DIR"] = str(Path(tmp) / "cache")
        cold_env = dict(env, ARTICLE_BOT_CACHE="0")
        where = ["--knowledge", str(knowledge)] if knowledge is not None else []
        ask = [python, "-m", "bot", *where, "ask", "--json", "x"]
        no_record = [python, "-m", "bot", *where, "--no-record", "ask", "--json", "x"]
        baseline = [
            python,
            "-c",
            "import bm25s, Stemmer\n"
            f"with open({str(article_text)!r}, encoding='utf-8') as f:\n"
            "    paragraphs = f.read().split('\\n\\n')\n"
            "r = bm25s.BM25()\n"
            "r.index(bm25s.tokenize(paragraphs, stemmer=Stemmer.Stemmer('german'), "
            "show_progress=False), show_progress=False)\n",
        ]
        import_only = [python, "-c", "import bm25s, Stemmer"]
        _run_seconds(ask, env)  # fills the cache
        times: dict[str, list[float]] = {}
        for _ in range(rounds):
            for name, command, e in (
                ("ours", ask, env),
                ("ours --no-record", no_record, env),
                ("ours cold", ask, cold_env),
                ("bm25s", baseline, env),
                ("bm25s import", import_only, env),
            ):
                times.setdefault(name, []).append(_run_seconds(command, e))
    return {name: statistics.median(values) for name, values in times.items()}


# --- scale: one fresh process per measurement ----------------------------------------------------


def _worker(spec: dict[str, Any]) -> dict[str, Any]:
    """Runs in a fresh process (see `_in_process`): one measurement of `spec["what"]`."""
    import resource

    root = Path(spec["root"]) if spec["root"] else None
    questions: list[str] = spec["questions"]
    out: dict[str, Any] = {}
    if spec["what"] in ("cold", "warm"):
        start = time.perf_counter()
        engine = Engine.load(root, cache=spec["what"] == "warm")
        out["load"] = time.perf_counter() - start
        out["phrasings"] = sum(len(p.all_phrasings()) for p in engine.kb.pairs)
        first = _time_each(engine.ask, questions)
        steady: list[float] = []
        for _ in range(3):
            steady.extend(_time_each(engine.ask, questions))
        out["p50"] = percentile(steady, 50)
        out["p99"] = percentile(steady, 99)
        out["p99_first"] = percentile(first, 99)
    elif spec["what"] == "check":
        from bot.engine import review_knowledge

        engine = Engine.load(root, cache=False)
        start = time.perf_counter()
        problems = review_knowledge(engine.kb, engine.tokens)
        out["check"] = time.perf_counter() - start
        out["errors"] = sum(1 for p in problems if p.severity == "error")
    elif spec["what"] == "bm25":
        from bot.engine import load_knowledge

        kb = load_knowledge(root)
        documents = [text for pair in kb.pairs for _, text in pair.all_phrasings()]
        del kb
        gc.collect()
        start = time.perf_counter()
        Bm25(documents)
        out["index"] = time.perf_counter() - start
    # ru_maxrss is in KiB on Linux.
    out["peak_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def worker_main() -> None:
    """Entry of a measuring process: the spec as JSON on stdin, the figures as JSON on stdout."""
    print(json.dumps(_worker(json.loads(sys.stdin.read()))))


def _in_process(spec: dict[str, Any], env: dict[str, str]) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", "from bot.cli.bench import worker_main; worker_main()"],
        input=json.dumps(spec),
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


@dataclass(frozen=True)
class Scale:
    label: str
    phrasings: int
    cold_s: float
    warm_s: float
    bm25_s: float
    p50_ms: float
    p99_ms: float
    p99_first_ms: float
    peak_mib: float
    check_s: float


def scale(
    label: str, root: Path | None, questions: Sequence[str], with_bm25: bool, cache: Path
) -> Scale:
    """Load (cold, then warm), latency and memory of one knowledge folder, and bm25s indexing
    its phrasings, each in a fresh process."""
    env = dict(os.environ, ARTICLE_BOT_CACHE_DIR=str(cache))
    spec: dict[str, Any] = {"root": str(root) if root else None, "questions": list(questions)}
    cold = _in_process({**spec, "what": "cold"}, env)
    bm25 = _in_process({**spec, "what": "bm25"}, env) if with_bm25 else {"index": float("nan")}
    _in_process({**spec, "what": "warm", "questions": []}, env)  # stores it
    warm = _in_process({**spec, "what": "warm"}, env)
    check = _in_process({**spec, "what": "check", "questions": []}, env)
    return Scale(
        label,
        cold["phrasings"],
        cold["load"],
        warm["load"],
        bm25["index"],
        1000 * warm["p50"],
        1000 * warm["p99"],
        1000 * warm["p99_first"],
        max(cold["peak_mib"], warm["peak_mib"]),
        check["check"],
    )


def canonical_cases(kb: KnowledgeBase) -> list[Case]:
    """Each pair's canonical question in every language, expecting that pair."""
    return [Case(p.question[lang], (p.id,), 0) for p in kb.pairs for lang in LANGUAGES]


def _ratio(ours: float, theirs: float) -> str:
    return f"{ours / theirs:.2f}" if theirs and not math.isnan(theirs) else "-"


def cmd_bench(
    engine: Engine,
    question_files: Sequence[Path],
    sizes: Sequence[int],
    knowledge: Path | None = None,
) -> int:
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
    has_bm25 = _bm25_available()
    if not has_bm25:
        print("bm25s: not installed (pip install -e '.[bench]'): no baseline figures")
    else:
        pq = per_question(engine, cases)
        print()
        print(f"{'per question (ask --json line)':<34}{'ours':>10}{'bm25s':>10}{'ratio':>8}")
        print(
            f"{'  µs, min of ' + str(ROUNDS) + ' rounds':<34}"
            f"{pq.ours_us:>10.1f}{pq.bm25_us:>10.1f}{_ratio(pq.ours_us, pq.bm25_us):>8}"
        )
        print(
            f"{'  right paragraph (in scope)':<34}"
            f"{pq.ours_accuracy:>10.1%}{pq.bm25_accuracy:>10.1%}"
        )
        source_root = knowledge or default_knowledge_dir()
        s = startup(knowledge, source_root.parent / engine.kb.article.source_file)
        print()
        print(
            f"{'start-up, s (median of ' + str(STARTUP_ROUNDS) + ')':<34}{'ours':>10}{'bm25s':>10}"
        )
        print(
            f"{'  ask --json x (engine cache warm)':<34}{s['ours']:>10.3f}{s['bm25s']:>10.3f}"
            f"{_ratio(s['ours'], s['bm25s']):>8}"
        )
        print(
            f"{'  ... --no-record':<34}{s['ours --no-record']:>10.3f}{s['bm25s']:>10.3f}"
            f"{_ratio(s['ours --no-record'], s['bm25s']):>8}"
        )
        print(
            f"{'  ... cache off (cold)':<34}{s['ours cold']:>10.3f}{s['bm25s']:>10.3f}"
            f"{_ratio(s['ours cold'], s['bm25s']):>8}"
        )
        print(f"{'  (import bm25s, Stemmer alone)':<34}{'':>10}{s['bm25s import']:>10.3f}")

    print()
    print(
        "knowledge: load through the real loader and build (cold), from the engine cache "
        "(warm), against bm25s indexing the same phrasings; p50/p99 warm, p99 first pass; "
        "peak RSS of the process; kb check's checks"
    )
    header = (
        "phrasings",
        "cold s",
        "warm s",
        "bm25s s",
        "cold/bm",
        "warm/bm",
        "p50 ms",
        "p99 ms",
        "p99 1st",
        "peak MiB",
        "check s",
    )
    print(f"{'knowledge':<14}" + "".join(f"{h:>10}" for h in header))
    with tempfile.TemporaryDirectory(prefix="article-bot-bench-") as tmp:
        from bot.cli.kb_synth import write_synthetic

        source_root = knowledge or default_knowledge_dir()
        folders: list[tuple[str, Path | None]] = [("shipped", knowledge)]
        for size in sizes:
            out = Path(tmp) / f"synth-{size}"
            write_synthetic(engine.kb, source_root, out, size)
            folders.append((f"synthetic {size // 1000}k", out))
        for label, root in folders:
            r = scale(label, root, questions, has_bm25, Path(tmp) / "cache")
            print(
                f"{r.label:<14}{r.phrasings:>10}{r.cold_s:>10.2f}{r.warm_s:>10.2f}"
                f"{r.bm25_s:>10.2f}{_ratio(r.cold_s, r.bm25_s):>10}"
                f"{_ratio(r.warm_s, r.bm25_s):>10}{r.p50_ms:>10.3f}"
                f"{r.p99_ms:>10.3f}{r.p99_first_ms:>10.3f}{r.peak_mib:>10.1f}{r.check_s:>10.2f}",
                flush=True,
            )
    print(
        "(cold/bm: load through the real loader with every check, and build, against bm25s "
        "indexing the same phrasings (issue 12's target: <= 1); warm/bm: from the engine cache)"
    )
    return 0
