"""`python -m bot ask`: one question (or one per line of stdin), as text or JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.engine import Answered, Engine, KnowledgeBase
from tests.cli.cli_helpers import RunCli, check_json_result, json_lines, words

GERMAN = "Wann und wo trafen sich Putin und Tokajew?"
ENGLISH = "When did Putin meet Tokayev?"


def assert_no_traceback(stderr: str) -> None:
    assert "Traceback" not in stderr
    assert stderr.strip() == ""


@pytest.mark.parametrize(
    ("question", "label"), [(GERMAN, "Absatz"), (ENGLISH, "Paragraph")], ids=["de", "en"]
)
def test_ask_prints_the_answer_and_its_paragraphs(
    run_cli: RunCli, engine: Engine, question: str, label: str
) -> None:
    expected = engine.ask(question)
    assert isinstance(expected, Answered)
    done = run_cli("ask", question)
    assert done.returncode == 0
    assert_no_traceback(done.stderr)
    out = words(done.stdout)
    assert words(expected.answer) in out
    for citation in expected.citations:
        assert f"{label} {citation.paragraph}:" in out
        assert words(citation.quote) in out


def test_ask_json_prints_one_object(run_cli: RunCli, engine: Engine, kb: KnowledgeBase) -> None:
    done = run_cli("ask", "--json", GERMAN)
    assert done.returncode == 0
    assert_no_traceback(done.stderr)
    lines = done.stdout.splitlines()
    assert len(lines) == 1
    obj = json.loads(lines[0])
    check_json_result(obj, kb.article.text)
    expected = engine.ask(GERMAN)
    assert isinstance(expected, Answered)
    assert obj["question"] == GERMAN
    assert obj["kind"] == "answer"
    assert obj["answered"] is True
    assert obj["language"] == "de"
    assert obj["match"]["id"] == expected.match.pair_id
    assert obj["answer"] == expected.answer
    assert obj["citations"] == [
        {"paragraph": c.paragraph, "quote": c.quote} for c in expected.citations
    ]
    for citation in obj["citations"]:
        paragraph = kb.article.paragraph(citation["paragraph"])
        assert paragraph is not None
        assert citation["quote"] in paragraph.text


@pytest.mark.parametrize("language", ["de", "en", "ru"])
def test_ask_lang_decides_an_unclear_language(
    run_cli: RunCli, kb: KnowledgeBase, language: str
) -> None:
    done = run_cli("ask", "--json", "--lang", language, "putin tokajew astana")
    assert done.returncode == 0
    obj = json.loads(done.stdout)
    check_json_result(obj, kb.article.text)
    assert obj["language"] == language


LONG = ("Wann war das Treffen? " * 500)[:10_000]
BATCH = [
    GERMAN,
    ENGLISH,
    "",
    "hallo",
    "Wie ist das Wetter morgen?",
    "x" * 10_000,
    LONG,
    "   ",
    "\x00\x01\x07 control",
    "😀🇰🇿",
    "\u200b\u200d",
    "@everyone",
    '{"question": "not json input", "kind": "answer"}',
    "**fett** `code`",
    "Wie viele Einwohner hat Kasachstan?",
]


def test_ask_json_stdin_gives_one_object_per_line_in_order(
    run_cli: RunCli, engine: Engine, kb: KnowledgeBase
) -> None:
    done = run_cli("ask", "--json", "-", stdin="\n".join(BATCH) + "\n")
    assert done.returncode == 0
    assert_no_traceback(done.stderr)
    objects = json_lines(done.stdout)
    assert [o["question"] for o in objects] == BATCH
    for question, obj in zip(BATCH, objects, strict=True):
        check_json_result(obj, kb.article.text)
        expected = engine.ask(question)
        assert obj["kind"] == expected.kind, question
    assert objects[BATCH.index("")]["kind"] == "none"
    assert objects[BATCH.index("hallo")]["kind"] == "smalltalk"
    assert objects[0]["answered"] is True
    assert objects[1]["language"] == "en"


def test_ask_json_stdin_without_a_final_newline_and_empty_input(
    run_cli: RunCli, kb: KnowledgeBase
) -> None:
    done = run_cli("ask", "--json", "-", stdin=f"{GERMAN}\n{ENGLISH}")
    assert done.returncode == 0
    assert [o["question"] for o in json_lines(done.stdout)] == [GERMAN, ENGLISH]
    empty = run_cli("ask", "--json", "-", stdin="")
    assert empty.returncode == 0
    assert empty.stdout == ""


def test_ask_text_stdin_answers_every_line(run_cli: RunCli, engine: Engine) -> None:
    done = run_cli("ask", "-", stdin=f"{GERMAN}\n\n{ENGLISH}\n")
    assert done.returncode == 0
    assert_no_traceback(done.stderr)
    out = words(done.stdout)
    for question in (GERMAN, ENGLISH):
        expected = engine.ask(question)
        assert isinstance(expected, Answered)
        assert words(expected.answer) in out


def test_every_kind_in_json(run_cli: RunCli, tiny_knowledge: Path, tiny_engine: Engine) -> None:
    """The tiny knowledge has a question for every kind: the JSON shape holds for each."""
    questions = {
        "answer": "Wie viele Kamele leben im Zoo von Astana?",
        "suggestions": "Zoo Astana",
        "passage": "Flamingos Balchaschsee",
        "none": "Wie ist das Wetter?",
        "smalltalk": "danke",
    }
    for kind, question in questions.items():
        assert tiny_engine.ask(question).kind == kind, "the tiny knowledge changed"
    done = run_cli(
        "--knowledge", tiny_knowledge, "ask", "--json", "-", stdin="\n".join(questions.values())
    )
    assert done.returncode == 0
    assert_no_traceback(done.stderr)
    objects = json_lines(done.stdout)
    assert [o["kind"] for o in objects] == list(questions)
    article = tiny_engine.kb.article
    for obj in objects:
        check_json_result(obj, article.text)
    by_kind = dict(zip(questions, objects, strict=True))
    assert {s["id"] for s in by_kind["suggestions"]["suggestions"]} == {"zoo-kamele", "zoo-pferde"}
    (passage,) = by_kind["passage"]["citations"]
    paragraph = article.paragraph(passage["paragraph"])
    assert paragraph is not None
    assert passage["quote"] == paragraph.text
    assert [p.number for p in tiny_engine.kb.uncited_paragraphs()] == [passage["paragraph"]]
    assert by_kind["smalltalk"]["answer"]


def test_an_unreadable_knowledge_folder_is_an_error_not_a_traceback(
    run_cli: RunCli, tmp_path: Path
) -> None:
    done = run_cli("--knowledge", tmp_path / "missing", "ask", GERMAN)
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    assert "error" in done.stderr.lower()


def test_a_usage_error_exits_non_zero(run_cli: RunCli) -> None:
    done = run_cli("ask")
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    assert "usage" in done.stderr.lower()


def test_bench_runs_on_every_language(run_cli: RunCli) -> None:
    """`bench` builds synthetic knowledge with a table per language and measures it."""
    done = run_cli("bench", "--sizes", "3000", timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    rows = {line.split()[0] + " " + line.split()[1] for line in done.stdout.splitlines() if line}
    assert "synthetic 3k" in rows
    assert "ratio" in done.stdout
    assert any(line.startswith("shipped ") for line in done.stdout.splitlines())


def test_ask_json_answers_each_part_of_a_message_asking_two_things(
    run_cli: RunCli, kb: KnowledgeBase
) -> None:
    message = "how long is the cpc pipeline? and who is the president of kazakhstan"
    done = run_cli("ask", "--json", message)
    assert done.returncode == 0, done.stderr
    (obj,) = json_lines(done.stdout)
    check_json_result(obj, kb.article.text)
    assert obj["kind"] == "answer"
    assert [p["match"]["id"] for p in obj["parts"]] == [
        "energie-cpc-pipeline-laenge-route",
        "besuch-praesident-tokajew",
    ]
    assert len(obj["citations"]) == sum(len(p["citations"]) for p in obj["parts"])
    # The terminal shows both, each with its paragraph.
    text = run_cli("ask", message).stdout
    assert "1,500" in text
    assert "Tokayev" in text
    assert text.count("Paragraph ") == len(obj["citations"])


def test_ask_names_the_part_the_article_does_not_answer(run_cli: RunCli) -> None:
    message = "how long is the cpc pipeline? and what is the weather like in berlin tomorrow?"
    (obj,) = json_lines(run_cli("ask", "--json", message).stdout)
    assert [p["match"]["id"] for p in obj["parts"]] == ["energie-cpc-pipeline-laenge-route"]
    assert obj["unanswered"] == ["and what is the weather like in berlin tomorrow?"]
    text = run_cli("ask", message).stdout
    assert "The article does not answer this part" in text
    assert "weather like in berlin" in text
