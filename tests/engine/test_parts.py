"""A message that asks two things gets both answers, each with its own citations; a part the
article does not answer is named, not guessed; one question stays one answer."""

from __future__ import annotations

import pytest

from bot.engine import Answered, Engine, parts

PIPELINE = "energie-cpc-pipeline-laenge-route"
PRESIDENT = "besuch-praesident-tokajew"


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.load()


@pytest.mark.parametrize(
    ("message", "pieces"),
    [
        (
            "how long is the cpc pipeline? and who is the president",
            ["how long is the cpc pipeline?", "and who is the president"],
        ),
        (
            "wie lang ist die pipeline und wann war das treffen",
            ["wie lang ist die pipeline", "und wann war das treffen"],
        ),
        (
            "für wen ist das wichtig und zwischen wem vermittelt es?",
            ["für wen ist das wichtig", "und zwischen wem vermittelt es?"],
        ),
        (
            "was sagen analysten und lässt er sich einschüchtern?",
            ["was sagen analysten", "und lässt er sich einschüchtern?"],
        ),
        (
            "сколько жителей в казахстане и кто президент",
            ["сколько жителей в казахстане", "и кто президент"],
        ),
        (
            "wie lang ist die pipeline, wem gehört sie",
            ["wie lang ist die pipeline", "wem gehört sie"],
        ),
        # A greeting is nothing to ask on its own; nor is a list, or an abbreviation.
        ("hey bot! how long is the pipeline?", ["hey bot! how long is the pipeline?"]),
        (
            "Rosneft, Lukoil und Gazprom: wie viele Firmen?",
            ["Rosneft, Lukoil und Gazprom: wie viele Firmen?"],
        ),
        ("z. B. die Pipeline: wie lang ist sie?", ["z. B. die Pipeline: wie lang ist sie?"]),
        # A full stop after a year ends a sentence; after a day of the month it does not.
        (
            "how did it change since 2022. which port is named",
            ["how did it change since 2022.", "which port is named"],
        ),
        ("was war am 27. november los", ["was war am 27. november los"]),
        # Chat's fillers between the conjunction and the question ("и ещё вопрос …").
        (
            "зачем кз газ а ещё какой порт там упоминается",
            ["зачем кз газ", "а ещё какой порт там упоминается"],
        ),
        (
            "где была встреча, и ещё вопрос сколько школ",
            ["где была встреча", "и ещё вопрос сколько школ"],
        ),
        ("der hafen und ach, wann war das", ["der hafen", "und ach wann war das"]),
        ("gas and oil and btw ok", ["gas and oil and btw ok"]),
        # Chat joins a second question with "außerdem", "btw", "achja" too, no comma needed.
        (
            "wie lang ist die pipeline außerdem wer ist der präsident",
            ["wie lang ist die pipeline", "außerdem wer ist der präsident"],
        ),
        (
            "which newspaper was it btw whats the title",
            ["which newspaper was it", "btw whats the title"],
        ),
        # A preposition and its word between the conjunction and the question word.
        (
            "почему это важно для европы, а для германии что поменялось",
            ["почему это важно для европы", "а для германии что поменялось"],
        ),
        ("Danke. Und wie lang ist die Pipeline?", ["Danke. Und wie lang ist die Pipeline?"]),
        # A yes/no question after "and", a "+" between two questions.
        (
            "what did russia ban and is kz neutral on the war?",
            ["what did russia ban", "and is kz neutral on the war?"],
        ),
        ("how many schools + which anniversary?", ["how many schools", "+ which anniversary?"]),
        # A preposition between the conjunction and the question word; "wozu" after "und".
        (
            "was sagt tokajew zu scholz, und in welchen bereichen wird zusammengearbeitet?",
            ["was sagt tokajew zu scholz", "und in welchen bereichen wird zusammengearbeitet?"],
        ),
        (
            "сколько соглашений хотели подписать и о чём договорились по школам?",
            ["сколько соглашений хотели подписать", "и о чём договорились по школам?"],
        ),
        (
            "warum darf putin nicht reisen und wozu zwingen ihn die sanktionen?",
            ["warum darf putin nicht reisen", "und wozu zwingen ihn die sanktionen?"],
        ),
        # A preposition English puts before "which"; a Russian yes/no question ("… ли"); "чем"
        # after "и" asks.
        (
            "which 5 republics are named, and through which alliance is the order to come",
            ["which 5 republics are named", "and through which alliance is the order to come"],
        ),
        (
            "признал ли токаев днр и как кз относится к украине",
            ["признал ли токаев днр", "и как кз относится к украине"],
        ),
        (
            "сколько жителей и есть ли там русские школы",
            ["сколько жителей", "и есть ли там русские школы"],
        ),
        (
            "что сказал министр и чем это плохо для россии",
            ["что сказал министр", "и чем это плохо для россии"],
        ),
        # After a comma, "wofür" and "чем" go on the same question.
        (
            "Was sagt Putin in seinem Beitrag, wofür Kasachstan wichtig ist?",
            ["Was sagt Putin in seinem Beitrag, wofür Kasachstan wichtig ist?"],
        ),
        ("сколько русских больше, чем казахов?", ["сколько русских больше, чем казахов?"]),
        # After a comma, a relative word or "that" goes on the same sentence.
        (
            "Что Путин имеет в виду, говоря, что Россия на переднем крае?",
            ["Что Путин имеет в виду, говоря, что Россия на переднем крае?"],
        ),
        (
            "what did tokayev, who met putin, say about scholz",
            ["what did tokayev, who met putin, say about scholz"],
        ),
        # A full stop after a short word, before a lower-case word that asks nothing, shortens
        # the word; before a question word it ends a sentence.
        (
            "сколько рос. компаний в кз и какой это процент от иностранных",
            ["сколько рос. компаний в кз", "и какой это процент от иностранных"],
        ),
        ("wie viele russ. firmen gibts", ["wie viele russ. firmen gibts"]),
        # "кем" asks; "через" may stand between the conjunction and the question word.
        (
            "кто главный торговый партнер кз и кем кз является для ес",
            ["кто главный торговый партнер кз", "и кем кз является для ес"],
        ),
        (
            "какие пять республик имеются в виду и через какой блок строится порядок",
            ["какие пять республик имеются в виду", "и через какой блок строится порядок"],
        ),
        ("wie lang ist sie. wer hat sie gebaut", ["wie lang ist sie.", "wer hat sie gebaut"]),
        # A numbered list in one line: each item, however short, without its number.
        (
            "1. wann war das treffen 2. wo 3. wie viele abkommen",
            ["wann war das treffen", "wo", "wie viele abkommen"],
        ),
        ("q1: how long is cpc q2: who is tokayev", ["how long is cpc", "who is tokayev"]),
        # Not a list: a date, one number.
        ("am 27.11. war das treffen, 20 abkommen", ["am 27.11. war das treffen, 20 abkommen"]),
        ("wie lang ist sie: 1500 km?", ["wie lang ist sie: 1500 km?"]),
    ],
)
def test_segments(message: str, pieces: list[str]) -> None:
    from bot.engine.parts import segments

    assert segments(message) == pieces


@pytest.mark.parametrize(
    ("piece", "asking"),
    [
        ("in welcher zeitung hat putin geschrieben", True),  # a question word after "in"
        ("and is kazakhstan neutral", True),
        ("so the text says this country matters", False),
        ("hab das gestern gelesen", False),
        ("и о чём договорились", True),  # a question word after a preposition
        ("und wozu das alles", True),
        ("признал ли токаев днр", True),  # a Russian yes/no question
        ("скока соглашений хотели подписать", True),  # as chat spells "сколько"
        ("gas from russia why", True),  # a question word at the end
        ("gas why", True),
        ("и чем это плохо", True),
        ("и чё там министр сказал", True),  # chat's "что"
        ("больше чем раньше", False),  # "чем" alone is "than"
        # A few words and a colon before the question lead in to it.
        ("кстати еще вопрос: про какие позиции он пишет", True),
        ("frage noch am rande: in welcher stadt war das", True),
        ("strom: das ist ein druckmittel", False),
        # A filler before a yes/no verb ("btw did …"), not before any word.
        ("btw did kazakhstan join brics", True),
        ("btw kazakhstan joined brics", False),
    ],
)
def test_asks(piece: str, asking: bool) -> None:
    from bot.engine.parts import asks

    assert asks(piece) is asking


def test_a_follow_up_of_the_same_question_is_no_part_of_its_own(engine: Engine) -> None:
    result = engine.ask("how long is the pipeline and where does it end")
    assert isinstance(result, Answered)
    assert [p.match.pair_id for p in result.parts] == [PIPELINE]
    assert result.unanswered == ()


def test_two_questions_get_two_answers_each_with_its_citations(engine: Engine) -> None:
    result = engine.ask("how long is the cpc pipeline? and who is the president of kazakhstan")
    assert isinstance(result, Answered)
    assert [p.match.pair_id for p in result.parts] == [PIPELINE, PRESIDENT]
    assert result.match.pair_id == PIPELINE  # the first part is the answer's match
    pipeline, president = result.parts
    assert pipeline.citations
    assert president.citations
    assert set(pipeline.citations).isdisjoint(president.citations)
    assert result.all_citations == (*pipeline.citations, *president.citations)
    assert result.language == "en"
    assert all(p.answer == engine.kb.pair(p.match.pair_id).answer["en"] for p in result.parts)


def test_parts_answer_in_the_language_of_the_message(engine: Engine) -> None:
    result = engine.ask("wie lang ist die cpc pipeline? und wie heißt der präsident kasachstans")
    assert isinstance(result, Answered)
    assert [p.match.pair_id for p in result.parts] == [PIPELINE, PRESIDENT]
    assert all(p.answer == engine.kb.pair(p.match.pair_id).answer["de"] for p in result.parts)


def test_a_part_the_article_does_not_answer_is_named(engine: Engine) -> None:
    message = "how long is the cpc pipeline? and what is the weather like in berlin tomorrow?"
    result = engine.ask(message)
    assert isinstance(result, Answered)
    assert [p.match.pair_id for p in result.parts] == [PIPELINE]
    assert result.unanswered == ("and what is the weather like in berlin tomorrow?",)


def test_a_follow_up_without_words_of_its_own_is_not_a_part(engine: Engine) -> None:
    # "which one" asks more of the same thing: answered by the first part, never "unanswered".
    result = engine.ask("putin wrote for some kazakh paper right? which one")
    assert isinstance(result, Answered)
    assert len(result.parts) == 1
    assert result.unanswered == ()


@pytest.mark.parametrize(
    "question",
    [
        "Why did Putin visit Kazakhstan?",
        "wie lang ist die cpc pipeline",
        "Сколько жителей в Казахстане?",
        "Wie ist das Wetter morgen in Berlin?",
    ],
)
def test_one_question_is_answered_as_one(engine: Engine, question: str) -> None:
    assert engine.ask(question) == engine.answer_one(question)


def test_a_chatty_message_is_answered_by_the_question_in_it(engine: Engine) -> None:
    message = (
        "ok so ive been reading a lot about russian businesses moving abroad after 2022, georgia,"
        " armenia, all that. for kazakhstan specifically, how many russian companies are there?"
    )
    assert engine.answer_one(message).kind != "answer"
    result = engine.ask(message)
    assert isinstance(result, Answered)
    assert result.match.pair_id == "abhaengigkeit-russische-unternehmen-anzahl"


def test_a_word_of_its_own_makes_a_part(engine: Engine) -> None:
    # "the visit" is all the second part says besides its question words: enough to ask.
    result = engine.ask("who did putin meet and what was the visit mainly about?")
    assert isinstance(result, Answered)
    assert [p.match.pair_id for p in result.parts] == [PRESIDENT, "besuch-grund-energiesektor"]


def test_two_parts_overrule_a_whole_that_blends_them(engine: Engine) -> None:
    # Read whole, the message matches a third pair (the share of ethnic Russians) less well than
    # its first part matches the population: each part is answered.
    message = "wie viele einwohner hat kasachstan und wie viele russische schulen kommen dazu?"
    whole = engine.answer_one(message)
    assert isinstance(whole, Answered)
    assert whole.match.pair_id == "gesellschaft-ethnische-russen-anteil"
    result = engine.ask(message)
    assert isinstance(result, Answered)
    assert [p.match.pair_id for p in result.parts] == [
        "gesellschaft-einwohnerzahl-kasachstan",
        "gesellschaft-russische-schulen",
    ]


def test_a_whole_matched_better_than_its_parts_stays_one_answer(engine: Engine) -> None:
    message = (
        "why are the central asian countries getting more important and what has BRICS got to do"
        " with it"
    )
    result = engine.ask(message)
    assert isinstance(result, Answered)
    assert [p.match.pair_id for p in result.parts] == ["zentralasien-bedeutung-brics-weltordnung"]


def test_a_part_about_something_else_is_named_even_near_a_weak_see_also(engine: Engine) -> None:
    result = engine.ask("wie lang ist die pipeline und wie ist das wetter in berlin?")
    assert isinstance(result, Answered)
    assert [p.match.pair_id for p in result.parts] == [PIPELINE]
    assert result.unanswered == ("und wie ist das wetter in berlin?",)


@pytest.mark.parametrize(
    "message",
    [
        # A hedge that asks only by its question mark, or says a word of the answer, goes on it.
        "sry dumb q but who's the kazakh president again? kassym something?",
        "how does kazakhstan stand on the war in ukraine? pro russia?",
    ],
)
def test_a_hedge_after_the_question_is_not_named_unanswered(engine: Engine, message: str) -> None:
    result = engine.ask(message)
    assert isinstance(result, Answered)
    assert result.unanswered == ()


def test_a_part_after_a_greeting_asks_on_its_own() -> None:
    engine = Engine.load()
    result = engine.ask(
        "moin! ist kasachstan verbuendeter russlands und wie abhaengig ist das land beim strom?"
    )
    assert result.kind == "answer"
    cited = {result.match.pair_id, *(part.match.pair_id for part in result.more)}
    assert "abhaengigkeit-partner-verbuendeter-russlands" in cited
    assert len(cited) == 2


@pytest.mark.parametrize(
    ("message", "offered"),
    [
        ("whos kazakhstans biggest trading partner, china?", "china"),
        ("где была встреча? в москве?", "в москве"),
        (
            "Wer ist Kasachstans wichtigster Handelspartner, Russland oder China?",
            "Russland oder China",
        ),
        ("source for the ceyhan thing? reuters or dpa", "reuters or dpa"),
        ("hi, wie lang ist die pipeline?", None),  # what follows the greeting asks itself
        ("wie lang ist die pipeline, und wohin geht sie?", None),
        ("who is the president, it said tokayev but i am not sure about the spelling", None),
        ("where did they meet, astana", None),  # no question mark, no "or": no offer
        # The other of two answers offered after "or", without a comma.
        ("war das treffen am mittwoch oder am donnerstag?", "oder am donnerstag"),
        ("встреча была в среду или в четверг?", "или в четверг"),
        ("встреча была в среду или в четверг", None),  # no question asked
    ],
)
def test_an_answer_offered_after_the_question(message: str, offered: str | None) -> None:
    from bot.engine.parts import offered_answer

    found = offered_answer(message)
    assert (found[1] if found else None) == offered


@pytest.mark.parametrize(
    ("message", "pair_id"),
    [
        # The guess is what the answer confirms or corrects, not what is asked about.
        (
            "whos kazakhstans biggest trading partner, china?",
            "europa-eu-wichtigster-handelspartner-kasachstans",
        ),
        (
            "Wer ist denn Kasachstans wichtigster Handelspartner, Russland oder China?",
            "europa-eu-wichtigster-handelspartner-kasachstans",
        ),
        ("где была встреча? в москве?", "besuch-treffen-wann-wo"),
    ],
)
def test_a_guessed_answer_does_not_stop_the_answer(
    engine: Engine, message: str, pair_id: str
) -> None:
    result = engine.ask(message)
    assert isinstance(result, Answered)
    assert result.match.pair_id == pair_id


def test_a_place_after_a_count_is_what_is_asked_about(engine: Engine) -> None:
    # "how many …, in Uzbekistan?" asks about Uzbekistan: no answer offered, no guess.
    assert engine.ask("how many people live there, in uzbekistan?").kind != "answer"
    assert engine.ask("wie viele einwohner gibt es, in usbekistan?").kind != "answer"


@pytest.mark.parametrize(
    ("message", "second"),
    [
        # "that"/"das"/"этом" is what the first part asked about: of the two agencies the
        # article names, the one that reported it.
        (
            "welcher hafen in der tuerkei wird genannt und welche agentur hat das berichtet",
            "energie-reuters-bericht",
        ),
        ("how many agreements were planned, and which agency reported it?", "abkommen-quelle-dpa"),
        ("какой турецкий порт и кто об этом сообщил", "energie-reuters-bericht"),
        # Alone, "welche agentur hat das übermittelt" is nearly nothing ("übermittelt" is known
        # nowhere); of what the part before asked, the agency that reported it.
        (
            "welcher minister sprach von mehr öl über ceyhan und welche agentur hat das "
            "übermittelt",
            "energie-reuters-bericht",
        ),
        # "they"/"они" are the things the part before asked about: the five republics' role,
        # not Russia's strategic aims.
        (
            "which five countries are listed and what role do they play geopolitically",
            "zentralasien-geopolitische-rolle-hemisphaeren",
        ),
        (
            "какие пять стран названы и какую роль они играют геополитически",
            "zentralasien-geopolitische-rolle-hemisphaeren",
        ),
        # Russia is a name the answer before holds: "what did Russia do" has one word of its
        # own, and asks what followed the falling-out.
        ("почему в октябре испортились отношения и что сделала россия", "spannungen-importverbot"),
        ("warum gab es im oktober streit und was hat russland gemacht", "spannungen-importverbot"),
        # A part with one word of its own asks of what the part before asked about.
        ("how many agreements and what sectors", "abkommen-bereiche-zusammenarbeit"),
        ("wie viele abkommen + in welchen bereichen?", "abkommen-bereiche-zusammenarbeit"),
    ],
)
def test_a_part_that_refers_back_is_answered_in_context(
    engine: Engine, message: str, second: str
) -> None:
    result = engine.ask(message)
    assert isinstance(result, Answered)
    assert [p.match.pair_id for p in result.parts][1:] == [second]


def test_a_part_that_fits_already_keeps_its_answer(engine: Engine) -> None:
    result = engine.ask("wie viele einwohner hat kasachstan und wie viele davon sind russen")
    assert isinstance(result, Answered)
    assert "gesellschaft-ethnische-russen-anteil" in {p.match.pair_id for p in result.parts}


@pytest.mark.parametrize(
    ("message", "pair_ids", "unanswered"),
    [
        # A question word alone at the end asks it of the question before.
        (
            "which farm products got banned and why",
            ["spannungen-importverbot-waren", "spannungen-importverbot"],
            (),
        ),
        (
            "какие товары запретила россия и почему",
            ["spannungen-importverbot-waren", "spannungen-importverbot"],
            (),
        ),
        # The article gives no reason for the pipeline's length: that part is named, not
        # guessed.
        ("how long is the cpc pipeline and why", [PIPELINE], ("and why",)),
    ],
)
def test_a_question_word_at_the_end_asks_it_of_the_question(
    engine: Engine, message: str, pair_ids: list[str], unanswered: tuple[str, ...]
) -> None:
    result = engine.ask(message)
    assert isinstance(result, Answered)
    assert [p.match.pair_id for p in result.parts] == pair_ids
    assert result.unanswered == unanswered


@pytest.mark.parametrize(
    ("message", "pair_ids"),
    [
        # The part alone cannot tell the newspaper's statement on oil and gas from the agency's
        # report; the whole message is answered by the statement: that is what it asks.
        (
            "what newspaper did putin write in + what did he say about oil n gas",
            ["besuch-zeitung-kazakhstanskaya-pravda", "energie-oel-gas-zusammenarbeit"],
        ),
        # "how many russian firms" fits the count and the share alike; the second part asks
        # the share, so the first asks the count.
        (
            "wie viele russ. firmen gibt es und wie viel prozent der ausländischen firmen sind das",
            [
                "abhaengigkeit-russische-unternehmen-anzahl",
                "abhaengigkeit-russische-unternehmen-anteil-auslaendische",
            ],
        ),
        # Alone, "who does kz share its power grid with" is offered its one pair (a weak
        # match): beside an answered part, that one pair answers it.
        (
            "who does kz share its power grid with, and how long is the cpc pipeline",
            ["abhaengigkeit-stromnetz", PIPELINE],
        ),
    ],
)
def test_a_part_left_to_pick_is_settled_by_the_message(
    engine: Engine, message: str, pair_ids: list[str]
) -> None:
    result = engine.ask(message)
    assert isinstance(result, Answered)
    assert [p.match.pair_id for p in result.parts] == pair_ids


def test_a_part_whose_best_pair_another_part_has_asks_it_again(engine: Engine) -> None:
    # "wie das mit dem strom ist" fits the grid pair best, which the last part is answered by:
    # the same thing asked twice, not the blackout pair just below it.
    message = (
        "frag mich, wie das mit dem strom ist, also warum sind die so auf russland angewiesen?"
    )
    result = engine.ask(message)
    assert isinstance(result, Answered)
    assert "abhaengigkeit-blackout-westen" not in {p.match.pair_id for p in result.parts}


@pytest.mark.parametrize(
    ("message", "pair_ids", "unanswered"),
    [
        # A part with only a question word asks it of the part before: the meeting's date.
        (
            "who did putin meet and on what date",
            ["besuch-praesident-tokajew", "besuch-treffen-wann-wo"],
            (),
        ),
        # The article gives no year for the population: named, not a year from elsewhere.
        (
            "сколько жителей в казахстане и с какого года?",
            ["gesellschaft-einwohnerzahl-kasachstan"],
            ("и с какого года?",),
        ),
        # Nor whom the pipeline belongs to: named, not offered as the pipeline's pair again.
        ("wie lang ist die cpc pipeline und wem gehört sie?", [PIPELINE], ("und wem gehört sie?",)),
    ],
)
def test_a_part_of_only_a_question_word_asks_it_of_the_part_before(
    engine: Engine, message: str, pair_ids: list[str], unanswered: tuple[str, ...]
) -> None:
    result = engine.ask(message)
    assert isinstance(result, Answered)
    assert [p.match.pair_id for p in result.parts] == pair_ids
    assert result.unanswered == unanswered


@pytest.mark.parametrize(
    ("message", "unanswered"),
    [
        ("how long is the cpc pipeline and who owns it?", "and who owns it?"),
        ("какой длины трубопровод кпк и кому он принадлежит?", "и кому он принадлежит?"),
    ],
)
def test_an_owner_the_article_never_names_is_named_unanswered(
    engine: Engine, message: str, unanswered: str
) -> None:
    # "who owns it" is not "according to its own statements" (the EU pair's answer): owning
    # is a word of its own, "own" none.
    result = engine.ask(message)
    assert isinstance(result, Answered)
    assert [p.match.pair_id for p in result.parts] == [PIPELINE]
    assert result.unanswered == (unanswered,)


def test_a_numbered_list_gets_an_answer_per_item(engine: Engine) -> None:
    result = engine.ask("1) wann war das treffen 2) wie viele abkommen")
    assert isinstance(result, Answered)
    assert [p.match.pair_id for p in result.parts] == [
        "besuch-treffen-wann-wo",
        "abkommen-anzahl-20",
    ]


def test_a_part_asking_only_of_the_part_befores_subject_is_named_unanswered(
    engine: Engine,
) -> None:
    # "welche wurden unterschrieben" asks of the agreements only: the agency's pair, quoted
    # beside them, is not its answer; the article does not say which were signed.
    message = "wie viele abkommen sollten unterzeichnet werden und welche wurden unterschrieben?"
    result = engine.ask(message)
    assert isinstance(result, Answered)
    assert [p.match.pair_id for p in result.parts] == ["abkommen-anzahl-20"]
    assert result.unanswered == ("und welche wurden unterschrieben?",)


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("cpc pipeline länge + wer ist der präsident?", [PIPELINE, PRESIDENT]),
        ("russian schools & who is the president", ["gesellschaft-russische-schulen", PRESIDENT]),
        (
            "1) pipeline length 2) population of kazakhstan",
            [PIPELINE, "gesellschaft-einwohnerzahl-kasachstan"],
        ),
        # Two things of three words or more joined by "+" or "&", no question word in either.
        (
            "length of the cpc pipeline + number of russian firms in kazakhstan",
            [PIPELINE, "abhaengigkeit-russische-unternehmen-anzahl"],
        ),
        (
            "länge der cpc pipeline & zahl der russischen firmen",
            [PIPELINE, "abhaengigkeit-russische-unternehmen-anzahl"],
        ),
        # A part asking in a noun ("Anzahl": how many) beside a question.
        (
            "anzahl der russischen firmen in kz und welcher anteil der auslaendischen ist das",
            [
                "abhaengigkeit-russische-unternehmen-anzahl",
                "abhaengigkeit-russische-unternehmen-anteil-auslaendische",
            ],
        ),
    ],
)
def test_keywords_listed_beside_a_question_are_asked_too(
    engine: Engine, message: str, expected: list[str]
) -> None:
    """In a message written as a list ("+", "&", numbered items), a part of bare keywords is
    asked as the others are."""
    result = engine.ask(message)
    assert isinstance(result, Answered)
    assert [p.match.pair_id for p in result.parts] == expected


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        # Keywords between commas, or questions asked in words, each item alike.
        ("pipeline length, number of schools", [PIPELINE, "gesellschaft-russische-schulen"]),
        (
            "pipeline wie lang, russische firmen wie viele",
            [PIPELINE, "abhaengigkeit-russische-unternehmen-anzahl"],
        ),
    ],
)
def test_what_a_message_lists_between_commas_is_asked_item_by_item(
    engine: Engine, message: str, expected: list[str]
) -> None:
    result = engine.ask(message)
    assert isinstance(result, Answered)
    assert [p.match.pair_id for p in result.parts] == expected


def test_a_comma_list_needs_alike_items_of_a_few_words() -> None:
    from bot.engine import parts

    assert parts.comma_items("pipeline length, number of schools") == [
        "pipeline length",
        "number of schools",
    ]
    # A question and a remark beside it; a word and a question; a sentence and a question.
    assert parts.comma_items("wie heisst der minister, der mit dem ceyhan ding") == []
    assert parts.comma_items("ok, wie lang ist die pipeline") == []
    assert parts.comma_items("putin meinte in seinem artikel, russland und kz arbeiten wie") == []


def test_a_comma_list_is_answered_only_when_two_items_are(engine: Engine) -> None:
    # One item the article answers, one it does not: what the whole message gets, not a part.
    whole = engine.answer_one("cpc length, number of chinese schools")
    assert engine.ask("cpc length, number of chinese schools") == whole


def test_a_plus_between_keywords_is_no_list() -> None:
    from bot.engine import parts

    assert not parts.is_list("pipeline + kasachstan")
    assert parts.segments("russland + kasachstan beziehung") == ["russland + kasachstan beziehung"]
    assert parts.is_list("pipeline + wie lang ist sie")


def test_a_part_asking_what_came_after_is_answered_in_context(engine: Engine) -> None:
    """ "… und was tat russland daraufhin" asks what followed what the part before asked: the
    pair whose quotes stand next to that answer's."""
    result = engine.ask("wieso gab es im oktober krach mit brics und was tat russland daraufhin")
    assert isinstance(result, Answered)
    assert [p.match.pair_id for p in result.parts] == [
        "spannungen-oktober-brics",
        "spannungen-importverbot",
    ]


def test_a_part_named_unanswered_is_named_without_the_plus_that_joined_it(
    engine: Engine,
) -> None:
    result = engine.ask("which goods did moscow ban + when was that?")
    assert isinstance(result, Answered), result
    assert result.unanswered == ("when was that?",)


@pytest.mark.parametrize(
    "question",
    [
        "in which newspaper was putins article and what was it called",
        "в какой газете статья путина и как она называлась",
        "in welcher zeitung stand putins artikel und wie hieß er",
    ],
)
def test_a_name_asked_again_after_which_is_the_other_things_name(
    engine: Engine, question: str
) -> None:
    """The part before asked which newspaper, its name: "and what was it called" asks the name of
    the other thing it names, the article's title (the pair whose quote stands beside it)."""
    result = engine.ask(question)
    assert isinstance(result, Answered), result
    assert [p.match.pair_id for p in result.parts] == [
        "besuch-zeitung-kazakhstanskaya-pravda",
        "besuch-artikel-titel",
    ]


def test_a_name_asked_after_who_is_the_answer_befores(engine: Engine) -> None:
    # "who" asks a person, whose answer names him: asked his name, one answer says both.
    result = engine.ask("mit wem hat er sich getroffen und wie heisst er")
    assert isinstance(result, Answered), result
    assert [p.match.pair_id for p in result.parts] == ["besuch-praesident-tokajew"]


def test_a_part_asking_who_reported_it_drueber_is_answered_in_context(engine: Engine) -> None:
    # "drüber" refers back as "darüber" does: the agency that reported what the minister said,
    # not the one that reported the agreements.
    result = engine.ask("wer hat das mit ceyhan gesagt und welche agentur hat drüber berichtet")
    assert isinstance(result, Answered), result
    assert [p.match.pair_id for p in result.parts] == [
        "energie-energieminister-rohoelexporte",
        "energie-reuters-bericht",
    ]


@pytest.mark.parametrize(
    "question",
    [
        "what was the main focus of the trip and what other fields did tokayev list?",
        "was war der schwerpunkt des besuchs und in welchen anderen bereichen wird "
        "zusammengearbeitet?",
    ],
)
def test_other_in_a_later_part_is_besides_the_part_befores_answer(
    engine: Engine, question: str
) -> None:
    result = engine.ask(question)
    assert isinstance(result, Answered), result
    assert [p.match.pair_id for p in result.parts] == [
        "besuch-grund-energiesektor",
        "abkommen-bereiche-zusammenarbeit",
    ]
    # Asked alone, "other" still asks of a pair that says it.
    assert engine.ask("what other fields did tokayev list?").kind != "answer"


@pytest.mark.parametrize(
    "question",
    ["wo haben die sich getroffen und mit wem genau", "where did they meet and with whom"],
)
def test_a_question_word_the_part_befores_pair_cannot_answer_is_its_neighbours(
    engine: Engine, question: str
) -> None:
    """Asked with "with whom", the part before is the pair on where and when again, whose
    answer names no one: the pair beside it that names him answers the word."""
    result = engine.ask(question)
    assert isinstance(result, Answered), result
    assert [p.match.pair_id for p in result.parts] == [
        "besuch-treffen-wann-wo",
        "besuch-praesident-tokajew",
    ]


def test_a_question_after_a_dash_asks(engine: Engine) -> None:
    # What stands before the dash is said around the question after it.
    from bot.engine.parts import asks_in_words

    assert asks_in_words("hab den artikel nur überflogen – was war der hauptfokus vom besuch")
    assert not asks_in_words("hab den artikel nur überflogen")
    result = engine.ask(
        "hab den artikel nur überflogen – was war der hauptfokus vom besuch und in welchen "
        "bereichen soll mehr zusammengearbeitet werden?"
    )
    assert isinstance(result, Answered), result
    assert [p.match.pair_id for p in result.parts] == [
        "besuch-grund-energiesektor",
        "abkommen-bereiche-zusammenarbeit",
    ]


def test_a_russian_preposition_before_the_question_word_starts_a_part(engine: Engine) -> None:
    from bot.engine.parts import segments

    assert segments("что за юбилей и против кого тогда воевали") == [
        "что за юбилей",
        "и против кого тогда воевали",
    ]
    result = engine.ask("что за юбилей и против кого тогда воевали")
    assert isinstance(result, Answered), result
    assert [p.match.pair_id for p in result.parts] == [
        "weltordnung-jubilaeum-sieg",
        "weltordnung-grosser-vaterlaendischer-krieg",
    ]


@pytest.mark.parametrize(
    "question",
    [
        "why was there tension in october and what did russia do then",
        "why the fallout in october and what did rusia do about it",
    ],
)
def test_a_part_referring_back_is_not_answered_from_far_away(engine: Engine, question: str) -> None:
    """Alone, "what did russia do then" is the pair on Russia's leverage, whose quotes stand far
    from the October fallout: in context it is the ban that followed (misspelt or not)."""
    result = engine.ask(question)
    assert isinstance(result, Answered), result
    first, second = (p.match.pair_id for p in result.parts)
    assert first == "spannungen-oktober-brics"
    assert second in {"spannungen-importverbot", "spannungen-importverbot-waren"}


def test_since_when_after_a_conjunction_starts_a_part(engine: Engine) -> None:
    # "… und seit wann …" asks a second question: the first is answered, the second (which the
    # article does not answer) named, not the whole message refused.
    result = engine.ask("wie heist der kasachische präsident und seit wann kennt er putin?")
    assert isinstance(result, Answered), result
    assert result.match.pair_id == "besuch-praesident-tokajew"
    assert result.unanswered == ("und seit wann kennt er putin?",)


def test_a_passage_quoted_as_discord_quotes_it_is_what_is_asked_about(engine: Engine) -> None:
    quote = "> Putin lässt sich von der westlichen Hemisphäre nicht einschüchtern"
    alone = engine.ask(quote.lstrip("> "))
    assert isinstance(alone, Answered)
    for asked, language in (("what does this mean", "en"), ("что это значит", "ru")):
        result = engine.ask(f"{quote}\n{asked}")
        assert isinstance(result, Answered), result
        assert result.match.pair_id == alone.match.pair_id
        # In the language the asker wrote in, not the quote's.
        assert result.language == language
    # Not a quote: a ">" inside a line, or a message that is all quote.
    from bot.engine import parts

    assert parts.quoted_lines("20 > 10? wie viele abkommen") == ""
    assert parts.quoted_lines(quote) == ""
    assert parts.quoted_lines(f"{quote}\nwhat does this mean") == quote[2:]
    # After the bot's mention, taken out of the message ("<@id> > …").
    assert parts.quoted_lines(f"  {quote}\nwhat does this mean") == quote[2:]


@pytest.mark.parametrize(
    "question",
    [
        "какое агентство писало про 20 соглашений, а какое про экспорт через турцию?",
        "which agency reported the 20 agreements and which one the ceyhan exports",
        "welche agentur hat die 20 abkommen gemeldet und welche das mit ceyhan",
    ],
)
def test_a_which_of_no_kind_asks_the_kind_before(engine: Engine, question: str) -> None:
    # "… and which one about Ceyhan" asks which agency, not about the port.
    result = engine.ask(question)
    assert isinstance(result, Answered), result
    assert [p.match.pair_id for p in result.parts] == [
        "abkommen-quelle-dpa",
        "energie-reuters-bericht",
    ]


def test_a_which_of_its_own_kind_is_its_own() -> None:
    def stop(word: str) -> bool:
        return word in {"and", "the", "one", "about", "a", "а", "про"}

    assert parts.with_the_kind_before("and which port", "which agency reported it", stop) is None
    assert parts.with_the_kind_before("and why", "which agency reported it", stop) is None
    assert (
        parts.with_the_kind_before("а какое про экспорт", "какое агентство писало", stop)
        == "а какое агентство про экспорт"
    )
