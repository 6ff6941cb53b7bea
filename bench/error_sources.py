"""Which OCR error classes cost the most WER on BLN600, before and after the correct stage.

Why: the correct stage should go after the classes that cost the most word errors, and this says
which they are. Each document's word tokens (whitespace-split, as ``bench.metrics.word_errors``
counts them) are aligned with the gold's (Levenshtein opcodes); adjacent differing opcodes make
one stretch (a replace next to a delete is often one word split in two: ``keep ng`` ->
``keeping``), and each stretch is cut into groups of at most three tokens a side by the cheapest
character-level pairing (``decompose``), so a split word, a run-together word, a fragment of a
neighbouring column and a garbled word beside them are told apart. Each group goes in one
class by its shape, and its cost (the word edits it adds, the larger of its two sides) is summed
per class.

Classes (the first that fits): ``punctuation`` (same letters, other punctuation), ``case``,
``split`` (two or more tokens whose join is the gold word: ``keep ng``, ``regu lation``),
``merged`` (one token that is gold words run together: ``hehad``; ``merged at a mark`` when a
mark stands where the gap was: ``she-was``, ``by'the``), ``hyphen`` (the gold joins a
line-end hyphenated word), ``real-word`` (the token is an English word, the gold another),
``non-word 1``/``non-word 2``/``non-word 3+`` (an unknown word that many edits from the gold),
``diacritic``, ``inserted fragment`` (OCR text the gold lacks, each token at most two letters or
no letter: a neighbouring column's edge, specks), ``inserted`` (longer OCR text the gold lacks),
``deleted`` (gold words OCR lost), ``garbage`` (a group of several tokens a side that is no split
or merge; rare, since such a group must be close to its gold).

    python -m bench.error_sources [--split dev] [--limit N] [--out bench/out/error-sources.md]
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from bench.bln600 import _csv_path, read_bln600
from bench.material import documents

_PUNCT = re.compile(r"^[^\w]+|[^\w]+$")


def _core(tok: str) -> str:
    return _PUNCT.sub("", tok)


def _fold(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def classify(hyp: list[str], ref: list[str], is_english: Callable[[str], bool]) -> str:
    """The class of one differing stretch (``hyp`` tokens where the gold has ``ref``)."""
    if not hyp:
        return "deleted"
    if not ref:
        short = all(sum(ch.isalpha() for ch in t) <= 2 for t in hyp)
        return "inserted fragment" if short else "inserted"
    hj, rj = "".join(hyp), "".join(ref)
    if len(hyp) == 1 and len(ref) == 1:
        h, r = hyp[0], ref[0]
        hc, rc = _core(h), _core(r)
        if hc == rc:
            return "punctuation"
        if hc.lower() == rc.lower():
            return "case"
        if _fold(hc) == rc and _fold(hc) != hc:
            return "diacritic"
        if "-" in hc and hc.replace("-", "") == rc:
            return "hyphen"
        if hc and is_english(hc.lower()) and rc:
            return "real-word"
        d = Levenshtein.distance(hc.lower(), rc.lower())
        return f"non-word {min(d, 3)}{'+' if d >= 3 else ''}"
    if len(ref) == 1 and len(hyp) >= 2:
        if _core(hj).replace("-", "").lower() == _core(rj).replace("-", "").lower():
            return "hyphen" if any(t.endswith("-") for t in hyp[:-1]) else "split"
        if Levenshtein.distance(_core(hj).lower(), _core(rj).lower()) <= 2:
            return "split"
    if len(hyp) == 1 and len(ref) >= 2 and Levenshtein.distance(hj.lower(), rj.lower()) <= 2:
        # ``she-was``, ``by'the``: a mark OCR read for the gap, not a gap lost.
        return "merged at a mark" if re.search(r"\w[^\w\s]+\w", hj) else "merged"
    return "garbage"


#: The group shapes ``decompose`` pairs (hyp tokens, gold tokens).
SHAPES = ((1, 0), (0, 1), (1, 1), (2, 1), (3, 1), (1, 2), (1, 3))
#: What a group costs beyond its character distance, and per token beyond one a side: fewer,
#: larger groups only when they fit.
GROUP_COST = 0.1
TOKEN_COST = 0.2
#: The largest normalised character distance of a group of more than one token a side: beyond
#: it, tokens are read one by one (``vas e`` is ``was`` and a fragment, not a split ``vase``).
MAX_GROUP_DISTANCE = 0.34


def _pair_cost(hyp: list[str], ref: list[str]) -> float:
    """The cost of reading ``hyp`` tokens as ``ref`` tokens: one per token of a one-sided group,
    else the normalised character distance of the joined cores (0-1)."""
    if not hyp or not ref:
        return len(hyp) + len(ref) + GROUP_COST
    h = _core("".join(hyp)).lower() or "".join(hyp)
    r = _core("".join(ref)).lower() or "".join(ref)
    d = Levenshtein.normalized_distance(h, r)
    extra = max(len(hyp), len(ref)) - 1
    if extra and d > MAX_GROUP_DISTANCE:
        return float("inf")
    return d + GROUP_COST + TOKEN_COST * extra


def decompose(hyp: list[str], ref: list[str]) -> list[tuple[list[str], list[str]]]:
    """Cut one differing stretch into groups (``SHAPES``) by the cheapest pairing (dynamic
    programming over both token lists), in order.

    >>> decompose(["keep", "ng", "it"], ["keeping", "it."])
    [(['keep', 'ng'], ['keeping']), (['it'], ['it.'])]
    >>> decompose(["vas", "e", "tothe"], ["was", "to", "the"])
    [(['vas'], ['was']), (['e'], []), (['tothe'], ['to', 'the'])]
    """
    n, m = len(hyp), len(ref)
    inf = float("inf")
    best = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int]]] = [[(0, 0)] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            if best[i][j] == inf:
                continue
            for a, b in SHAPES:
                if i + a > n or j + b > m:
                    continue
                c = best[i][j] + _pair_cost(hyp[i : i + a], ref[j : j + b])
                if c < best[i + a][j + b] - 1e-12:
                    best[i + a][j + b] = c
                    back[i + a][j + b] = (a, b)
    groups = []
    i, j = n, m
    while i or j:
        a, b = back[i][j]
        groups.append((hyp[i - a : i], ref[j - b : j]))
        i, j = i - a, j - b
    return groups[::-1]


def stretches(hyp: list[str], ref: list[str]) -> list[tuple[list[str], list[str]]]:
    """The differing stretches of two token lists: adjacent non-equal Levenshtein opcodes
    joined, as (hyp tokens, gold tokens)."""
    out: list[tuple[list[str], list[str]]] = []
    last_end: tuple[int, int] | None = None
    for op, i1, i2, j1, j2 in Levenshtein.opcodes(hyp, ref):
        if op == "equal":
            last_end = None
            continue
        if last_end == (i1, j1) and out:
            out[-1][0].extend(hyp[i1:i2])
            out[-1][1].extend(ref[j1:j2])
        else:
            out.append((hyp[i1:i2], ref[j1:j2]))
        last_end = (i2, j2)
    return out


def sources(split: str, limit: int | None = None, corrected: bool = True) -> dict[str, Counter]:
    """``{"ocr": costs, "corrected": costs}`` per class for ``split`` (word edits), and the most
    common examples (``examples``: class -> Counter of ``hyp -> ref`` strings)."""
    from pipeline.lexicon import Lexicon
    from pipeline.stages.correct import BatchVocabulary, correct

    corpus = read_bln600(_csv_path())
    ids = [i for i in documents("bln600", split) if i in corpus][:limit]  # type: ignore[arg-type]
    docs = [corpus[i] for i in ids]
    lex = Lexicon.load()
    vocab = BatchVocabulary.from_documents([d.ocr for d in docs])
    out: dict[str, Counter] = {
        "ocr": Counter(),
        "corrected": Counter(),
        "words": Counter(),
        "edits": Counter(),
    }
    examples: dict[str, Counter] = defaultdict(Counter)
    for d in docs:
        ref = d.gold.split()
        out["words"]["gold"] += len(ref)
        texts = {"ocr": d.ocr}
        if corrected:
            texts["corrected"] = correct(d.ocr, None, lex, vocabulary=vocab).text
        for name, text in texts.items():
            hyp = text.split()
            out["edits"][name] += sum(
                max(i2 - i1, j2 - j1)
                for op, i1, i2, j1, j2 in Levenshtein.opcodes(hyp, ref)
                if op != "equal"
            )
            for stretch in stretches(hyp, ref):
                for h, r in decompose(*stretch):
                    if h == r:
                        continue
                    cls = classify(h, r, lex.is_english)
                    out[name][cls] += max(len(h), len(r))
                    if name == "corrected":
                        examples[cls][f"{' '.join(h)[:40]} -> {' '.join(r)[:40]}"] += 1
    out["examples"] = examples  # type: ignore[assignment]
    return out


def report(figures: dict[str, Counter], split: str) -> str:
    """A Markdown table of the classes by their cost after correction, with examples."""
    words = figures["words"]["gold"]
    ocr, cor = figures["ocr"], figures["corrected"]
    lines = [
        f"# BLN600 {split}: word errors by class ({words:,} gold words)",
        "",
        "`python -m bench.error_sources --split " + split + "`; WER points = edits / gold words.",
        "",
        "| class | OCR (WER pts) | after correct (WER pts) | fixed |",
        "|---|---:|---:|---:|",
    ]
    for cls, n in cor.most_common():
        o = ocr[cls]
        lines.append(f"| {cls} | {100 * o / words:.2f} | {100 * n / words:.2f} | {o - n:+d} |")
    lines.append(
        f"| **total** | {100 * sum(ocr.values()) / words:.2f} | "
        f"{100 * sum(cor.values()) / words:.2f} | |"
    )
    edits = figures["edits"]
    lines += [
        "",
        f"WER (Levenshtein, as `bench.bln600` counts it): {100 * edits['ocr'] / words:.2f} -> "
        f"{100 * edits['corrected'] / words:.2f}; the classes' sum runs a little higher, since "
        "a group costs the larger of its two sides.",
    ]
    lines += ["", "## Most common left after correction", ""]
    for cls, _ in cor.most_common():
        ex = figures["examples"][cls].most_common(12)  # type: ignore[index]
        shown = "; ".join(f"`{e}`" + (f" ×{k}" if k > 1 else "") for e, k in ex)
        lines.append(f"- **{cls}**: {shown}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    if _csv_path() is None:
        print("BLN600: not found", file=sys.stderr)
        return 1
    text = report(sources(args.split, args.limit), args.split)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
