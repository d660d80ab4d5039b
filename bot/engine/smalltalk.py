"""Greetings, thanks and calls for help: recognised (not answered) so that each front end says a
friendly word of its own, never an answer."""

from __future__ import annotations

from dataclasses import dataclass

from bot.engine.knowledge import Language
from bot.engine.normalize import fold
from bot.engine.results import SmallTalkIntent

# Asking how the bot is, in English as chat spells it (a greeting; English-only too).
_HOW_ARE_YOU = (
    "how are you",
    "how are you doing",
    "how are you doing today",
    "how are you today",
    "how r u",
    "how r you",
    "how are u",
    "how r u doing",
    "how u doing",
    "how you doing",
    "hows it going",
    "how is it going",
)

_INTENT_PHRASES: dict[SmallTalkIntent, tuple[str, ...]] = {
    "greeting": (
        "hallo",
        "hi",
        "hey",
        "heyho",
        "moin",
        "moinsen",
        "servus",
        "gruss gott",
        "gruezi",
        "guten tag",
        "guten morgen",
        "guten abend",
        "hello",
        "hey there",
        "good morning",
        "good evening",
        "good afternoon",
        "yo",
        "na",
        "howdy",
        "hallochen",
        "hallo zusammen",
        "hi zusammen",
        "hey zusammen",
        "moin zusammen",
        "servus zusammen",
        "hallo leute",
        "hi leute",
        "hey leute",
        "moin leute",
        "hi all",
        "hey all",
        "hello all",
        "hi everyone",
        "hey everyone",
        "hello everyone",
        "hi guys",
        "hey guys",
        "всем привет",
        "привет всем",
        "tag",
        "hej",
        "salut",
        "wie gehts",
        "wie geht es dir",
        *_HOW_ARE_YOU,
        "wie gehts dir",
        "wie gehts euch",
        "wie geht es euch",
        "wie geht es dir heute",
        "wie gehts dir heute",
        "alles gut",
        "alles klar",
        "whats up",
        "sup",
        "привет",
        "приветствую",
        "здравствуй",
        "здравствуйте",
        "добрый день",
        "добрый вечер",
        "доброе утро",
        "салам",
        # Greetings of a neighbouring language, as Russian chat in Central Asia writes them.
        "сәлем",
        "салем",
        "сәлеметсіз бе",
        "салеметсиз бе",
        "хай",
        "как дела",
        "как ты",
        "как у тебя дела",
        "как поживаешь",
        "как жизнь",
    ),
    "thanks": (
        "danke",
        "danke schon",
        "dankeschon",
        "vielen dank",
        "danke sehr",
        "merci",
        "thx",
        "thanks",
        "thank you",
        "thank you very much",
        "thanks a lot",
        "ty",
        "super danke",
        "cool danke",
        "perfekt danke",
        "top",
        "great thanks",
        "nice",
        "cool",
        "super",
        "prima",
        "спасибо",
        "спасибо большое",
        "большое спасибо",
        "благодарю",
        "спс",
        "пасиб",
        # Thanks in the same neighbouring language.
        "рахмет",
        "рахмет бот",
        "көп рахмет",
        "коп рахмет",
        "круто",
        "супер",
        # Praise is thanks too.
        "you are the best",
        "you re the best",
        "youre the best",
        "ur the best",
        "u r the best",
        "the best",
        "good bot",
        "great job",
        "well done",
        "awesome",
        "perfect",
        "du bist der beste",
        "du bist die beste",
        "du bist toll",
        "bist der beste",
        "guter bot",
        "klasse",
        "genial",
        "perfekt",
        "ты лучший",
        "ты лучшая",
        "ты супер",
        "молодец",
        "отлично",
        "класс",
    ),
    "help": (
        "hilfe",
        "help",
        "help me",
        "hilf mir",
        "was kannst du",
        "was kannst du alles",
        "what can you do",
        "wie funktioniert das",
        "how does this work",
        "commands",
        "befehle",
        "wer bist du",
        "who are you",
        "was bist du",
        "what are you",
        "info",
        "about",
        "worum geht es",
        "worum geht es im artikel",
        "worum geht es in dem artikel",
        "worum gehts im artikel",
        "worum gehts in dem artikel",
        "um was geht es",
        "was steht im artikel",
        "zusammenfassung",
        "fass zusammen",
        "fass den artikel zusammen",
        "fasse den artikel zusammen",
        "what is this about",
        "what is the article about",
        "whats the article about",
        "what s the article about",
        "what is it about",
        "summary",
        "summarize",
        "summarise",
        "summarize the article",
        "summarise the article",
        "tldr",
        "tl dr",
        "whats the tldr",
        "whats the tl dr",
        "о чем эта статья",
        "о чем статья вообще",
        "кратко о статье",
        "краткое содержание",
        "перескажи статью",
        "worum gehts",
        "welche themen",
        "themen",
        "topics",
        "помощь",
        "помоги",
        "помогите",
        "что ты умеешь",
        "что ты можешь",
        "как это работает",
        "команды",
        "кто ты",
        "что ты такое",
        "о чем статья",
        "темы",
    ),
    "goodbye": (
        "tschuss",
        "tschau",
        "ciao",
        "bye",
        "goodbye",
        "bis dann",
        "bis spater",
        "see you",
        "cya",
        "gute nacht",
        "good night",
        "auf wiedersehen",
        "пока",
        "до свидания",
        "до встречи",
        "спокойной ночи",
    ),
}
_LOOKUP: dict[str, SmallTalkIntent] = {
    fold(p): intent for intent, phrases in _INTENT_PHRASES.items() for p in phrases
}
# Words that may stand beside a greeting without making it a question.
_FILLER = frozenset(
    fold(w)
    for w in "bot du ihr leute all everyone there mate lieber liebe zusammen alle ok okay "
    "today heute бот всем ребята народ ок сегодня жақсы жаксы".split()
)
# Every word small talk is made of: a message with any other word is no small talk (most are not).
_WORDS = _FILLER.union(*(phrase.split() for phrase in _LOOKUP))
# The first words of greetings: only a message starting with one can start with a greeting.
_GREETING_STARTS = frozenset(
    phrase.split()[0] for phrase, intent in _LOOKUP.items() if intent == "greeting"
)


# At most this many words (fillers aside) of small talk in a row: "hey, how are you doing
# today", "hallo danke".
MAX_SMALL_TALK_WORDS = 6


@dataclass(frozen=True)
class SmallTalkMatch:
    """A recognised bit of small talk, and the language to answer it in (each front end says
    the reply in its own words, from the text catalogue)."""

    intent: SmallTalkIntent
    language: Language


# English-only small talk: answered in English even when nothing else tells the language.
_ENGLISH = frozenset(
    fold(p)
    for p in (
        "hello",
        "hey there",
        "good morning",
        "good evening",
        "good afternoon",
        "howdy",
        *_HOW_ARE_YOU,
        "whats up",
        "sup",
        "thanks",
        "thank you",
        "thank you very much",
        "thanks a lot",
        "ty",
        "great thanks",
        "nice",
        "you are the best",
        "you re the best",
        "youre the best",
        "ur the best",
        "u r the best",
        "good bot",
        "great job",
        "well done",
        "awesome",
        "perfect",
        "help",
        "help me",
        "what can you do",
        "how does this work",
        "commands",
        "who are you",
        "what are you",
        "about",
        "what is this about",
        "topics",
        "bye",
        "goodbye",
        "see you",
        "cya",
        "good night",
    )
)


def detect(folded: str, language: Language, sure: bool = True) -> SmallTalkMatch | None:
    """Small talk when the whole message (folded, see normalize.fold) is a greeting, thanks,
    goodbye or a call for help.

    The reply is in `language`, unless it was a guess (`sure` false) and the words are English.
    """
    if not folded or not _WORDS.issuperset(folded.split()):
        return None
    intent = _LOOKUP.get(folded)
    words = [w for w in folded.split() if w not in _FILLER]
    if intent is None:
        intent = _LOOKUP.get(" ".join(words))
    if intent is None and len(words) <= MAX_SMALL_TALK_WORDS:
        # "hallo danke" or "hi, thanks!": every word (or word pair) is small talk.
        intents = _intents_of(words)
        if intents:
            intent = "help" if "help" in intents else intents[-1]
    if intent is None:
        return None
    if not sure and (folded in _ENGLISH or any(w in _ENGLISH for w in words)):
        language = "en"
    return SmallTalkMatch(intent, language)


def strip_greeting(folded: str) -> str:
    """Folded text without a leading greeting ("hallo wann war das" -> "wann war das")."""
    words = folded.split()
    if not words or words[0] not in _GREETING_STARTS:
        return folded
    for n in (3, 2, 1):
        if len(words) > n and _LOOKUP.get(" ".join(words[:n])) == "greeting":
            # And whom it greets: "hallo alle, …", "hi leute …", "привет ребята …".
            start = n
            while start + 1 < len(words) and words[start] in _FILLER:
                start += 1
            return " ".join(words[start:])
    return folded


def _intents_of(words: list[str]) -> list[SmallTalkIntent]:
    found: list[SmallTalkIntent] = []
    i = 0
    while i < len(words):
        for n in (5, 4, 3, 2, 1):
            intent = _LOOKUP.get(" ".join(words[i : i + n]))
            if intent is not None:
                found.append(intent)
                i += n
                break
        else:
            return []
    return found
