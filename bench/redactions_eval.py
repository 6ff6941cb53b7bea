"""Redaction boxes and exemption codes on real released pages, against hand labels.

Issue 14 is judged on "redactions on rendered and real pages found with their codes"; the
rendered pages are ``tests/test_redaction.py``, the real ones are the hand-labelled page images
of ``tests/data/redactions/`` (sources, status and split in its ``SOURCE.md``). Each page is read
by the real Tesseract through the pipeline's OCR stage (``stages.ocr.ocr_page``, which runs
``stages.redaction.find_redactions``), and its boxes are matched to the labelled ones.

Figures: boxes found / missed / false (a found box matches a labelled one when they overlap by
at least ``MATCH_IOU`` of their union; labels are drawn on the stored image, boxes found on the
page as OCR read it, so each label is first taken through the page's recorded deskew and turns,
``in_ocr_frame``); for the matched boxes whose label names codes, the boxes
with exactly the labelled codes, and the codes right, wrong and missed (a code is right when
the label of its box has it); and the matched boxes labelled with no codes that were given
codes (``null_coded``: attached where the page prints none for the box). Each page's labels
name its split (``SOURCE.md``): pages 1 to 3, 5 to 20, 22 to 25, 28, 33, 34, 55, 56 and 66 of
the FBI's Carter Page FISA release are dev (tuned on); pages
4 and 21 of it are test, held out
(labelled by hand before the pipeline first read them, never tuned on), and are totalled
apart. The rendered pages of ``bench.redaction_render`` (ten styles, and ``fbi-paragraphs``
for dev only; dev tuned on, test held out) are scored the same way per split and style, with the
marks in the stripped text too: placed between the right words, and the words beside a box
lost.

    python -m bench.redactions_eval [--dir tests/data/redactions] [--real dev|test|all|none]
        [--rendered dev|test|all|none] [--style NAME ...]
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import re
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
    # Matched boxes labelled with no codes (none printed beside them or their paragraph) that
    # were given codes all the same: a code attached where the page prints none for the box.
    null_coded: int = 0

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


def in_ocr_frame(box: BBox, page: Page) -> BBox:
    """A labelled box (pixels of the stored page image, as a person reads the file) in the
    frame of ``page``'s word and redaction boxes: through the inverse of the page's recorded
    turns and resampling (``pipeline.exports.frames.to_image``: rotation, EXIF orientation,
    and the deskew OCR applied, e.g. 1.25 degrees on a CIA page). Its middle is taken through
    the map and its sides keep their lengths (each side's length through the map: a turned
    rectangle's sides, not the box around its corners, which a degree's turn of a box a page
    wide makes taller by a third of a line). A page with no recorded turn: ``box`` itself."""
    from pipeline.exports.frames import frames, to_image

    if not (page.deskew or page.rotation or page.frame) or page.width is None:
        return box
    f = frames(page.width, page.height or 0, page.rotation, page.deskew, page.frame)
    m = to_image(f).inverse()
    (x0, y0), (x1, y1) = m.apply(box.left, box.top), m.apply(box.right, box.top)
    x2, y2 = m.apply(box.left, box.bottom)
    cx, cy = m.apply(box.left + box.width / 2, box.top + box.height / 2)
    across, down = (x1 - x0, y1 - y0), (x2 - x0, y2 - y0)
    if abs(across[0]) < abs(across[1]):  # a quarter turn: the top side stands upright
        across, down = down, across
    w, h = math.hypot(*across), math.hypot(*down)
    return BBox(round(cx - w / 2), round(cy - h / 2), round(w), round(h))


def score(
    name: str,
    labels: list[dict[str, Any]],
    found: tuple[Redaction, ...],
    page: Page | None = None,
) -> PageScore:
    """Match ``found`` (one page's redactions) to ``labels`` (the JSON's ``redactions``: ``bbox``
    as [left, top, width, height] pixels of the stored image, ``codes`` a list or null) and
    count. ``page``: the page record ``found`` comes from; its recorded turns take the labels
    into the frame of its boxes (``in_ocr_frame``); the missed boxes are given as labelled."""
    s = PageScore(name, labelled=len(labels))
    boxes = [r for r in found if r.bbox is not None]
    used: set[int] = set()
    for lab in labels:
        want = BBox(*lab["bbox"])
        if page is not None:
            want = in_ocr_frame(want, page)
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
            s.null_coded += bool(boxes[best].codes)
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


def run_redactions(label_dir: Path = LABELS, split: str | None = None) -> dict[str, Any]:
    """Every labelled page of ``label_dir`` of ``split`` ("dev", "test"; None: every page)
    scored: ``{"pages": {name: figures and its "split"}, "totals": {split: figures}}`` (a
    page's ``split`` from its labels, "dev" when they name none). A page of another split is
    not read at all (test pages stay unread while tuning)."""
    pages: dict[str, Any] = {}
    totals: dict[str, PageScore] = {}
    for f in sorted(label_dir.glob("*.json")):
        if split is not None:
            meta = json.loads(f.read_text(encoding="utf-8"))
            if meta.get("split", "dev") != split:
                continue
        labels, page = read_page(f)
        s = score(f.stem, labels["redactions"], page.redactions, page)
        split_of = labels.get("split", "dev")
        pages[f.stem] = s.to_dict() | {"split": split_of}
        total = totals.setdefault(split_of, PageScore(f"total {split_of}"))
        for k in ("labelled", "found", "coded", "codes_exact", "codes_right", "codes_wrong"):
            setattr(total, k, getattr(total, k) + getattr(s, k))
        total.null_coded += s.null_coded
        total.codes_missed += s.codes_missed
        total.missed += s.missed
        total.false += s.false
    return {"pages": pages, "totals": {k: v.to_dict() for k, v in sorted(totals.items())}}


_MARK = re.compile(r"^\[REDACTED(?::[^\]\s]*)?\]$")


def _bare(word: str | None) -> str | None:
    return None if word is None else word.strip(".,;:!?()\"'").lower()


def placement(text: str, truth: list[Any]) -> tuple[int, int]:
    """How many of ``truth``'s boxes (``redaction_render.Truth``, in reading order) have their
    mark in ``text`` between the right words: (placed, words beside lost). The marks are taken
    in order; a mark is placed right when the word before it and the word after it are the
    words around its box (punctuation and case aside); a word around a box that is not next to
    its mark counts as lost."""
    words = text.split()
    at = [i for i, w in enumerate(words) if _MARK.match(w)]
    placed = lost = 0
    for n, t in enumerate(truth):
        if n >= len(at):
            lost += (t.before is not None) + (t.after is not None)
            continue
        i = at[n]
        before = _bare(words[i - 1]) if i > 0 else None
        after = _bare(words[i + 1]) if i + 1 < len(words) else None
        ok_b = t.before is None or before == _bare(t.before)
        ok_a = t.after is None or after == _bare(t.after)
        placed += ok_b and ok_a
        lost += (not ok_b) + (not ok_a)
    return placed, lost


def run_rendered(split: str | None = None, styles: tuple[str, ...] = ()) -> dict[str, Any]:
    """The rendered pages of ``bench.redaction_render`` (``split``: "dev", "test", None for
    both; ``styles``: these only, every style when empty) read like the real ones and scored
    per split and style: boxes, codes, and the marks in the stripped text (placed between the
    right words; words beside a box lost)."""
    import tempfile

    from bench.redaction_render import STYLE_KIND, STYLES, pages
    from pipeline.core.config import OcrSettings
    from pipeline.stages import ingest
    from pipeline.stages.ocr import ocr_page
    from pipeline.stages.strip import StripConfig, strip

    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for r in pages(split, styles or STYLES):
            path = Path(tmp) / f"{r.name}.png"
            r.image.save(path, dpi=(r.dpi, r.dpi))
            ref = ingest.page_refs(ingest.discover([path])[0][0])[0]
            page = ocr_page(ref, OcrSettings())
            s = score(r.name, r.labels()["redactions"], page.redactions, page)
            placed, lost = placement(strip([page], StripConfig()).text, r.truth)
            row = out.setdefault(
                f"{r.split}/{r.style}", PageScore(f"{r.split}/{r.style}").to_dict()
            )
            row.setdefault("placed", 0)
            row.setdefault("lost", 0)
            row.setdefault("style_right", 0)
            row["placed"] += placed
            row["lost"] += lost
            row["style_right"] += sum(
                1 for x in page.redactions if x.style.value == STYLE_KIND[r.style]
            )
            for k in ("labelled", "found", "coded", "codes_exact", "codes_right"):
                row[k] += getattr(s, k)
            row["codes_wrong"] += s.codes_wrong
            row["codes_missed"] += s.codes_missed
            row["null_coded"] += s.null_coded
            row["missed"] += s.missed
            row["false"] += s.false
    return out


def rendered_table(figures: dict[str, Any]) -> str:
    """The printed table of ``run_rendered``: one row a split and style."""
    lines = [
        "redactions on rendered pages (bench/redaction_render.py; dev tuned on, test held out):",
        f"  {'split/style':<24} boxes found/labelled  missed  false  style ok  codes exact"
        "  codes right/wrong/missed  marks placed  words lost  null coded",
    ]
    for name, f in figures.items():
        lines.append(
            f"  {name:<24} {f['found']:>5}/{f['labelled']:<14} {len(f['missed']):>5}"
            f"  {len(f['false']):>5}  {f['style_right']:>8}  {f['codes_exact']:>5}/{f['coded']:<5}"
            f"  {f['codes_right']}/{f['codes_wrong']}/{f['codes_missed']:<18}"
            f"  {f['placed']:>5}/{f['labelled']:<6}  {f['lost']:>5}  {f.get('null_coded', 0):>10}"
        )
    return "\n".join(lines)


def table(figures: dict[str, Any]) -> str:
    """The printed table: one row a page and a total."""
    lines = [
        "redactions on real released pages (tests/data/redactions, hand labels; split per"
        " page: dev tuned on, test held out):",
        f"  {'page':<34} split  boxes found/labelled  missed  false  codes exact"
        "  codes right/wrong/missed  null coded",
    ]
    rows = [*figures["pages"].items(), *((f"total {k}", v) for k, v in figures["totals"].items())]
    for name, f in rows:
        split = f.get("split", "")
        lines.append(
            f"  {name:<34} {split:<5} {f['found']:>5}/{f['labelled']:<14} {len(f['missed']):>5}"
            f"  {len(f['false']):>5}  {f['codes_exact']:>5}/{f['coded']:<5}"
            f"  {f['codes_right']}/{f['codes_wrong']}/{f['codes_missed']:<18}"
            f"  {f.get('null_coded', 0):>5}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=LABELS, help="folder of labelled pages")
    parser.add_argument(
        "--rendered",
        choices=("dev", "test", "all", "none"),
        default="all",
        help="which split of the rendered pages to score too (default all)",
    )
    parser.add_argument(
        "--real",
        choices=("dev", "test", "all", "none"),
        default="all",
        help="which split of the real labelled pages to score (default all)",
    )
    parser.add_argument(
        "--style",
        action="append",
        default=[],
        help="score only this rendered style (repeatable; default every style)",
    )
    args = parser.parse_args(argv)
    if args.real != "none":
        print(table(run_redactions(args.dir, None if args.real == "all" else args.real)))
    if args.rendered != "none":
        split = None if args.rendered == "all" else args.rendered
        print(rendered_table(run_rendered(split, tuple(args.style))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
