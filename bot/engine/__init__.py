"""The answer engine: knowledge, normalisation, matching and results. No Discord, no I/O beyond
reading the knowledge files."""

from bot.engine.checks import Severity, near_duplicates_of, review_knowledge
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
    Problem,
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
