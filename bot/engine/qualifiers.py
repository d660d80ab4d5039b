"""Words that narrow what a question asks: a pair that never uses one cannot answer it.

"How many visitors come per year?", "who was mayor before her?", "which towns have one
already?", "what will the council do next year?" share every content word with a question the
knowledge may answer, and ask something else: a year, a time before, a state so far, a time to
come, a first or a second, all of something, an average. Each such qualifier (in German,
English and Russian, kept as `fold` folds them) names a group; a pair whose phrasings, answers
and quotes never use a word of the group does not stand for it, and a question asking it is,
for that pair, like a question naming a country the pair never names
(`Scored.missing_entities`): the pair may be offered, never given as the answer.

The words are general language, not the article's: they apply to any knowledge. What a pair
uses is found once per pair, when a question first asks a qualifier of it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.engine.decide import WITHOUT_A_DAY, answer_types
from bot.engine.knowledge import KnowledgeBase, Language
from bot.engine.matcher import PassageScore, QueryTokens
from bot.engine.normalize import fold

QUALIFIERS: dict[str, frozenset[str]] = {
    group: frozenset(fold(word) for word in words.split())
    for group, words in {
        # A year named: "per year", "next year", "jährlich", "в год".
        "year": "jahr jahre jahren jahres jährlich jährliche jährlichen year years yearly "
        "annually annual год году года лет ежегодно",
        "month": "monat monate monaten monats monatlich monatliche monatlichen month months "
        "monthly месяц месяца месяцев месяце ежемесячно ежемесячный",
        "day": "täglich tägliche täglichen täglicher daily ежедневно ежедневный ежедневная сутки "
        "сутках",
        # ("total" alone is as often "totally" in German chat: "hängt total am strom"; see
        # _IN_TOTAL.)
        "total": "insgesamt gesamt gesamtzahl overall altogether всего итого",
        # A share asked: a pair that gives no share (a count, a name) does not answer it.
        "percent": "anteil anteile share доля долю",
        # A percentage asked: a pair that gives no number does not answer it ("it would
        # reduce the share going through …" gives none).
        "percentage": "prozent prozentsatz percent percentage процент процента процентов",
        # A length asked: a pair that gives no number does not answer it.
        "length": "lang lange länge long length длина длину длины длиной",
        # A size asked ("wie groß", "how big": see _HOW_BIG): any pair that gives a number may
        # answer it, none that gives none.
        "size": "size размер размера",
        # A volume asked (of trade, of goods): only a pair that gives one answers it.
        "volume": "volume volumes товарооборот товарооборота объем объема",
        # How it came out in the end ("finally signed"), not what was planned; what followed
        # from something ("daraufhin verhängte …") is how it came out.
        "outcome": "letztendlich schlussendlich schließlich finally eventually итоге итогу "
        "daraufhin",
        # An exact figure asked ("how many exactly"): see PairQualifiers.without_a_figure.
        "exact": "genau exakt exactly precisely точно ровно",
        # One thing in particular asked of what the knowledge gives as a whole.
        "specific": "speziell spezifisch konkret konkrete konkreten specifically specific "
        "particular particularly single einzelne einzelnen einzelner individual "
        "конкретно конкретные конкретный отдельная отдельный отдельные",
        # A reply asked: who answered whom ("what did she reply").
        "reply": "geantwortet antwortete antworteten erwiderte erwidert entgegnete replied "
        "reply answered responded ответил ответила ответили",
        # A price asked: a pair that names no cost does not answer it.
        "price": "kostet kosten kostete preis cost costs costed price стоит стоил стоила "
        "стоимость цена "
        # An amount of money asked in its currency ("… in euro", "how many dollars").
        "euro euros eur dollar dollars usd tenge евро доллар долларов долларах тенге",
        # Others than those named: "which other countries …".
        "other": "andere anderen anderer other others другие других другой",
        # A section of something: a pair about the whole does not give a section's length.
        "section": "abschnitt abschnitts teilstück teilstrecke section sections stretch "
        "segment участок участка участке отрезок",
        # The biggest of something: a pair that names no biggest does not answer it.
        "biggest": "größte größter größten größtes biggest largest крупнейший крупнейшая "
        "крупнейшее крупнейшим крупнейшего крупнейшей",
        # How often: a pair that counts no occurrences does not answer it.
        "often": "oft häufig often times",
        "average": "durchschnitt durchschnittlich durchschnittliche average mean "
        "среднем средний среднее",
        "first": "erste ersten erster erstes zuerst first firstly первый первая первое первые "
        "первым впервые",
        "second": "zweite zweiten zweiter zweites zweitwichtigste zweitgrosste second "
        "второй вторая второе второго",
        "all": "alle aller allen all всех все",
        "next": "nächste nächsten nächstes nächster kommende kommenden "
        "next upcoming следующий следующем следующего следующей",
        "last": "letzte letzten letztes letzter vorige vorigen last previous прошлом прошлый "
        "прошлого последний последнем",
        "already": "schon bereits already уже",
        # A state lasting until now ("is the ban still in force"; see _STILL).
        "still": "still weiterhin",
        "before": "vor vorher davor zuvor früher ehemals einst before prior previously formerly "
        "до раньше прежде",
        # A month named: a pair that names another month (or none) does not answer it.
        "january": "januar jänner january январь января январе",
        "february": "februar feber february февраль февраля феврале",
        "march": "märz maerz march март марта марте",
        "april": "april апрель апреля апреле",
        # (English "may" is far more often the verb than the month.)
        "may": "mai май мая мае",
        "june": "juni june июнь июня июне",
        "july": "juli july июль июля июле",
        "august": "august август августа августе",
        "september": "september сентябрь сентября сентябре",
        "october": "oktober october октябрь октября октябре",
        "november": "november ноябрь ноября ноябре",
        "december": "dezember december декабрь декабря декабре",
        # A weekday named, as a month is.
        "monday": "montag montags monday понедельник понедельника понедельнике",
        "tuesday": "dienstag dienstags tuesday вторник вторника вторнике",
        "wednesday": "mittwoch mittwochs wednesday среда среду среды среде",
        "thursday": "donnerstag donnerstags thursday четверг четверга четверге",
        "friday": "freitag freitags friday пятница пятницу пятницы пятнице",
        "saturday": "samstag samstags sonnabend saturday суббота субботу субботы субботе",
        "sunday": "sonntag sonntags sunday воскресенье воскресенья",
    }.items()
}
MONTHS = frozenset(
    "january february march april may june july august september october november december".split()
)
WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
# Groups that ask for a number: a pair answers them only with a number in its answer.
NUMBERS_ASKED = frozenset({"percentage", "length", "size", "volume"})
# Of those, the groups any pair with a number in its answer answers, whatever words it uses.
ANY_NUMBER = frozenset({"size"})
# Words a pair may single one thing out with, without asking for it: "besonders für
# Deutschland" answers "which country in particular", and which had the biggest share of it.
SAID_IN_PARTICULAR = frozenset(
    fold(word) for word in "besonders insbesondere especially particularly особенно".split()
)
SINGLED_OUT = frozenset({"specific", "biggest"})
# Each qualifier word and its group, for one look-up a word.
_GROUP_OF = {form: group for group, forms in QUALIFIERS.items() for form in forms}
_NONE: frozenset[str] = frozenset()


_DIGIT = re.compile(r"\d")

# "Which month" asks when (a pair that names the month answers it), not for a monthly figure.
_WHICH_MONTH = re.compile(
    r"\b(?:which|what|welchem|welcher|каком|какой|какого) (?:month|monat|месяц\w*)\b"
)


# "What share", "welcher Anteil", "какая доля" ask for a percentage.
_WHICH_SHARE = re.compile(
    r"\b(?:what|which|how big a|how large a|welche[rnms]?|wie hoch ist der|wie gross ist der|"
    r"какая|какую|какой) (?:share|anteil|доля|долю)\b"
)


# "Welche Abkommen genau", "which deals exactly", "какие именно соглашения" ask for the things
# one by one: only a pair whose answer lists things (in LISTED_COMMAS commas or more) answers it,
# not one that counts them. ("Wann genau", "what exactly did he say", "welches genau" of one
# thing ask no such thing.)
ONE_BY_ONE = "one-by-one"
LISTED_COMMAS = 2
_ONE_BY_ONE_WORDS = frozenset({"genau", "exactly", "именно"})
_WHICH_EXACTLY = re.compile(
    r"\b(?:(?:welche|какие|каких) (?:\w+ ){0,3}?|which (?:\w+ )?\w+s )(?:genau|exactly|именно)\b"
)


# A total asked in English words: "in total", "the total", "total number of …".
_IN_TOTAL = re.compile(
    r"\b(?:in|the|a|im) total\b|\btotal (?:number|amount|count|of|zahl)\b|\btotal$"
)


# How it came out, in more than one word: "in the end", "am Ende".
_IN_THE_END = re.compile(
    r"\b(?:in the end|at the end of the day|end(?:ed|s)? up \w+ing|am ende|am schluss|"
    r"im endeffekt)\b"
)


# A size asked: a number.
_HOW_BIG = re.compile(
    r"\b(?:wie gross|wie grosse?|how big|how large|what size|насколько большой|какого размера|"
    r"какой величины)\b"
)


# A word each of _WHICH_SHARE's and _HOW_BIG's phrases holds: most questions hold none, and are
# not searched.
_SHARE_WORDS = ("share", "anteil", "дол")
_SIZE_WORDS = ("gross", "big", "large", "size", "больш", "размер", "величин")


# A day, in more than one word: "pro Tag", "per day", "в день" (a lone "Tag" or "day" may ask
# which day, and so do "a day after the visit", "в день визита": a noun in the genitive after it).
_PER_DAY = re.compile(
    r"\b(?:(?:pro|je|per|a|each|every|в|за) (?:tag|day|день|сутки))\b"
    r"(?! (?:after|before|later|earlier|of)\b)(?! \w+[аяыи]\b)"
)
_DAY_WORDS = ("tag", "day", "день", "сутки")


# A state lasting until now, in more than one word.
_STILL = re.compile(
    r"\b(?:immer noch|noch immer|nach wie vor|bis heute|до сих пор|все еще|по прежнему|"
    r"по сей день)\b"
)


# "An welchem Tag", "on what date", "какого числа" ask for a day (a date or a weekday).
_WHICH_DAY = re.compile(
    r"\b(?:an welchem tag|welches datum|welchem datum|which day|what day|what date|which date|"
    r"какого числа|какое число|в какой день|какой день)\b"
)
_WHICH_DAY_WORDS = ("tag", "day", "dat", "числ", "день")
# A day in an answer (folded): a day of the month before a month's name (the month groups'
# forms), or a weekday (the weekday groups' forms).
_MONTH_NAMES = "|".join(
    sorted({form for month in MONTHS for form in QUALIFIERS[month]}, key=len, reverse=True)
)
_WEEKDAY_NAMES = "|".join(
    sorted({form for day in WEEKDAYS for form in QUALIFIERS[day]}, key=len, reverse=True)
)
_A_DAY = re.compile(rf"\b(?:(?:[12]?\d|3[01]) (?:{_MONTH_NAMES})|{_WEEKDAY_NAMES})\b")


def names_a_day(folded: str) -> bool:
    """Whether a folded text names a day: a date ("27 november") or a weekday."""
    return _A_DAY.search(folded) is not None


def asks_which_day(folded: str) -> bool:
    """Whether a folded question asks on which day ("an welchem Tag", "what date", "какого
    числа"): a date or a weekday, not a month ("Im Oktober" answers when, not which day)."""
    return (
        any(word in folded for word in _WHICH_DAY_WORDS) and _WHICH_DAY.search(folded) is not None
    )


def size_asked_of(folded: str) -> str | None:
    """What a size is asked of: the words after "wie groß" / "how big" (folded), if asked."""
    found = _HOW_BIG.search(folded)
    return folded[found.end() :] if found else None


# A word each of _STILL's phrases holds: most questions hold none, and are not searched.
_STILL_WORDS = ("noch", "wie vor", "heute", "сих", "еще", "прежнему", "сей")


# Phrases whose qualifier words qualify nothing: "at all" asks whether, not about all of
# something; "больше всех" ("most of all") asks which one most; "in the first place", "vor
# allem" (above all), "last one:" and "последний вопрос" are said around a question.
_IDIOMS = re.compile(
    r"\bin the first place\b|\bfirst of all\b|\bzuallererst\b|\bvor allem\b|"
    r"\b(?:last|one more) (?:one|question|thing)\b|\bone last\b|\bletzte frage\b|"
    r"\bпоследний вопрос\b|\bat all\b|"
    r"\b(?:больше|меньше|сильнее|лучше|хуже|чаще|раньше|дольше|быстрее|выше|ниже) всех\b|"
    r"\bвсех (?:больше|меньше|сильнее|лучше|хуже|чаще)\b|"
    # "почему это всё важно" (all this), "всё равно", "всё-таки", "всё же": no "all" of a thing.
    r"\b(?:это|ето|то) все\b|\bвсе (?:это|ето|то|равно|таки|же)\b|"
    # Above all, not the first of several: "в первую очередь", "in erster Linie".
    r"\bв первую очередь\b|\bin erster linie\b|\bfirst and foremost\b"
)
# Of those, the ones said around a question, which say nothing of it: not matched either.
_AROUND = re.compile(
    r"\bin the first place\b|\bfirst of all\b|\b(?:last|one more) (?:one|question)\b|"
    r"\bone last (?:one|question|thing)\b|\bletzte frage\b|\bпоследний вопрос\b|"
    # "two qs:", "zwei fragen:", "2 things:", "пару вопросов:" (how many it asks, not a number
    # asked about).
    r"\b(?:two|three|couple of|2|3|zwei|drei|paar|два|три|пару) "
    r"(?:questions|qs|things|fragen|dinge|sachen|вопроса|вопросов)\b|"
    # "second question:", "separate q:", "zweite frage:", "ещё вопрос:" (what comes next is
    # another question).
    r"\b(?:second|another|separate|next|2nd) (?:question|q)\b|"
    r"\b(?:zweite|andere|nachste|weitere|noch eine) frage\b|\b(?:второй|другой|еще) вопрос\b|"
    # "кто знает, какая газета …" (does anyone know): who knows is not what is asked.
    r"\bкто (?:нибудь |то )?знает\b|\bкто в курсе\b|"
    # "hab nur halb gelesen", "only half read it": how much of the article was read.
    r"\bhalb (?:gelesen|gelesn)\b|\bhalf read\b|"
    # "what's the deal with the grid" asks about the grid, not about a deal.
    r"\bwhat(?:s| s| is)? the deal (?:with|w)\b|"
    # How short the answer should be: "so in einem satz", "in a nutshell", "в двух словах".
    r"\bin (?:einem|ein paar|zwei|wenigen) (?:satz|satzen|worten)\b|\bkurz und knapp\b|"
    r"\bin (?:a|one) (?:sentence|word|nutshell)\b|\bin (?:two|a few) words\b|"
    r"\bв (?:двух|двух трех|паре|нескольких) (?:словах|предложениях)\b"
)
_AROUND_WORDS = (
    "first", "last", "one more", "letzte", "последний", "question", "qs", "things",
    "fragen", "dinge", "sachen", "вопрос", "the deal", "satz", "worten", "knapp", "sentence",
    "word", "nutshell", "словах", "предложениях", "frage", " q", "halb", "half", "знает",
    "курсе",
)  # fmt: skip


# "When" or "where" after the question's start, before a pronoun, opens a clause that says
# when or where of what is asked, and asks neither: "what did he call it when they met",
# "что он сказал, когда они встретились" (the conjunction dropped, the clause kept).
_TIME_CLAUSE = re.compile(
    r"(?<=\w )(?:when|where|когда|где) (?=(?:they|he|she|we|i|you|it|они|он|она|мы|я|ты|вы)\b)"
)
_TIME_CLAUSE_WORDS = ("when ", "where ", "когда ", "где ")
# "Where does the oil end up" asks where it ends: "up" says nothing more (not "end up signing":
# how it came out, see _IN_THE_END).
_END_UP = re.compile(r"\b(end|ends|ended) up\b(?! \w+ing\b)")


# A question puts the one who was somewhere between the verb and the place ("warum war er in
# X", "why was he in X"): read in the order the catalogue spells being somewhere ("er war in X").
_WAS_SOMEONE_IN = re.compile(r"\b(war|was|were)\s+(?!war\b|was\b)(\w+(?:\s\w+)?)\s+in\b")


# "Where does the city stand on …", "wo steht die Stadt beim …": a stance asked, no place.
_WHERE_STANDS = re.compile(
    r"\b(?:where|wheres|wo)\b(?:\s+\w+){0,4}?\s+(?:stand|stands|steht|stehen|stehn)\b"
)


def asks_a_stance(folded: str) -> bool:
    """Whether "where" asks where someone stands on something (a stance, not a place)."""
    return ("stand" in folded or "steh" in folded) and _WHERE_STANDS.search(folded) is not None


# The asker's own view asked of the reader ("do you think …", "glaubt ihr …", "как думаете …"):
# an opinion or a forecast, which no article's text gives. ("I think …" is a hedge on a
# question, not this.)
_ASKS_AN_OPINION = re.compile(
    r"\b(?:do|does|would) (?:u|you|ya|yall|you guys|u guys|you all|anyone) "
    r"(?:\w+ )?(?:think|reckon|believe|expect)\b"
    r"|\bwhat do (?:u|you|ya) (?:guys |all )?(?:think|reckon)\b"
    r"|\b(?:your|ur) (?:opinion|take|thoughts)\b"
    r"|\b(?:glaubst|glaubt|meinst|meint|denkst|denkt|schatzt) (?:du|ihr)\b"
    r"|\b(?:deine|eure) meinung\b|\bwas haltet ihr\b|\bwas haltst du\b"
    r"|\bкак (?:ты |вы )?(?:думаешь|думаете|считаешь|считаете)\b"
    r"|\b(?:ваше|твое) мнение\b"
    # Whether something will come some day: a forecast ("will they join the union later on",
    # "wird das land irgendwann mitglied", "станет ли когда-нибудь").
    r"|\b(?:will|wird|werden|станет|станут|будет|вступит)\b(?: \w+)*? (?:later on|someday|"
    r"some day|one day|eventually|in the future|irgendwann|in zukunft|когда нибудь|в будущем|"
    r"в дальнейшем)\b"
    # Who will win: a forecast ("who's gonna win the war", "wer gewinnt", "кто победит").
    r"|\b(?:who|whos|wer|кто)\b(?: \w+){0,3} (?:win|wins|gewinnt|gewinnen|siegt|победит|"
    r"выиграет|выиграют)\b"
)
_OPINION_WORDS = (
    "think",
    "reckon",
    "believe",
    "expect",
    "opinion",
    "take",
    "thought",
    "glaub",
    "mein",
    "denk",
    "schatz",
    "halt",
    "дума",
    "счита",
    "мнени",
    "win",
    "gewinn",
    "siegt",
    "побед",
    "выигра",
    "later on",
    "someday",
    "some day",
    "one day",
    "eventually",
    "future",
    "irgendwann",
    "zukunft",
    "нибудь",
    "будущ",
    "дальнейш",
)


# Whom a question says something is according to ("laut der Weltbank", "according to the World
# Bank", "по данным Всемирного банка"): the words after it.
_SOURCE = re.compile(
    r"\b(?:laut|according to|по данным|согласно|nach angaben(?: von)?)"
    r"(?: (?:the|der|die|dem|den|des))? (\w+(?: \w+)?)"
)
_SOURCE_WORDS = ("laut", "according", "данным", "согласно", "angaben")


# What the text itself is called: "according to the intro" names no source of its own.
_THE_TEXT_ITSELF = frozenset(
    fold(word)
    for word in "intro introduction einleitung einführung teaser überschrift headline "
    "untertitel bericht berichts report autor author journalist journalisten вступление "
    "вступлению заголовку заголовок автору автора журналисту".split()
)


def source_named(folded: str) -> str | None:
    """The words of whom a folded question says what it asks is according to, if it says (not
    the text itself: "laut dem Bericht", "according to the intro")."""
    if not any(word in folded for word in _SOURCE_WORDS):
        return None
    found = _SOURCE.search(folded)
    if found is None:
        return None
    words = [w for w in found[1].split() if w not in _THE_TEXT_ITSELF]
    return " ".join(words) or None


def asks_an_opinion(folded: str) -> bool:
    """Whether a folded question asks the reader's opinion or forecast ("do u think kz will
    join", "meint ihr …", "как думаете …", "who's gonna win")."""
    return any(w in folded for w in _OPINION_WORDS) and _ASKS_AN_OPINION.search(folded) is not None


def without_asides(folded: str) -> str:
    """Folded text without the phrases said around a question ("in the first place", "last
    one:"), which would otherwise be matched as words of it, without the conjunction of a
    clause of time or place ("… when they met"), and with who was somewhere read in a
    statement's order ("why was he in X": "why he was in X", as the catalogue spells it)."""
    if any(word in folded for word in _AROUND_WORDS) and _AROUND.search(folded):
        folded = " ".join(_AROUND.sub(" ", folded).split())
    if any(word in folded for word in _TIME_CLAUSE_WORDS):
        folded = _TIME_CLAUSE.sub("", folded)
    if " up" in folded and _END_UP.search(folded):
        folded = _END_UP.sub(r"\1", folded)
    if " in " in folded and _WAS_SOMEONE_IN.search(folded):
        folded = _WAS_SOMEONE_IN.sub(r"\2 \1 in", folded)
    return folded


# A word each of _IDIOMS's phrases holds: most questions hold none, and are not searched.
_IDIOM_WORDS = (
    "all",
    "все",
    "first",
    "первую",
    "erster",
    "zuallererst",
    "last",
    "one more",
    "letzte",
    "последний",
)


def without_other(folded: str) -> str:
    """A folded text without its words for "other" ("what other fields did he list": after a
    question, the others are those besides what it was answered; see Engine.ask)."""
    others = QUALIFIERS["other"]
    return " ".join(word for word in folded.split() if word not in others)


def qualifiers_of(folded: str) -> frozenset[str]:
    """The qualifier groups a folded text uses."""
    group_of = _GROUP_OF
    if "month" in folded or "monat" in folded or "месяц" in folded:
        folded = _WHICH_MONTH.sub(" ", folded)
    if any(word in folded for word in _IDIOM_WORDS):
        folded = _IDIOMS.sub(" ", folded)
    if any(word in folded for word in _SHARE_WORDS) and _WHICH_SHARE.search(folded):
        folded = f"{folded} percentage"
    if any(word in folded for word in _SIZE_WORDS) and _HOW_BIG.search(folded):
        folded = f"{_HOW_BIG.sub(' ', folded)} size"
    if any(word in folded for word in _STILL_WORDS) and _STILL.search(folded):
        # (Its words are no others: "до сих пор" is no "before", "все еще" no "all".)
        folded = f"{_STILL.sub(' ', folded)} still"
    if any(word in folded for word in _DAY_WORDS) and _PER_DAY.search(folded):
        folded = f"{folded} daily"
    if " end" in folded and _IN_THE_END.search(folded):
        folded = f"{folded} finally"
    if "total" in folded and _IN_TOTAL.search(folded):
        folded = f"{folded} insgesamt"
    # Folded text is its words between single spaces (see normalize.fold).
    words = folded.split()
    one_by_one = _ONE_BY_ONE_WORDS.intersection(words) and _WHICH_EXACTLY.search(folded)
    if group_of.keys().isdisjoint(words) and not one_by_one:
        return _NONE  # most questions
    found = {group_of[w] for w in words if w in group_of}
    if one_by_one:
        found.add(ONE_BY_ONE)
    return frozenset(found)


# "all X": what "all" is said of, the words after it (past an article: "of all the firms").
ALL_OF_WORDS = 3
_ALL_OF = re.compile(
    r"\b(?:alle|aller|allen|all|всех|все) (?:(?:the|die|der|den|des) )?"
    rf"(\w+(?: \w+){{0,{ALL_OF_WORDS - 1}}})"
)


def all_of(folded: str) -> list[str]:
    """What a folded text says "all" of, the few words after it ("wie viel prozent aller firmen
    in …": "firmen in …")."""
    if any(word in folded for word in _IDIOM_WORDS):
        folded = _IDIOMS.sub(" ", folded)
    return _ALL_OF.findall(folded)


class PairQualifiers:
    """What each pair of a knowledge base uses, found when first needed (a question rarely
    asks one, and most pairs are never asked one: nothing is computed at load)."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self._kb = kb
        self._of_pair: dict[int, frozenset[str]] = {}
        self._of_paragraph: dict[int, frozenset[str]] = {}
        self._names_a_day: dict[int, bool] = {}
        self._gives_a_figure: dict[int, bool] = {}
        self._all_of: dict[int, tuple[tuple[str, ...], ...]] = {}
        self._nouns: frozenset[str] | None = None
        self._weekdays: frozenset[str] | None = None

    def of_pair(self, index: int) -> frozenset[str]:
        """The qualifier groups the pair at `index` uses in its phrasings, answers or quotes."""
        found = self._of_pair.get(index)
        if found is None:
            pair = self._kb.pairs[index]
            texts = pair.everything_said()
            found = frozenset().union(*(qualifiers_of(fold(t)) for t in texts))
            if any("%" in t for t in texts):
                found |= {"percentage"}  # ("41 %": folding drops the sign)
            for citation in pair.citations:
                # A month a paragraph names dates what it tells ("Im Oktober … Daraufhin …"):
                # the pairs quoting it are of that month.
                found |= MONTHS & self.of_paragraph(citation.paragraph)
            if any(not SAID_IN_PARTICULAR.isdisjoint(fold(t).split()) for t in texts):
                found |= SINGLED_OUT
            if any(answer.count(",") >= LISTED_COMMAS for answer in pair.answer.values()):
                found |= {ONE_BY_ONE}
            if any("qcount" in answer_types(a) for a in pair.answer.values()):
                found |= ANY_NUMBER
            else:
                # A percentage, a length, a size: a number asked, and the pair's answer gives
                # none ("it would reduce the share going through …" gives no share).
                found -= NUMBERS_ASKED
            self._of_pair[index] = found
        return found

    def all_of_pair(
        self, index: int, tokens: Callable[[str, Language], tuple[str, ...]]
    ) -> tuple[tuple[str, ...], ...]:
        """What the pair at `index` says "all" of, each as the tokens of the words after it
        (`tokens(text, language)` reads them): "41 % of all foreign firms" says it of foreign
        firms, "aller Unternehmen in ausländischem Besitz" of firms in foreign hands."""
        found = self._all_of.get(index)
        if found is None:
            pair = self._kb.pairs[index]
            said = [
                *pair.all_phrasings(),
                *pair.answer.items(),
                *((self._kb.article.language, c.quote) for c in pair.citations),
            ]
            found = tuple(
                tokens(words, lang) for lang, text in said for words in all_of(fold(text))
            )
            self._all_of[index] = found
        return found

    def nouns(self, tokens: Callable[[str, Language], tuple[str, ...]]) -> frozenset[str]:
        """The tokens of the words the article writes with a capital letter (in German: its
        nouns, and the words that start its sentences)."""
        if self._nouns is None:
            article = self._kb.article
            self._nouns = frozenset(
                token
                for paragraph in article.paragraphs
                for word in re.findall(r"\b[^\W\d_][\w-]*", paragraph.text)
                if word[0].isupper()
                for token in tokens(word, article.language)
            )
        return self._nouns

    def missing_all_of(
        self,
        wanted: list[frozenset[str]],
        question: frozenset[str],
        tokens: Callable[[str, Language], tuple[str, ...]],
    ) -> Callable[[int], tuple[str, ...]]:
        """For a question saying "all" of something (each of `wanted`: the tokens of the word
        after "all"; `question`: all its tokens), the pairs that never say "all" of it, or say
        it only of something narrower than the question ("all foreign firms" for "all firms"):
        "qualifier:all-of" (see decide.sink). A pair that says "all" of nothing is missing the
        qualifier already (`missing`)."""

        def says_it(said: tuple[str, ...], word: frozenset[str]) -> bool:
            if word.isdisjoint(said):
                return False
            # All of a thing the question names in a noun: of no narrower thing. All of what an
            # adjective says ("the share of all foreign ones"): what is left unsaid may be what
            # the pair names.
            return question.issuperset(said) or word.isdisjoint(self.nouns(tokens))

        def of_pair(index: int) -> tuple[str, ...]:
            said = self.all_of_pair(index, tokens)
            if not said or all(any(says_it(s, w) for s in said) for w in wanted):
                return ()
            return ("qualifier:all-of",)

        return of_pair

    def weekdays_named(self) -> frozenset[str]:
        """The weekdays the article names: the day of what it tells (of all its pairs: "what did
        they agree on Wednesday" asks what the pair on agreements says, whose paragraph names no
        day). A weekday it never names is asked of no pair ("… on Thursday")."""
        if self._weekdays is None:
            said = frozenset().union(
                *(self.of_paragraph(p.number) for p in self._kb.article.paragraphs)
            )
            self._weekdays = WEEKDAYS & said
        return self._weekdays

    def of_paragraph(self, number: int) -> frozenset[str]:
        """The qualifier groups paragraph `number` uses."""
        found = self._of_paragraph.get(number)
        if found is None:
            paragraph = self._kb.article.paragraph(number)
            found = qualifiers_of(fold(paragraph.text)) if paragraph is not None else frozenset()
            self._of_paragraph[number] = found
        return found

    def passages_saying(
        self, asked: frozenset[str], passages: Callable[[QueryTokens], list[PassageScore]]
    ) -> Callable[[QueryTokens], list[PassageScore]]:
        """`passages` without the paragraphs that do not use every qualifier asked."""

        def saying(query: QueryTokens) -> list[PassageScore]:
            return [p for p in passages(query) if asked <= self.of_paragraph(p.paragraph)]

        return saying

    def without_a_figure(self, index: int) -> tuple[str, ...]:
        """What the pair at `index` misses of a question asking how many exactly: its answer
        gives no figure in digits ("hundreds of thousands" is no exact number; see
        decide.sink)."""
        given = self._gives_a_figure.get(index)
        if given is None:
            answers = self._kb.pairs[index].answer.values()
            given = self._gives_a_figure[index] = any(_DIGIT.search(a) for a in answers)
        return () if given else ("qualifier:exact",)

    def without_a_day(self, index: int) -> tuple[str, ...]:
        """What the pair at `index` misses of a question asking which day: its answer names no
        date and no weekday (see decide.sink)."""
        said = self._names_a_day.get(index)
        if said is None:
            pair = self._kb.pairs[index]
            said = self._names_a_day[index] = any(
                names_a_day(fold(answer)) for answer in pair.answer.values()
            )
        return () if said else (WITHOUT_A_DAY,)

    def missing(self, asked: frozenset[str]) -> Callable[[int], tuple[str, ...]]:
        """The qualifiers a question asks that a pair never uses, by the pair's index, each as
        "qualifier:<group>" (see decide.sink)."""

        def of_pair(index: int) -> tuple[str, ...]:
            return tuple(f"qualifier:{group}" for group in sorted(asked - self.of_pair(index)))

        return of_pair
