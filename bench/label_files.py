"""The label files of ``bench/labels/``: their format read into typed records.

Each file is a header (``# source: ...``, ``# corpus:``, ``# split:``, ``# provenance:``) and
one line of OCR text a line, tagged body, furniture, metadata (a cover form) or noise; inside
the lines ``⟦ocr|right⟧`` marks an OCR error, ``⟦word⟧`` a correct-but-unusual word and
``⟪text⟫`` furniture in a body line (``bench/labels/README.md``). ``read_label_file`` checks a
file against the format and its split against ``bench/splits.json``; ``bench.labelled`` scores
the pipeline on the documents read here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from bench.material import REPO, split_of

LABELS = REPO / "bench" / "labels"
TAGS = {"B": "body", "F": "furniture", "M": "metadata", "N": "noise"}
UNKNOWN = "?"  # the right word of an error that cannot be read
# ⟦ocr|right⟧ an OCR error, ⟦word⟧ a correct-but-unusual word, ⟪text⟫ furniture in a body line.
_MARK = re.compile(r"⟦([^⟧|]*)\|([^⟧]*)⟧|⟦([^⟧|]+)⟧|⟪([^⟫]+)⟫")
# The name splits.json gives a labelled document's source, per corpus.
_SEED_GOLD = "cable-1997-aliyev"


class LabelError(ValueError):
    """A label file that does not follow bench/labels/README.md (names the file and line)."""


@dataclass(frozen=True)
class Error:
    ocr: str
    right: str  # "?" when unreadable, "" when the OCR token is spurious
    line: int  # 1-based line of the source text


@dataclass(frozen=True)
class Line:
    tag: str  # B F M N, or "" for a blank line
    ocr: str  # the line as OCR gave it
    gold: str  # body lines: the right text with furniture spans removed; others: ""
    furniture: tuple[str, ...] = ()  # furniture spans inside a body line
    unreadable: tuple[tuple[int, int], ...] = ()  # (start, end) in ``gold`` of ⟦ocr|?⟧ errors


@dataclass
class LabelledDoc:
    path: Path
    header: dict[str, str]
    lines: list[Line]
    errors: list[Error] = field(default_factory=list)
    unusual: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"{self.header['corpus']}__{self.path.stem}"

    @property
    def split(self) -> str:
        return self.header["split"]

    def ocr_text(self) -> str:
        """The source text exactly as OCR gave it (every line, marks removed)."""
        return "\n".join(ln.ocr for ln in self.lines) + "\n"

    def gold_body(self) -> str:
        """The document's body as it should read: body lines with their right words, furniture
        spans out; noise and cover-form (metadata) lines kept as OCR gave them (they are not
        labelled word by word: a change there is judged against the OCR text), furniture out."""
        return self.gold_body_unreadable()[0]

    def gold_body_unreadable(self) -> tuple[str, list[tuple[int, int]]]:
        """``gold_body()`` and the ``(start, end)`` character spans in it of the errors whose
        right word cannot be read (``⟦ocr|?⟧``): places the gold cannot judge a change at."""
        parts: list[str] = []
        spans: list[tuple[int, int]] = []
        at = 0
        for ln in self.lines:
            if ln.tag not in "BNM":
                continue
            text = ln.gold if ln.tag == "B" else ln.ocr
            if not text.strip():
                continue
            spans += [(at + a, at + b) for a, b in ln.unreadable]
            parts.append(text)
            at += len(text) + 1
        return "\n".join(parts) + "\n", spans

    def furniture_lines(self) -> list[str]:
        out = [ln.ocr for ln in self.lines if ln.tag == "F" and ln.ocr.strip()]
        return out + [s for ln in self.lines for s in ln.furniture]

    def body_lines(self) -> list[str]:
        """The body lines as OCR gave them, without the furniture marked inside them
        (``⟪...⟫``): the body a stripped text should still hold."""
        out = (" ".join(_strip_furniture(ln).split()) for ln in self.lines if ln.tag == "B")
        return [text for text in out if text]

    def metadata_lines(self) -> list[str]:
        return [ln.ocr for ln in self.lines if ln.tag == "M" and ln.ocr.strip()]


def _strip_furniture(ln: Line) -> str:
    text = ln.ocr
    for s in ln.furniture:
        text = text.replace(s, " ", 1)
    return text


def parse_line(
    text: str, where: str
) -> tuple[str, str, list[tuple[str, str]], list[str], list[str]]:
    """One label line's text (after the tag) -> (ocr, gold, errors, unusual, furniture spans).

    >>> parse_line("⟦Tshoube|Tshombe⟧ met ⟦Gardiner⟧ ⟪RELEASE IN FULL⟫", "x")[:2]
    ('Tshoube met Gardiner RELEASE IN FULL', 'Tshombe met Gardiner ')
    """
    return _parse_line(text, where)[:5]  # type: ignore[return-value]


def _parse_line(
    text: str, where: str
) -> tuple[str, str, list[tuple[str, str]], list[str], list[str], list[tuple[int, int]]]:
    """``parse_line`` plus the ``(start, end)`` spans in the gold of the unreadable errors."""
    ocr: list[str] = []
    gold: list[str] = []
    errors: list[tuple[str, str]] = []
    unusual: list[str] = []
    spans: list[str] = []
    unreadable: list[tuple[int, int]] = []
    pos = 0
    for m in _MARK.finditer(text):
        ocr.append(text[pos : m.start()])
        gold.append(text[pos : m.start()])
        bad, right, odd, furn = m.groups()
        if bad is not None:
            ocr.append(bad)
            if right == UNKNOWN:
                start = sum(map(len, gold))
                unreadable.append((start, start + len(bad)))
            gold.append(bad if right == UNKNOWN else right)
            errors.append((bad, right))
        elif odd is not None:
            ocr.append(odd)
            gold.append(odd)
            unusual.append(odd)
        else:
            ocr.append(furn)
            spans.append(furn)
        pos = m.end()
    rest = text[pos:]
    if any(c in rest for c in "⟦⟧⟪⟫"):
        raise LabelError(f"{where}: unbalanced mark in {text!r}")
    ocr.append(rest)
    gold.append(rest)
    return "".join(ocr), "".join(gold), errors, unusual, spans, unreadable


def read_label_file(path: Path) -> LabelledDoc:
    """Parse one file of ``bench/labels/``. Raises ``LabelError`` naming the file and line for a
    bad tag, an unbalanced mark, a missing header field, or a split that disagrees with
    ``bench/splits.json``."""
    header: dict[str, str] = {}
    lines: list[Line] = []
    errors: list[Error] = []
    unusual: list[str] = []
    for n, raw in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        where = f"{path}:{n}"
        if raw.startswith("# ") and not lines:
            key, _, value = raw[2:].partition(":")
            header[key.strip()] = value.strip()
            continue
        if raw == "":
            lines.append(Line("", "", ""))
            continue
        tag, tab, text = raw.partition("\t")
        if tag not in TAGS or not tab:
            raise LabelError(f"{where}: a line is TAG<TAB>text with TAG one of {''.join(TAGS)}")
        ocr, gold, errs, odd, spans, unreadable = _parse_line(text, where)
        if spans and tag != "B":
            raise LabelError(f"{where}: ⟪furniture⟫ spans belong in body lines")
        source_line = len(lines) + 1
        errors += [Error(o, r, source_line) for o, r in errs]
        unusual += odd
        body = tag == "B"
        lines.append(
            Line(tag, ocr, gold if body else "", tuple(spans), tuple(unreadable) if body else ())
        )
    while lines and lines[-1].tag == "":
        lines.pop()  # the file's final newline
    for key in ("source", "corpus", "split", "provenance"):
        if key not in header:
            raise LabelError(f"{path}: header '# {key}: ...' missing")
    doc = LabelledDoc(path, header, lines, errors, unusual)
    want = _splits_json_split(doc)
    if want != doc.split:
        raise LabelError(f"{path}: split {doc.split} but bench/splits.json says {want}")
    return doc


def _splits_json_split(doc: LabelledDoc) -> str | None:
    corpus = doc.header["corpus"]
    source = doc.header["source"].split()[0]
    if corpus == "seed":
        return split_of("gold", _SEED_GOLD)
    return split_of(corpus, Path(source).name)


def load_labels(root: Path = LABELS) -> list[LabelledDoc]:
    """Every label file under ``root`` (``*/*.txt``), sorted by path."""
    return [read_label_file(p) for p in sorted(root.glob("*/*.txt"))]
