"""The loader refuses broken knowledge, reporting every problem at once (file, entry, field)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bot.engine import KnowledgeBase, KnowledgeError, Problem, load_knowledge
from tests.engine.engine_testdata import MakePair, toml_pairs

BROKEN = "99-broken.toml"
WriteQa = Callable[[str, str], Path]


def problems_of(root: Path) -> list[Problem]:
    """The problems loading `root` reports (it must fail)."""
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(root)
    problems = caught.value.problems
    assert problems
    # The message lists every problem, so a curator sees them all in one go.
    for problem in problems:
        assert str(problem) in str(caught.value)
    return problems


def find(
    problems: list[Problem], *, file: str | None = None, entry: str | None = None, field: str
) -> Problem:
    """The one problem with this file name, entry and field."""
    found = [
        p
        for p in problems
        if p.field == field
        and (entry is None or p.entry == entry)
        and (file is None or Path(p.file).name == file)
    ]
    assert len(found) == 1, f"no single {file} [{entry}] {field} problem in {problems}"
    return found[0]


def test_the_unbroken_copy_loads(knowledge_copy: Path, kb: KnowledgeBase) -> None:
    copy = load_knowledge(knowledge_copy)
    assert [p.id for p in copy.pairs] == [p.id for p in kb.pairs]


def test_an_extra_valid_pair_loads(
    knowledge_copy: Path, make_pair: MakePair, write_qa: WriteQa, kb: KnowledgeBase
) -> None:
    # The baseline every broken case below departs from by one field.
    write_qa(BROKEN, toml_pairs([make_pair("zebras-im-park")]))
    copy = load_knowledge(knowledge_copy)
    assert len(copy.pairs) == len(kb.pairs) + 1
    added = copy.pair("zebras-im-park")
    assert added is not None
    assert Path(added.source_file).name == BROKEN


def test_a_quote_not_verbatim_in_the_article(
    knowledge_copy: Path,
    make_pair: MakePair,
    write_qa: WriteQa,
    content_quote: str,
    kb: KnowledgeBase,
) -> None:
    altered = content_quote[:60].rstrip() + " (sinngemäß)"
    assert altered not in kb.article.text
    write_qa(BROKEN, toml_pairs([make_pair("zebras-im-park", quotes=[altered])]))
    problem = find(problems_of(knowledge_copy), file=BROKEN, entry="zebras-im-park", field="quotes")
    assert "verbatim" in problem.message


def test_a_quote_with_one_character_changed(
    knowledge_copy: Path, make_pair: MakePair, write_qa: WriteQa, content_quote: str
) -> None:
    # Typos are part of the text: "correcting" one is no longer verbatim.
    sentence = content_quote[:80]
    altered = sentence[:-1] + ("X" if sentence[-1] != "X" else "Y")
    assert altered not in content_quote
    write_qa(BROKEN, toml_pairs([make_pair("zebras-im-park", quotes=[altered])]))
    find(problems_of(knowledge_copy), file=BROKEN, entry="zebras-im-park", field="quotes")


def test_a_quote_from_a_heading(
    knowledge_copy: Path, make_pair: MakePair, write_qa: WriteQa, heading_quote: str
) -> None:
    write_qa(BROKEN, toml_pairs([make_pair("zebras-im-park", quotes=[heading_quote])]))
    problem = find(problems_of(knowledge_copy), file=BROKEN, entry="zebras-im-park", field="quotes")
    assert "heading" in problem.message


def test_a_duplicate_id(
    knowledge_copy: Path, make_pair: MakePair, write_qa: WriteQa, kb: KnowledgeBase
) -> None:
    existing = kb.pairs[0]
    write_qa(BROKEN, toml_pairs([make_pair(existing.id)]))
    problem = find(problems_of(knowledge_copy), entry=existing.id, field="id")
    assert Path(problem.file).name in {BROKEN, Path(existing.source_file).name}
    assert "duplicate" in problem.message


def test_a_duplicate_id_within_one_file(
    knowledge_copy: Path, make_pair: MakePair, write_qa: WriteQa
) -> None:
    pairs = [make_pair("tiere-im-park"), make_pair("tiere-im-park", "Pinguine", "penguins")]
    write_qa(BROKEN, toml_pairs(pairs))
    find(problems_of(knowledge_copy), file=BROKEN, entry="tiere-im-park", field="id")


@pytest.mark.parametrize("empty", ["", "   "])
def test_an_empty_english_answer(
    knowledge_copy: Path, make_pair: MakePair, write_qa: WriteQa, empty: str
) -> None:
    write_qa(BROKEN, toml_pairs([make_pair("zebras-im-park", answer_en=empty)]))
    find(problems_of(knowledge_copy), file=BROKEN, entry="zebras-im-park", field="answer_en")


def test_missing_english_phrasings(
    knowledge_copy: Path, make_pair: MakePair, write_qa: WriteQa
) -> None:
    write_qa(BROKEN, toml_pairs([make_pair("zebras-im-park", phrasings_en=None)]))
    find(problems_of(knowledge_copy), file=BROKEN, entry="zebras-im-park", field="phrasings_en")


def test_too_few_german_phrasings(
    knowledge_copy: Path, make_pair: MakePair, write_qa: WriteQa
) -> None:
    pair = make_pair("zebras-im-park", phrasings_de=["Zebras im Nationalpark?", "Zebra Anzahl"])
    write_qa(BROKEN, toml_pairs([pair]))
    find(problems_of(knowledge_copy), file=BROKEN, entry="zebras-im-park", field="phrasings_de")


def test_an_unknown_topic(knowledge_copy: Path, make_pair: MakePair, write_qa: WriteQa) -> None:
    write_qa(BROKEN, toml_pairs([make_pair("zebras-im-park", topic="zoologie-gibt-es-nicht")]))
    problem = find(problems_of(knowledge_copy), file=BROKEN, entry="zebras-im-park", field="topic")
    assert "zoologie-gibt-es-nicht" in problem.message


def test_two_pairs_with_near_identical_phrasings(
    knowledge_copy: Path, make_pair: MakePair, write_qa: WriteQa
) -> None:
    first = make_pair("zebras-im-park")
    # The same question but for case and punctuation: both pairs would claim it.
    second = make_pair(
        "pinguine-im-park",
        "Pinguine",
        "penguins",
        phrasings_de=["gibt es ZEBRAS im nationalpark", "Pinguine Eis", "Pinguine füttern heute"],
    )
    write_qa(BROKEN, toml_pairs([first, second]))
    problem = find(problems_of(knowledge_copy), file=BROKEN, field="phrasings")
    ids = {"zebras-im-park", "pinguine-im-park"}
    assert problem.entry in ids
    (other,) = ids - {problem.entry}
    assert other in problem.message


def test_a_near_copy_of_a_shipped_phrasing(
    knowledge_copy: Path, make_pair: MakePair, write_qa: WriteQa, kb: KnowledgeBase
) -> None:
    shipped = kb.pairs[0]
    copied = shipped.question["de"].upper().rstrip("?!.") + "!!"
    pair = make_pair("zebras-im-park")
    pair["phrasings_de"] = [*pair["phrasings_de"], copied]
    write_qa(BROKEN, toml_pairs([pair]))
    problem = find(problems_of(knowledge_copy), field="phrasings")
    ids = {"zebras-im-park", shipped.id}
    assert problem.entry in ids
    (other,) = ids - {problem.entry}
    assert other in problem.message


def test_invalid_toml(knowledge_copy: Path, write_qa: WriteQa) -> None:
    write_qa(BROKEN, '[[pair]]\nid = "unterminated\ntopic = \n')
    problem = find(problems_of(knowledge_copy), file=BROKEN, entry="", field="")
    assert "TOML" in problem.message


def test_a_missing_article_text(article_dir: Path, knowledge_copy: Path) -> None:
    (article_dir / "article.txt").unlink()
    problem = find(problems_of(knowledge_copy), file="article.txt", field="")
    assert "missing" in problem.message


def test_a_missing_article_folder(tmp_path: Path) -> None:
    empty = tmp_path / "knowledge"
    empty.mkdir()
    assert problems_of(empty)


def test_an_unknown_article_id(knowledge_copy: Path) -> None:
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(knowledge_copy, "gibt-es-nicht")
    assert any(p.entry == "gibt-es-nicht" for p in caught.value.problems)


def test_many_problems_are_reported_at_once(
    knowledge_copy: Path,
    make_pair: MakePair,
    write_qa: WriteQa,
    kb: KnowledgeBase,
    heading_quote: str,
) -> None:
    existing = kb.pairs[-1].id
    broken = [
        make_pair("falsches-zitat", "Elche", "moose", quotes=["Dieser Satz steht nirgends."]),
        make_pair("zitat-ueberschrift", "Otter", "otters", quotes=[heading_quote]),
        make_pair("leere-antwort", "Biber", "beavers", answer_en=""),
        make_pair("ohne-englisch", "Dachse", "badgers", phrasings_en=None),
        make_pair("falsches-thema", "Luchse", "lynxes", topic="gibt-es-nicht"),
        make_pair(existing, "Wisente", "bison"),
        make_pair("doppelt-eins", "Wale", "whales"),
        make_pair(
            "doppelt-zwei",
            "Robben",
            "seals",
            phrasings_de=["Wie viele WALE leben im Nationalpark", "Robben Eis", "Robben heute"],
        ),
    ]
    write_qa(BROKEN, toml_pairs(broken))
    write_qa("98-not-toml.toml", "[[pair]\n")
    problems = problems_of(knowledge_copy)

    expected = [
        (BROKEN, "falsches-zitat", "quotes"),
        (BROKEN, "zitat-ueberschrift", "quotes"),
        (BROKEN, "leere-antwort", "answer_en"),
        (BROKEN, "ohne-englisch", "phrasings_en"),
        (BROKEN, "falsches-thema", "topic"),
        ("98-not-toml.toml", "", ""),
    ]
    for file, entry, field in expected:
        find(problems, file=file, entry=entry, field=field)
    find(problems, entry=existing, field="id")
    near = find(problems, field="phrasings")
    assert near.entry in {"doppelt-eins", "doppelt-zwei"}
    assert len(problems) == len(expected) + 2
