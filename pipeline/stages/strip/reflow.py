"""The kept text rejoined: paragraphs across lines and pages, line-end hyphens undone.

Each kept line (furniture and removed spans cut out) becomes an ``Out`` with its words; the
document is then one stream of kept lines, blank lines and breaks (removed furniture, page
boundaries), and each pair of neighbouring lines is joined by a space, a newline, a paragraph
break or a hyphen join (``_join_kind``); a list's or table's item is never joined to the line
before it (``list_items``). Every word of the result keeps its page, line, box and
confidence (``WordSpan``).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from pipeline.core.enums import FurnitureKind
from pipeline.core.records import BBox, Page, WordSpan, is_manual_mark
from pipeline.core.results import Removal
from pipeline.stages.strip.config import StripConfig
from pipeline.stages.strip.kept_lines import Out, kept_out
from pipeline.stages.strip.line_joins import line_join_records
from pipeline.stages.strip.lines import WorkLine, protected
from pipeline.stages.strip.list_items import date_line_apart, follows, item_shape
from pipeline.stages.strip.patterns.body import LIST_START

if TYPE_CHECKING:
    from pipeline.lexicon import Lexicon

log = logging.getLogger(__name__)


_TERMINAL_END = re.compile(r"[.!?:;][\"')\]”’]*$")
# A cable's header field: the numbered paragraph under it starts the body, however long the
# field's line ("SUBJECT: AMBASSADOR'S MEETING WITH PRESIDENT ALIYEV" / "1. The Ambassador ...").
_FIELD_LINE = re.compile(r"^\W{0,3}(?:TAGS|SUBJECT|SUBJ|REFS?)\s*:")
_HYPHEN_END = re.compile(r"[A-Za-z]-$")
# Prefixes that keep their hyphen before a lower-case word (self-evident, non-aligned ...).
HYPHEN_PREFIXES = frozenset(
    {
        *("self", "non", "ex", "co", "mid", "well", "all", "half", "quasi", "cross", "vice"),
        *("anti", "pro", "post", "pre", "semi", "multi"),
    }
)


def hyphen_join(
    prefix: str, suffix: str, vocab: set[str], lexicon: Lexicon | None = None
) -> tuple[bool, str]:
    """Keep the hyphen of ``prefix-`` / ``suffix`` (True) or undo the line-end hyphenation,
    and why.

    A capital or digit after the break keeps it (Nagorno-Karabakh, mid-September, 1990-91), and
    so do the usual hyphenating prefixes (self-, non-, co- ...). Then the document decides when
    it writes the hyphenated form or the joined word elsewhere (``vocab``: its words, lower
    case). With the ``lexicon`` the hyphen goes when the joined word is known and the
    hyphenated form is not; when both halves are English words (long-term, follow-up,
    two-thirds) the joined word must also be more frequent than the two as a pair (symspellpy's
    word and bigram counts), else it is a compound and keeps its hyphen. An unknown joined word
    keeps the hyphen too, unless neither half is a word either (a word broken at a syllable and
    damaged by OCR, "negoti-" / "atlons": joined, so that correction sees it whole). Without a
    lexicon a line-end hyphen before a lower-case letter is taken for a break.

    >>> hyphen_join("Nagorno-", "Karabakh", set())[0], hyphen_join("self-", "evident", set())[0]
    (True, True)
    >>> hyphen_join("negoti-", "ations.", set())
    (False, 'no dictionary; a break before a lower-case letter')
    >>> hyphen_join("cease-", "fire", {"cease-fire"})
    (True, 'the document writes cease-fire')
    """
    stem = prefix[:-1]
    head = re.sub(r"\W+$", "", suffix)
    if not head or not head[0].isalpha() or head[0].isupper():
        return True, "a capital or digit after the hyphen"
    word = re.sub(r"^\W+", "", stem).lower()
    if word in HYPHEN_PREFIXES:
        return True, f"{word}- is a hyphenating prefix"
    joined, hyphenated = word + head.lower(), f"{word}-{head.lower()}"
    if hyphenated in vocab:
        return True, f"the document writes {hyphenated}"
    if joined in vocab:
        return False, f"the document writes {joined}"
    if lexicon is None:
        return False, "no dictionary; a break before a lower-case letter"
    if lexicon.is_known(hyphenated):
        return True, f"{hyphenated} is in the lexicon"
    if not lexicon.is_known(joined):
        if lexicon.is_known(word) or lexicon.is_known(head.lower()):
            return True, f"{joined} is not a known word"
        # Neither half is a word either: a word broken at a syllable whose OCR is damaged
        # ("negoti-" / "atlons"); joined, the correct stage sees the word whole.
        return False, f"neither {word} nor {head.lower()} is a word: one word broken"
    if lexicon.is_english(word) and lexicon.is_english(head.lower()):
        pair = lexicon.bigram(word, head.lower())
        if lexicon.count(joined) <= pair:
            return True, f"'{word} {head.lower()}' is more frequent than {joined}: a compound"
    return False, f"{joined} is a known word"


def _is_full(text: str, width: int | None, share: float = 0.75) -> bool:
    """Does the line run (nearly) to the right margin, i.e. was it wrapped? ``width``: the
    printed line width in characters (``_typical_width``; None: unknown, so never full).

    >>> _is_full("x" * 60, 70), _is_full("x" * 50, 70), _is_full("x" * 60, None)
    (True, False, False)
    """
    return width is not None and len(text) >= share * width


def _header_like(text: str, width: int | None) -> bool:
    """A line that keeps its own line: a form's tab-separated line, or a short line that is a
    cable header field, a list start or under four words.

    >>> _header_like("TAGS: PREL, AJ", 70), _header_like("3. (C) The talks", 70)
    (True, True)
    >>> _header_like("the minister said that the talks", 70)
    False
    """
    if "\t" in text:
        return True
    if _is_full(text, width):
        return False
    return protected(text) or bool(LIST_START.match(text)) or len(text.split()) < 4


def _join_kind(
    a: Out,
    b: Out,
    width: int | None,
    broken: bool,
    vocab: set[str],
    lexicon: Lexicon | None,
    item: bool = False,
) -> tuple[str, str]:
    """How line ``b`` follows line ``a``: "hyphen", "keep-hyphen", "space" or "" (a new line),
    and for a hyphen why (``hyphen_join``).

    ``broken``: furniture or a page boundary stood between them (a page break). ``item``: ``b``
    begins with the leading shape of a neighbour (``list_items``): an item of a list or table,
    which keeps its own line whatever the length of the line before it.
    """
    if item and not (a.tab or b.tab):
        return "", ""
    how = _join_lines(a, b, width, broken)
    if how != "hyphen":
        return how, ""
    last = a.plain.rsplit(None, 1)[-1]
    keep, why = hyphen_join(last, b.plain.split(None, 1)[0], vocab, lexicon)
    return ("keep-hyphen" if keep else "hyphen"), why


def _join_lines(a: Out, b: Out, width: int | None, broken: bool) -> str:
    """``_join_kind`` before the hyphen is decided: "hyphen" for any line-end hyphen."""
    if a.tab or b.tab or protected(b.plain):
        return ""  # the telegram form, and the cable's own header lines and portion marks
    if a.furniture or b.furniture or a.kept_edges[1] or b.kept_edges[0]:
        return ""  # a kept banner or page number is not part of the paragraph beside it
    # Decided on the lines as a run that keeps no furniture has them (``Out.plain``).
    at, bt = a.plain, b.plain
    if is_manual_mark(at) or is_manual_mark(bt):
        return ""  # a flagged page's placeholder: a paragraph of its own
    if date_line_apart(at, bt):
        return ""
    ends_sentence = bool(_TERMINAL_END.search(at))
    header = _header_like(at, width)
    mid_sentence = not ends_sentence and not header and not _FIELD_LINE.match(at)
    if LIST_START.match(bt) and not (
        # In capitals "FOLLOWS: 1. MONDAY'S" or "JUNE" / "12. YY" look like a header or a
        # numbered paragraph; after a line that stopped mid-sentence they carry it on.
        mid_sentence and (_is_full(at, width) or (broken and len(at.split()) >= 6))
    ):
        return ""
    if broken and header:
        return ""
    if broken and ends_sentence:
        return _after_page_end(bt)
    if _HYPHEN_END.search(at) and bt[:1].isalpha():  # "negoti-", not "--"
        return "hyphen"
    if bt[:1].islower() and not ends_sentence:
        return "space"
    if broken:
        return "space" if len(at.split()) >= 6 or _is_full(at, width) else ""
    if header:
        return ""
    return "space" if _is_full(at, width) else ""


def _after_page_end(b: str) -> str:
    """How the line ``b`` that opens a page follows a page (or removed furniture) whose last
    line ended a sentence: "space" when ``b`` goes on in small letters (the stop was an
    abbreviation's, "the U.S." / "delegation said", or a clause ends in ";" or ":"), else ""
    (a new paragraph). A full last line is no evidence that the paragraph goes on: a sentence
    ends at the margin as often at a paragraph's end as inside one, and a new paragraph at the
    page's top prints no blank line to tell; so the printed break stays where nothing says the
    paragraph goes on.

    >>> _after_page_end("delegation said so."), _after_page_end("The talks resumed.")
    ('space', '')
    """
    return "space" if b[:1].islower() else ""


def _vocab(outs: list[Out]) -> set[str]:
    """The document's own words, for deciding line-end hyphens (``outs``: its body lines)."""
    return {w.strip(_PUNCT).lower() for o in outs for w in o.plain.split()}


_PUNCT = "!\"#$%&'()*+,./:;<=>?@[\\]^_`{|}~“”‘’«»…•·"  # not "-": "mid-September" stays whole


def _typical_width(outs_in_blocks: list[list[Out]]) -> int | None:
    """The printed line width: the 90th percentile of the kept lines' lengths (in text whose
    lines are whole paragraphs, like the seed, that is a paragraph's length: nothing is full)."""
    lengths = sorted(len(o.plain) for block in outs_in_blocks for o in block)
    if len(lengths) < 3:
        return None
    return lengths[min(len(lengths) - 1, int(0.9 * len(lengths)))]


def assemble(
    pages: Sequence[Page],
    lines: list[WorkLine],
    config: StripConfig,
    lexicon: Lexicon | None = None,
) -> tuple[str, tuple[WordSpan, ...], tuple[Removal, ...], tuple[Removal, ...]]:
    """The kept text, one ``WordSpan`` per word of it, a ``Removal`` (``line-end-hyphen``, with
    ``hyphen_join``'s reason) per line-end hyphen undone, and (apart) the pages' ``line-join``
    records (``line_joins``). ``lexicon``: see ``hyphen_join``; in ``StripConfig.keep_kinds``
    ``line-end-hyphen`` keeps every hyphen, ``line-join`` every line break.

    Furniture (kinds not in ``StripConfig.keep_kinds``) and decided spans are left out; the
    kept lines are joined by ``_join_kind`` ("\\n\\n" at a blank line or page break that ends a
    paragraph, "\\n" between header lines, " " inside a paragraph, nothing at an undone
    hyphen). A word rejoined from two pieces keeps the first piece's page and line, the union of
    both boxes when on one page, and the lower confidence.
    """
    by_key = {(ln.page, ln.idx): ln for ln in lines}
    # The document as a stream: kept lines, blank lines (paragraph breaks) and breaks (removed
    # furniture or a page boundary: where a paragraph may have been cut).
    stream: list[Out | str] = []
    for pi, page in enumerate(pages):
        if pi:
            stream.append("page")
        for idx in range(len(page.lines)):
            ln = by_key.get((pi, idx))
            if ln is None:
                stream.append("blank")
                continue
            if ln.furniture and ln.kind not in config.keep_kinds:
                stream.append("break")
                continue
            out = kept_out(page.number, ln, config)
            stream.append(out if out.text else "break")
    # The body lines: width, words and list shapes as a run that keeps no furniture has them.
    outs = [o for o in stream if isinstance(o, Out) and not o.furniture]
    blocks: list[list[Out]] = [[]]
    for item in stream:
        if isinstance(item, Out) and not item.furniture:
            blocks[-1].append(item)
        elif blocks[-1]:
            blocks.append([])
    width = _typical_width(blocks)
    vocab = _vocab(outs)

    text_parts: list[str] = []
    words: list[list[Any]] = []
    joins: list[Removal] = []
    broke: list[tuple[int, int, bool]] = []  # (page, line, became a space): line_join_records
    length = 0
    prev: Out | None = None
    seen: set[str] = set()
    shapes = [item_shape(o.plain) for o in outs]
    outs_at = {id(o): n for n, o in enumerate(outs)}
    # The leading shape of the line the current output line began with.
    head: tuple[str, int | None] | None = None
    for item in stream:
        if isinstance(item, str):
            seen.add(item)
            continue
        shift = length
        if prev is not None:
            broken = bool(seen & {"break", "page"})
            n = outs_at.get(id(item))  # None: kept furniture, a line of its own
            # An item of a list or table: its shape is the shape its output line began with,
            # or the next line's ("9:00 - 9:30" under "9:30 - 10:00" of a schedule).
            shape = None if n is None else shapes[n]
            nxt = shapes[n + 1] if n is not None and n + 1 < len(shapes) else None
            listed = follows(head, shape) or follows(shape, nxt)
            # A blank line with nothing removed around it is the document's own paragraph break.
            how, why = (
                ("", "")
                if "blank" in seen and not broken
                else _join_kind(prev, item, width, broken, vocab, lexicon, listed)
            )
            if how and FurnitureKind.LINE_JOIN in config.keep_kinds:
                how = ""  # --keep-furniture line-join: the printed lines as they were
            if how == "hyphen" and FurnitureKind.HYPHEN in config.keep_kinds:
                how = "keep-hyphen"
            if how:
                broke.append((prev.page, prev.line, how == "space"))
            if how in ("hyphen", "keep-hyphen"):
                if how == "hyphen":
                    at = prev.end - 1
                    joins.append(
                        Removal(
                            prev.page,
                            prev.line,
                            at,
                            at + 1,
                            "-",
                            FurnitureKind.HYPHEN,
                            (f"line-end hyphen undone: {why}",),
                            1.0,
                            prev.words[-1][4] if prev.words else None,
                        )
                    )
                    text_parts[-1] = text_parts[-1][:-1]
                    length -= 1
                    words[-1][1] -= 1
                shift = length
                first = item.words[0] if item.words else None
                if first is not None and words:
                    # One word from two pieces: first piece's line, both boxes, the lower conf.
                    last = words[-1]
                    last[1] = first[1] + shift
                    if last[2] == first[2]:
                        last[4] = BBox.union((last[4], first[4]))
                    if first[5] is not None:
                        last[5] = first[5] if last[5] is None else min(last[5], first[5])
                    rest = item.words[1:]
                else:
                    rest = item.words
            else:
                sep = " " if how == "space" else ("\n\n" if seen & {"blank", "page"} else "\n")
                text_parts.append(sep)
                length += len(sep)
                shift = length
                rest = item.words
                if how != "space":
                    head = shape
        else:
            rest = item.words
            head = shapes[0] if outs else None
        for w in rest:
            w[0] += shift
            w[1] += shift
        words.extend(rest)
        text_parts.append(item.text)
        length += len(item.text)
        prev = item
        seen = set()
    text = "".join(text_parts)
    spans = tuple(WordSpan(*w) for w in words)
    return text, spans, tuple(joins), tuple(line_join_records(pages, broke))
