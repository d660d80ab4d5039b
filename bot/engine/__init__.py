"""The answer engine: knowledge, normalisation, matching and results. No Discord, no I/O beyond
reading the knowledge files."""

from typing import TYPE_CHECKING

from bot.engine.decide import Rules
from bot.engine.engine import Engine
from bot.engine.knowledge import (
    LANGUAGES,
    Article,
    Citation,
    KnowledgeBase,
    Language,
    Paragraph,
    ParagraphKind,
    QAPair,
    Topic,
)
from bot.engine.loader import (
    KnowledgeError,
    default_knowledge_dir,
    load_knowledge,
    min_phrasings,
)
from bot.engine.normalize import LanguageGuess, fold, guess_language
from bot.engine.results import (
    Answered,
    AnswerPart,
    Candidate,
    DidYouMean,
    NoAnswer,
    PassageFound,
    Result,
    SmallTalk,
)

if TYPE_CHECKING:
    from bot.engine.checks import Problem, Severity, near_duplicates_of, review_knowledge

# What only checking the knowledge needs (kb check, the loader when it finds a problem) is
# imported on first use (PEP 562): a start from the engine cache never checks anything.
_FROM_CHECKS = frozenset({"Problem", "Severity", "near_duplicates_of", "review_knowledge"})


def __getattr__(name: str) -> object:
    if name in _FROM_CHECKS:
        from bot.engine import checks

        value = getattr(checks, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "LANGUAGES",
    "AnswerPart",
    "Answered",
    "Article",
    "Candidate",
    "Citation",
    "DidYouMean",
    "Engine",
    "KnowledgeBase",
    "KnowledgeError",
    "Language",
    "LanguageGuess",
    "NoAnswer",
    "Paragraph",
    "ParagraphKind",
    "PassageFound",
    "Problem",
    "QAPair",
    "Result",
    "Rules",
    "Severity",
    "SmallTalk",
    "Topic",
    "default_knowledge_dir",
    "fold",
    "guess_language",
    "load_knowledge",
    "min_phrasings",
    "near_duplicates_of",
    "review_knowledge",
]
