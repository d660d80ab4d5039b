"""`kb check`: the knowledge loaded and validated; what it covers and what it does not."""

from __future__ import annotations

from collections import Counter

from bot.engine import Engine


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
    uncited = kb.uncited_paragraphs()
    if uncited:
        numbers = ", ".join(str(p.number) for p in uncited)
        print(f"UNCOVERED content paragraphs (no pair cites them): {numbers}")
        return 1
    print("ok: every content paragraph is cited by at least one pair")
    return 0
