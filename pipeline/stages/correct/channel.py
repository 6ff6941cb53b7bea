"""What OCR confuses, and how far a candidate is from what OCR read.

The channel half of the correct stage's noisy-channel ranking: an edit distance in which the
substitutions OCR actually makes (``rn`` for ``m``, ``cl`` for ``d``, ``li`` for ``h``, ``0`` for
``o`` …) cost a fraction of an arbitrary edit, with a description of the edits for the reason
sentence a reviewer reads.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache

log = logging.getLogger(__name__)

# (what OCR printed, what the paper says), lowercase. Both directions happen (a broken ``m``
# reads as ``rn``, touching ``r n`` read as ``m``), so each pair is used both ways.
OCR_CONFUSIONS: tuple[tuple[str, str], ...] = (
    ("rn", "m"),
    ("cl", "d"),
    ("li", "h"),
    ("lh", "b"),
    ("vv", "w"),
    ("ri", "n"),
    ("in", "m"),
    ("ni", "m"),
    ("ii", "u"),
    ("ii", "n"),
    ("0", "o"),
    ("1", "l"),
    ("1", "i"),
    ("l", "i"),
    ("i", "j"),
    ("5", "s"),
    ("8", "b"),
    ("e", "c"),
    ("c", "o"),
    ("e", "o"),
    ("a", "o"),
    ("h", "b"),
    ("n", "u"),
    ("t", "f"),
    ("u", "v"),
    ("o", "d"),  # typewriter D with a faint stem (SHOULO, PRESIOENT)
)
# Letters whose capital is the small letter drawn bigger (c/C, o/O, s/S ...): on a degraded scan
# the size is what goes, and Tesseract picks the wrong case (``succeSs``, ``tO``, ``TwO``). From
# the benchmark's outputs (bench/out/full): s/S far the most, then o/O, w/W, c/C and u/U (in
# all-caps cables: ``couLD``, ``uSG``); k/K and p/P, whose shapes differ more, never showed as an
# interior capital, and stay out.
CASE_TWINS = frozenset("cosuvwxz")
# ``McCain``, ``DeSoto``, ``LaSalle``, ``VanSant``: a name particle before a capitalised name.
_NAME_PARTICLE = re.compile(
    r"(?:Mc|Mac|Fitz|De|Del|Della|Di|Da|Du|La|Le|Lo|Van|Von|St)[A-Z][a-z]{2,}"
)
# ``iSight``, ``eCommerce``: a brand's small first letter.
_BRAND = re.compile(r"[ie][A-Z][a-z]{2,}")
OCR_COST = 0.35  # one OCR confusion, in units of an arbitrary edit
EDIT_COST = 1.0

_PAIRS: dict[tuple[str, str], None] = {}
for _seen, _meant in OCR_CONFUSIONS:
    _PAIRS[(_seen, _meant)] = None
    _PAIRS[(_meant, _seen)] = None
_PAIR_LIST = tuple(_PAIRS)
#: first letter of a pair's seen side -> the pairs' places in ``_PAIR_LIST``, ascending
_PAIRS_BY_FIRST: dict[str, tuple[int, ...]] = {}
for _k, (_seen, _meant) in enumerate(_PAIR_LIST):
    _PAIRS_BY_FIRST[_seen[0]] = (*_PAIRS_BY_FIRST.get(_seen[0], ()), _k)
_MULTI = tuple(pair for pair in _PAIRS if len(pair[0]) > 1 or len(pair[1]) > 1)
#: first letter of a ``_MULTI`` pair's seen side -> those pairs, in ``_MULTI``'s order
_MULTI_BY_FIRST: dict[str, tuple[tuple[str, str], ...]] = {}
for _pair in _MULTI:
    _MULTI_BY_FIRST[_pair[0][0]] = (*_MULTI_BY_FIRST.get(_pair[0][0], ()), _pair)
_SINGLE = frozenset(pair for pair in _PAIRS if len(pair[0]) == 1 and len(pair[1]) == 1)
_DIGIT_READS = {"0": "o", "1": "l", "5": "s", "8": "b"}
# Longest middle the exact alignment is run on; longer differences are not corrections.
_MAX_MIDDLE = 10
# Second confusions are tried on this many first-step variants (the rest is rarely needed).
_SECOND_STEP = 12


@dataclass(frozen=True, slots=True)
class Edit:
    """One step of an alignment: ``seen`` in the text became ``meant`` in the candidate.

    >>> Edit("ocr", "rn", "m").describe(), Edit("missing", "", "i").describe()
    ('OCR confusion rn→m', "missing letter 'i'")
    """

    kind: str  # "ocr", "case", "substitution", "missing", "extra", "transposition"
    seen: str  # what the text has
    meant: str  # what the candidate has

    def describe(self) -> str:
        if self.kind == "case":
            return f"OCR case confusion {self.seen}→{self.meant}"
        if self.kind == "ocr":
            return f"OCR confusion {self.seen}→{self.meant}"
        if self.kind == "missing":
            return f"missing letter {self.meant!r}"
        if self.kind == "extra":
            return f"extra letter {self.seen!r}"
        if self.kind == "transposition":
            return f"transposition {self.seen}→{self.meant}"
        if self.kind == "space-missing":
            return "words run together"
        if self.kind == "space-extra":
            return "word split in two"
        if self.kind == "diacritic":
            return "diacritic noise"
        return f"{self.seen}→{self.meant}"


@dataclass(frozen=True, slots=True)
class Alignment:
    """An edit script and its cost, in arbitrary edits (an OCR confusion costs ``OCR_COST``)."""

    cost: float
    edits: tuple[Edit, ...]

    @property
    def ocr_only(self) -> bool:
        """Every edit is a known OCR confusion (strong evidence of a misread)."""
        return bool(self.edits) and all(e.kind in ("ocr", "case") for e in self.edits)

    def describe(self) -> str:
        if not self.edits:
            return "no change"
        return ", ".join(e.describe() for e in self.edits)


def align(seen: str, meant: str) -> Alignment | None:
    """Cheapest OCR-aware edit script from ``seen`` (lowercase) to ``meant``, or None if the
    two differ in more than a short stretch. A new ``Alignment`` each call, its ``Edit``s shared
    (``_edit``); not remembered itself (BLN600 dev: 42k asks, one in six repeated), only the
    script of the differing middles is (``_dp``), as plain tuples: a cache of ``Alignment``s
    held some 100k objects the collector walked in every full collection.

    >>> align("rnodern", "modern").describe()
    'OCR confusion rn→m'
    >>> align("negotations", "negotiations").describe()
    "missing letter 'i'"
    """
    # Keep one character of common context each side so a two-letter confusion that straddles
    # the trimmed edge (``rn`` / ``m``) is still seen whole.
    p = 0
    limit = min(len(seen), len(meant))
    while p < limit and seen[p] == meant[p]:
        p += 1
    s = 0
    while s < limit - p and seen[len(seen) - 1 - s] == meant[len(meant) - 1 - s]:
        s += 1
    p = max(0, p - 1)
    s = max(0, s - 1)
    a = seen[p : len(seen) - s]
    b = meant[p : len(meant) - s]
    if len(a) > _MAX_MIDDLE or len(b) > _MAX_MIDDLE:
        return None
    cost, steps = _dp(a, b)
    return Alignment(cost, tuple([_EDITS.get(step) or _edit(step) for step in steps]))


#: (kind, seen, meant) -> its ``Edit``, for the steps of ``_dp``'s scripts: letters and confusion
#: pairs, a few thousand at most, so the alignments made afresh share them.
_EDITS: dict[tuple[str, str, str], Edit] = {}


def _edit(step: tuple[str, str, str]) -> Edit:
    """The shared ``Edit`` of ``step`` (kind, seen, meant), made on first use."""
    made = _EDITS[step] = Edit(*step)
    return made


#: How much cheaper a path must be to replace a cell's in ``_dp`` (float noise is not cheaper).
_EPS = 1e-9
#: A cell's way back in ``_dp``: the cell it came from and the edit (kind, seen, meant), if any.
_Step = tuple[int, int, tuple[str, str, str] | None]


@lru_cache(maxsize=16384)
def _dp(a: str, b: str) -> tuple[float, tuple[tuple[str, str, str], ...]]:
    """The cheapest edit script from ``a`` to ``b`` (``align``'s differing middles, at most
    ``_MAX_MIDDLE`` letters each): its cost (rounded to 4 places) and its edits as (kind, seen,
    meant), in order. Remembered: the middles recur across words far more than the words do
    (``ie``/``ei``, ``rn``/``m``; BLN600 dev: 26 k asks, 18 k distinct); as strings and numbers
    only, which the collector stops tracking once it has seen them."""
    n, m = len(a), len(b)
    # where a multi-letter confusion can start in ``a``: saves trying every pair at every cell
    multi_at = _multi_at(a)
    inf = float("inf")
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    # an edit is kept as its (kind, seen, meant) and made an ``Edit`` on the way back only
    back: list[list[_Step | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    # Forward relaxation: from (i, j) to the cells it reaches, each kept when cheaper by more
    # than ``_EPS`` (``_relax``, written out in the loop: the calls were a third of the cost).
    eps = _EPS
    for i in range(n + 1):
        row = cost[i]
        down = cost[i + 1] if i < n else None
        for j in range(m + 1):
            here = row[j]
            if here == inf:
                continue
            if down is not None:
                if j < m:
                    if a[i] == b[j]:
                        value, edit = here, None
                    elif (a[i], b[j]) in _SINGLE:
                        value, edit = here + OCR_COST, ("ocr", a[i], b[j])
                    else:
                        value, edit = here + EDIT_COST, ("substitution", a[i], b[j])
                    if value < down[j + 1] - eps:
                        down[j + 1] = value
                        back[i + 1][j + 1] = (i, j, edit)
                value = here + EDIT_COST
                if value < down[j] - eps:
                    down[j] = value
                    back[i + 1][j] = (i, j, ("extra", a[i], ""))
            if j < m:
                value = here + EDIT_COST
                if value < row[j + 1] - eps:
                    row[j + 1] = value
                    back[i][j + 1] = (i, j, ("missing", "", b[j]))
            if (
                i + 1 < n
                and j + 1 < m
                and a[i] == b[j + 1]
                and a[i + 1] == b[j]
                and a[i] != a[i + 1]
            ):
                edit = ("transposition", a[i : i + 2], b[j : j + 2])
                _relax(cost, back, i + 2, j + 2, here + EDIT_COST, i, j, edit)
            for x, y in multi_at.get(i, ()):
                if b.startswith(y, j):
                    edit = ("ocr", x, y)
                    _relax(cost, back, i + len(x), j + len(y), here + OCR_COST, i, j, edit)
    edits: list[tuple[str, str, str]] = []
    i, j = n, m
    while (i, j) != (0, 0):
        step = back[i][j]
        assert step is not None
        i, j, edit = step
        if edit is not None:
            edits.append(edit)
    edits.reverse()
    return round(cost[n][m], 4), tuple(edits)


def _multi_at(a: str) -> dict[int, list[tuple[str, str]]]:
    """Place in ``a`` -> the ``_MULTI`` pairs whose seen side starts there, in ``_MULTI``'s
    order (the order a search pair by pair lists them, which decides ``_dp``'s ties). Only the
    pairs that start with the place's letter are asked.

    >>> _multi_at("rni")
    {0: [('rn', 'm')], 1: [('n', 'ri'), ('ni', 'm'), ('n', 'ii')]}
    """
    multi_at: dict[int, list[tuple[str, str]]] = {}
    for k in range(len(a)):
        for x, y in _MULTI_BY_FIRST.get(a[k], ()):
            if a.startswith(x, k):
                multi_at.setdefault(k, []).append((x, y))
    return multi_at


def _relax(
    cost: list[list[float]],
    back: list[list[_Step | None]],
    i: int,
    j: int,
    value: float,
    from_i: int,
    from_j: int,
    edit: tuple[str, str, str] | None,
) -> None:
    if value < cost[i][j] - _EPS:
        cost[i][j] = value
        back[i][j] = (from_i, from_j, edit)


def ocr_variants(word: str, limit: int = 64) -> list[str]:
    """Words one or two OCR confusions away from ``word`` (lowercase), nearest first.

    >>> "modern" in ocr_variants("rnodern")
    True
    """
    first = _one_step(word)
    out = list(first)
    if len(out) < limit:
        seen = set(out)
        seen.add(word)
        for v in first[:_SECOND_STEP]:
            for w in _one_step(v):
                if w not in seen:
                    seen.add(w)
                    out.append(w)
                    if len(out) >= limit:
                        return out
    return out


#: ``_PAIR_LIST`` with each seen side's length.
_PAIR_STEPS = tuple((x, y, len(x)) for x, y in _PAIR_LIST)


def _one_step(word: str) -> list[str]:
    """The strings one OCR confusion from ``word``: ``_PAIRS`` in their order, each place left
    to right. Only the pairs whose seen side starts with a letter of ``word`` are searched
    (about a third of them; the search is the costly part of ``ocr_variants``), and the first
    place of each is one ``str.replace``."""
    out: list[str] = []
    at: list[int] = []
    for ch in set(word):
        at += _PAIRS_BY_FIRST.get(ch, ())
    at.sort()
    for k in at:
        x, y, n = _PAIR_STEPS[k]
        start = word.find(x)
        if start == -1:
            continue
        out.append(word.replace(x, y, 1))
        start = word.find(x, start + 1)
        while start != -1:
            out.append(word[:start] + y + word[start + n :])
            start = word.find(x, start + 1)
    return out


def digit_reading(word: str) -> str | None:
    """``c0untry`` → ``country``: the letters OCR most likely meant by digits inside a word."""
    if not any(ch.isdigit() for ch in word):
        return None
    out = []
    for ch in word:
        if ch.isdigit():
            if ch not in _DIGIT_READS:
                return None
            out.append(_DIGIT_READS[ch])
        else:
            out.append(ch)
    return "".join(out)


def case_reading(word: str, caps_text: bool = False) -> str | None:
    """``word`` with its OCR case confusions undone, or None when its case is not one.

    In mixed-case text, capitals inside a word are lowered when every one of them is a
    ``CASE_TWINS`` letter right after a small letter (``succeSs``, ``WaShington``, ``tO``), and
    a possessive's ``'S`` becomes ``'s``; the first letter keeps its case. Acronym plurals
    (``NGOs``), runs of capitals (``RoSSI``), other capitals inside (``AmEmbassy``), name
    particles (``McCain``, ``DeSoto``) and brands (``iSight``) are not case confusions. In
    all-caps text (``caps_text``), a word whose small letters are all twins is upper-cased
    (``TwO``, ``couLD``, ``us``); a possessive's ``'s`` is left as it is. Whether the reading is
    a word is for the caller (``PolOff`` gives ``Poloff``, which is not).

    >>> case_reading("succeSs"), case_reading("WaShington"), case_reading("Secretary'S")
    ('success', 'Washington', "Secretary's")
    >>> [case_reading(w) for w in ("McCain", "NGOs", "AmEmbassy", "success", "NATO'S")]
    [None, None, None, None, None]
    >>> case_reading("TwO", caps_text=True), case_reading("OSWALD's", caps_text=True)
    ('TWO', None)
    """
    base, possessive = word, ""
    if len(word) > 3 and word[-2] in "'’" and word[-1] in "sS":
        base, possessive = word[:-2], word[-2:]
    if len(base) < 2 or not base.isalpha():
        return None
    if caps_text:
        small = [ch for ch in base if ch.islower()]
        if not small or any(ch not in CASE_TWINS for ch in small):
            return None
        return base.upper() + possessive
    if base.isupper():
        return None
    inside = [i for i in range(1, len(base)) if base[i].isupper()]
    if inside:
        if any(base[i].lower() not in CASE_TWINS or not base[i - 1].islower() for i in inside):
            return None
        if _NAME_PARTICLE.match(base) or _BRAND.match(base):
            return None
        base = base[0] + base[1:].lower()
    if possessive.endswith("S"):
        possessive = possessive[:-1] + "s"
    out = base + possessive
    return None if out == word else out


def case_edits(seen: str, meant: str) -> tuple[Edit, ...]:
    """The case confusions between ``seen`` and its ``case_reading`` (each letter pair once).

    >>> [e.describe() for e in case_edits("asSiStance", "assistance")]
    ['OCR case confusion S→s']
    """
    pairs = dict.fromkeys((a, b) for a, b in zip(seen, meant, strict=True) if a != b)
    return tuple(Edit("case", a, b) for a, b in pairs)
