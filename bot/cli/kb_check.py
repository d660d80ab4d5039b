"""`kb check`: the knowledge loaded and validated; what it covers and what it does not."""

from __future__ import annotations

from collections import Counter

from bot.engine import Engine
from bot.engine.decide import answer_types, asks

# Question words whose answer can be checked by its form: a number, a time.
_CHECKABLE = {"qcount": "a number", "qwhen": "a time"}


def cmd_kb_check(engine: Engine) -> int:
    """Print a summary and the coverage report. (Loading already validated everything: a broken
    knowledge base never gets here, main() prints its problems and exits non-zero.)"""
    kb = engine.kb
    article = kb.article
    content = article.content_paragraphs
    phrasings = sum(len(p.all_phrasings()) for p in kb.pairs)
    print(f"article   {article.id} ({article.date}, {article.language}): {article.title['de']}")
    print(
        f"paragraphs {len(article.paragraphs)} "
        f"({len(content)} content, {len(article.paragraphs) - len(content)} headings/captions)"
    )
    print(f"pairs     {len(kb.pairs)} with {phrasings} phrasings in {len(kb.topics)} topics")
    per_topic = Counter(p.topic for p in kb.pairs)
    for topic in kb.topics:
        print(f"  {topic.id:<14} {per_topic.get(topic.id, 0):>3}  {topic.label['de']}")
    cited = Counter(c.paragraph for p in kb.pairs for c in p.citations)
    print("coverage  pairs citing each content paragraph:")
    print("  " + "  ".join(f"{p.number}:{cited.get(p.number, 0)}" for p in content))
    for warning in question_word_warnings(engine):
        print(f"warning: {warning}")
    uncited = kb.uncited_paragraphs()
    if uncited:
        numbers = ", ".join(str(p.number) for p in uncited)
        print(f"UNCOVERED content paragraphs (no pair cites them): {numbers}")
        return 1
    print("ok: every content paragraph is cited by at least one pair")
    return 0


def question_word_warnings(engine: Engine) -> list[str]:
    """Phrasings that ask for a number or a time their pair's answer does not give: they make
    the bot answer questions the article does not ("Seit wann ...?" with no date to give)."""
    kb = engine.kb
    matcher = engine.matcher
    warnings: list[str] = []
    phrasings = [(pair, text) for pair in kb.pairs for _, text in pair.all_phrasings()]
    for (pair, text), tokens in zip(phrasings, matcher.phrasing_tokens, strict=True):
        can = answer_types(pair.answer["de"] + " " + pair.answer["en"])
        asked = asks(tokens)
        for word, form in _CHECKABLE.items():
            if word in asked and word not in can:
                warnings.append(
                    f"{pair.source_file} [{pair.id}] phrasing {text!r} asks for {form}; "
                    "the answer gives none"
                )
    return warnings
