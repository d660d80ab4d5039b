"""`kb synth --phrasings N --out DIR`: a synthetic knowledge folder in the real format, for
measuring the loader, the checks and the engine at sizes the real knowledge will not reach soon.

DIR gets the real aliases, article, metadata and texts (copied byte for byte), every real pair
file (copied), and synthetic pairs until the folder holds N phrasings (questions included). Each
synthetic pair is made from a real one: its topic, quotes (verbatim from the real article) and
answers, and in every language its question and phrasings varied from the real pair's (a word
dropped, two words swapped, a word replaced by another spelling of the same alias) with three code
words of its own added to each, so that no two pairs are near-duplicates and the real loader, and
`kb check`, accept the folder.
"""

from __future__ import annotations

import hashlib
import json
import random
import shutil
from pathlib import Path

from bot.engine import LANGUAGES, KnowledgeBase, Language, QAPair, fold, min_phrasings

# Syllables of the code words that tell synthetic pairs apart (16: four bits each).
_SYLLABLES = tuple("ka lo mi ne ru sa to vi ze bu do fe gi hu jo pa".split())
# Code words per pair, and syllables per code word: enough letters of its own that even the
# longest phrasing of a pair made from the same real one is not nearly the same.
_CODES = 3
_CODE_LENGTH = 5


def code_words(n: int) -> tuple[str, ...]:
    """Made-up words of synthetic pair `n`, the same in all its phrasings: they make its
    phrasings its own (no other pair's are nearly the same)."""
    digest = hashlib.sha256(f"synthetic pair {n}".encode()).digest()
    return tuple(
        "".join(_SYLLABLES[b % len(_SYLLABLES)] for b in digest[i : i + _CODE_LENGTH])
        for i in range(0, _CODES * _CODE_LENGTH, _CODE_LENGTH)
    )


def _spellings(kb: KnowledgeBase) -> dict[str, list[str]]:
    """Folded one-word spelling -> the other one-word spellings of the same alias."""
    out: dict[str, list[str]] = {}
    for table in (kb.aliases.entities, kb.aliases.synonyms):
        for name, spellings in table.items():
            words = sorted({fold(s) for s in (name, *spellings) if fold(s) and " " not in fold(s)})
            for w in words:
                out[w] = [o for o in words if o != w]
    return out


def _vary(
    text: str, codes: tuple[str, ...], rng: random.Random, spellings: dict[str, list[str]]
) -> str:
    """A phrasing like `text`: one change to its words, and the pair's code words added."""
    end = "?" if text.rstrip().endswith("?") else ""
    words = text.rstrip(" ?").split()
    choice = rng.randrange(3)
    if choice == 0 and len(words) > 3:
        del words[rng.randrange(len(words))]
    elif choice == 1 and len(words) > 1:
        i = rng.randrange(len(words) - 1)
        words[i], words[i + 1] = words[i + 1], words[i]
    else:
        swappable = [i for i, w in enumerate(words) if spellings.get(fold(w))]
        if swappable:
            i = rng.choice(swappable)
            words[i] = rng.choice(spellings[fold(words[i])])
    for code in codes[:-1]:
        words.insert(rng.randrange(len(words) + 1), code)
    words.append(codes[-1])
    return " ".join(words) + end


def _toml_string(text: str) -> str:
    # A JSON string is a TOML basic string (same escapes), kept on one line.
    return json.dumps(text, ensure_ascii=False)


def _pair_toml(
    source: QAPair,
    questions: dict[Language, str],
    phrasings: dict[Language, list[str]],
) -> str:
    lines = [f"topic = {_toml_string(source.topic)}", "quotes = ["]
    lines.extend(f"    {_toml_string(c.quote)}," for c in source.citations)
    lines.append("]")
    for lang in LANGUAGES:
        lines.append("")
        lines.append(f"[{lang}]")
        lines.append(f"question = {_toml_string(questions[lang])}")
        lines.append(f"answer = {_toml_string(source.answer[lang])}")
        lines.append("phrasings = [")
        lines.extend(f"    {_toml_string(p)}," for p in phrasings[lang])
        lines.append("]")
    return "\n".join(lines) + "\n"


def write_synthetic(
    kb: KnowledgeBase, source_root: Path, out: Path, phrasings: int, *, seed: int = 7
) -> tuple[int, int]:
    """Write the synthetic knowledge folder (see the module) from `kb`, loaded from
    `source_root`; returns (pairs, phrasings)."""
    rng = random.Random(seed)
    article_folder = source_root.parent / Path(kb.article.source_file).parent
    spellings = _spellings(kb)
    article_id = article_folder.name
    target = out / article_id
    qa = target / "qa"
    if qa.exists():
        shutil.rmtree(qa)
    qa.mkdir(parents=True)
    shutil.copyfile(source_root / "aliases.toml", out / "aliases.toml")
    for name in ("article.toml", "article.txt", "texts.toml", "aliases.toml"):
        if (article_folder / name).is_file():
            shutil.copyfile(article_folder / name, target / name)
    pairs = 0
    have = 0
    for pair in kb.pairs:
        shutil.copyfile(source_root.parent / pair.source_file, qa / f"{pair.id}.toml")
        pairs += 1
        have += len(pair.all_phrasings())
    n = 0
    while have < phrasings:
        source = kb.pairs[n % len(kb.pairs)]
        n += 1
        codes = code_words(n)
        questions = {
            lang: _vary(source.question[lang], codes, rng, spellings) for lang in LANGUAGES
        }
        varied = {
            lang: [_vary(p, codes, rng, spellings) for p in source.phrasings[lang]]
            for lang in LANGUAGES
        }
        size = len(LANGUAGES) + sum(len(v) for v in varied.values())
        # Exactly N in all where it can be: the last pair no bigger than what is left, the one
        # before it leaving at least a smallest pair's worth (never fewer than the loader asks).
        need = phrasings - have
        smallest = len(LANGUAGES) + sum(min_phrasings(lang) for lang in LANGUAGES)
        if size >= need:
            limit = need
        elif need - size < smallest:
            limit = need - smallest
        else:
            limit = size
        for lang in LANGUAGES:
            while size > limit and len(varied[lang]) > min_phrasings(lang):
                varied[lang].pop()
                size -= 1
        (qa / f"synthetic-{n:06d}.toml").write_text(
            _pair_toml(source, questions, varied), encoding="utf-8"
        )
        pairs += 1
        have += size
    return pairs, have


def cmd_kb_synth(kb: KnowledgeBase, source_root: Path, out: Path, phrasings: int, seed: int) -> int:
    """Write the folder and say what it holds."""
    pairs, written = write_synthetic(kb, source_root, out, phrasings, seed=seed)
    print(f"wrote {out}: {pairs} pairs with {written} phrasings ({len(kb.pairs)} real pairs)")
    return 0
