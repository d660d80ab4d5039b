"""Words that exclude each other: a question naming one of them, of a pair that names another
and never the one asked, is not that pair's question.

Three kinds. Things of one kind (`Kinds`: the catalogue's [contrasts] table, groups of canonical
tokens such as oil, gas, electricity): "how much gas goes through the oil pipeline" is not asked
of the pair on its oil. And peoples (`Peoples`): the entity tokens make a people's adjective its
country ("die schwedischen Firmen" are about Sweden), which is right for what a question is
about and blind to whose it is: "wie viele norwegische Firmen gibt es in Schweden" has the
tokens of "wie viele schwedische Firmen gibt es in Norwegen", "ethnic Danes" those of "ethnic
Swedes" in Norway. The catalogue's [nationalities] table (knowledge/aliases.toml) names each
people with the words for it, nouns and adjectives, a trailing `*` for any ending
("schwedisch*").

A question naming one of a group that a pair never names (in its phrasings, answers and quotes),
of a pair that names another of the group, is for that pair like a question naming a country it
never names (`Scored.missing_entities`): the pair may be offered, never given as the answer. A
pair that names none of a group says nothing against it ("Norwegian oil" may well be the pair
on Norway's oil).

And the roles of names (`Relations`): "what did she say to him" is not "what did he say to her",
"which goods does A ban from B" not "which goods does B ban from A". A name after a word of
direction ("from", "to", "aus", "nach", "из", "к") holds that role, and so does a Russian name
in the dative beside a verb of saying ("что Шольц сказал Токаеву": "to"), and a people's
adjective before goods ("norwegian grain" comes "from" Norway's people); a name after a word for
a part ("which part of Norway") is the whole it is of. A question that swaps two
names' roles, giving a role to a name the pair never gives it while naming the one the pair gives
it, is not that pair's. (Only a swap: "where does the water from the dam go" gives "from" to
the dam where the pair says water "from the mountains", and names no mountains.) A part of
one whole is no part of another: that role sinks the pair without a swap. Nor is a swap needed
when the name given the role is one the article implies everywhere (its main subject, which
names nothing in particular elsewhere): "how many fled to <the subject>" is not "how many fled
to the region", though it need not name the region.

And names the knowledge never uses (`unknown_names`): "the port of Batumi", "в газете Егемен"
name a port, a newspaper no pair is about, so none answers for it.

What a pair names is found once per pair, when a question first names one of a group of it (as
qualifiers.py does): nothing is computed at load.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from itertools import pairwise

from bot.engine.knowledge import LANGUAGES, KnowledgeBase, Language
from bot.engine.normalize import Normalizer, fold

_NOTHING: frozenset[str] = frozenset()
# What a pair is marked as missing when it is another people's, or of another kind.
PEOPLE = "people"
OTHER_KIND = "other-kind"
ROLE = "role"

# Words giving the name after them a role, and the language they are read in: where something
# comes from, where or to whom it goes. (General language, as the qualifiers' words are.)
DIRECTIONS: dict[str, tuple[str, Language]] = {
    "aus": ("from", "de"),
    "from": ("from", "en"),
    "из": ("from", "ru"),
    "nach": ("to", "de"),
    "zu": ("to", "de"),
    "to": ("to", "en"),
    "into": ("to", "en"),
    "к": ("to", "ru"),
    "ко": ("to", "ru"),
    "via": ("via", "en"),
    # Leaving a place is coming from it ("firms that left Norway").
    "left": ("from", "en"),
    "leave": ("from", "en"),
    "leaves": ("from", "en"),
    "leaving": ("from", "en"),
}
# Words of direction German puts after the name ("die Norwegen verlassen haben"): the name
# before them holds the role.
DIRECTIONS_AFTER: dict[str, tuple[str, Language]] = {
    "verlassen": ("from", "de"),
    "verliessen": ("from", "de"),
    "verlasst": ("from", "de"),
}
# Words for a part of a whole: the name after one is the whole ("which part of Norway", "welcher
# Teil Schwedens", "какая часть норвегии"), and a part of one whole is no part of another: a
# question giving the role to a name the pair never gives it, of a pair giving it to another,
# is not that pair's, swap or not (EXCLUSIVE).
PART_WORDS = (
    "teil teile teils landesteil region regionen part parts region regions "
    "часть части регион региона регионы"
).split()


def _read_as(word: str) -> Language:
    """The language a word is read in where its own is not known: Russian in Cyrillic, else
    English (whose stemmer leaves German words alone; the catalogue names both)."""
    return "ru" if word[:1] >= "\u0400" else "en"


PARTS: dict[str, tuple[str, Language]] = {word: ("of", _read_as(word)) for word in PART_WORDS}
# Words for one who stands to another (general language, folded, with their common forms): the
# name whose partner, president, capital … it is, is the one said possessively with it ("the
# trade partner of Norway", "Norway's trade partner", "Handelspartner Norwegens", "партнер
# Норвегии"); one country's partner is no other's (EXCLUSIVE).
RELATIONAL_WORDS = frozenset(
    "partner partners partnern handelspartner handelspartners handelspartnern "
    "prasident prasidenten president presidents investor investoren investors "
    "hauptstadt capital nachbar nachbarn neighbour neighbours neighbor neighbors "
    "verbundeter verbundete verbundeten ally allies "
    "партнер партнера партнеру партнером партнеры партнеров президент президента президенту "
    "президентом инвестор инвестора инвестором столица столицей столицы сосед соседи соседом "
    "союзник союзника союзником союзники".split()
)
# Words between such a word and the name after it ("partner of the EU", "Partner der EU").
_OF_WORDS = frozenset("of the von der des".split())
# How many words (adjectives) may stand between a possessive name and the word ("Norway's most
# important trading partner").
_WHOSE_REACH = 4
EXCLUSIVE = frozenset({"of", "by", "whose"})
# A speaker the pair never gives (in a phrasing, or first in its answer) is not its speaker.
SAID_BY_ITSELF = frozenset({"by"})
# How many words after a word of direction a name may stand ("aus dem fernen Land").
_ROLE_REACH = 2
# Words for goods (general language, read through the catalogue): a people's adjective before
# one ("norwegian fish", "schwedisches Holz", "норвежская нефть") says where they come from,
# as "aus"/"from" does. (Not before every noun: "das schwedische Importverbot" is Sweden's ban.)
GOODS_WORDS = (
    "goods products produce grain fruit oil gas electricity weapons arms "
    "waren produkte erzeugnisse getreide obst öl rohöl gas strom waffen "
    "товары продукты продукция зерно фрукты нефть газ электричество оружие"
).split()


# Starred spellings ("russisch*") are looked up by this many first letters.
_PREFIX_KEY = 3


class Peoples:
    """The peoples of a knowledge base's catalogue: those a question names, those each pair
    names."""

    def __init__(self, kb: KnowledgeBase, normalizer: Normalizer | None = None) -> None:
        self._kb = kb
        self._normalizer = normalizer
        # Whole words, and the beginnings of starred ones by their first letters: a word is
        # looked up, not a pattern of every spelling run over the text.
        self._words: dict[str, str] = {}
        prefixes: dict[str, list[tuple[str, str]]] = {}
        for people, spellings in kb.aliases.nationalities.items():
            for spelling in spellings:
                word = fold(spelling.removesuffix("*"))
                if spelling.endswith("*"):
                    prefixes.setdefault(word[:_PREFIX_KEY], []).append((word, people))
                else:
                    self._words[word] = people
        self._prefixes = {key: tuple(found) for key, found in prefixes.items()}
        self._of_pair: dict[int, frozenset[str]] = {}
        self._of_things: dict[int, frozenset[tuple[str, str]]] = {}
        self._relational_tokens: frozenset[str] | None = None

    def of(self, folded: str) -> frozenset[str]:
        """The peoples a folded text (see normalize.fold) names."""
        words = folded.split()
        key = _PREFIX_KEY
        starred = [w for w in words if w[:key] in self._prefixes]
        whole = self._words.keys() & words
        if not starred and not whole:
            return _NOTHING  # most questions
        found = {self._words[w] for w in whole}
        for word in starred:
            for start, people in self._prefixes[word[:key]]:
                if word.startswith(start):
                    found.add(people)
                    break
        return frozenset(found)

    def _people_of_word(self, word: str) -> str | None:
        people = self._words.get(word)
        if people is None:
            for start, candidate in self._prefixes.get(word[:_PREFIX_KEY], ()):
                if word.startswith(start):
                    return candidate
        return people

    def of_things(
        self,
        folded: str,
        language: Language,
        tokens: Callable[[str, Language], tuple[str, ...]],
        nouns: frozenset[str],
    ) -> frozenset[tuple[str, str]]:
        """The peoples a folded text says of a thing, with the thing's token: "in which Norwegian
        newspaper" says (Norwegian, newspaper). `tokens(word, language)` reads the thing, which
        is one of `nouns` (tokens; "Russen leben …" says nothing of a thing)."""
        # (A name spelt with a people's word is no people's thing: "the Russian president".)
        if self._normalizer is not None:
            folded = self._normalizer.names_joined(folded)
        words = folded.split()
        found: set[tuple[str, str]] = set()
        for word, after in pairwise(words):
            people = self._people_of_word(word)
            if people is not None:
                thing = tokens(after, language)
                if thing and thing[0] in nouns and not self._relational(thing[0], tokens):
                    found.add((people, thing[0]))
        return frozenset(found)

    def _relational(self, token: str, tokens: Callable[[str, Language], tuple[str, ...]]) -> bool:
        """Whether a token is of a word of relation (RELATIONAL_WORDS): "a Norwegian ally" is an
        ally of Norway, "the Danish president" one of two the text may name; no people's thing."""
        if self._relational_tokens is None:
            self._relational_tokens = frozenset(
                t for word in RELATIONAL_WORDS for lang in LANGUAGES for t in tokens(word, lang)
            )
        return token in self._relational_tokens

    def missing_of_things(
        self,
        asked: frozenset[tuple[str, str]],
        tokens: Callable[[str, Language], tuple[str, ...]],
        nouns: frozenset[str],
    ) -> Callable[[int], tuple[str, ...]]:
        """What a pair misses of the peoples a question says of things, by index: the pair says
        the thing is another people's, never the question's ("which Norwegian newspaper" of a
        pair on "the Danish newspaper"), whatever peoples it names elsewhere."""

        def of_pair(index: int) -> tuple[str, ...]:
            said = self.of_things_of_pair(index, tokens, nouns)
            for people, thing in asked:
                others = {p for p, t in said if t == thing}
                if others and people not in others:
                    return (PEOPLE,)
            return ()

        return of_pair

    def of_things_of_pair(
        self, index: int, tokens: Callable[[str, Language], tuple[str, ...]], nouns: frozenset[str]
    ) -> frozenset[tuple[str, str]]:
        """The peoples the pair at `index` says of things (see `of_things`)."""
        found = self._of_things.get(index)
        if found is None:
            pair = self._kb.pairs[index]
            said = [
                *pair.all_phrasings(),
                *pair.answer.items(),
                *((self._kb.article.language, c.quote) for c in pair.citations),
            ]
            found = frozenset().union(
                *(self.of_things(fold(text), lang, tokens, nouns) for lang, text in said)
            )
            self._of_things[index] = found
        return found

    def of_pair(self, index: int) -> frozenset[str]:
        """The peoples the pair at `index` names in its phrasings, answers or quotes."""
        found = self._of_pair.get(index)
        if found is None:
            texts = self._kb.pairs[index].everything_said()
            found = self._of_pair[index] = self.of(" ".join(map(fold, texts)))
        return found

    def missing(self, asked: frozenset[str]) -> Callable[[int], tuple[str, ...]]:
        """What a pair misses of the peoples a question names (see `contradicts`), by index."""

        def of_pair(index: int) -> tuple[str, ...]:
            return (PEOPLE,) if contradicts(asked, self.of_pair(index)) else ()

        return of_pair


class Kinds:
    """The catalogue's groups of tokens of one kind: those a question names, and those each
    pair names (its phrasings and answers as the matcher read them, and its quotes)."""

    def __init__(
        self,
        kb: KnowledgeBase,
        normalizer: Normalizer,
        evidence: Sequence[frozenset[str]],
    ) -> None:
        self._kb = kb
        self._normalizer = normalizer
        # Each pair's phrasing and answer tokens, as the matcher holds them (Matcher.pair_evidence).
        self._evidence = evidence
        self._groups = tuple(frozenset(g) for g in kb.aliases.contrasts.values() if g)
        self._members = frozenset().union(*self._groups)
        self._of_pair: dict[int, frozenset[str]] = {}

    def of_pair(self, index: int) -> frozenset[str]:
        """The tokens of any group the pair at `index` names."""
        found = self._of_pair.get(index)
        if found is None:
            named = set(self._evidence[index] & self._members)
            article = self._kb.article.language
            for citation in self._kb.pairs[index].citations:
                named.update(
                    self._members.intersection(self._normalizer.tokens(citation.quote, article))
                )
            found = self._of_pair[index] = frozenset(named)
        return found

    def missing(
        self,
        tokens: Sequence[str],
        best: int | None = None,
        nouns: Callable[[], frozenset[str]] = frozenset,
    ) -> Callable[[int], tuple[str, ...]] | None:
        """What a pair misses of the kinds a question's tokens name, by index; None when they
        name none. Where the `best` pair (before any is sunk) names another of a group, the
        question asks of that group what the best pair says otherwise: a pair naming nothing
        of it does not answer either ("could the east get a blackout too", asked of the pair
        on the west's blackout and of the one on the shared grid, which names no part). A
        group of things (one of `nouns()` among them, no name the article implies) a pair names
        nothing of is not what it is about ("does it export electricity", of the pair on the
        shared grid, which speaks of no export nor import)."""
        held = self._members.intersection(tokens)
        if not held:
            return None
        asked = [(held & group, group) for group in self._groups if held & group]
        contested = (
            [a for a, group in asked if contradicts(a, self.of_pair(best) & group)]
            if best is not None
            else []
        )

        implicit, of_things = self._kb.article.implicit_entities, nouns()
        things = [
            group
            for _, group in asked
            if not group.isdisjoint(of_things) and group.isdisjoint(implicit)
        ]

        def of_pair(index: int) -> tuple[str, ...]:
            named = self.of_pair(index)
            if any(contradicts(a, named & group) for a, group in asked):
                return (OTHER_KIND,)
            if any(named.isdisjoint(group) for group in things):
                return (OTHER_KIND,)
            if any(a.isdisjoint(named) for a in contested):
                return (OTHER_KIND,)
            return ()

        return of_pair


# Russian "в"/"во" and the beginnings of Russian verbs of going (moved, fled, flew, went): "в"
# within _MOTION_REACH words after one is where to.
_INTO = frozenset({"в", "во"})
_MOTION = (
    "перее",
    "переб",
    "уеха",
    "уезж",
    "сбеж",
    "беж",
    "приех",
    "приезж",
    "прилет",
    "полет",
    "поеха",
    "емигр",  # ("эмигр…", folded)
    "отправ",
    "сбега",
    "уход",
    "ушл",
)
_MOTION_REACH = 2
_GOING_INTO: tuple[str, Language] = ("to", "ru")


# Russian verbs of saying (their beginnings): the name in the dative beside one is whom it was
# said to. (A dative alone is as often "for" or "according to": "зачем Путину", "по Путину".)
_SAYING = ("сказ", "заяв", "ответ", "говор", "сообщ", "обещ", "пообещ", "предлож", "передал")
# The endings of a Russian masculine name in the dative ("Токаеву", "Шольцу").
_DATIVE_ENDINGS = ("у", "ю")


def _addressed(words: Sequence[str]) -> list[str]:
    """The words beside a Russian verb of saying that end as a dative does."""
    found = []
    for i, word in enumerate(words):
        if word.startswith(_SAYING):
            for near in (words[i - 1] if i else "", words[i + 1] if i + 1 < len(words) else ""):
                if len(near) > 3 and near.endswith(_DATIVE_ENDINGS):
                    found.append(near)
    return found


# Who said what is asked (in English, or did): the name after "what did … say", "was hat …
# gesagt", "was sagte …", "что сказал …", or before the Russian verb ("что Иванов сказал"). A
# pair that gives the word to another ("what did the mayor tell the minister") does not answer
# what the minister said; a speaker is one, so no swap is needed (EXCLUSIVE). (German and
# Russian verbs of doing are left out: a government's seat does what its country does.)
_SPEAKER = re.compile(
    r"\bwhat (?:did|has|had) (\w+(?: \w+)?) (?:actually |really )?"
    r"(?:say|tell|write|call|announce|claim|do)\b|"
    r"\bwas (?:hat|hatte) (\w+(?: \w+)?) (?:\w+ ){0,4}?"
    r"(?:gesagt|geschrieben|erklart|gemeint|angekundigt)\b|"
    r"\bwas (?:sagte|sagt|schrieb|meinte|erklarte) (\w+(?: \w+)?)\b|"
    r"\bчто (?:сказал|сказала|написал|заявил|говорил|ответил) (\w+)|"
    r"\bчто (\w+) (?:сказал|сказала|написал|заявил|говорил|ответил)\b"
)
_SPEAKER_WORDS = ("what ", "was ", "что ")
# The question words of asking who someone is, or their name.
_WHO_OR_NAME = frozenset({"qwho", "qname"})
# How many of an answer's first tokens may be whom it is about.
_SUBJECT_REACH = 2


class Relations:
    """The roles names hold in a text (after a word of direction, DIRECTIONS): those a question
    gives, those each pair gives."""

    def __init__(self, kb: KnowledgeBase, normalizer: Normalizer, peoples: Peoples) -> None:
        self._kb = kb
        self._normalizer = normalizer
        self._peoples = peoples
        self._entities = normalizer.entities
        self._implicit = kb.article.implicit_entities
        self._goods = frozenset(
            token
            for word in GOODS_WORDS
            for language in LANGUAGES
            for token in normalizer.tokens_of_folded(fold(word), language)
        )
        self._of_pair: dict[int, dict[str, frozenset[str]]] = {}

    def of(self, folded: str, peoples: frozenset[str] | None = None) -> dict[str, frozenset[str]]:
        """The names a folded text gives each role ("from", "to"), by role. `peoples` are the
        peoples it names (Peoples.of), if the caller has them."""
        words = folded.split()
        # (The verbs of saying are Russian: ASCII text has none.)
        datives = [] if folded.isascii() else _addressed(words)
        if peoples is None:
            peoples = self._peoples.of(folded)
        origins = self._origins(words) if peoples else set()
        speakers = self._speakers(folded)
        owners = self._owners(words) if not RELATIONAL_WORDS.isdisjoint(words) else set()
        if (
            not datives
            and not origins
            and not speakers
            and not owners
            and DIRECTIONS.keys().isdisjoint(words)
            and DIRECTIONS_AFTER.keys().isdisjoint(words)
            and PARTS.keys().isdisjoint(words)
            and _INTO.isdisjoint(words)
        ):
            return {}  # most questions
        found: dict[str, set[str]] = {}
        if origins:
            found["from"] = origins
        if speakers:
            found["by"] = speakers
        if owners:
            found["whose"] = owners
        tokens_of = self._normalizer.tokens_of_folded
        for word in datives:
            # Whom something was said to, in Russian: a name in the dative beside a verb of
            # saying ("что Шольц сказал Токаеву").
            named = tokens_of(word, "ru")
            if named and named[0] in self._entities:
                found.setdefault("to", set()).add(named[0])
        for i, word in enumerate(words):
            before = DIRECTIONS_AFTER.get(word)
            if before is not None:
                role, language = before
                for name in reversed(
                    tokens_of(" ".join(words[max(0, i - _ROLE_REACH) : i]), language)
                ):
                    if name in self._entities:
                        found.setdefault(role, set()).add(name)
                        break
                continue
            direction = DIRECTIONS.get(word) or PARTS.get(word)
            if word == "to" and i and words[i - 1] == "no":
                continue  # "said no to BRICS" refused it, said nothing to it
            if (
                direction is None
                and word in _INTO
                and any(w.startswith(_MOTION) for w in words[max(0, i - _MOTION_REACH) : i])
            ):
                # Russian "в" is "into" after a verb of going ("уехали в …"), else mostly "in".
                direction = _GOING_INTO
            if direction is None:
                continue
            role, language = direction
            # The first token after it, if it is a name (articles are no token).
            after = tokens_of(" ".join(words[i + 1 : i + 1 + _ROLE_REACH]), language)
            if after and after[0] in self._entities:
                found.setdefault(role, set()).add(after[0])
        return {role: frozenset(names) for role, names in found.items()}

    def _speakers(self, folded: str) -> set[str]:
        """The names of whoever a folded text asks what they said or did (_SPEAKER), but for
        those the article implies everywhere (its main subject speaks through many)."""
        if not any(word in folded for word in _SPEAKER_WORDS):
            return set()
        found: set[str] = set()
        for match in _SPEAKER.finditer(folded):
            said_by = next(group for group in match.groups() if group)
            language = _read_as(said_by)
            for token in self._normalizer.tokens_of_folded(said_by, language):
                if token in self._entities and token not in self._implicit:
                    found.add(token)
        return found

    def _owners(self, words: Sequence[str]) -> set[str]:
        """The names said possessively with a word of RELATIONAL_WORDS: after it ("of the EU",
        a German genitive "Norwegens", a Russian one "Норвегии") or before it ("Norway's …",
        "Norwegens …")."""
        found: set[str] = set()
        for i, word in enumerate(words):
            if word not in RELATIONAL_WORDS:
                continue
            j = i + 1
            while j < len(words) and j - i <= 2 and words[j] in _OF_WORDS:
                j += 1
            if j < len(words):
                after = words[j]
                name = self._name(after)
                if name is not None and (
                    j > i + 1 or not after.isascii() or self._possessive(after) == name
                ):
                    found.add(name)
            for k in range(i - 1, max(-1, i - 1 - _WHOSE_REACH), -1):
                before = words[k]
                if before == "s" and k > 0:
                    name = self._name(words[k - 1])
                elif before.isascii():
                    name = self._possessive(before)
                else:
                    name = None
                if name is not None:
                    found.add(name)
                    break
        return found

    def _name(self, word: str) -> str | None:
        """The entity a word names, if it names one."""
        tokens = self._normalizer.tokens_of_folded(word, _read_as(word))
        return tokens[0] if tokens and tokens[0] in self._entities else None

    def _possessive(self, word: str) -> str | None:
        """The entity a word ending in a possessive "s" names, when the word without it names
        it too ("norwegens", "norways"; not "brics")."""
        if len(word) < 4 or not word.endswith("s"):
            return None
        name = self._name(word[:-1])
        return name if name is not None and self._name(word) == name else None

    def _origins(self, words: Sequence[str]) -> set[str]:
        """The names of peoples whose adjective stands before goods ("norwegian oil")."""
        found: set[str] = set()
        tokens_of = self._normalizer.tokens_of_folded
        for word, after in pairwise(words):
            if not self._peoples.of(word):
                continue
            language = _read_as(word)
            if self._goods.intersection(tokens_of(after, language)):
                named = tokens_of(word, language)
                if named:
                    found.add(named[0])
        return found

    def of_pair(self, index: int) -> dict[str, frozenset[str]]:
        """The names the pair at `index` gives each role in its phrasings, answers or quotes."""
        found = self._of_pair.get(index)
        if found is None:
            pair = self._kb.pairs[index]
            # (Names as one word each, as the question's are read: see Engine.answer_one.)
            said = " ".join(map(fold, pair.everything_said()))
            found = self.of(self._normalizer.names_joined(said))
            # Whoever its answer names first says or does what it tells ("the mayor refused to
            # sign …", "according to the mayor, …"); not in the answer to who someone is or
            # what their name is ("Jane Doe; she met him in …"), which names whom it asks.
            subjects = (
                set()
                if any(self._asks_who(q, lang) for lang, q in pair.question.items())
                else {
                    first
                    for language, answer in pair.answer.items()
                    for first in self._first_tokens(answer, language)
                    if first in self._entities
                }
            )
            if subjects:
                found = {**found, "by": found.get("by", _NOTHING) | subjects}
            self._of_pair[index] = found
        return found

    def _asks_who(self, question: str, language: Language) -> bool:
        """Whether a pair's question asks who someone is or their name (near its start)."""
        asked = self._normalizer.tokens_of_folded(fold(question), language)[: _SUBJECT_REACH + 2]
        return not _WHO_OR_NAME.isdisjoint(asked)

    def _first_tokens(self, text: str, language: Language) -> tuple[str, ...]:
        return self._normalizer.tokens_of_folded(fold(text), language)[:_SUBJECT_REACH]

    def missing(
        self, asked: dict[str, frozenset[str]], tokens: Sequence[str]
    ) -> Callable[[int], tuple[str, ...]]:
        """What a pair misses of the roles a question with `tokens` gives, by index: a role
        the question gives a name the pair never gives it, while the question names one the
        pair gives it (a swap)."""
        named_in_question = self._entities.intersection(tokens)

        def of_pair(index: int) -> tuple[str, ...]:
            named = self.of_pair(index)
            for role, names in asked.items():
                theirs = named.get(role, _NOTHING)
                others = (
                    theirs - names
                    if role in EXCLUSIVE or names <= self._implicit
                    else (theirs - names) & named_in_question
                )
                if names - theirs and (others or role in SAID_BY_ITSELF):
                    return (ROLE,)
            return ()

        return of_pair


def contradicts(asked: frozenset[str], named: frozenset[str]) -> bool:
    """A question naming peoples a pair never names, of a pair that names others."""
    return bool(asked - named) and bool(named - asked)


# Words for a kind of named thing (general language): the word that names one (after "of"/
# "von", after the Russian word, before the English one), if no text of the knowledge uses it
# and it is no word of general language, names one the knowledge does not know ("the port of
# Batumi", "в газете Егемен"): no pair answers for it (see unknown_names).
NAMED_KINDS = frozenset(
    "port hafen порт порта порту порте newspaper zeitung газета газете газеты газету "
    "agency agentur агентство агентства city stadt город города городе".split()
)
# Words between a kind and its name ("the port of …", "der Hafen von …").
_OF = frozenset("of von".split())


def unknown_names(words: Sequence[str], known: Callable[[Sequence[str], int], bool]) -> list[str]:
    """The words beside a word for a kind of named thing (NAMED_KINDS) that `known(words, i)`
    does not know: names of things of that kind the knowledge never names."""
    found: list[str] = []
    for i, word in enumerate(words):
        if word not in NAMED_KINDS:
            continue
        if i + 1 < len(words) and words[i + 1] in _OF:
            name = [i + 2] if i + 2 < len(words) else []  # "the port of …", "der Hafen von …"
        elif i + 1 < len(words) and word[:1] >= "\u0400":
            name = [i + 1]  # Russian: "порт Актау", "в газете Егемен"
        else:
            # English: "the Batumi port" (German puts verbs last: "… Hafen rausgeht").
            name = [i - 1] if i and _read_as(word) == "en" and word.isascii() else []
        found.extend(words[j] for j in name if not known(words, j))
    return found
