"""Whether the top candidate is applied: a calibrated probability that it is the right word.

The ranking says which candidate is likeliest; it does not say how often the likeliest is right.
Stacking one hand-set doubt on another (a margin, a count, a neighbour test) made every doubt a
cliff and none of them measured. Here the evidence the ranking and the decision already compute —
margin over the runner-up, the kind and cost of the edit, which context supports the candidate (a
known pair on either side, the document, the batch), the word's length and class, the frequency of
the candidate and of the OCR form, signs that the token is a fragment of a broken word, and which
path made the change (the dictionary path, or a speck taken out, a join of two pieces, a
real-word or short-word fix, a case confusion: ``decide.confirm_path``), how strongly the
candidate goes with a neighbour (``_pair_strength``) — becomes one feature vector, and a
logistic model fitted on judged development material (``python -m bench.calibrate``: BLN600
dev and the labelled FOIA dev set, cross-validated by document) turns it into the probability
that the change is right. The stage applies when that probability reaches the fitted
threshold (chosen so the cross-validated precision is at least 0.99) and otherwise proposes,
naming the weakest piece of evidence.

The coefficients live in ``calibration.json`` beside this module, with their provenance.
"""

from __future__ import annotations

import json
import logging
import math
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

from pipeline.core.enums import ApplyPath, WordClass
from pipeline.stages.correct.candidates import Candidate
from pipeline.stages.correct.document import Doc
from pipeline.stages.correct.rank import BIGRAM_SCALE, UNIGRAM_TOTAL, context_prob, neighbour
from pipeline.stages.correct.realword import shape_variants
from pipeline.stages.correct.tokens import WORDISH, Token

log = logging.getLogger(__name__)

CALIBRATION = Path(__file__).with_name("calibration.json")

# Word endings that stand alone when OCR or a line break split a word (``termin ation``): a token
# that is one of them is more likely a fragment than a misread word.
_FRAGMENT_ENDINGS = frozenset(
    [
        "ation", "ations", "ition", "tion", "tions", "sion", "ment", "ments", "ently", "ence",
        "ences", "ance", "ances", "ness", "ity", "ities", "ally", "ical", "ious", "eous", "ing",
        "ings", "ative", "ure", "ures", "ible", "able", "ship", "ise", "ize", "ised", "ized",
        "ual", "ially", "ular",
    ]
)  # fmt: skip

#: The paths other than the dictionary path, each a feature of its own (``path_speck`` …).
PATHS = (
    ApplyPath.SPECK,
    ApplyPath.JOIN,
    ApplyPath.THIN,
    ApplyPath.FRAGMENT,
    ApplyPath.MISREAD,
    ApplyPath.REALWORD,
    ApplyPath.SHORT,
    ApplyPath.CASE,
    ApplyPath.SPLIT,
    ApplyPath.BATCH,
)

#: Feature names, in the order of the model's coefficients, and the doubt a proposal's reason
#: names when the feature pulls the probability down: "low" when a small value is the doubt
#: (a thin margin), "high" when a large one is (a costly edit).
FEATURES: dict[str, tuple[str, str]] = {
    "margin": ("low", "the runner-up is nearly as likely"),
    "cost": ("high", "the edit is costly"),
    "ocr_only": ("low", "not a known OCR confusion"),
    "edits": ("high", "several edits"),
    "k_substitution": ("high", "a letter replaced outside the OCR confusions"),
    "k_missing": ("high", "a letter added"),
    "k_extra": ("high", "a letter dropped"),
    "k_transposition": ("high", "letters swapped"),
    "k_space": ("high", "a space added or removed"),
    "left_pair": ("low", "no known pair with the word before"),
    "left_context": ("low", "no pair with the word before in State or batch text"),
    "right_pair": ("low", "no known pair with the word after"),
    "right_context": ("low", "no pair with the word after in State or batch text"),
    "in_doc": ("low", "the candidate does not occur elsewhere in the document"),
    "doc_count": ("low", "the candidate is rare in the document"),
    "no_support": ("high", "nothing around the word supports it"),
    "log_count": ("low", "the candidate is a rare word"),
    "count_ratio": ("low", "the runner-up is about as common"),
    "form_in_doc": ("high", "the OCR form recurs in the document"),
    "form_in_batch": ("high", "the OCR form recurs in the batch"),
    "length": ("low", "a short word"),
    "initial": ("high", "a capitalised word at a sentence start"),
    "caps": ("high", "an all-caps word"),
    "name": ("high", "a capitalised word, may be a name"),
    "english": ("low", "the candidate is a lexicon name"),
    "split": ("high", "a split into several words"),
    "split_function": ("high", "a split with no function word, may be a closed compound"),
    "merge": ("high", "a merge with the next token"),
    "derived": ("high", "may be a derived form of a known word"),
    "joins_prev": ("high", "may be the end of a word broken before it"),
    "joins_next": ("high", "may be the start of a word broken after it"),
    "damaged": ("high", "the neighbouring words are damaged too"),
    "fragment": ("high", "looks like a word ending left by a break"),
    "line_edge": ("high", "at a line break"),
    "candidates": ("high", "many candidates compete"),
    "edge_start": ("high", "the first letter changes (the rest of a broken word?)"),
    "edge_end": ("high", "the last letter changes (a plural or suffix lost?)"),
    "word_dropped": ("high", "the dropped letter is a word of its own (a, I)"),
    "overrun": ("high", "the word as read runs on past the candidate (a longer word?)"),
    "prev_unknown": ("high", "the word before is not a known word"),
    "next_unknown": ("high", "the word after is not a known word"),
    "noise_line": ("high", "most of the line is unknown words"),
    "by_rules": ("low", "a hand-set doubt applies"),
    "pair_strength": ("low", "no neighbour is a strong partner of the candidate"),
    "speck_short": ("high", "a short word with a speck may itself be misread (at. for an)"),
    "next_fragment": ("high", "the next token looks like the rest of a longer word"),
    "look_alike": ("high", "the word has a common look-alike OCR may have misread"),
    "split_many": ("high", "a split into three words or more"),
    "path_speck": ("high", "a punctuation mark taken for a speck may be real"),
    "path_join": ("high", "the pieces either side of the hyphen may be two words"),
    "path_thin": ("high", "the two pieces may be two words, not one with a lost letter"),
    "path_fragment": ("high", "the fragment between the pieces may be part of the text"),
    "path_misread": ("high", "the mark after the first piece may be a real full stop or comma"),
    "path_realword": ("high", "the word as read is a real word too"),
    "path_short": ("high", "a short word has many readings"),
    "path_case": ("high", "letters of two cases may be noise, not a word"),
    "path_split": ("high", "the run-together parts may be one word the dictionaries lack"),
    "path_batch": ("high", "the batch's other readings of the form may not hold here"),
}


@dataclass(frozen=True)
class Model:
    """A fitted logistic model: ``p = sigmoid(intercept + Σ coef·(x - mean)/scale)``; apply at
    ``threshold`` or above; confirm an application of the hand-set rules at ``confirm`` or
    above. ``provenance`` says what it was fitted on."""

    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float
    threshold: float
    provenance: dict[str, object]
    #: The probability at or above which the model confirms an application of the hand-set
    #: rules (``CorrectConfig.confirm``); 0 confirms every one.
    confirm: float = 0.0
    #: A higher confirm point for a group of changes (``path_group``) whose precision does not
    #: hold over resamples of the documents at ``confirm`` (``bench.calibrate``); a group not
    #: named here: ``confirm``.
    confirm_by_group: dict[str, float] = field(default_factory=dict)

    def confirm_for(self, x: dict[str, float]) -> float:
        """The confirm point (0-1) for the change described by ``x``: its group's, else
        ``confirm``."""
        return (
            self.confirm_by_group.get(path_group(x), self.confirm)
            if self.confirm_by_group
            else self.confirm
        )

    def contributions(self, x: dict[str, float]) -> list[tuple[str, float]]:
        """Each feature's term of the log-odds for ``x`` (name, value), in feature order."""
        return [
            (name, c * (x.get(name, 0.0) - m) / s)
            for name, m, s, c in zip(self.features, self.mean, self.scale, self.coef, strict=True)
        ]

    def probability(self, x: dict[str, float]) -> float:
        """The calibrated probability that the change described by ``x`` is right (0-1)."""
        get = x.get  # the sum of ``contributions``, term for term, without their names
        terms = [c * (get(name, 0.0) - m) / s for name, m, s, c in self._rows]
        z = self.intercept + sum(terms)
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))

    @cached_property
    def names(self) -> frozenset[str]:
        """The features' names, for asking whether the model has one (``path_fitted``)."""
        return frozenset(self.features)

    @cached_property
    def _rows(self) -> tuple[tuple[str, float, float, float], ...]:
        """(name, mean, scale, coef) per feature, in feature order."""
        return tuple(zip(self.features, self.mean, self.scale, self.coef, strict=True))

    def weakest(self, x: dict[str, float]) -> str:
        """The plain-words doubt of the feature that pulls the probability down most."""
        doubts = [
            (value, FEATURES[name][1])
            for (name, value), mean in zip(self.contributions(x), self.mean, strict=True)
            if value < 0 and (x[name] < mean) == (FEATURES[name][0] == "low")
        ]
        return min(doubts, default=(0.0, "no single piece of evidence is strong enough"))[1]

    def to_json(self) -> dict[str, object]:
        """The model as ``calibration.json`` stores it."""
        return {
            "provenance": self.provenance,
            "threshold": self.threshold,
            "confirm": self.confirm,
            **({"confirm_by_group": self.confirm_by_group} if self.confirm_by_group else {}),
            "intercept": self.intercept,
            "features": [
                {"name": n, "mean": m, "scale": s, "coef": c}
                for n, m, s, c in zip(self.features, self.mean, self.scale, self.coef, strict=True)
            ],
        }

    @classmethod
    def from_json(cls, data: dict) -> Model:
        """Read what ``to_json`` wrote; raises ``ValueError`` for an unknown feature name."""
        feats = data["features"]
        names = tuple(f["name"] for f in feats)
        unknown = set(names) - set(FEATURES)
        if unknown:
            raise ValueError(f"calibration names unknown features: {sorted(unknown)}")
        return cls(
            features=names,
            mean=tuple(float(f["mean"]) for f in feats),
            scale=tuple(float(f["scale"]) or 1.0 for f in feats),
            coef=tuple(float(f["coef"]) for f in feats),
            intercept=float(data["intercept"]),
            threshold=float(data["threshold"]),
            confirm=float(data.get("confirm", 0.0)),
            confirm_by_group={k: float(v) for k, v in data.get("confirm_by_group", {}).items()},
            provenance=dict(data.get("provenance", {})),
        )


def path_group(x: dict[str, float]) -> str:
    """The group of a change for its confirm point, from its features ``x``: the path that made
    it (``path_speck`` …: ``speck``), a split of words run together by either path (``split``),
    else ``dictionary``.

    >>> path_group({"path_speck": 1.0}), path_group({"split": 1.0}), path_group({})
    ('speck', 'split', 'dictionary')
    """
    for p in PATHS:
        if x.get(f"path_{p}"):
            return str(p.value)
    return ApplyPath.SPLIT.value if x.get("split") else ApplyPath.DICTIONARY.value


@cache
def load(path: Path = CALIBRATION) -> Model:
    """The shipped model (read once per process). Raises ``OSError``/``ValueError`` when the file
    is missing or malformed: a broken install, not a user error."""
    return Model.from_json(json.loads(path.read_text(encoding="utf-8")))


def _known(doc: Doc, low: str) -> bool:
    return doc.lexicon.is_english(low) and doc.lexicon.count(low) >= doc.config.apply_min_count


def features(
    doc: Doc, tok: Token, base: str, wclass: WordClass, cands: list[Candidate], flags: dict
) -> dict[str, float]:
    """The evidence about ranked ``cands`` (best first) for ``tok`` (word ``base``) as numbers,
    by ``FEATURES`` name. ``flags`` carries what ``decide`` has already worked out (``derived``,
    ``joins_prev``, ``damaged``, ``margin``) so nothing is computed twice, and ``path``: the
    ``ApplyPath`` that made the change (the dictionary path when absent)."""
    lex = doc.lexicon
    top = cands[0]
    low = base.lower()
    words = top.text.split(" ")
    kinds = [e.kind for e in top.alignment.edits]
    prev_low = neighbour(doc, tok.index, -1)
    next_low = neighbour(doc, tok.index + top.tokens - 1, +1)
    if next_low is None and flags.get("path") == ApplyPath.SPECK:
        next_low = _past_speck(doc, tok.index)
    left_pair = prev_low is not None and lex.bigram(prev_low, words[0]) > 0
    left_ctx = (
        prev_low is not None and not left_pair and context_prob(doc, prev_low, words[0]) is not None
    )
    right_pair = next_low is not None and lex.bigram(words[-1], next_low) > 0
    right_ctx = (
        next_low is not None
        and not right_pair
        and context_prob(doc, words[-1], next_low) is not None
    )
    second = cands[1].count if len(cands) > 1 else 0
    vocab = doc.vocabulary
    tokens = doc.tokens
    i = tok.index
    prev_tok = tokens[i - 1] if i > 0 else None
    next_tok = tokens[i + top.tokens] if i + top.tokens < len(tokens) else None
    joins_next = (
        next_tok is not None
        and not tok.trail
        and WORDISH.match(next_tok.core) is not None
        and not lex.is_known(next_tok.core)
        and _known(doc, low + next_tok.low)
    )
    line_edge = (prev_tok is not None and prev_tok.line != tok.line) or (
        next_tok is not None and next_tok.line != tok.line
    )
    margin = flags["margin"]
    path = flags.get("path", ApplyPath.DICTIONARY)
    target = top.text.replace(" ", "")
    # A speck's OCR form is the word itself (``the,``), a case confusion's lowercased form too
    # (``succeSs``): that it recurs says nothing, where for the dictionary path's non-word it
    # marks a real word.
    own_word = path in (ApplyPath.SPECK, ApplyPath.CASE)
    return {
        "margin": min(margin, 20.0),
        "cost": top.alignment.cost,
        "ocr_only": float(top.alignment.ocr_only),
        "edits": float(len(kinds)),
        "k_substitution": float(kinds.count("substitution")),
        "k_missing": float(kinds.count("missing")),
        "k_extra": float(kinds.count("extra")),
        "k_transposition": float(kinds.count("transposition")),
        "k_space": float(sum(k.startswith("space") for k in kinds)),
        "left_pair": float(left_pair),
        "left_context": float(left_ctx),
        "right_pair": float(right_pair),
        "right_context": float(right_ctx),
        "in_doc": float(top.in_doc and not own_word),
        "doc_count": 0.0 if own_word else math.log1p(doc.forms.get(top.text, 0)),
        "no_support": float(not (top.in_doc or top.bigram_support)),
        "log_count": math.log10(max(top.count, 1)),
        "count_ratio": math.log10(max(top.count, 1)) - math.log10(max(second, 1)),
        "form_in_doc": 0.0 if own_word else math.log(max(doc.forms.get(low, 1), 1)),
        "form_in_batch": (
            math.log(max(vocab.docs.get(low, 1), 1)) if vocab is not None and not own_word else 0.0
        ),
        "length": float(min(len(low), 15)),
        "initial": float(wclass == WordClass.INITIAL),
        "caps": float(wclass == WordClass.CAPS),
        "name": float(wclass == WordClass.NAME),
        "english": float(top.written is None),
        "split": float(len(words) > 1),
        "split_function": float(len(words) > 1 and not flags["function_part"]),
        "merge": float(top.tokens == 2),
        "derived": float(flags["derived"]),
        "joins_prev": float(flags["joins_prev"]),
        "joins_next": float(joins_next),
        "damaged": float(flags["damaged"]),
        "fragment": float(low in _FRAGMENT_ENDINGS),
        "line_edge": float(line_edge),
        "candidates": float(len(cands)),
        "edge_start": float(low[:1] != target[:1]),
        "edge_end": float(low[-1:] != target[-1:]),
        "word_dropped": float(word_dropped(low, target)),
        "overrun": float(overrun(low, target)),
        "prev_unknown": float(_unknown(doc, prev_tok)),
        "next_unknown": float(_unknown(doc, next_tok)),
        "noise_line": _noise_share(doc, tok),
        "by_rules": float(flags.get("by_rules", False)),
        "speck_short": float(path == ApplyPath.SPECK and len(low) <= SHORT_SPECK),
        "next_fragment": float(_fragment_after(doc, next_tok)),
        "pair_strength": max(
            _pair_strength(doc, prev_low, words[0], left_pair, left_ctx),
            _pair_strength(doc, words[-1], next_low, right_pair, right_ctx),
        ),
        "look_alike": float(own_word and _look_alike(doc, target)),
        "split_many": float(len(words) > 2),
        **{f"path_{p}": float(path == p) for p in PATHS},
    }


#: A speck's word this short is read as ``speck_short``: OCR misreads short words into other
#: short words (``at.`` for ``an``, ``is.`` for ``in``; BLN600 dev: 7 of 11 wrong confirmed
#: specks were on words of three letters or fewer, 161 of 338 rows).
SHORT_SPECK = 3


def _fragment_after(doc: Doc, tok: Token | None) -> bool:
    """Is ``tok`` (the token after a change) a piece left by a broken word: a word ending
    (``ing``, ``ment``) or one or two letters no dictionary knows (``regimr nt``,
    ``attend. a ing``), not the words ``a`` and ``I``?"""
    if tok is None or not tok.core.isalpha():
        return False
    low = tok.low
    if low in _FRAGMENT_ENDINGS:
        return True
    return len(low) <= 2 and low not in ("a", "i") and not doc.lexicon.is_known(tok.core)


#: The strongest association ``_pair_strength`` reports (log10 of a ratio): beyond it a pair
#: says nothing more.
PAIR_STRENGTH_MAX = 4.0


def _pair_strength(doc: Doc, first: str | None, second: str | None, pair: bool, ctx: bool) -> float:
    """How much more likely the pair ``first second`` (a candidate and its neighbour, either
    way round) is than chance: log10 of P(``second`` | ``first``) over P(``second``), from the
    shipped bigrams (``pair``) or the State and batch context (``ctx``, ``rank.context_prob``);
    0 with no known pair or a missing word, clipped to 0..``PAIR_STRENGTH_MAX``.

    Why: a binary "a known pair" treats ``the peace`` and ``peace process`` alike; a
    collocation (``peace process``, where OCR read ``preace``) is evidence no mere pair is."""
    if first is None or second is None or not (pair or ctx):
        return 0.0
    lex = doc.lexicon
    if pair:
        cond = lex.bigram(first, second) / (BIGRAM_SCALE * max(lex.count(first), 1))
    else:
        cond = context_prob(doc, first, second) or 0.0
    prior = max(lex.count(second), 1) / UNIGRAM_TOTAL
    if cond <= 0:
        return 0.0
    return max(0.0, min(PAIR_STRENGTH_MAX, math.log10(cond / prior)))


def _look_alike(doc: Doc, word: str) -> bool:
    """Is there an English word one letter-shape confusion from ``word`` (lowercase) at least a
    tenth as common (``bad``/``had``, ``be``/``he``)? Then a speck's word may itself be a
    misreading, and dropping its mark keeps the wrong word (BLN600 dev:
    ``bad. made``, gold ``had made``)."""
    lex = doc.lexicon
    floor = lex.count(word) / 10
    return any(
        v != word and lex.is_english(v) and lex.count(v) >= floor for v, _ in shape_variants(word)
    )


def _past_speck(doc: Doc, index: int) -> str | None:
    """The word after token ``index`` read past the mark a speck made (``the, prisoner``), or
    None: the next token is no plain word or opens with punctuation of its own."""
    if index + 1 >= len(doc.tokens):
        return None
    there = doc.tokens[index + 1]
    return there.low if not there.lead and WORDISH.match(there.core) else None


def word_dropped(low: str, target: str) -> bool:
    """``aconstable`` → ``constable``, ``Ishould`` → ``should``, ``Aftera`` → ``after``: the
    letter the edit drops is a word of its own, so the words were run together, not misread.

    >>> word_dropped("aconstable", "constable"), word_dropped("aftera", "after")
    (True, True)
    >>> word_dropped("tbe", "the")
    False
    """
    if len(low) != len(target) + 1:
        return False
    return (low[0] in "ai" and low[1:] == target) or (low[-1] == "a" and low[:-1] == target)


def overrun(low: str, target: str) -> bool:
    """Does the word as read (``low``, lowercase) run on past the candidate ``target``: the
    candidate, then letters it drops (``aftern`` → after, ``bargem`` → barge)? Then the word
    may be the start of a longer one (afternoon, bargeman), or the candidate plus a lost
    ending (``falsel`` for falsely), not the candidate with a stray mark. BLN600 dev (the
    rules' applications the model confirmed): 71 right of 75 such changes, 4 wrong.

    >>> overrun("aftern", "after"), overrun("tbe", "the"), overrun("after", "after")
    (True, False, False)
    """
    return len(low) > len(target) and low.startswith(target) and " " not in target


def _unknown(doc: Doc, tok: Token | None) -> bool:
    """``tok`` is a word (three letters or more) no dictionary knows: a fragment or a misread."""
    if tok is None or len(tok.core) < 3 or WORDISH.match(tok.core) is None:
        return False
    return not doc.lexicon.is_known(tok.core)


def _noise_share(doc: Doc, tok: Token) -> float:
    """The share (0-1) of the other words on ``tok``'s line that no dictionary knows (0 for a
    line of one word): a noise line's words are as likely noise as misreadings. The other
    words are the tokens with a core around position ``tok.index`` that share ``tok.line``,
    but for the document's own token at that position (``tok`` may be a part of it)."""
    toks = doc.tokens
    own = toks[tok.index]
    if own.line != tok.line:  # not seen in practice; counted the long way
        lo = hi = tok.index
        while lo > 0 and toks[lo - 1].line == tok.line:
            lo -= 1
        while hi + 1 < len(toks) and toks[hi + 1].line == tok.line:
            hi += 1
        same = [t for t in toks[lo : hi + 1] if t.index != tok.index and t.core]
        return sum(_unknown(doc, t) for t in same) / len(same) if same else 0.0
    words, unknown = _line_words(doc, tok.index)
    if own.core:
        words -= 1
        unknown -= _unknown(doc, own)
    return unknown / words if words else 0.0


def _line_words(doc: Doc, index: int) -> tuple[int, int]:
    """How many tokens with a core the run of tokens sharing token ``index``'s line has, and
    how many of them are ``_unknown``: counted once per run and kept in ``doc.line_memo``
    (a long line, a BLN600 passage, is asked about word after word)."""
    toks = doc.tokens
    line = toks[index].line
    lo = hi = index
    while lo > 0 and toks[lo - 1].line == line:
        lo -= 1
    key = ("noise", lo)
    held = doc.line_memo.get(key)
    if held is None:
        while hi + 1 < len(toks) and toks[hi + 1].line == line:
            hi += 1
        same = [t for t in toks[lo : hi + 1] if t.core]
        held = doc.line_memo[key] = (len(same), sum(_unknown(doc, t) for t in same))
    return held
