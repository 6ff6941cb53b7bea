"""The dictionary file format: the one parser and the one writer of dictionary files.

Why a module of its own: the shipped dictionaries, a user's extra folder and the user lexicon
that review writes are all this format, and review must predict exactly what the correct stage
will read. Everything that reads or writes such a file goes through here, so the writers accept
exactly what the parser reads back (``Kelb-ab`` protects ``Kelb`` on both sides).

A file is UTF-8 text:

* line 1: ``# source: <where the entries come from>`` (required);
* optional headers anywhere: ``# role: target | protect | english`` (:class:`LexiconRole`,
  default ``target``), ``# kind: words | people`` (:class:`LexiconKind`, default ``words``),
  ``# match: any-case``; any other ``#`` line is a comment;
* entry lines: variants separated by ``|`` (``Stepanakert | Khankendi``), or a correction
  ``wrong -> right``.

A malformed line raises :class:`DictionaryError` naming ``file:line: what is wrong``.
"""

from __future__ import annotations

import logging
import os
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.core.enums import LexiconKind, LexiconRole
from pipeline.core.errors import DictionaryError
from pipeline.core.fileio import write_text_atomic

log = logging.getLogger(__name__)

USER_HEADER = "# source: user lexicon: words and corrections confirmed in review (foia-clean)"
#: The source name the user lexicon's entries are reported under.
USER_SOURCE = "user lexicon"
ROLES = tuple(r.value for r in LexiconRole)
KINDS = tuple(k.value for k in LexiconKind)

_FORBIDDEN = set("|<>\t#")
_MAX_ENTRY = 80
# Characters ``str.splitlines`` breaks a line at that are not control characters: an entry
# holding one would come back from the file as two lines.
_LINE_BREAKS = frozenset("\x85\u2028\u2029")
_EMPTY = "empty entry"
_BAD_CHAR = re.compile("[" + re.escape("".join(sorted(_FORBIDDEN | _LINE_BREAKS))) + "\x00-\x1f]")


@dataclass(frozen=True, slots=True)
class ParsedLine:
    """One entry line of a dictionary file: variants (``forms``) or a ``correction``."""

    line: int  # 1-based line number in the file
    forms: tuple[str, ...] = ()
    correction: tuple[str, str] | None = None

    @property
    def text(self) -> str:
        """The entry as the writers write it: ``a | b`` or ``wrong -> right``."""
        if self.correction is not None:
            return " -> ".join(self.correction)
        return " | ".join(self.forms)


@dataclass(slots=True)
class ParsedFile:
    """A parsed dictionary file: its headers and its entry lines in file order."""

    path: Path
    source: str
    role: LexiconRole = LexiconRole.TARGET
    kind: LexiconKind = LexiconKind.WORDS
    any_case: bool = False
    entries: list[ParsedLine] = field(default_factory=list)


# -- the rules of the format, shared by the parser and the writers ---------------------------


def _char_problem(text: str) -> str | None:
    if _BAD_CHAR.search(text) is None:  # the common case, without a set per entry
        return None
    bad = sorted({ch for ch in text if ch in _FORBIDDEN or ord(ch) < 32 or ch in _LINE_BREAKS})
    return f"character {bad[0]!r} is not allowed in an entry" if bad else None


def form_problem(form: str) -> str | None:
    """What is wrong with ``form`` (stripped) as one entry or one side of a correction, or None.

    >>> form_problem("Kelb-ab") is None, form_problem("a|b")
    (True, "character '|' is not allowed in an entry")
    """
    if not form:
        return _EMPTY
    if len(form) > _MAX_ENTRY:
        return f"entry longer than {_MAX_ENTRY} characters"
    if "->" in form:
        return "'->' more than once"
    return _char_problem(form)


def correction_problem(wrong: str, right: str) -> str | None:
    """Why ``wrong -> right`` cannot be a correction (a case-only change), or None."""
    if wrong.casefold() == right.casefold():
        return "a correction must change the word"
    return None


def components(form: str) -> list[str]:
    """The words of a multi-word or hyphenated entry protected on their own (3+ letters).

    >>> components("Nagorno-Karabakh"), components("Kelb-ab"), components("Lachin")
    (['Nagorno', 'Karabakh'], ['Kelb'], [])
    """
    parts = [p for p in form.replace("-", " ").split() if len(p) >= 3]
    return parts if len(parts) > 1 or parts != [form] else []


def _check_form(path: Path, lineno: int, form: str) -> str:
    form = form.strip()
    problem = form_problem(form)
    if problem == _EMPTY:
        problem += " (two '|' in a row or a '|' at an end?)"
    if problem is not None:
        raise DictionaryError(path, lineno, problem)
    return " ".join(form.split())


def _header(parsed: ParsedFile, path: Path, lineno: int, body: str) -> None:
    if body.startswith("role:"):
        role = body[5:].strip()
        if role not in ROLES:
            raise DictionaryError(path, lineno, f"unknown role {role!r} (use {ROLES})")
        parsed.role = LexiconRole(role)
    elif body.startswith("kind:"):
        kind = body[5:].strip()
        if kind not in KINDS:
            raise DictionaryError(path, lineno, f"unknown kind {kind!r} (use {KINDS})")
        parsed.kind = LexiconKind(kind)
    elif body.startswith("match:"):
        if body[6:].strip() != "any-case":
            raise DictionaryError(path, lineno, "the only match directive is 'any-case'")
        parsed.any_case = True


def parse_file(path: Path, *, user: bool = False) -> ParsedFile:
    """Parse one dictionary file (``user=True``: the user lexicon, protect-only, any case).

    Raises ``DictionaryError(path, line, what)`` at the first malformed line (line 0 when the
    file cannot be read)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DictionaryError(path, 0, f"cannot read: {exc.strerror or exc}") from exc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DictionaryError(path, data[: exc.start].count(b"\n") + 1, "not valid UTF-8") from exc
    lines = text.splitlines()
    if not lines or not lines[0].startswith("# source:") or not lines[0][9:].strip():
        raise DictionaryError(
            path, 1, "first line must be '# source: <where the entries come from>'"
        )
    parsed = ParsedFile(path=path, source=lines[0][9:].strip())
    for lineno, raw in enumerate(lines[1:], start=2):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            _header(parsed, path, lineno, line[1:].strip())
            continue
        if "->" in line:
            if "|" in line:
                raise DictionaryError(
                    path, lineno, "a line is variants (a | b) or a correction (a -> b), not both"
                )
            wrong, _, right = line.partition("->")
            if not wrong.strip() or not right.strip():
                raise DictionaryError(
                    path, lineno, "a correction needs both sides: 'wrong -> right'"
                )
            pair = (_check_form(path, lineno, wrong), _check_form(path, lineno, right))
            if problem := correction_problem(*pair):
                raise DictionaryError(path, lineno, problem)
            parsed.entries.append(ParsedLine(lineno, correction=pair))
            continue
        forms = tuple(_check_form(path, lineno, part) for part in line.split("|"))
        parsed.entries.append(ParsedLine(lineno, forms=forms))
    if user:
        parsed.role = LexiconRole.PROTECT
        parsed.any_case = True
    return parsed


def dictionary_files(folder: Path) -> list[Path]:
    """The dictionary files of ``folder``: its ``*.txt`` files, sorted by name."""
    return sorted(p for p in Path(folder).glob("*.txt") if p.is_file())


def ngram_files(folder: Path) -> list[Path]:
    """The n-gram count files of ``folder`` (``*.bigrams.tsv``, ``*.ngrams.tsv``), sorted by
    name."""
    found = [*Path(folder).glob("*.bigrams.tsv"), *Path(folder).glob("*.ngrams.tsv")]
    return sorted(p for p in found if p.is_file())


# -- the user lexicon ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class UserLexicon:
    """What the user lexicon file says, as the correct stage reads it."""

    #: Protected words, casefolded, with the words of multi-word and hyphenated entries.
    words: frozenset[str] = frozenset()
    #: Casefolded wrong -> right as written; a later line wins.
    corrections: dict[str, str] = field(default_factory=dict)
    #: Every entry as the writers write it (:attr:`ParsedLine.text`), in file order.
    lines: tuple[str, ...] = ()


def read_user_lexicon(path: Path) -> UserLexicon:
    """Read the user lexicon at ``path``; an empty one when the file does not exist.

    Raises ``DictionaryError(path, line, what)`` for a malformed line."""
    if not Path(path).is_file():
        return UserLexicon()
    parsed = parse_file(path, user=True)
    words: set[str] = set()
    corrections: dict[str, str] = {}
    for entry in parsed.entries:
        if entry.correction is not None:
            wrong, right = entry.correction
            corrections[wrong.casefold()] = right
        for form in entry.forms:
            words.add(form.casefold())
            words.update(part.casefold() for part in components(form))
    return UserLexicon(frozenset(words), corrections, tuple(e.text for e in parsed.entries))


def _user_form(word: str) -> str:
    """``word`` as the user lexicon writes it (whitespace runs made one space); a ``ValueError``
    naming the problem for what ``parse_file`` would refuse."""
    form = " ".join(word.split())
    # Characters are judged on the word as given too: normalising hides a tab or a line break.
    problem = form_problem(form) or _char_problem(word)
    if problem is not None:
        raise ValueError(f"{word!r} cannot go in the user lexicon: {problem}")
    return form


def user_word(word: str) -> str:
    """``word`` as a user-lexicon entry; ``ValueError`` if the parser would not read it back."""
    if "->" in word:  # the parser would read the line as a correction, not refuse it
        raise ValueError(f"{word!r} cannot go in the user lexicon: '->' would make it a correction")
    return _user_form(word)


def user_correction(wrong: str, right: str) -> tuple[str, str]:
    """``(wrong, right)`` as a user-lexicon correction; ``ValueError`` if the parser would not
    read it back (a case-only change, an entry too long, a forbidden character)."""
    pair = (_user_form(wrong), _user_form(right))
    if problem := correction_problem(*pair):
        raise ValueError(f"{wrong!r} -> {right!r} cannot go in the user lexicon: {problem}")
    return pair


def _append(path: Path, lines: Iterable[str]) -> None:
    """Append lines and fsync: a review killed right after a decision keeps it. A file that
    does not end with a line break gets one first, so the last line there stays whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        chunk = ""
        size = os.fstat(fd).st_size
        if size == 0:
            chunk = USER_HEADER + "\n"
        elif os.pread(fd, 1, size - 1) != b"\n":
            chunk = "\n"  # a hand-edited file without a final newline: never glue onto it
        chunk += "".join(f"{line}\n" for line in lines)
        os.write(fd, chunk.encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)


def add_user_words(path: Path, words: Iterable[str]) -> list[str]:
    """Append words confirmed correct to the user lexicon; returns those actually added.

    Raises ``ValueError`` (and writes none of them) if one is not an entry ``parse_file``
    would read back as that word; ``DictionaryError`` if the file is already malformed."""
    have = {line.casefold() for line in read_user_lexicon(path).lines}
    new: list[str] = []
    for word in words:
        form = user_word(word)
        if form.casefold() not in have:
            have.add(form.casefold())
            new.append(form)
    if new:
        _append(path, new)
    return new


def add_user_correction(path: Path, wrong: str, right: str) -> bool:
    """Append a confirmed correction ``wrong -> right``; False if it was already there.

    Raises ``ValueError`` for a pair ``parse_file`` would refuse (a case-only change, an entry
    too long, a character the format forbids): such a line would stop the next run."""
    line = " -> ".join(user_correction(wrong, right))
    if line in read_user_lexicon(path).lines:
        return False
    _append(path, [line])
    return True


def remove_user_lines(path: Path, lines: Sequence[str]) -> None:
    """Rewrite the user lexicon without the entries ``lines`` (as :attr:`ParsedLine.text`,
    compared casefolded; the first match of each); headers and comments are kept."""
    if not lines or not Path(path).is_file():
        return
    todo = Counter(ln.casefold() for ln in lines)
    drop: set[int] = set()
    for entry in parse_file(path, user=True).entries:
        key = entry.text.casefold()
        if todo[key] > 0:
            todo[key] -= 1
            drop.add(entry.line)
    if not drop:
        return
    kept = [
        raw
        for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if lineno not in drop
    ]
    write_text_atomic(path, "".join(f"{ln}\n" for ln in kept))
