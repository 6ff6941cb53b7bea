"""Redaction boxes and exemption codes on real released pages, against hand labels.

Issue 14 is judged on "redactions on rendered and real pages found with their codes"; the
rendered pages are ``tests/test_redaction.py``, the real ones are the hand-labelled page images
of ``tests/data/redactions/`` (sources, status and split in its ``SOURCE.md``). Each page is read
by the real Tesseract through the pipeline's OCR stage (``stages.ocr.ocr_page``, which runs
``stages.redaction.find_redactions``), and its boxes are matched to the labelled ones.

Figures: boxes found / missed / false (a found box matches a labelled one when they overlap by
at least ``MATCH_IOU`` of their union); for the matched boxes whose label names codes, the boxes
with exactly the labelled codes, and the codes right, wrong and missed (a code is right when
the label of its box has it). All pages there are dev material (``SOURCE.md``): there is no
held-out real redaction page yet.

    python -m bench.redactions_eval [--dir tests/data/redactions]
"""

from __future__ import annotations

import argparse
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.material import REPO
from pipeline.core.records import BBox, Page, Redaction

log = logging.getLogger(__name__)

LABELS = REPO / "tests" / "data" / "redactions"
MATCH_IOU = 0.5


@dataclass
class PageScore:
    """One labelled page against what the pipeline found on it."""

    name: str
    labelled: int = 0
    found: int = 0
    missed: list[list[int]] = field(default_factory=list)  # labelled boxes not found
    false: list[list[int]] = field(default_factory=list)  # found boxes not labelled
    coded: int = 0  # matched boxes whose label names codes
    codes_exact: int = 0  # of those, found with exactly the labelled codes
    codes_right: int = 0
    codes_wrong: int = 0
    codes_missed: int = 0

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def iou(a: BBox, b: BBox) -> float:
    """Overlap of two boxes over their union, 0-1."""
    w = min(a.right, b.right) - max(a.left, b.left)
    h = min(a.bottom, b.bottom) - max(a.top, b.top)
    if w <= 0 or h <= 0:
        return 0.0
    inter = w * h
    return inter / (a.width * a.height + b.width * b.height - inter)


def score(name: str, labels: list[dict[str, Any]], found: tuple[Redaction, ...]) -> PageScore:
    """Match ``found`` (one page's redactions) to ``labels`` (the JSON's ``redactions``: ``bbox``
    as [left, top, width, height] pixels, ``codes`` a list or null) and count."""
    s = PageScore(name, labelled=len(labels))
    boxes = [r for r in found if r.bbox is not None]
    used: set[int] = set()
    for lab in labels:
        want = BBox(*lab["bbox"])
        best = max(
            (i for i in range(len(boxes)) if i not in used),
            key=lambda i: iou(want, boxes[i].bbox),  # type: ignore[arg-type]
            default=None,
        )
        if best is None or iou(want, boxes[best].bbox) < MATCH_IOU:  # type: ignore[arg-type]
            s.missed.append(lab["bbox"])
            continue
        used.add(best)
        s.found += 1
        if lab["codes"] is None:
            continue
        s.coded += 1
        got, wanted = set(boxes[best].codes), set(lab["codes"])
        s.codes_exact += got == wanted
        s.codes_right += len(got & wanted)
        s.codes_wrong += len(got - wanted)
        s.codes_missed += len(wanted - got)
    s.false = [boxes[i].bbox.to_list() for i in range(len(boxes)) if i not in used]  # type: ignore[union-attr]
    return s


def read_page(label_file: Path) -> tuple[dict[str, Any], Page]:
    """The labels of ``label_file`` and its image as the pipeline's OCR stage reads it (real
    Tesseract, default OCR settings; the redactions found are ``Page.redactions``)."""
    from pipeline.core.config import OcrSettings
    from pipeline.stages import ingest
    from pipeline.stages.ocr import ocr_page

    labels = json.loads(label_file.read_text(encoding="utf-8"))
    image = label_file.parent / labels["image"]
    ref = ingest.page_refs(ingest.discover([image])[0][0])[0]
    return labels, ocr_page(ref, OcrSettings())


def run_redactions(label_dir: Path = LABELS) -> dict[str, Any]:
    """Every labelled page of ``label_dir`` scored: ``{"pages": {name: figures}, "total":
    figures}``."""
    pages: dict[str, Any] = {}
    total = PageScore("total")
    for f in sorted(label_dir.glob("*.json")):
        labels, page = read_page(f)
        s = score(f.stem, labels["redactions"], page.redactions)
        pages[f.stem] = s.to_dict() | {"split": labels.get("split", "dev")}
        for k in ("labelled", "found", "coded", "codes_exact", "codes_right", "codes_wrong"):
            setattr(total, k, getattr(total, k) + getattr(s, k))
        total.codes_missed += s.codes_missed
        total.missed += s.missed
        total.false += s.false
    return {"pages": pages, "total": total.to_dict()}


def table(figures: dict[str, Any]) -> str:
    """The printed table: one row a page and a total."""
    lines = [
        "redactions on real released pages (tests/data/redactions, hand labels; all dev):",
        f"  {'page':<34} boxes found/labelled  missed  false  codes exact"
        "  codes right/wrong/missed",
    ]
    rows = [*figures["pages"].items(), ("total", figures["total"])]
    for name, f in rows:
        lines.append(
            f"  {name:<34} {f['found']:>5}/{f['labelled']:<14} {len(f['missed']):>5}"
            f"  {len(f['false']):>5}  {f['codes_exact']:>5}/{f['coded']:<5}"
            f"  {f['codes_right']}/{f['codes_wrong']}/{f['codes_missed']}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=LABELS, help="folder of labelled pages")
    args = parser.parse_args(argv)
    print(table(run_redactions(args.dir)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
