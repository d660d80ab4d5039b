"""A chat message can ask more than one thing: where it may be cut into the questions it asks.

"wie hoch ist der turm? und wem gehört er" or "who is the mayor and when did she arrive" ask
two things. `segments` cuts a message at the ends of its sentences and before a conjunction
that starts a new question ("and what …", "und wann …", "и сколько …"), and joins pieces with
nothing to ask (a greeting, "thx", a lone "btw") to their neighbours. The engine asks each
segment on its own and answers every one the article answers (`Engine.ask`); a message that is
one sentence is one segment.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# Words that start a question, in every language the bot reads (folded: lower case, no accents,
# ё as е). A conjunction before one of them starts a new question.
QUESTION_STARTS = frozenset(
    "what who whom whose how when where why which whats whos hows wheres wat "
    "was wer wem wen wessen wie wann wo woher wohin warum wieso weshalb weswegen welche welcher "
    "welches welchen welchem wozu wofur wofür wofuer womit woruber worüber worueber worum wovon "
    "wodurch woran worauf wieviel wieviele inwiefern inwieweit "
    "что кто как когда где куда откуда почему зачем сколько сколко скока скоко какой какая какое "
    "какие каких чей чья чьи чего кому кого кем чему каком какую каким какого каков какова "
    "каковы че чо".split()
)
# Of those, the words that after a comma as often go on with the same sentence: a relative
# clause ("the mayor, who said …", "die Stadt, wo …"), "that" ("говоря, что …"), or what is
# asked ("Was sagt er, wofür das Land wichtig ist?").
CLAUSE_WORDS = frozenset(
    "which who whom whose where when welche welcher welches welchen welchem wo "
    "wozu wofur wofür wofuer womit woruber worüber worueber worum wovon wodurch woran worauf "
    "wieviel wieviele что где когда кто чей чья чьи".split()
)
# Words that ask which one of a kind ("which newspaper", "in welcher Zeitung", "в какой
# газете"): they ask for its name.
WHICH_WORDS = frozenset(
    "which welche welcher welches welchen welchem какой какая какое какие каком какую каких "
    "какого какому".split()
)
# Verbs that start a yes/no question ("… and is the bridge open?", "… und gibt es …").
YES_NO_STARTS = frozenset(
    "is are was were does did do can could would will has have should "
    "ist sind war waren hat haben hatte kann konnte wird werden gibt gab soll sollen "
    "lässt laesst lasst".split()
)
_STARTS = "|".join(sorted(QUESTION_STARTS | YES_NO_STARTS))
CONJUNCTIONS = "and|also|plus|but|und|aber|sowie|außerdem|ausserdem|zudem|achja|btw|и|а|но|также"
# Words chat puts between the conjunction and the question ("и ещё вопрос: сколько …", "а ещё
# какой …", "und ach, wann …", "btw did …"), or before a question on its own: they say another
# question follows.
FILLERS = "еще|ещё|кстати|кст|вопрос|btw|ach|achso|noch|ok|okay"
# A preposition may stand between the conjunction and the question word: "… und in welcher
# Stadt …", "… and for whom …", "… и о чём …".
PREPOSITIONS = (
    "in|for|with|from|to|about|of|by|on|at|between|through|into|under|against|after|via|since|"
    "until|"
    "in|im|für|fur|fuer|mit|von|vom|zu|bei|nach|über|uber|ueber|auf|aus|durch|gegen|um|an|"
    "zwischen|seit|bis|"
    "в|во|о|об|обо|на|с|со|по|для|от|из|за|к|у|про|между|через|перед|после|при|против|"
    "без|вокруг|ради|среди"
)
# Question words only after a preposition ("и о чём …"): alone, "чем" is as often "than".
AFTER_PREPOSITION = "чем|чём"
# Question words that ask at the end of a part too, as chat puts them ("gas from russia why").
TRAILING_QUESTION_WORDS = frozenset(
    "why when where how warum wieso wann wo wie почему зачем когда где как".split()
)
# A question word within this many words of a part's start (after a conjunction) makes it ask:
# "in welcher Zeitung …", "durch welches Land …", "for whom …".
QUESTION_WORD_WITHIN = 3

# The end of a sentence: ?, ! or ; (a full stop only before a space and a letter, not in "z. B."
# or "2.5"; after a year too: "… since 2022. separate q: …", not after "27." in "27. November"),
# or a line break.
_SENTENCE_END = re.compile(
    r"(?<=[?!;])\s+|(?<=[^\W\d_]{3}\.)\s+(?=\w)|(?<=\b\d{4}\.)\s+(?=[^\W\d_])|\s*\n+\s*"
)
# A full stop after a short word, before a word in lower case that starts no question, cuts a
# word short, not a sentence: "wie viele russ. firmen gibts", "сколько рос. компаний в кз".
ABBREVIATION_LETTERS = 4
_ABBREVIATION_END = re.compile(rf"(?:^|\W)[^\W\d_]{{1,{ABBREVIATION_LETTERS}}}\.$")
# A Russian yes/no question puts "ли" after its first word: "признал ли он …", "есть ли …".
YES_NO_PARTICLE = "ли"
_CONJUNCTION = re.compile(
    rf"(?:\s*,)?\s+(?=(?:{CONJUNCTIONS}|\+|&)\s+(?:(?:{FILLERS})\W*\s+){{0,2}}"
    rf"(?:(?:(?:{PREPOSITIONS})\s+(?:\w+\s+)?)?(?:{_STARTS})|(?:{PREPOSITIONS})\s+(?:{AFTER_PREPOSITION})"
    rf"|\w+\s+{YES_NO_PARTICLE}|{AFTER_PREPOSITION})\b)",
    re.IGNORECASE,
)
# A comma before a question word: "wie lang ist sie, wem gehört sie".
_COMMA_QUESTION = re.compile(
    rf",\s*(?=(?:{'|'.join(sorted(QUESTION_STARTS - CLAUSE_WORDS))})\b)", re.IGNORECASE
)
_PREPOSITIONS = frozenset(PREPOSITIONS.split("|"))
_AFTER_PREPOSITION = frozenset(w.replace("ё", "е") for w in AFTER_PREPOSITION.split("|"))
# Fewer letters than this: nothing to ask on its own ("ok", "btw", "thx").
MIN_SEGMENT_LETTERS = 8


def _letters(text: str) -> int:
    return sum(map(str.isalpha, text))


# Anything a message could be cut at: without one, it is one piece (most questions).
_MAY_CUT = re.compile(rf"[?!;.,\n+&):]|\s(?:{CONJUNCTIONS})\s", re.IGNORECASE)


def _has_sentence_end(text: str) -> bool:
    """Whether stripped text may hold a sentence end that _SENTENCE_END cuts at: a line break,
    or ?, !, ; or . with more after it (those it ends with are followed by nothing)."""
    return "\n" in text or any(mark in text.rstrip("?!;.") for mark in "?!;.")


def _sentences(text: str) -> list[str]:
    """`text` cut at its sentence ends (_SENTENCE_END), but not after an abbreviation."""
    sentences: list[str] = []
    for piece in _SENTENCE_END.split(text):
        if sentences and _ABBREVIATION_END.search(sentences[-1]) and _goes_on(piece):
            sentences[-1] = f"{sentences[-1]} {piece}"
        else:
            sentences.append(piece)
    return sentences


def _goes_on(piece: str) -> bool:
    """Whether a piece after a full stop goes on with the sentence before it: it starts with a
    word in lower case that is no question word and no conjunction."""
    first = re.match(r"\w+", piece)
    if first is None or not first[0].islower():
        return False
    word = first[0].replace("ё", "е")
    return (
        word not in QUESTION_STARTS
        and word not in YES_NO_STARTS
        and re.fullmatch(CONJUNCTIONS, word) is None
    )


# A numbered list in one line: "1. wann war das treffen 2. wo", "1) … 2) …", "frage 1: … frage
# 2: …". Cut at each number (two or more of them), which is no word of the question.
_LIST_MARKER = re.compile(
    r"(?:^|(?<=\s))(?:\(?\d{1,2}[.):]|(?:frage|question|вопрос|q)\s?\d{1,2}\s?[:.)]?)\s+",
    re.IGNORECASE,
)


_DIGIT = re.compile(r"\d")


def _items(text: str) -> list[str]:
    """`text` cut at the numbers of a list it is written as, else `text`."""
    if _DIGIT.search(text) is None or len(_LIST_MARKER.findall(text)) < 2:
        return [text]
    return [item for item in _LIST_MARKER.split(text) if item.strip()]


# A piece joined to the next by a plus or an ampersand before a question: "einwohnerzahl der
# stadt + wie viele neue schulen?", "the port & who runs it".
_LISTED_JOIN = re.compile(r"\s[+&]\s")


def is_list(message: str) -> bool:
    """Whether a message is written as a list of what it asks (numbered items, or pieces joined
    by "+" or "&"): each of its parts is asked, a few keywords too ("1) % of students 2) total
    population")."""
    whole = message.strip()
    return len(_items(whole)) > 1 or (
        _LISTED_JOIN.search(whole) is not None and len(segments(whole)) > 1
    )


# Pieces of at least this many words each, joined by "+" or "&", are two things asked ("length
# of the new bridge + % of the budget it took"); shorter ones name one thing
# ("city + river tour", "r&d").
LISTED_MIN_WORDS = 3


def _listed(clause: str) -> list[str]:
    """`clause` cut at a "+" or "&" between pieces of LISTED_MIN_WORDS words or more."""
    if "+" not in clause and "&" not in clause:
        return [clause]
    pieces = _LISTED_JOIN.split(clause)
    if len(pieces) > 1 and all(len(p.split()) >= LISTED_MIN_WORDS for p in pieces):
        return pieces
    return [clause]


# Items of a list between commas have at least this many words each ("pipeline length, number
# of schools"); a shorter one is a word of the sentence ("ok, …", "Rosneft, Lukoil"). Items that
# ask in no words are keywords, of at most COMMA_KEYWORDS_MAX_WORDS words each (more is a
# sentence: "er meinte in seinem artikel, …").
COMMA_ITEM_MIN_WORDS = 2
COMMA_KEYWORDS_MAX_WORDS = 4


def comma_items(message: str) -> list[str]:
    """The items of a message that lists what it asks between commas, each of
    COMMA_ITEM_MIN_WORDS words or more, and alike: each asks in words ("pipeline wie lang,
    russische firmen wie viele"), or none does ("pipeline length, number of schools"); else
    none. (A question and a remark beside it, "wie heisst er, der mit dem ceyhan ding", is no
    list.)"""
    items = [item.strip() for item in message.strip().rstrip("?!.").split(",")]
    if len(items) < 2 or any(
        len(item.split()) < COMMA_ITEM_MIN_WORDS or _letters(item) < MIN_SEGMENT_LETTERS
        for item in items
    ):
        return []
    asking = {asks_in_words(item) for item in items}
    if len(asking) > 1:
        return []
    if asking == {False} and any(len(item.split()) > COMMA_KEYWORDS_MAX_WORDS for item in items):
        return []
    return items


# A line Discord shows as a quote: "> " before it.
_QUOTE_LINE = re.compile(r"^[ \t]*>[ \t]?(.*\S.*)$", re.MULTILINE)


def quoted_lines(message: str) -> str:
    """The lines of a message quoted as Discord quotes them ("> …"), joined; "" if none, or
    if every line is quoted (then the quote is all there is to ask)."""
    if ">" not in message:
        return ""
    quoted = _QUOTE_LINE.findall(message)
    if not quoted or len(quoted) == len(message.strip().splitlines()):
        return ""
    return " ".join(line.strip() for line in quoted)


def unquoted_lines(message: str) -> str:
    """The lines of a message that are not quoted ("> …"), joined."""
    return " ".join(
        line.strip() for line in message.splitlines() if not line.lstrip().startswith(">")
    )


def segments(message: str) -> list[str]:
    """The pieces of `message` that may each be a question, in order (one: the whole message)."""
    # The question mark (or stop) that ends a question is no place to cut.
    whole = message.strip()
    if _MAY_CUT.search(message.rstrip(" \t\n?!.;")) is None:
        return [whole] if whole else []
    items = _items(whole)
    if len(items) > 1:
        # Each item of a list is asked on its own, however short ("2. wo").
        return [piece for item in items for piece in _pieces(item)]
    return _pieces(whole)


def _pieces(text: str) -> list[str]:
    """`text` cut at its sentence ends and before the conjunctions that start a question, the
    pieces with nothing to ask joined to their neighbours."""
    pieces: list[str] = []
    for sentence in _sentences(text) if _has_sentence_end(text) else [text]:
        for clause in _CONJUNCTION.split(sentence):
            for joined in _listed(clause):
                pieces.extend(_COMMA_QUESTION.split(joined))
    merged: list[str] = []
    carry = ""
    for piece in (p.strip() for p in pieces):
        if not piece:
            continue
        joined = f"{carry} {piece}".strip() if carry else piece
        if _letters(joined) < MIN_SEGMENT_LETTERS:
            carry = joined
            continue
        carry = ""
        merged.append(joined)
    if carry:
        if merged:
            merged[-1] = f"{merged[-1]} {carry}"
        else:
            merged.append(carry)
    return merged


def asks(segment: str) -> bool:
    """Whether a segment reads as a question: a question mark, a question word among its first
    words, or a verb that starts a yes/no question first (after a conjunction)."""
    return "?" in segment or asks_in_words(segment)


# Few words before a colon that may lead in to a question: "кстати еще вопрос: про какие …",
# "frage: wer ist …", "strom: wieso …".
LEAD_IN_MAX_WORDS = 4


def asks_in_words(segment: str) -> bool:
    """Whether a segment asks in words (a question word, a yes/no verb), not only by its
    question mark ("kassym something?", "tldr?"), after a lead-in and a colon too."""
    lead, colon, rest = segment.partition(":")
    if colon and len(lead.split()) <= LEAD_IN_MAX_WORDS and _asks_in_words(rest):
        return True
    for dash in _DASHES:
        # What was said before a dash is said around the question after it ("hab den artikel
        # nur überflogen – was war …").
        if dash in segment and _asks_in_words(segment.rpartition(dash)[2]):
            return True
    return _asks_in_words(segment)


# Dashes between what is said around a question and the question (spaced: "e-mail" is a word).
_DASHES = (" – ", " — ", " - ")


def _asks_in_words(segment: str) -> bool:
    words = [w.replace("ё", "е") for w in re.findall(r"\w+", segment.casefold())]
    had_conjunction = False
    while words and re.fullmatch(CONJUNCTIONS, words[0]):
        words = words[1:]
        had_conjunction = True
    while words and re.fullmatch(FILLERS, words[0]):
        words = words[1:]
    if not words:
        return False
    if len(words) > 1 and words[1] in _AFTER_PREPOSITION and words[0] in _PREPOSITIONS:
        return True
    if len(words) > 1 and words[1] == YES_NO_PARTICLE:
        return True
    if had_conjunction and words[0] in _AFTER_PREPOSITION:
        return True  # "… и чем это плохо": after a conjunction, "чем" asks
    return (
        words[0] in YES_NO_STARTS
        or any(w in QUESTION_STARTS for w in words[:QUESTION_WORD_WITHIN])
        or (len(words) > 1 and words[-1] in TRAILING_QUESTION_WORDS)
    )


# An answer the asker guesses at the end of a question: "who is their biggest partner, China?",
# "где была встреча? в москве?", "… the mayor or the council?", "… AP or Reuters". Its names
# are what the answer will confirm or correct, not what the question is about.
OFFERED_MAX_WORDS = 5
_OFFER_CHARS = 16 * OFFERED_MAX_WORDS
_OFFER_CUT = re.compile(r"(?:[?,;:]|\s[–—-])\s*(?=[^?,;:–—-]*$)")
_ALTERNATIVE = re.compile(r"\b(?:or|oder|или|либо)\b", re.IGNORECASE)
_TRAILING_MARKS = " \t\n?!.…)"
_OR_CUT = re.compile(r"\s(?=(?:or|oder|или|либо)\s)", re.IGNORECASE)


def offered_answer(message: str) -> tuple[str, str] | None:
    """The message cut into its question and an answer it offers after it (the last clause, a
    few words that ask nothing themselves, after a question; a guess with its own question mark
    or alternatives joined by "or"), or None."""
    whole = message.strip()
    if not whole.endswith("?") and _ALTERNATIVE.search(whole, max(0, len(whole) - 80)) is None:
        return None  # neither a guess asked nor alternatives offered (most questions)
    text = whole.rstrip(_TRAILING_MARKS)
    # (An offer is a few words: only the last characters can hold where it starts.)
    start = max(0, len(text) - _OFFER_CHARS)
    cut = next(reversed(list(_OFFER_CUT.finditer(text, start))), None)
    alternative = cut is None
    if cut is None:
        # Or the other of two answers the question offers: "war es am mittwoch oder am
        # donnerstag?", "встреча была в среду или в четверг?".
        cut = next(reversed(list(_OR_CUT.finditer(text, start))), None)
        if cut is None:
            return None
    head, guess = text[: cut.start() + 1].strip(), text[cut.end() :].strip()
    words = re.findall(r"\w+", guess)
    if not words or len(words) > OFFERED_MAX_WORDS:
        return None
    if not asks(head) and not (alternative and whole.endswith("?")):
        return None
    if not ("?" in whole[len(text) :] or _ALTERNATIVE.search(guess)):
        return None
    if asks_in_words(guess):
        return None
    return head, guess


# Words that refer back to what was asked before: "… und wer hat das berichtet", "… and which
# agency reported it?", "… и кто об этом сообщил".
_BACK_REFERENCE = re.compile(
    r"\b(?:das|dies|dieses|darüber|darueber|drüber|drueber|davon|dazu|it|that|this|это|этом|"
    r"этого|этому|"
    # the things asked of before: "… & what role do they play", "… was machen sie", "… и какую
    # роль они играют".
    r"they|them|their|sie|ihnen|они|их|им|"
    # and what happened after it: "… und was hat die stadt dann gemacht", "… what did they do
    # then", "… и что потом сделал город".
    r"dann|daraufhin|danach|then|afterwards|потом|затем|тогда)\b",
    re.IGNORECASE,
)


def refers_back(piece: str) -> bool:
    """Whether a part of a message refers back to what was asked before it."""
    return _BACK_REFERENCE.search(piece) is not None


# A question word alone after a conjunction at a message's end asks it of the question before:
# "which goods were banned and why", "who issued it and when?", "что запретили и почему".
_TRAILING_ASKED = re.compile(
    r"[\s,]+(?:and|und|и|а|\+|&)\s+"
    r"(?P<word>why|warum|wieso|weshalb|when|wann|where|wo|wohin|почему|зачем|когда|где|куда)"
    r"[\s?!.]*$",
    re.IGNORECASE,
)
# Only a message's last characters are searched (a long message is not read again).
_TRAILING_CHARS = 40


def trailing_question_word(message: str) -> tuple[str, str] | None:
    """A message that ends asking a question word of what it asked before, cut into that
    question and the word ("which goods were banned and why": "which goods were banned",
    "why"); None for any other."""
    text = message.strip()
    start = max(0, len(text) - _TRAILING_CHARS)
    found = _TRAILING_ASKED.search(text, start)
    if found is None:
        return None
    head = text[: found.start()].strip()
    if not re.search(r"\w", head) or not asks(head):
        return None
    return head, found["word"]


def with_the_kind_before(
    piece: str, before: str, function_word: Callable[[str], bool]
) -> str | None:
    """A part asking "which" of no kind of its own ("… а какое про экспорт?", "… und welche das
    mit Ceyhan", "… and which one the exports") asks it of the kind the part before asked
    which of ("какое агентство писало …"): the part with that word after its "which"; None when
    it names its own kind or the part before asked no "which". `function_word(word)` tells a
    word that names nothing (a stop word)."""
    words = re.findall(r"\w+", piece.casefold())
    start = 0
    while start < len(words) and re.fullmatch(f"{CONJUNCTIONS}|{FILLERS}", words[start]):
        start += 1
    if start + 1 >= len(words) or words[start] not in WHICH_WORDS:
        return None
    if not function_word(words[start + 1]):
        return None  # "… and which agency reported it": its own kind
    head = re.findall(r"\w+", before.casefold())
    kind = next(
        (
            head[i + 1]
            for i, word in enumerate(head[:-1])
            if word in WHICH_WORDS and not function_word(head[i + 1])
        ),
        None,
    )
    if kind is None:
        return None
    return " ".join([*words[: start + 1], kind, *words[start + 1 :]])


def asks_which(text: str) -> bool:
    """Whether a text asks which one of a kind it names ("in which newspaper …")."""
    return not WHICH_WORDS.isdisjoint(re.findall(r"\w+", text.casefold()))
