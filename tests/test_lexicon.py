"""The lexicon: dictionary files, their validation, the cached index, the user lexicon."""

from __future__ import annotations

import hashlib
import importlib.resources
import json
import os
import pickle
import re
from array import array
from pathlib import Path

import pytest

import pipeline.lexicon as lexicon_module
from dictionaries.tools.build import patronymics
from pipeline.core.enums import LexiconKind
from pipeline.core.errors import DictionaryError, ExitCode
from pipeline.lexicon import (
    USER_HEADER,
    Lexicon,
    _folders,
    add_user_correction,
    add_user_words,
    american_spellings,
    ascii_fold,
    default_cache_dir,
    parse_file,
    shipped_folder,
)
from pipeline.lexicon import cache as lexicon_cache
from pipeline.lexicon.cache import CacheError, pack_image, read_image

ROOT = Path(__file__).parent.parent


@pytest.fixture
def small_english(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """The first 3,000 words of the shipped English list: the cache tests build in a blink."""
    root = importlib.resources.files("symspellpy")
    folder = tmp_path_factory.mktemp("symspellpy")
    paths = []
    for name in (lexicon_module.ENGLISH_DICTIONARY, lexicon_module.BIGRAM_DICTIONARY):
        lines = (root / name).read_text().splitlines()[:3000]
        (folder / name).write_bytes("\n".join(lines).encode())
        paths.append(folder / name)
    monkeypatch.setattr(lexicon_module, "symspell_paths", lambda: paths)


def _dict_dir(tmp_path: Path) -> Path:
    d = tmp_path / "dictionaries"
    d.mkdir()
    (d / "places.txt").write_text(
        "# source: made up for the test\n# role: target\n"
        "Stepanakert | Khankendi\nNagorno-Karabakh\nMinsk Group\n",
        encoding="utf-8",
    )
    (d / "codes.txt").write_text(
        "# source: made up for the test\n# role: target\n# match: any-case\nSEPTEL\nPREL\n",
        encoding="utf-8",
    )
    return d


# -- malformed files -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "line", "what"),
    [
        ("Lachin\n", 1, "first line must be '# source:"),
        ("# source: x\nShusha | | Shushi\n", 2, "empty entry"),
        ("# source: x\nok\nShusha | Shushi -> Shusha\n", 3, "not both"),
        ("# source: x\nnegotations ->\n", 2, "both sides"),
        ("# source: x\n# role: maybe\n", 2, "unknown role"),
        ("# source: x\n# kind: places\n", 2, "unknown kind"),
        ("# source: x\nTab\there\n", 2, "not allowed"),
        ("# source: x\npeace -> Peace\n", 2, "must change"),
        ("# source: x\na -> b -> c\n", 2, "more than once"),
    ],
)
def test_malformed_line_names_file_and_line(
    tmp_path: Path, body: str, line: int, what: str
) -> None:
    path = tmp_path / "bad.txt"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(DictionaryError) as err:
        parse_file(path)
    assert str(err.value).startswith(f"{path}:{line}: ")
    assert what in str(err.value)
    assert err.value.exit_code == ExitCode.USAGE


def test_load_stops_at_a_malformed_file(tmp_path: Path, small_english: None) -> None:
    d = _dict_dir(tmp_path)
    (d / "zz.txt").write_text("# source: x\nfine\n | oops\n", encoding="utf-8")
    with pytest.raises(DictionaryError, match=r"zz\.txt:3: empty entry"):
        Lexicon.load(d, None, tmp_path / "cache", shipped=False)


def test_the_committed_dictionaries_are_valid() -> None:
    Lexicon.validate_dir(ROOT / "dictionaries")
    for path in sorted((ROOT / "dictionaries").glob("*.txt")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# source: ") and len(first) > 30, path.name


# -- cache -----------------------------------------------------------------------------------


def test_second_load_uses_the_cache(tmp_path: Path, small_english: None) -> None:
    d = _dict_dir(tmp_path)
    cache = tmp_path / "cache"
    first = Lexicon.load(d, None, cache, shipped=False)
    assert not first.from_cache
    assert len(list(cache.glob("index-*.bin"))) == 1
    second = Lexicon.load(d, None, cache, shipped=False)
    assert second.from_cache
    assert second.dictionaries_hash == first.dictionaries_hash
    assert [s.term for s in second.lookup("stepanakrt")] == ["stepanakert"]


def test_a_changed_dictionary_rebuilds(tmp_path: Path, small_english: None) -> None:
    d = _dict_dir(tmp_path)
    cache = tmp_path / "cache"
    first = Lexicon.load(d, None, cache, shipped=False)
    with (d / "places.txt").open("a", encoding="utf-8") as fh:
        fh.write("Lachin\n")
    second = Lexicon.load(d, None, cache, shipped=False)
    assert not second.from_cache
    assert second.dictionaries_hash != first.dictionaries_hash
    assert second.protects("Lachin")


def test_a_corrupt_cache_is_rebuilt(tmp_path: Path, small_english: None) -> None:
    d = _dict_dir(tmp_path)
    cache = tmp_path / "cache"
    Lexicon.load(d, None, cache, shipped=False)
    (path,) = cache.glob("index-*.bin")
    path.write_bytes(b"not a pickle")
    again = Lexicon.load(d, None, cache, shipped=False)
    assert not again.from_cache
    assert Lexicon.load(d, None, cache, shipped=False).from_cache


def _stamp(path: Path, seconds: int) -> None:
    """Set ``path``'s mtime (ctime moves to now): a change the stat signature must see."""
    os.utime(path, ns=(seconds * 10**9, seconds * 10**9))


def test_digests_are_memoised_by_stat(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lexicon_cache, "RACY_S", 0.0)  # the files below are seconds old
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_bytes(b"alpha\n")
    b.write_bytes(b"beta\n")
    memo = tmp_path / "cache" / lexicon_cache.DIGESTS_NAME
    want = [hashlib.sha256(b"alpha\n").hexdigest(), hashlib.sha256(b"beta\n").hexdigest()]
    assert lexicon_cache.file_digests([a, b], None) == want
    assert not memo.exists()  # no cache folder, no memo
    assert lexicon_cache.file_digests([a, b], memo.parent) == want
    # A digest is reused while the stat is the recorded one: plant a false one to see it used.
    planted = json.loads(memo.read_text(encoding="utf-8"))
    planted["files"][str(a.resolve())][5] = "0" * 64
    memo.write_text(json.dumps(planted), encoding="utf-8")
    assert lexicon_cache.file_digests([a, b], memo.parent) == ["0" * 64, want[1]]
    # Same size, new bytes and a new mtime: hashed again, and the memo corrected.
    a.write_bytes(b"alphA\n")
    _stamp(a, 1_000_000)
    changed = hashlib.sha256(b"alphA\n").hexdigest()
    assert lexicon_cache.file_digests([a, b], memo.parent) == [changed, want[1]]
    assert json.loads(memo.read_text(encoding="utf-8"))["files"][str(a.resolve())][5] == changed
    memo.write_text("{not json", encoding="utf-8")  # a damaged memo only costs time
    assert lexicon_cache.file_digests([a, b], memo.parent) == [changed, want[1]]


def test_a_file_changed_just_now_is_not_memoised(tmp_path: Path) -> None:
    # A second write within the timestamp granularity could keep the stat: never trust it.
    a = tmp_path / "a.txt"
    a.write_bytes(b"alpha\n")
    cache = tmp_path / "cache"
    assert lexicon_cache.file_digests([a], cache) == [hashlib.sha256(b"alpha\n").hexdigest()]
    assert not (cache / lexicon_cache.DIGESTS_NAME).exists()


def test_an_edit_that_keeps_the_size_rebuilds(
    tmp_path: Path, small_english: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lexicon_cache, "RACY_S", 0.0)
    d = _dict_dir(tmp_path)
    cache = tmp_path / "cache"
    first = Lexicon.load(d, None, cache, shipped=False)
    assert Lexicon.load(d, None, cache, shipped=False).from_cache
    places = d / "places.txt"
    places.write_text(places.read_text(encoding="utf-8").replace("Minsk", "Pinsk"), "utf-8")
    _stamp(places, 2_000_000)
    second = Lexicon.load(d, None, cache, shipped=False)
    assert not second.from_cache
    assert second.dictionaries_hash != first.dictionaries_hash
    assert second.protects("Pinsk") and not second.protects("Minsk")


def test_cache_dir_defaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FOIA_CLEAN_CACHE_DIR", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    # Never beside the dictionaries: installed, they may sit in a read-only site-packages.
    assert default_cache_dir() == tmp_path / "home" / ".cache" / "foia-clean"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_dir() == tmp_path / "xdg" / "foia-clean"
    monkeypatch.setenv("FOIA_CLEAN_CACHE_DIR", str(tmp_path / "mine"))
    assert default_cache_dir() == tmp_path / "mine"


# -- protection ------------------------------------------------------------------------------


def test_protection_rules(tmp_path: Path, small_english: None) -> None:
    lex = Lexicon.load(_dict_dir(tmp_path), None, tmp_path / "cache", shipped=False)
    assert lex.protects("Stepanakert") == "places.txt"
    assert lex.protects("Khankendi")  # a variant is as protected as the first form
    assert lex.protects("STEPANAKERT")
    assert lex.protects("stepanakert") is None  # a lowercase token may be an English word
    assert lex.protects("septel") == "codes.txt"  # any-case entries protect lowercase too
    assert lex.protects("Karabakh")  # a component of a compound entry
    assert lex.entry("karabakh").component
    assert lex.entry("nagorno-karabakh").written == "Nagorno-Karabakh"
    assert "minsk group" in lex.compounds


# -- user lexicon ----------------------------------------------------------------------------


def test_user_lexicon_file(tmp_path: Path, small_english: None) -> None:
    user = tmp_path / "reviews" / "lexicon.txt"
    assert add_user_words(user, ["Hoveyda", "Majlis"]) == ["Hoveyda", "Majlis"]
    assert add_user_words(user, ["hoveyda"]) == []  # already there
    assert add_user_correction(user, "Kelbajer", "Kelbajar")
    assert not add_user_correction(user, "Kelbajer", "Kelbajar")
    lines = user.read_text(encoding="utf-8").splitlines()
    assert lines == [USER_HEADER, "Hoveyda", "Majlis", "Kelbajer -> Kelbajar"]
    with pytest.raises(ValueError):
        add_user_words(user, ["bad | word"])
    d = _dict_dir(tmp_path)
    lex = Lexicon.load(d, user, tmp_path / "cache", shipped=False)
    assert lex.protects("hoveyda") == "user lexicon"
    assert lex.correction_for("KELBAJER") == ("Kelbajar", "user lexicon")
    plain = Lexicon.load(d, None, tmp_path / "cache", shipped=False)
    assert lex.hash != plain.hash and lex.dictionaries_hash == plain.dictionaries_hash
    meta = lex.describe()
    # Outputs carry no machine paths: the user lexicon is named, not located.
    assert meta["user_lexicon"] == user.name and meta["user_lexicon_hash"]


def test_confirm_updates_memory_and_file(tmp_path: Path, small_english: None) -> None:
    user = tmp_path / "lexicon.txt"
    lex = Lexicon.load(_dict_dir(tmp_path), user, tmp_path / "cache", shipped=False)
    assert lex.protects("Zahedi") is None
    lex.confirm_word("Zahedi")
    lex.confirm_correction("Stepanakrt", "Stepanakert")
    assert lex.protects("Zahedi") == "user lexicon"
    assert lex.correction_for("Stepanakrt") == ("Stepanakert", "user lexicon")
    assert "Stepanakrt -> Stepanakert" in user.read_text(encoding="utf-8")
    assert os.stat(user).st_size > 0


# -- derived word lists ----------------------------------------------------------------------


def test_american_spellings_and_folding() -> None:
    assert american_spellings("labour") == ["labor"]
    assert american_spellings("travelled") == ["traveled"]
    assert american_spellings("defence") == ["defense"]
    assert american_spellings("four") == [] and american_spellings("presence") == []
    assert ascii_fold("Füzuli") == "Fuzuli" and ascii_fold("Xankəndi") == "Xankendi"


def test_patronymics() -> None:
    assert patronymics("Vadim") == ["Vadimovich", "Vadimovna"]
    assert "Nikolayevich" in patronymics("Nikolay")
    assert "Yuryevich" in patronymics("Yuriy")
    assert patronymics("Pavel")[0] == "Pavlovich"


@pytest.mark.parametrize(
    ("wrong", "right", "what"),
    [
        ("peace", "Peace", "must change"),
        ("x" * 81, "y", "longer than 80"),
        ("Kelbajer", "y" * 81, "longer than 80"),
        ("Kel#bajer", "Kelbajar", "not allowed"),
        ("Kelbajer", "Kel\x85bajar", "not allowed"),
        ("Kelbajer", " ", "empty"),
        ("a -> b", "c", "more than once"),
    ],
)
def test_user_correction_the_parser_would_refuse_is_not_written(
    tmp_path: Path, wrong: str, right: str, what: str
) -> None:
    user = tmp_path / "lexicon.txt"
    add_user_correction(user, "Kelbajer", "Kelbajar")
    before = user.read_bytes()
    with pytest.raises(ValueError, match=what):
        add_user_correction(user, wrong, right)
    assert user.read_bytes() == before
    parse_file(user, user=True)  # the file still loads


@pytest.mark.parametrize(
    ("word", "what"),
    [
        ("z" * 81, "longer than 80"),
        ("bad | word", "not allowed"),
        ("line\u2028break", "not allowed"),
        ("a -> b", "would make it a correction"),
        ("New\tYork", "not allowed"),
        ("  ", "empty"),
    ],
)
def test_user_word_the_parser_would_refuse_is_not_written(
    tmp_path: Path, word: str, what: str
) -> None:
    user = tmp_path / "lexicon.txt"
    with pytest.raises(ValueError, match=what):
        add_user_words(user, ["Hoveyda", word])
    assert not user.exists()  # nothing of a refused batch is written


def test_what_the_writers_accept_the_parser_reads_back(tmp_path: Path) -> None:
    user = tmp_path / "lexicon.txt"
    longest = "w" * 80
    assert add_user_words(user, ["Ter-Petrossian", "New  York", longest]) == [
        "Ter-Petrossian",
        "New York",
        longest,
    ]
    assert add_user_correction(user, "Kelbajer", "Kelbajar")
    parsed = parse_file(user, user=True)
    assert [e.forms or e.correction for e in parsed.entries] == [
        ("Ter-Petrossian",),
        ("New York",),
        (longest,),
        ("Kelbajer", "Kelbajar"),
    ]


def test_a_refused_confirmation_is_not_learned_in_memory_either(
    tmp_path: Path, small_english: None
) -> None:
    user = tmp_path / "lexicon.txt"
    lex = Lexicon.load(_dict_dir(tmp_path), user, tmp_path / "cache", shipped=False)
    with pytest.raises(ValueError, match="must change"):
        lex.confirm_correction("peace", "Peace")
    with pytest.raises(ValueError, match="not allowed"):
        lex.confirm_word("bad|word")
    assert lex.correction_for("peace") is None and lex.protects("bad|word") is None
    assert not user.exists()


# -- a data-only cache -----------------------------------------------------------------------


class _Planted:
    """Unpickling this creates ``path``: proof that a loader ran code from the cache folder."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (open, (str(self.path), "w"))


def test_a_planted_pickle_in_the_cache_is_never_run(tmp_path: Path, small_english: None) -> None:
    d = _dict_dir(tmp_path)
    cache = tmp_path / "cache"
    Lexicon.load(d, None, cache, shipped=False)
    (path,) = cache.glob("index-*.bin")
    marker = tmp_path / "ran"
    path.write_bytes(pickle.dumps({"key": "x", "state": _Planted(marker)}))
    again = Lexicon.load(d, None, cache, shipped=False)
    assert not again.from_cache and not marker.exists()
    assert Lexicon.load(d, None, cache, shipped=False).from_cache  # rewritten, sound again


@pytest.mark.parametrize("damage", ["truncate", "key", "offset", "empty"])
def test_a_foreign_or_damaged_cache_is_rebuilt(
    tmp_path: Path, small_english: None, damage: str
) -> None:
    d = _dict_dir(tmp_path)
    cache = tmp_path / "cache"
    built = Lexicon.load(d, None, cache, shipped=False)
    (path,) = cache.glob("index-*.bin")
    data = path.read_bytes()
    if damage == "truncate":
        data = data[: len(data) // 2]
    elif damage == "key":
        data = data.replace(built.dictionaries_hash.encode(), b"0" * 64, 1)
    elif damage == "offset":
        data = re.sub(rb'"vocab_hash": \["Q", \d+', b'"vocab_hash": ["Q", 99999992', data, count=1)
    else:
        data = b""
    path.write_bytes(data)
    again = Lexicon.load(d, None, cache, shipped=False)
    assert not again.from_cache
    assert [s.term for s in again.lookup("stepanakrt")] == ["stepanakert"]


def test_the_cache_header_is_checked(tmp_path: Path) -> None:
    image = pack_image("k" * 64, 3, {"n": 1}, {"a": array("I", [1, 2])})
    meta, sections = read_image(image, "k" * 64, 3)
    assert meta == {"n": 1} and list(sections["a"]) == [1, 2]
    for key, version in (("x" * 64, 3), ("k" * 64, 2)):
        with pytest.raises(CacheError):
            read_image(image, key, version)
    with pytest.raises(CacheError):
        read_image(b"FOIALEX9" + image[8:], "k" * 64, 3)


# -- layering and kinds ----------------------------------------------------------------------


def test_extra_folders_layer_in_order(tmp_path: Path, small_english: None) -> None:
    first = _dict_dir(tmp_path)
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "mine.txt").write_text(
        "# source: a user's own list\n# role: protect\nStepanakert\nZangezur\n", encoding="utf-8"
    )
    lex = Lexicon.load([first, extra], None, tmp_path / "cache", shipped=False)
    assert lex.protects("Zangezur") == "mine.txt"
    assert lex.protects("Stepanakert") == "places.txt"  # the earlier (target) file wins
    assert set(lex.files) >= {"places.txt", "mine.txt"}
    with pytest.raises(DictionaryError, match="dictionary folder not found"):
        Lexicon.load(tmp_path / "nowhere", None, tmp_path / "cache", shipped=False)


def test_an_extra_folder_that_is_the_shipped_one_is_loaded_once() -> None:
    shipped = shipped_folder()
    assert (shipped / "people.txt").is_file()
    assert _folders([shipped, shipped], shipped=True) == [shipped]


def test_person_names_come_from_kind_people_files(tmp_path: Path, small_english: None) -> None:
    d = _dict_dir(tmp_path)
    (d / "people.txt").write_text(
        "# source: made up\n# role: target\n# kind: people\nHeydar Aliyev\nStrobe Talbott\n",
        encoding="utf-8",
    )
    (d / "zz_names_of_places.txt").write_text(
        "# source: made up\n# role: protect\nWill\n", encoding="utf-8"
    )
    user = tmp_path / "lexicon.txt"
    add_user_words(user, ["Hoveyda"])
    lex = Lexicon.load(d, user, tmp_path / "cache", shipped=False)
    assert parse_file(d / "people.txt").kind is LexiconKind.PEOPLE
    assert parse_file(d / "places.txt").kind is LexiconKind.WORDS
    assert lex.is_person_name("Aliyev") and lex.is_person_name("Talbott")
    assert lex.is_person_name("Hoveyda")  # the user lexicon counts as names
    assert not lex.is_person_name("Stepanakert") and not lex.is_person_name("Will")
    assert not lex.is_person_name("aliyev")  # a lowercase token is not protected by it


def test_person_names_match_the_old_file_name_rule_on_the_shipped_files() -> None:
    lex = Lexicon.load()
    old_rule = ("user lexicon", "people", "names_")
    words: list[str] = []
    for path in sorted(shipped_folder().glob("*.txt")):
        entries = parse_file(path).entries
        for entry in entries[:: max(1, len(entries) // 300)]:
            words.extend(entry.forms)
    words += ["Will", "Strobe", "Geneva", "Nagorno-Karabakh", "Aliyev", "the", "SEPTEL"]
    assert len(words) > 2000
    for word in words:
        assert lex.is_person_name(word) == (lex.protects(word) or "").startswith(old_rule), word


def test_review_reads_the_user_lexicon_as_the_lexicon_does(
    tmp_path: Path, small_english: None
) -> None:
    from pipeline.review import ReviewStore

    store = ReviewStore(tmp_path / "reviews")
    add_user_words(store.lexicon_path, ["Kelb-ab", "Ter-Petrossian", "Majlis"])
    add_user_correction(store.lexicon_path, "Kelbajer", "Kelbajar")
    learned = store.learned()
    lex = Lexicon.load(_dict_dir(tmp_path), store.lexicon_path, tmp_path / "c", shipped=False)
    for word in ("Kelb-ab", "Kelb", "ab", "Ter", "Petrossian", "Majlis", "Kelbajer"):
        assert learned.protects(word) == (lex.protects(word) == "user lexicon"), word
    assert learned.correction_for("kelbajer") == lex.correction_for("kelbajer")[0]
