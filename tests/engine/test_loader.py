"""The loader refuses broken knowledge, reporting every problem at once, each naming its file,
pair id, language and field; the checks of a loaded knowledge base (bot/engine/checks.py, run by
`kb check`) find what loading does not look for."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

from bot.engine import (
    LANGUAGES,
    Engine,
    KnowledgeBase,
    KnowledgeError,
    ParagraphKind,
    Problem,
    load_knowledge,
)
from bot.engine import loader as loader_module
from bot.engine.checks import (
    near_duplicate_phrasings,
    question_word_warnings,
    review_knowledge,
    uncited_paragraphs,
)
from bot.texts import citation_label
from tests.support.knowledge import (
    TINY_ARTICLE,
    TINY_ID,
    TINY_META,
    TINY_PAIRS,
    TINY_TEXTS,
    TINY_UNCITED,
    MakePair,
    changed,
    toml_document,
    write_pair,
    write_tiny_knowledge,
)
from tests.support.paths import KNOWLEDGE_DIR

PAIR = "zebras-im-park"
AddPair = Callable[[str, Mapping[str, Any]], Path]
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
        assert problem.severity == "error"
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


def refused(root: Path, pair_id: str, field: str, *, also: int = 0) -> Problem:
    """The one problem of pair `pair_id` in `field` ("en.phrasings"), when loading refuses
    `root` for it (and `also` other problems); its message names the pair's file, id, language
    and field: "knowledge/<article>/qa/<id>.toml [<id>] en.phrasings: ..."."""
    problems = problems_of(root)
    problem = find(problems, file=f"{pair_id}.toml", entry=pair_id, field=field)
    article = next(p.name for p in root.iterdir() if (p / "article.toml").is_file())
    where = f"{root.name}/{article}/qa/{pair_id}.toml [{pair_id}]" + (
        f" {field}: " if field else ": "
    )
    assert str(problem).startswith(where), str(problem)
    assert len(problems) == 1 + also, problems
    return problem


# --- what loads ---------------------------------------------------------------------------------


def test_the_unbroken_copy_loads(knowledge_copy: Path, kb: KnowledgeBase) -> None:
    copy = load_knowledge(knowledge_copy)
    assert [p.id for p in copy.pairs] == [p.id for p in kb.pairs]


def test_pairs_are_read_in_the_order_of_their_file_names(kb: KnowledgeBase) -> None:
    assert [p.id for p in kb.pairs] == sorted(p.id for p in kb.pairs)
    for pair in kb.pairs:
        assert pair.source_file == f"knowledge/{kb.article.id}/qa/{pair.id}.toml"


def test_an_extra_valid_pair_loads(
    knowledge_copy: Path, make_pair: MakePair, add_pair: AddPair, kb: KnowledgeBase
) -> None:
    # The baseline every broken case below departs from by one field.
    spec = make_pair()
    add_pair(PAIR, spec)
    copy = load_knowledge(knowledge_copy)
    assert len(copy.pairs) == len(kb.pairs) + 1
    added = copy.pair(PAIR)
    assert added is not None
    assert Path(added.source_file).name == f"{PAIR}.toml"
    assert added.topic == spec["topic"]
    for lang in LANGUAGES:
        assert added.question[lang] == spec[lang]["question"]
        assert added.answer[lang] == spec[lang]["answer"]
        assert added.phrasings[lang] == tuple(spec[lang]["phrasings"])
    assert [c.quote for c in added.citations] == spec["quotes"]


def test_the_article_texts_are_loaded(kb: KnowledgeBase) -> None:
    for lang in LANGUAGES:
        assert kb.article.texts[lang]["subject"].strip()
        assert kb.article.texts[lang]["example"].strip()


def test_a_third_language_needs_no_loader_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With "fr" among the languages, a pair needs a [fr] table with at least 2 phrasings (a
    language without its own minimum), and the article a French title, topic label and texts."""
    monkeypatch.setattr(loader_module, "LANGUAGES", (*LANGUAGES, "fr"))
    root = tmp_path / "knowledge"
    folder = root / TINY_ID
    (folder / "qa").mkdir(parents=True)
    (root / "aliases.toml").write_text("", encoding="utf-8")
    (folder / "article.txt").write_text(TINY_ARTICLE, encoding="utf-8")
    meta = changed(TINY_META, {"title_fr": "Le zoo d'Astana"})
    meta["topics"]["zoo"]["fr"] = "Le zoo"
    (folder / "article.toml").write_text(toml_document(meta), encoding="utf-8")
    texts = {**TINY_TEXTS, "fr": {"subject": "le zoo d'Astana", "example": "Combien ?"}}
    (folder / "texts.toml").write_text(toml_document(texts), encoding="utf-8")
    french = {"question": "Question ?", "answer": "Réponse.", "phrasings": ["Une", "Deux"]}
    for pair_id, pair in TINY_PAIRS.items():
        write_pair(folder, pair_id, {**pair, "fr": french})

    kb = load_knowledge(root)
    assert {p.question.get("fr") for p in kb.pairs} == {"Question ?"}
    assert kb.article.title.get("fr") == "Le zoo d'Astana"
    assert kb.article.texts.get("fr") == texts["fr"]

    write_pair(
        folder, "zoo-kamele", {**TINY_PAIRS["zoo-kamele"], "fr": {**french, "phrasings": ["Une"]}}
    )
    problem = refused(root, "zoo-kamele", "fr.phrasings")
    assert problem.message == "has 1, needs at least 2"
    write_pair(folder, "zoo-kamele", TINY_PAIRS["zoo-kamele"])
    assert "missing" in refused(root, "zoo-kamele", "fr").message


# --- the pair file ------------------------------------------------------------------------------


def test_a_file_name_that_is_no_pair_id(
    knowledge_copy: Path, make_pair: MakePair, add_pair: AddPair
) -> None:
    add_pair("Zebras_im_Park", make_pair())
    problem = refused(knowledge_copy, "Zebras_im_Park", "id")
    assert "lowercase-with-dashes" in problem.message


def test_an_id_inside_the_file(
    knowledge_copy: Path, make_pair: MakePair, add_pair: AddPair
) -> None:
    # The file name is the id: an id inside could only disagree with it.
    add_pair(PAIR, {"id": PAIR, **make_pair()})
    assert "unknown key" in refused(knowledge_copy, PAIR, "id").message


def test_an_unknown_top_level_key(
    knowledge_copy: Path, make_pair: MakePair, add_pair: AddPair
) -> None:
    add_pair(PAIR, make_pair(changes={"answer_de": "Keine."}))
    assert "unknown key" in refused(knowledge_copy, PAIR, "answer_de").message


def test_a_missing_topic(knowledge_copy: Path, make_pair: MakePair, add_pair: AddPair) -> None:
    add_pair(PAIR, make_pair(changes={"topic": None}))
    assert "missing" in refused(knowledge_copy, PAIR, "topic").message


def test_an_unknown_topic(knowledge_copy: Path, make_pair: MakePair, add_pair: AddPair) -> None:
    add_pair(PAIR, make_pair(changes={"topic": "zoologie-gibt-es-nicht"}))
    assert "zoologie-gibt-es-nicht" in refused(knowledge_copy, PAIR, "topic").message


@pytest.mark.parametrize("quotes", [None, []], ids=["missing", "empty"])
def test_no_quotes(
    knowledge_copy: Path, make_pair: MakePair, add_pair: AddPair, quotes: list[str] | None
) -> None:
    add_pair(PAIR, make_pair(changes={"quotes": quotes}))
    refused(knowledge_copy, PAIR, "quotes")


def test_a_quote_not_verbatim_in_the_article(
    knowledge_copy: Path,
    make_pair: MakePair,
    add_pair: AddPair,
    content_quote: str,
    kb: KnowledgeBase,
) -> None:
    altered = content_quote[:60].rstrip() + " (sinngemäß)"
    assert altered not in kb.article.text
    add_pair(PAIR, make_pair(changes={"quotes": [altered]}))
    assert "verbatim" in refused(knowledge_copy, PAIR, "quotes").message


def test_a_quote_with_one_character_changed(
    knowledge_copy: Path, make_pair: MakePair, add_pair: AddPair, content_quote: str
) -> None:
    # Typos are part of the text: "correcting" one is no longer verbatim.
    sentence = content_quote[:80]
    altered = sentence[:-1] + ("X" if sentence[-1] != "X" else "Y")
    assert altered not in content_quote
    add_pair(PAIR, make_pair(changes={"quotes": [altered]}))
    assert "verbatim" in refused(knowledge_copy, PAIR, "quotes").message


def test_a_quote_from_a_heading(
    knowledge_copy: Path, make_pair: MakePair, add_pair: AddPair, heading_quote: str
) -> None:
    add_pair(PAIR, make_pair(changes={"quotes": [heading_quote]}))
    assert "heading" in refused(knowledge_copy, PAIR, "quotes").message


def test_a_quote_from_the_video_caption_is_cited_as_the_caption(
    knowledge_copy: Path, make_pair: MakePair, add_pair: AddPair, kb: KnowledgeBase
) -> None:
    """The caption is text of the article: a pair may quote it (a heading it may not)."""
    caption = next(p for p in kb.article.paragraphs if p.kind is ParagraphKind.CAPTION)
    quote = caption.text.removeprefix("Im Video: ")
    add_pair(PAIR, make_pair(changes={"quotes": [quote]}))
    loaded = load_knowledge(knowledge_copy).pair(PAIR)
    assert loaded is not None
    assert [(c.paragraph, c.quote) for c in loaded.citations] == [(caption.number, quote)]
    assert citation_label(kb, caption.number, "en") == f"Paragraph {caption.number} (video caption)"


def test_a_quote_that_occurs_more_than_once(
    knowledge_copy: Path, make_pair: MakePair, add_pair: AddPair, kb: KnowledgeBase
) -> None:
    assert kb.article.text.count("Kasachstan") > 1
    add_pair(PAIR, make_pair(changes={"quotes": ["Kasachstan"]}))
    assert "more than once" in refused(knowledge_copy, PAIR, "quotes").message


@pytest.mark.parametrize(
    ("table", "what"), [(None, "missing"), ({}, "empty"), ("yes", "not a table")]
)
def test_a_missing_or_empty_language_table(
    knowledge_copy: Path, make_pair: MakePair, add_pair: AddPair, table: Any, what: str
) -> None:
    add_pair(PAIR, make_pair(changes={"en": table}))
    assert refused(knowledge_copy, PAIR, "en").message.startswith(what)


def test_a_misspelt_key_in_a_language_table(
    knowledge_copy: Path, make_pair: MakePair, add_pair: AddPair
) -> None:
    pair = make_pair()
    pair["en"]["phrasing"] = pair["en"].pop("phrasings")
    add_pair(PAIR, pair)
    # The typo is unknown, and the key it should have been is missing: both are said.
    assert "unknown key" in refused(knowledge_copy, PAIR, "en.phrasing", also=1).message
    assert "missing" in refused(knowledge_copy, PAIR, "en.phrasings", also=1).message


def test_a_missing_german_question(
    knowledge_copy: Path, make_pair: MakePair, add_pair: AddPair
) -> None:
    add_pair(PAIR, make_pair(changes={"de.question": None}))
    assert "missing" in refused(knowledge_copy, PAIR, "de.question").message


@pytest.mark.parametrize("empty", ["", "   "])
def test_an_empty_english_answer(
    knowledge_copy: Path, make_pair: MakePair, add_pair: AddPair, empty: str
) -> None:
    add_pair(PAIR, make_pair(changes={"en.answer": empty}))
    assert "empty" in refused(knowledge_copy, PAIR, "en.answer").message


def test_missing_english_phrasings(
    knowledge_copy: Path, make_pair: MakePair, add_pair: AddPair
) -> None:
    add_pair(PAIR, make_pair(changes={"en.phrasings": None}))
    assert "missing" in refused(knowledge_copy, PAIR, "en.phrasings").message


def test_an_empty_phrasing(knowledge_copy: Path, make_pair: MakePair, add_pair: AddPair) -> None:
    add_pair(PAIR, make_pair(changes={"de.phrasings": ["Zebras?", " ", "Zebra Anzahl"]}))
    assert "non-empty strings" in refused(knowledge_copy, PAIR, "de.phrasings").message


def test_too_few_german_phrasings(
    knowledge_copy: Path, make_pair: MakePair, add_pair: AddPair
) -> None:
    add_pair(PAIR, make_pair(changes={"de.phrasings": ["Zebras im Nationalpark?", "Zebra Anzahl"]}))
    problem = refused(knowledge_copy, PAIR, "de.phrasings")
    assert problem.message == "has 2, needs at least 3"


def test_too_few_english_phrasings(
    knowledge_copy: Path, make_pair: MakePair, add_pair: AddPair, article_dir: Path
) -> None:
    add_pair(PAIR, make_pair(changes={"en.phrasings": ["zebras in the park?"]}))
    problem = refused(knowledge_copy, PAIR, "en.phrasings")
    assert str(problem) == (
        f"knowledge/{article_dir.name}/qa/{PAIR}.toml [{PAIR}] en.phrasings: "
        "has 1, needs at least 2"
    )


def test_invalid_toml(knowledge_copy: Path, write_qa: WriteQa) -> None:
    write_qa(f"{PAIR}.toml", 'topic = "unterminated\n[de]\n')
    assert "TOML" in refused(knowledge_copy, PAIR, "").message


# --- the article --------------------------------------------------------------------------------


def test_a_missing_article_text(article_dir: Path, knowledge_copy: Path) -> None:
    (article_dir / "article.txt").unlink()
    problem = find(problems_of(knowledge_copy), file="article.txt", field="")
    assert "missing" in problem.message


def test_a_missing_texts_file(article_dir: Path, knowledge_copy: Path) -> None:
    (article_dir / "texts.toml").unlink()
    problems = problems_of(knowledge_copy)
    assert "missing" in find(problems, file="texts.toml", field="").message
    assert len(problems) == 1


def test_a_missing_language_in_the_texts(article_dir: Path, knowledge_copy: Path) -> None:
    without_english = {lang: texts for lang, texts in TINY_TEXTS.items() if lang != "en"}
    (article_dir / "texts.toml").write_text(toml_document(without_english), "utf-8")
    problems = problems_of(knowledge_copy)
    assert "missing" in find(problems, file="texts.toml", entry="", field="en").message
    assert len(problems) == 1


@pytest.mark.parametrize("key", ["subject", "example"])
def test_a_missing_text(article_dir: Path, knowledge_copy: Path, key: str) -> None:
    texts = changed(TINY_TEXTS, {f"en.{key}": None})
    (article_dir / "texts.toml").write_text(toml_document(texts), "utf-8")
    problems = problems_of(knowledge_copy)
    problem = find(problems, file="texts.toml", entry="", field=f"en.{key}")
    assert str(problem) == f"knowledge/{article_dir.name}/texts.toml en.{key}: missing or empty"
    assert len(problems) == 1


def test_a_text_that_is_not_a_string(article_dir: Path, knowledge_copy: Path) -> None:
    texts = changed(TINY_TEXTS, {"de.greeting": ["Hallo"]})
    (article_dir / "texts.toml").write_text(toml_document(texts), "utf-8")
    problems = problems_of(knowledge_copy)
    assert "string" in find(problems, file="texts.toml", field="de.greeting").message
    assert len(problems) == 1


def test_a_missing_article_folder(tmp_path: Path) -> None:
    empty = tmp_path / "knowledge"
    empty.mkdir()
    (problem,) = problems_of(empty)
    assert "expected one article folder" in problem.message


def test_an_unknown_article_id(knowledge_copy: Path) -> None:
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(knowledge_copy, "gibt-es-nicht")
    (problem,) = caught.value.problems
    assert problem.entry == "gibt-es-nicht"
    assert "no such article folder" in problem.message


def test_many_problems_are_reported_at_once(
    knowledge_copy: Path,
    make_pair: MakePair,
    add_pair: AddPair,
    heading_quote: str,
    article_dir: Path,
) -> None:
    broken = {
        "falsches-zitat": ("quotes", {"quotes": ["Dieser Satz steht nirgends."]}),
        "zitat-ueberschrift": ("quotes", {"quotes": [heading_quote]}),
        "leere-antwort": ("en.answer", {"en.answer": ""}),
        "ohne-englisch": ("en", {"en": None}),
        "tippfehler": ("de.phrasing", {"de.phrasing": ["Tippfehler?"]}),
        "falsches-thema": ("topic", {"topic": "gibt-es-nicht"}),
    }
    for number, (pair_id, (_, changes)) in enumerate(broken.items()):
        add_pair(pair_id, make_pair(f"Tier{number}", f"animal{number}", changes))
    (article_dir / "qa" / "98-not-toml.toml").write_text("[de\n", encoding="utf-8")
    without_english = {lang: texts for lang, texts in TINY_TEXTS.items() if lang != "en"}
    (article_dir / "texts.toml").write_text(toml_document(without_english), "utf-8")
    problems = problems_of(knowledge_copy)

    for pair_id, (field, _) in broken.items():
        find(problems, file=f"{pair_id}.toml", entry=pair_id, field=field)
    find(problems, file="98-not-toml.toml", entry="98-not-toml", field="")
    find(problems, file="texts.toml", entry="", field="en")
    assert len(problems) == len(broken) + 2


# --- the checks of kb check: not refused at load ------------------------------------------------


def test_two_pairs_with_near_identical_phrasings(
    knowledge_copy: Path, make_pair: MakePair, add_pair: AddPair
) -> None:
    add_pair(PAIR, make_pair())
    # The same question but for case and punctuation: both pairs would claim it.
    penguins = ["gibt es ZEBRAS im nationalpark", "Pinguine Eis", "Pinguine füttern heute"]
    add_pair("pinguine-im-park", make_pair("Pinguine", "penguins", {"de.phrasings": penguins}))
    engine = Engine.load(knowledge_copy)  # loading does not look for this any more

    (problem,) = near_duplicate_phrasings(engine.kb, engine.tokens)
    assert problem.severity == "error"
    # Reported once, on the pair whose id sorts first, naming the other pair and both texts.
    assert problem.entry == "pinguine-im-park"
    assert problem.field == "de.phrasings"
    assert Path(problem.file).name == "pinguine-im-park.toml"
    assert "'gibt es ZEBRAS im nationalpark'" in problem.message
    assert f"{PAIR}'s de.phrasings 'Gibt es Zebras im Nationalpark?'" in problem.message
    assert problem in review_knowledge(engine.kb, engine.tokens)


def test_a_near_copy_of_a_shipped_phrasing(
    knowledge_copy: Path, make_pair: MakePair, add_pair: AddPair, kb: KnowledgeBase
) -> None:
    shipped = kb.pairs[0]
    copied = shipped.question["de"].upper().rstrip("?!.") + "!!"
    pair = make_pair()
    pair["de"]["phrasings"].append(copied)
    add_pair(PAIR, pair)
    engine = Engine.load(knowledge_copy)

    (problem,) = near_duplicate_phrasings(engine.kb, engine.tokens)
    first, second = sorted([PAIR, shipped.id])
    assert problem.entry == first
    assert f"{second}'s de." in problem.message
    assert repr(copied) in problem.message
    assert repr(shipped.question["de"]) in problem.message


def test_the_shipped_knowledge_has_no_near_duplicates(engine: Engine) -> None:
    assert near_duplicate_phrasings(engine.kb, engine.tokens) == []


def test_an_uncited_paragraph_is_an_error(tiny_engine: Engine) -> None:
    (problem,) = uncited_paragraphs(tiny_engine.kb)
    assert problem.severity == "error"
    assert problem.file == f"knowledge/{TINY_ID}/article.txt"
    assert problem.entry == f"paragraph {TINY_UNCITED}"
    assert problem in review_knowledge(tiny_engine.kb, tiny_engine.tokens)


def test_a_phrasing_asking_what_its_answer_lacks_is_a_warning(tmp_path: Path) -> None:
    root = write_tiny_knowledge(tmp_path / "knowledge")
    # The shipped aliases know the question words ("wann" asks for a time).
    shutil.copyfile(KNOWLEDGE_DIR / "aliases.toml", root / "aliases.toml")
    pair = changed(TINY_PAIRS["zoo-pferde"], {})
    # "Vierzig Pferde." gives a number, no time.
    pair["de"]["phrasings"].append("Wann kamen die Pferde in den Zoo von Astana?")
    write_pair(root / TINY_ID, "zoo-pferde", pair)
    engine = Engine.load(root)

    (warning,) = question_word_warnings(engine.kb, engine.tokens)
    assert warning.severity == "warning"
    assert (warning.entry, warning.field) == ("zoo-pferde", "de.phrasings")
    assert Path(warning.file).name == "zoo-pferde.toml"
    assert warning.message == "'Wann kamen die Pferde in den Zoo von Astana?' asks for a time; " + (
        "the answer gives none"
    )
    # Errors first, then warnings.
    problems = review_knowledge(engine.kb, engine.tokens)
    assert [p.severity for p in problems] == ["error", "warning"]
    assert problems[1] == warning


def test_a_spelling_listed_under_two_names(knowledge_copy: Path) -> None:
    """A spelling stands for one name: under a second (here in the article's own aliases.toml),
    one of the two would silently never apply."""
    article = next(p for p in knowledge_copy.iterdir() if (p / "article.toml").is_file())
    (article / "aliases.toml").write_text(
        '[synonyms]\njubelsieg = ["Victory", "jubelsiege"]\n', encoding="utf-8"
    )
    problem = find(problems_of(knowledge_copy), entry="jubelsieg", field="")
    assert "'Victory' is also a spelling of 'sieg'" in problem.message
