"""`kb check`: the knowledge loaded and validated; what it covers, and every problem the checks
of the whole knowledge base find (bot/engine/checks.py), each with its severity."""

from __future__ import annotations

from collections import Counter

from bot.engine import Engine, review_knowledge


def cmd_kb_check(engine: Engine) -> int:
    """Print a summary, the coverage report and every problem; 1 on any error, 0 with warnings
    only. (Loading already refused what reading finds: a knowledge base that does not load
    never gets here, main() prints its problems and exits non-zero.)"""
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
    else:
        print("every content paragraph is cited by at least one pair")

    problems = review_knowledge(kb, engine.tokens, engine.normalizer.entities)
    for problem in problems:
        print(f"{problem.severity}: {problem}")
    severities = Counter(p.severity for p in problems)
    errors, warnings = severities["error"], severities["warning"]
    if errors:
        print(f"failed: {errors} error(s), {warnings} warning(s)")
        return 1
    print(f"ok: no errors, {warnings} warning(s)" if warnings else "ok: no problems")
    return 0
