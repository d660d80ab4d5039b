"""The one writer of knowledge files: phrasings added in place, validated first, atomically and
under a lock; nothing written on refusal or on a crash."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import tomllib
from pathlib import Path

import pytest

from bot.curation import Attached, Refused, attach_phrasings, toml_string
from bot.curation.writer import LOCK_FILE, add_to_table, knowledge_lock
from bot.engine import Answered, Engine, load_knowledge
from tests.support.paths import REPO_ROOT

KAMELE = "zoo-kamele"


def _file(root: Path, pair_id: str = KAMELE) -> Path:
    return root / "zoo" / "qa" / f"{pair_id}.toml"


def _leftovers(root: Path) -> list[str]:
    return [p.name for p in (root / "zoo" / "qa").iterdir() if not p.name.endswith(".toml")]


def test_attaching_adds_one_line_each_at_the_end_of_the_table_and_nothing_else(tiny: Path) -> None:
    before = _file(tiny).read_text(encoding="utf-8")
    done = attach_phrasings(tiny, None, KAMELE, "de", ["Wie alt ist der  Zoo?", "Kamele zählen"])
    assert isinstance(done, Attached)
    assert done.added == ("Wie alt ist der Zoo?", "Kamele zählen")
    after = _file(tiny).read_text(encoding="utf-8")
    anchor = '    "Kamele im Astana Zoo",\n'
    added = '    "Wie alt ist der Zoo?",\n    "Kamele zählen",\n'
    assert after == before.replace(anchor, anchor + added, 1)
    assert _leftovers(tiny) == []
    # The engine handed back serves them at once, and the files load as they are now.
    assert done.engine is not None
    answered = done.engine.ask("Wie alt ist der Zoo?")
    assert isinstance(answered, Answered)
    assert answered.match.pair_id == KAMELE
    reloaded = load_knowledge(tiny)
    pair = reloaded.pair(KAMELE)
    assert pair is not None
    assert pair.phrasings["de"][-2:] == done.added
    assert pair.source_file == done.engine.kb.pair(KAMELE).source_file  # type: ignore[union-attr]


def test_a_phrasing_already_there_is_not_written_again(tiny: Path) -> None:
    before = _file(tiny).read_bytes()
    done = attach_phrasings(tiny, None, KAMELE, "de", ["kamele im astana zoo"])
    assert isinstance(done, Attached)
    assert (done.added, done.already, done.engine) == ((), ("kamele im astana zoo",), None)
    assert _file(tiny).read_bytes() == before


@pytest.mark.parametrize(
    "text", ['say "hi"', "back\\slash", "tab\there", "bell\x07", "del\x7f", 'end\\"', "[x] = 1"]
)
def test_phrasings_are_toml_strings(text: str) -> None:
    assert tomllib.loads(f"x = {toml_string(text)}")["x"] == text
    assert "\n" not in toml_string("two\nlines")


def test_user_text_lands_as_data(tiny: Path) -> None:
    tricky = 'Wie alt ist "der Zoo" \\ @everyone <@123> **fett**\n]\nphrasings = ["x"]'
    done = attach_phrasings(tiny, None, KAMELE, "de", [tricky])
    assert isinstance(done, Attached)
    data = tomllib.loads(_file(tiny).read_text(encoding="utf-8"))
    assert data["de"]["phrasings"][-1] == " ".join(tricky.split())
    assert set(data["de"]) == {"question", "answer", "phrasings"}


def test_a_near_duplicate_of_another_pair_is_refused_and_nothing_is_written(tiny: Path) -> None:
    before = _file(tiny).read_bytes()
    done = attach_phrasings(
        tiny, None, KAMELE, "de", ["Wie alt ist der Zoo?", "Pferde im Zoo Astana"]
    )
    assert isinstance(done, Refused)
    assert "fight" in done.reason
    [problem] = done.problems
    assert "zoo-pferde" in problem.message
    assert "Pferde im Zoo Astana" in problem.message
    assert _file(tiny).read_bytes() == before
    assert _leftovers(tiny) == []


def test_knowledge_that_does_not_load_is_refused(tiny: Path) -> None:
    broken = _file(tiny, "zoo-pferde")
    broken.write_text(broken.read_text(encoding="utf-8").replace("topic", "topik"), "utf-8")
    before = _file(tiny).read_bytes()
    done = attach_phrasings(tiny, None, KAMELE, "de", ["Wie alt ist der Zoo?"])
    assert isinstance(done, Refused)
    assert "do not load" in done.reason
    assert any("topik" in str(p) for p in done.problems)
    assert _file(tiny).read_bytes() == before


def test_unknown_pair_empty_and_odd_layouts_are_refused(tiny: Path) -> None:
    assert isinstance(attach_phrasings(tiny, None, "zoo-giraffen", "de", ["x y"]), Refused)
    assert isinstance(attach_phrasings(tiny, None, KAMELE, "de", ["  ", ""]), Refused)
    assert isinstance(attach_phrasings(tiny, None, KAMELE, "de", ["wort " * 100]), Refused)
    one_line = 'phrasings = ["a", "b"]\n'
    assert add_to_table(f"[de]\n{one_line}", "de", ["c"]) is None
    assert add_to_table('[de]\nphrasings = [\n    "a"\n]\n', "de", ["c"]) == (
        '[de]\nphrasings = [\n    "a",\n    "c",\n]\n'
    )


def test_a_failing_replace_leaves_the_old_file(tiny: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = _file(tiny).read_bytes()

    def crash(src: object, dst: object) -> None:
        raise OSError("disk on fire")

    monkeypatch.setattr(os, "replace", crash)
    done = attach_phrasings(tiny, None, KAMELE, "de", ["Wie alt ist der Zoo?"])
    assert isinstance(done, Refused)
    assert "disk on fire" in done.reason
    assert _file(tiny).read_bytes() == before
    assert _leftovers(tiny) == []


_KILLED_WRITER = """
import os, signal, sys
from pathlib import Path
from bot.curation import attach_phrasings
os.replace = lambda src, dst: os.kill(os.getpid(), signal.SIGKILL)  # dies between write and rename
attach_phrasings(Path(sys.argv[1]), None, "zoo-kamele", "de", ["Wie alt ist der Zoo?"])
"""


def test_a_writer_killed_between_write_and_rename_leaves_the_old_file(tiny: Path) -> None:
    before = _file(tiny).read_bytes()
    done = subprocess.run(
        [sys.executable, "-c", _KILLED_WRITER, str(tiny)], cwd=REPO_ROOT, check=False, timeout=60
    )
    assert done.returncode == -9
    assert _file(tiny).read_bytes() == before
    # Its temporary file may be left behind; the knowledge loads regardless.
    assert all(name.startswith(".zoo-kamele.toml.") for name in _leftovers(tiny))
    Engine.load(tiny)
    assert isinstance(
        attach_phrasings(tiny, None, KAMELE, "de", ["Wie alt ist der Zoo?"]), Attached
    )


_WRITER = """
import sys
from pathlib import Path
from bot.curation import Attached, attach_phrasings
done = attach_phrasings(Path(sys.argv[1]), None, "zoo-kamele", "de", [sys.argv[2]])
sys.exit(0 if isinstance(done, Attached) and done.added else 1)
"""


def test_two_processes_attaching_at_once_both_land(tiny: Path) -> None:
    # Both start while the lock is held, so both wait for it and then go one after the other.
    with knowledge_lock(tiny):
        writers = [
            subprocess.Popen([sys.executable, "-c", _WRITER, str(tiny), text], cwd=REPO_ROOT)
            for text in ("Wie alt ist der Zoo?", "Wer füttert die Kamele?")
        ]
    assert [w.wait(timeout=60) for w in writers] == [0, 0]
    pair = load_knowledge(tiny).pair(KAMELE)
    assert pair is not None
    assert set(pair.phrasings["de"][-2:]) == {"Wie alt ist der Zoo?", "Wer füttert die Kamele?"}
    assert (tiny / LOCK_FILE).exists()


def test_two_threads_attaching_at_once_both_land(tiny: Path) -> None:
    texts = [f"Frage Nummer {n} zu den Kamelen" for n in ("eins", "zwei", "drei", "vier")]
    results: list[object] = []
    threads = [
        threading.Thread(
            target=lambda t=t: results.append(attach_phrasings(tiny, None, KAMELE, "de", [t]))
        )
        for t in texts
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert all(isinstance(r, Attached) for r in results), results
    pair = load_knowledge(tiny).pair(KAMELE)
    assert pair is not None
    assert set(texts) <= set(pair.phrasings["de"])
