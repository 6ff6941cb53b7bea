"""Measure the correct stage on clean text with synthetic OCR noise.

Two kinds of material. Real OCR: ``python -m bench.correct_eval --bln600 dev|test`` corrects
the BLN600 documents of that split of ``bench/splits.json`` (real 19th-century newspaper OCR with
human gold) and reports WER before and after, the precision of the applied changes (each judged
against the gold word at its place, ``bench.metrics.judge_corrections``) and proposals per 1,000
words; ``--real jfk|talbott dev|test`` corrects real FOIA OCR (no gold) and reports automatic
changes, proposals and "transcribe by hand" line items per 1,000 words, with ``--sample N``
applied changes in context to check by hand. Tune on ``dev``, report ``test``.

Synthetic: ``python -m bench.correct_eval DIR [--rates 0.02 0.05 0.1]`` damages every ``*.txt``
of DIR (FRUS gold texts, say) word by word with OCR-like errors, corrects the damaged text and
compares with the clean one: how many automatic changes were right, how many wrong (a change to
a word that was right, or to the wrong word), how many damaged words were fixed, and the word
error rate before and after. Also the speed (tokens/s of ``correct`` on one core), the warm
dictionary load and the peak memory. For the benchmark and the closing note; tests do not
assert these numbers.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import resource
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from bench.material import shared_dir
from bench.metrics import CorrectionScore, ErrorCount, Record, judge_corrections, word_errors
from pipeline.lexicon import Lexicon
from pipeline.stages.correct import APPLIED, BatchVocabulary, correct

# Damage OCR really does (the paper's letter → what OCR printed), most common first.
_CONFUSE = (
    ("m", "rn"), ("d", "cl"), ("h", "li"), ("w", "vv"), ("n", "ri"), ("u", "ii"), ("l", "1"),
    ("i", "l"), ("o", "0"), ("s", "5"), ("e", "c"), ("c", "e"), ("a", "o"), ("b", "h"),
    ("f", "t"), ("t", "f"), ("n", "u"), ("u", "n"), ("e", "o"), ("l", "i"),
)  # fmt: skip


def damage(word: str, rng: random.Random) -> str:
    """One OCR-like error in ``word`` (keeps its case pattern roughly)."""
    low = word.lower()
    kind = rng.random()
    if kind < 0.6:
        options = [(i, a, b) for a, b in _CONFUSE for i in _find_all(low, a)]
        if options:
            i, a, b = rng.choice(options)
            new = low[:i] + b + low[i + len(a) :]
            return _recase(new, word)
    i = rng.randrange(len(low))
    if kind < 0.75:
        new = low[:i] + low[i + 1 :]  # a letter lost
    elif kind < 0.88:
        new = low[:i] + low[i] + low[i:]  # a letter doubled
    elif i + 1 < len(low) and low[i] != low[i + 1]:
        new = low[:i] + low[i + 1] + low[i] + low[i + 2 :]  # transposed
    else:
        new = low[:i] + rng.choice("aeinorst") + low[i + 1 :]
    return _recase(new, word)


def _find_all(s: str, sub: str) -> list[int]:
    out, k = [], s.find(sub)
    while k != -1:
        out.append(k)
        k = s.find(sub, k + 1)
    return out


def _recase(new: str, old: str) -> str:
    if old.isupper():
        return new.upper()
    if old[:1].isupper():
        return new[:1].upper() + new[1:]
    return new


def add_noise(text: str, rate: float, rng: random.Random) -> tuple[str, list[tuple[int, int, str]]]:
    """Damage about ``rate`` of the alphabetic words (4+ letters) of ``text``.

    Returns the noisy text and, for every word of it, ``(start, end, clean word)``, so a
    correction can be judged by where it lands.
    """
    out: list[str] = []
    words: list[tuple[int, int, str]] = []
    pos = 0
    for token in text.split(" "):
        core = token.strip(".,;:!?()\"'")
        new = token
        if len(core) >= 4 and core.isalpha() and rng.random() < rate:
            damaged = damage(core, rng)
            new = token.replace(core, damaged, 1)
        lead = token.find(core) if core else 0
        start = pos + lead
        words.append((start, start + len(new) - len(token) + len(core), core))
        out.append(new)
        pos += len(new) + 1
    return " ".join(out), words


@dataclass
class Tier:
    rate: float
    words: int
    damaged: int
    applied_right: int
    applied_wrong: int
    #: changes of words the clean text itself misspells (``ALLEDGED`` → ``ALLEGED``): wrong by
    #: the letter of the gold text, right by the reader's; counted apart from both.
    original_typos: int
    fixed: int
    proposed: int
    proposed_right_top: int
    wer_before: float
    wer_after: float
    tokens_per_s: float

    @property
    def precision(self) -> float:
        n = self.applied_right + self.applied_wrong
        return 1.0 if n == 0 else self.applied_right / n


def evaluate(texts: list[str], lexicon: Lexicon, rate: float, seed: int = 1) -> tuple[Tier, list]:
    rng = random.Random(seed)
    # What the stage changes in the clean text is the originals' own typos (checked by hand):
    # those changes are reported apart.
    typos: set[tuple[str, str]] = set()
    for text in texts:
        for c in correct(text, None, lexicon).corrections:
            if c.decision == APPLIED:
                typos.add((c.original.lower(), c.replacement.lower()))
    noisy_docs = [add_noise(t, rate, rng) for t in texts]
    vocab = BatchVocabulary.from_documents([n for n, _ in noisy_docs])
    right = wrong = fixed = proposed = proposed_right = damaged = words = typo = 0
    errors_before = errors_after = 0
    tokens = 0
    elapsed = 0.0
    mistakes = []
    for noisy, truth in noisy_docs:
        t0 = time.process_time()
        result = correct(noisy, None, lexicon, vocabulary=vocab)
        elapsed += time.process_time() - t0
        tokens += result.tokens
        starts = sorted((c.start, c) for c in result.corrections)
        typo_words = {original for original, _ in typos}
        k = 0
        for start, end, clean in truth:
            while k < len(starts) and starts[k][0] < start:
                k += 1
            if not clean:
                continue
            words += 1
            seen = noisy[start:end]
            bad = seen != clean
            damaged += bad
            errors_before += bad
            after = seen
            c = starts[k][1] if k < len(starts) else None
            if c is not None and c.start < end:
                if c.end <= end:
                    # the change inside this word (a possessive keeps its 's outside the span)
                    changed = noisy[start : c.start] + c.replacement + noisy[c.end : end]
                else:
                    changed = None  # a merge with the next word
                if c.decision == APPLIED:
                    after = changed if changed is not None else c.replacement
                    if after == clean:
                        right += 1
                        fixed += bad
                    elif clean.lower() in typo_words or (
                        (c.original.lower(), c.replacement.lower()) in typos
                    ):
                        typo += 1
                    else:
                        wrong += 1
                        mistakes.append((seen, after, clean, c.reason))
                else:
                    proposed += 1
                    proposed_right += changed == clean
            errors_after += after != clean
    tier = Tier(
        rate=rate,
        words=words,
        damaged=damaged,
        applied_right=right,
        applied_wrong=wrong,
        original_typos=typo,
        fixed=fixed,
        proposed=proposed,
        proposed_right_top=proposed_right,
        wer_before=round(errors_before / max(words, 1), 4),
        wer_after=round(errors_after / max(words, 1), 4),
        tokens_per_s=round(tokens / elapsed) if elapsed else 0.0,
    )
    return tier, mistakes


def _corpus_root() -> Path:
    """``shared/corpus``: ``$FOIA_SHARED``'s, else beside the checkout or a worktree's parent
    folder (``bench.material.shared_dir``, as every other bench module finds it); the folder
    beside the checkout when there is none, so that a missing corpus is named in the error."""
    shared = shared_dir()
    return (shared or Path(__file__).resolve().parent.parent.parent / "shared") / "corpus"


CORPUS = _corpus_root()
SPLITS = Path(__file__).resolve().parent / "splits.json"


def _split(name: str, split: str) -> set[str]:
    return set(json.loads(SPLITS.read_text(encoding="utf-8"))[name][split])


def bln600_documents(split: str, corpus: Path = CORPUS) -> list[tuple[str, str, str]]:
    """``(sample id, OCR text, gold text)`` of the BLN600 documents of ``split`` (rows of a
    sample joined by newlines, in file order)."""
    csv.field_size_limit(1 << 30)
    ids = _split("bln600", split)
    ocr: dict[str, list[str]] = {}
    gold: dict[str, list[str]] = {}
    with (corpus / "bln600" / "train.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            sid = row["Sample ID"]
            if sid in ids:
                ocr.setdefault(sid, []).append(row["OCR Text"])
                gold.setdefault(sid, []).append(row["Ground Truth"])
    return [(sid, "\n".join(ocr[sid]), "\n".join(gold[sid])) for sid in sorted(ocr)]


def evaluate_bln600(split: str, lexicon: Lexicon, show: int = 0) -> dict[str, object]:
    """Correct the BLN600 ``split`` as one batch and score it against the gold."""
    docs = bln600_documents(split)
    vocab = BatchVocabulary.from_documents([text for _, text, _ in docs])
    before = after = ErrorCount()
    score = CorrectionScore()
    tokens = proposed = line_items = 0
    elapsed = 0.0
    wrong: list[tuple[str, str, str, str]] = []
    for _sid, text, gold in docs:
        t0 = time.process_time()
        result = correct(text, None, lexicon, vocabulary=vocab)
        elapsed += time.process_time() - t0
        tokens += result.tokens
        before += word_errors(text, gold)
        after += word_errors(result.text, gold)
        # "Transcribe by hand" line items are counted apart: they have no candidate to judge.
        words_only = [c for c in result.corrections if not c.is_line]
        line_items += len(result.corrections) - len(words_only)
        records = [
            Record(c.start, c.end, c.original, c.replacement, str(c.decision)) for c in words_only
        ]
        proposed += sum(1 for c in words_only if c.decision != APPLIED)
        judged = judge_corrections(text, gold, records)
        score += judged.score
        for j in judged.judged:
            if j.record.decision == APPLIED and not j.right and not j.neutral:
                wrong.append(
                    (
                        j.record.original,
                        j.record.replacement,
                        j.gold,
                        _context(text, j.record.start),
                    )
                )
    words = before.length
    out: dict[str, object] = {
        "corpus": f"bln600 {split}",
        "documents": len(docs),
        "words": words,
        "wer_before": round(before.rate, 4),
        "wer_after": round(after.rate, 4),
        "applied_right": score.applied_right,
        "applied_wrong": score.applied_wrong,
        "applied_neutral": score.applied_neutral,
        "precision": None if score.precision is None else round(score.precision, 4),
        "proposals_per_1000_words": round(1000 * proposed / max(words, 1), 1),
        "proposed_top_right": score.proposed_right,
        "proposed_wrong": score.proposed_wrong,
        "line_items": line_items,
        "tokens_per_s": round(tokens / elapsed) if elapsed else 0.0,
    }
    for item in wrong[:show]:
        print("WRONG", item)
    return out


def _context(text: str, at: int, width: int = 40) -> str:
    return " ".join(text[max(0, at - width) : at + width].split())


def real_documents(name: str, split: str, corpus: Path = CORPUS) -> list[tuple[str, str]]:
    """``(file name, text)`` of the real OCR files of ``name`` (jfk, talbott) in ``split``."""
    ids = _split(name, split)
    folder = corpus / name
    return [
        (p.name, p.read_text(encoding="utf-8", errors="replace"))
        for p in sorted(folder.iterdir())
        if p.name in ids
    ]


def evaluate_real(
    name: str, split: str, lexicon: Lexicon, sample: int = 0, seed: int = 1
) -> dict[str, object]:
    """Correct real FOIA OCR (no gold): changes and proposals per 1,000 words, and ``sample``
    applied changes in context printed for checking by hand."""
    docs = real_documents(name, split)
    vocab = BatchVocabulary.from_documents([text for _, text in docs])
    words = applied = proposed = tokens = line_items = 0
    elapsed = 0.0
    changes: list[tuple[str, str, str, str, str]] = []
    for fname, text in docs:
        t0 = time.process_time()
        result = correct(text, None, lexicon, vocabulary=vocab)
        elapsed += time.process_time() - t0
        tokens += result.tokens
        words += len(text.split())
        for c in result.corrections:
            if c.is_line:
                line_items += 1  # "transcribe by hand": one screen for a line of OCR noise
            elif c.decision == APPLIED:
                applied += 1
                changes.append(
                    (fname, c.original, c.replacement, _context(text, c.start), c.reason)
                )
            else:
                proposed += 1
    rng = random.Random(seed)
    for item in rng.sample(changes, min(sample, len(changes))):
        print("CHANGE", item)
    return {
        "corpus": f"{name} {split}",
        "documents": len(docs),
        "words": words,
        "applied": applied,
        "applied_per_1000_words": round(1000 * applied / max(words, 1), 2),
        "proposed": proposed,
        "proposals_per_1000_words": round(1000 * proposed / max(words, 1), 1),
        "line_items": line_items,
        "screens_per_1000_words": round(1000 * (proposed + line_items) / max(words, 1), 1),
        "tokens_per_s": round(tokens / elapsed) if elapsed else 0.0,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, nargs="?")
    parser.add_argument("--bln600", choices=("dev", "test"))
    parser.add_argument("--real", nargs=2, metavar=("CORPUS", "SPLIT"))
    parser.add_argument("--sample", type=int, default=0, help="print this many applied changes")
    parser.add_argument("--glob", default="*.txt")
    parser.add_argument("--dictionaries", type=Path, default=Path("dictionaries"))
    parser.add_argument("--cache-dir", type=Path, default=None)
    parser.add_argument("--rates", type=float, nargs="+", default=[0.02, 0.05, 0.10])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--show-mistakes", action="store_true")
    args = parser.parse_args(argv)
    Lexicon.load(args.dictionaries, None, args.cache_dir)  # make sure the cache is warm
    t0 = time.perf_counter()
    lexicon = Lexicon.load(args.dictionaries, None, args.cache_dir)
    load_s = time.perf_counter() - t0
    report: dict[str, object]
    if args.bln600 or args.real:
        report = {"warm_load_s": round(load_s, 3)}
        if args.bln600:
            report["bln600"] = evaluate_bln600(args.bln600, lexicon, args.sample)
        if args.real:
            report["real"] = evaluate_real(*args.real, lexicon, args.sample, args.seed)
        print(json.dumps(report, indent=2))
        return 0
    if args.corpus is None:
        parser.error("give a corpus folder, --bln600 SPLIT or --real CORPUS SPLIT")
    texts = [p.read_text(encoding="utf-8") for p in sorted(args.corpus.glob(args.glob))]
    report = {"warm_load_s": round(load_s, 3), "from_cache": lexicon.from_cache}
    tiers = []
    for rate in args.rates:
        tier, mistakes = evaluate(texts, lexicon, rate, args.seed)
        tiers.append({**asdict(tier), "precision": round(tier.precision, 4)})
        if args.show_mistakes:
            for m in mistakes:
                print("MISTAKE", m)
    report["tiers"] = tiers
    report["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
