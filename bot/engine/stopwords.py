"""Words that carry no meaning for matching, in German and English (written plainly; folded at use).

Question words are not here: they are mapped to shared tokens by the synonym table, so that
"wann" and "when" still tell a date question from a place question.
"""

from __future__ import annotations

GERMAN = frozenset(
    """
    der die das den dem des ein eine einer eines einem einen und oder aber doch sondern denn
    ist sind war waren wird werden wurde wurden worden sein seine seiner seinen seinem seines
    hat haben hatte hatten habe hast gibt gab geben es er sie ihr ihre ihren ihrem ihres ihm ihn
    ich du wir uns unser unsere euch man mich mir dich dir sich im in ins am an auf aus bei mit
    nach von vom zu zum zur für fuer über ueber unter um durch gegen ohne bis als wie so auch noch
    nur schon mal denn eigentlich genau bitte gerne gern ja nein nicht kein keine keinen keiner
    dass daß ob wenn weil da dann hier dort dies diese dieser dieses diesem diesen jener jene
    alle alles allem allen etwas was welche welcher welches welchen welchem kann können konnte
    könnte soll sollte sollen muss müssen musste will wollte wollen möchte möchten darf dürfen
    mag zwar eben halt wohl sehr mehr viel vielen vielleicht irgendwie irgendwas also nun jetzt
    heute gerade immer wieder dazu davon darüber damit dabei daran darauf dafür dagegen hatten
    bzw usw etc ca z.b sagen sag sagt erzähl erzähle erklär erkläre erklären weiß wissen wisst
    frage fragen artikel text bot steht stehts drin laut gemäß bezüglich betreffend thema hallo
    hey hi bro digga leute jemand irgendwer kurz einfach mir uns eh na ok okay hab habe grad
    gerade gelesen lese lesen gehört gehoert überflogen ueberflogen nochmal noch mal ne nen ner
    nem check checke versteh verstehe verstanden kapier kapiere ding sache zeug so quasi sozusagen
    eigentlich überhaupt ueberhaupt bisschen etwa ungefähr ungefaehr echt wirklich wohl dann
    gibts gibt's ganz genau mehr weniger danke bitte jetzt denn oder voll los halt doch
    darum deshalb deswegen daher spät später spaet spaeter früh frueh überall ueberall sorry sry
    bitteschön bitteschoen weiss weisst
    wisst digga alter krass s kurze worum wovon worüber worueber geht gehts
    angeblich anscheinend offenbar isses eig nich nix n wars warens hats gestern vorhin
    kriegen kriegt kriegst gekriegt lautet lauten lautete gefragt
    ham hamse haste hamm
    außerdem ausserdem generell
    wahrscheinlich ehrlich ernsthaft ziemlich eventuell
    dumm doof blöd merken
    eher ganzen ganze ganzes inhaltlich krasse krasser
    wäre waere wär waer wären waeren wegen
    vllt evtl iwie iwas mmn
    inwiefern inwieweit
    eigtl achso achja
    beim ans aufs fürs fuers übers uebers ums durchs vors
    besprochen besprechen besprach diskutiert diskutieren diskutierten
    """.split()
)

# German chat spelt as English words are ("der name is so lang": "ist"): stop words of German
# too, but no sign of German when the language is guessed (they are English's).
GERMAN_AS_ENGLISH = frozenset("is".split())

ENGLISH = frozenset(
    """
    the a an and or but nor so of to in into on onto at by for from with without about as than
    is are was were be been being am do does did done doing have has had having will would
    shall should can could may might must it its it's this that these those there here then
    i me my mine we us our you your he him his she her they them their what which whose
    not no yes any some all each every much many more most very just also too only still even
    please tell explain know say says said article text bot question questions really actually
    like kind sort anyway hey hi hello pls plz thx u ur ya yeah ok okay lol btw wondering wonder
    curious could you me know let mean meant regarding concerning according good great
    reading read heard hear saw seen thing things stuff exactly whole basically even
    though anyone someone somebody something everything tell quick short quickly guess think
    thought understand understood get got gonna wanna want wants wanted okay alright so well
    again remind mentioned mention mentions says piece gonna wanna gotta kinda sorta correct
    right true sure now bad sorry english guys guy pls please dude bro man
    whats wats s t d ll re ve m don doesn didn isn wasn aren weren haven hasn hadn won wouldn
    couldn shouldn one ones cant wont dont doesnt didnt isnt wasnt arent im ive youre theyre
    rly realy tbh idk imo ngl lmao lmk theres thats heres figure figures quick
    happen happened happens supposedly allegedly apparently yesterday held such n
    claim claims claimed claiming own w r over per acc vs versus up always ever
    maybe perhaps probably literally definitely honestly seriously totally pretty
    forgot dumb stupid
    approximately roughly
    anymore bunch tf wtf
    frm abt bc cuz coz tho rn
    skim skimmed skimming
    play plays played playing
    discuss discussed discussing
    """.split()
)

# Written without ё (folding makes ё = е); question words (сколько, когда, где, почему, кто, ...)
# are not here, as for German and English.
RUSSIAN = frozenset(
    """
    и а но или да нет не ни же ли бы вот вон ведь уж уже еще ещё даже только лишь тоже также
    в во на над под из изо от до по о об обо у к ко с со за при про для без через между перед
    это этот эта эти этого этой этом этих тот та те то того той том тех такой такая такие так
    я мы ты вы он она оно они меня мне мной нас нам нами тебя тебе тобой вас вам вами его ему
    им него нему ним нем ее её ей нее ней их них себя себе собой свой своя свое свои своего
    мой моя мое мои твой твоя наш наша наше наши ваш ваша
    был была было были быть есть будет будут являются является
    что чтобы чем каком какой какая какое какие каких какую каким
    который которая которое которые которого которой котором которых
    весь вся все всё всего всех всем всеми сам сама само сами самый
    тут там здесь туда сюда теперь сейчас тогда потом
    очень просто вообще кстати типа короче ну вот блин слушай скажи скажите подскажи
    подскажите расскажи расскажите объясни объясните пожалуйста плиз спасибо привет
    статья статье статьи статью текст тексте бот вопрос вопросы пишут написано говорится сказано
    читал читала прочитал прочитала прочел понял поняла знаю знаешь интересно хочу хотел
    можно нужно надо может могут мочь если когда-то вроде именно точно правда реально
    ребята кто-нибудь кто-то что-то что-нибудь чё че чо ага окей ок знает знаете
    чего имел имела имели имеет имеют
    тока ваще щас норм кароче походу типо кста чтоли прям вкратце собственно спасибки пасиба
    списке список списка захочет захотят захотел захотела
    цифра цифры цифру цифрой цифре изза якобы вчера заранее полностью быстрый быстро
    итоге итогу
    наверное наверно возможно честно серьезно довольно
    тд тп итд чет чето сорян сори тупой тупо запомнил забыл
    кст имхо дословно кратко вкратце пытается пытаются судя причем причём
    собирается собираются собирался собиралась собирались
    помимо около кроме примерно приблизительно штук штуках
    виду имеется имеются имеешь
    мб хз оч ща тк
    помню помнишь помнит вспомнить
    обсуждали обсуждать обсудили обсуждалось обсуждается обсуждают сразу
    """.split()
)

# Chat fillers people type whatever language they write in ("wie viele abkommen? thx",
# "сколько жителей lol"): stop words of every language.
CHAT = frozenset(
    """
    thx thanks thank ty tysm pls plz lol lmao rofl btw ok okay kk haha hehe xd omg
    tldr smth sth idk imo imho ngl afaik iirc fyi tbh kp q
    danke dankeschön merci спс спасибо заранее пжлст пж плиз плз лол ок wat
    moin moinsen servus yo hej salut здравствуйте здрасте хай ребят
    bruh fr lowkey highkey deadass fml smh sheesh wallah cringe кринж кринжово имба жиза рил
    рахмет сәлем салем жақсы жаксы
    """.split()
)
