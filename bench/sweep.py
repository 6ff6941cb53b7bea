"""The degradation sweep: where OCR and the whole pipeline break, one factor at a time.

Four tiers hide where things break; a sweep shows it. Each row of the grid is one factor -
typeface and stroke weight (thin Courier-like to bold), contrast, grain noise, blur, speckle,
skew, resolution (down to fax 204x98) and JPEG quality - at five levels from mild to severe,
on top of a light office photocopy (``PHOTOCOPY``). Each cell renders the opening of every text
of the split (about 130 words, one short page, no furniture: the sweep is about reading,
``make bench``'s tiers are about furniture), runs our batch over all cells at once, and scores
our OCR (``raw.txt``) and the end-to-end text (``clean.txt``) against the text by WER. A page
flagged for manual transcription scores as empty (its text is a placeholder, ``unflagged``):
every word of it missed; each cell lists the texts whose page was flagged (``flagged``) and
OCR's WER had none been flagged, each flagged page's kept reading scored (``read_wer``, "read"
in the table): what the flags hid.

Dev and test do not share a face or a setting: the test grid uses Nimbus Mono PS (a Courier
clone) from hairline to bold and Liberation Mono Bold, at the levels in ``TEST_GRID``; the dev
grid, for tuning, FreeMono and DejaVu Sans Mono and levels in between (``DEV_GRID``). Texts are
the split's gold texts (``bench/splits.json``). Writes a table, ``sweep-<split>.json`` and a
heat map ``sweep-<split>.png`` (matplotlib) into the output folder.

    python -m bench.sweep [--split test] [--texts N] [--jobs 2] [--factors skew,resolution]
                          [--levels "FreeMono -1.5,paper 156 ink 140"]

``--levels`` runs single cells (by their labels, as the table prints them) for tuning.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from bench.material import REPO, documents
from bench.metrics import pct, word_errors
from bench.synth import Degradation, degrade, typewriter_text

GOLD = REPO / "bench" / "gold"
OUT = REPO / "bench" / "out"
WORDS = 130  # words of each text per cell
DPI = 300
_FONTS = "/usr/share/fonts"


@dataclass(frozen=True)
class Cell:
    """One page setting: a face file, a stroke change, a degradation and a resolution."""

    face: str  # font file under /usr/share/fonts
    #: -n: strokes thinned by n pixels (a fraction such as -1.5 is drawn at twice the size and
    #: thinned by 3 there); +1: drawn with a 1-pixel stroke.
    weight: float = 0
    degradation: Degradation = field(default_factory=Degradation)
    dpi: tuple[int, int] = (DPI, DPI)  # horizontal, vertical (fax: 204 x 98)


_NIMBUS = "opentype/urw-base35/NimbusMonoPS-Regular.otf"
_NIMBUS_BOLD = "opentype/urw-base35/NimbusMonoPS-Bold.otf"
_LIB_BOLD = "truetype/liberation/LiberationMono-Bold.ttf"
_FREEMONO = "truetype/freefont/FreeMono.ttf"
_FREEMONO_BOLD = "truetype/freefont/FreeMonoBold.ttf"
_LIB_MONO = "truetype/liberation/LiberationMono-Regular.ttf"
_DEJAVU_BOLD = "truetype/dejavu/DejaVuSansMono-Bold.ttf"

Grid = dict[str, list[tuple[str, Cell]]]


# Every cell starts from a light office photocopy (a little grain and blur, greyish paper): on a
# perfectly clean page no single factor below the extreme shows anything.
PHOTOCOPY = Degradation(paper=235, ink=30, noise_sigma=10, blur_sigma=0.7)


def _grid(
    base: str, faces: list[tuple[str, Cell]], levels: dict[str, list[Any]], d: Degradation
) -> Grid:
    """One row per factor: that factor at each level on top of ``d``, in face ``base``."""
    rows: Grid = {"typeface": [(label, replace(c, degradation=d)) for label, c in faces]}
    rows["contrast"] = [
        (f"paper {p} ink {i}", Cell(base, degradation=replace(d, paper=p, ink=i)))
        for p, i in levels["contrast"]
    ]
    rows["grain"] = [
        (f"sigma {s}", Cell(base, degradation=replace(d, noise_sigma=s))) for s in levels["grain"]
    ]
    rows["blur"] = [
        (f"sigma {s}", Cell(base, degradation=replace(d, blur_sigma=s))) for s in levels["blur"]
    ]
    rows["speckle"] = [
        (f"{s:.1%}", Cell(base, degradation=replace(d, speckle=s))) for s in levels["speckle"]
    ]
    rows["skew"] = [
        (f"{s} deg", Cell(base, degradation=replace(d, skew_deg=s))) for s in levels["skew"]
    ]
    rows["resolution"] = [
        (f"{x}x{y}", Cell(base, degradation=d, dpi=(x, y))) for x, y in levels["resolution"]
    ]
    rows["jpeg"] = [
        (f"q {q}", Cell(base, degradation=replace(d, jpeg_quality=q))) for q in levels["jpeg"]
    ]
    return rows


TEST_GRID = _grid(
    _NIMBUS,
    [
        ("Courier hairline", Cell(_NIMBUS, weight=-2)),
        ("Courier thin", Cell(_NIMBUS, weight=-1)),
        ("Courier", Cell(_NIMBUS)),
        ("Courier bold", Cell(_NIMBUS_BOLD)),
        ("Liberation bold+", Cell(_LIB_BOLD, weight=1)),
    ],
    {
        "contrast": [(210, 60), (190, 90), (175, 115), (165, 135), (155, 145)],
        "grain": [15, 25, 35, 45, 60],
        "blur": [1.0, 1.5, 2.0, 2.5, 3.0],
        "speckle": [0.01, 0.03, 0.06, 0.1, 0.15],
        "skew": [2, 4, 6, 9, 12],
        "resolution": [(200, 200), (150, 150), (204, 98), (120, 120), (100, 100)],
        "jpeg": [40, 20, 10, 6, 3],
    },
    PHOTOCOPY,
)
DEV_GRID = _grid(
    _FREEMONO,
    [
        ("FreeMono hairline", Cell(_FREEMONO, weight=-2)),
        # Between thin and hairline, the class test's Courier hairline showed weak: FreeMono
        # thinned by 1.5 px, and Liberation Mono (4-px strokes at 12 pt) thinned by 2.5 px.
        ("FreeMono -1.5", Cell(_FREEMONO, weight=-1.5)),
        ("FreeMono thin", Cell(_FREEMONO, weight=-1)),
        ("Liberation hairline", Cell(_LIB_MONO, weight=-2.5)),
        ("FreeMono", Cell(_FREEMONO)),
        ("FreeMono bold", Cell(_FREEMONO_BOLD)),
        ("DejaVu bold+", Cell(_DEJAVU_BOLD, weight=1)),
    ],
    {
        # (156, 140): between the last two, where test's paper 165 / ink 135 showed weak.
        "contrast": [(200, 75), (182, 102), (170, 125), (160, 140), (156, 140), (150, 142)],
        "grain": [20, 30, 40, 52, 70],
        "blur": [1.25, 1.75, 2.25, 2.75, 3.25],
        "speckle": [0.02, 0.045, 0.08, 0.12, 0.18],
        "skew": [3, 5, 7.5, 10.5, 14],
        "resolution": [(240, 240), (170, 170), (200, 100), (130, 130), (110, 110)],
        "jpeg": [30, 15, 8, 5, 2],
    },
    replace(PHOTOCOPY, noise_sigma=8, blur_sigma=0.6),
)
GRIDS = {"test": TEST_GRID, "dev": DEV_GRID}


def excerpt(text: str, words: int = WORDS) -> str:
    """The first ``words`` words of ``text``, kept on their lines (a short line stays short)."""
    out, n = [], 0
    for line in text.splitlines():
        toks = line.split()
        if not toks:
            continue
        take = toks[: max(0, words - n)]
        if take:
            out.append(" ".join(take))
        n += len(take)
        if n >= words:
            break
    return "\n".join(out)


def _wrap(text: str, columns: int) -> list[str]:
    lines: list[str] = []
    for para in text.splitlines():
        line = ""
        for word in para.split():
            if line and len(line) + 1 + len(word) > columns:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        lines.append(line)
    return lines


def render_cell(text: str, cell: Cell, seed: int) -> Image.Image:
    """``text`` typed in ``cell``'s face (12 pt, 10 pitch, 6.5-inch lines) and degraded; a
    mode-"L" image with its DPI set (two values for fax)."""
    xdpi, ydpi = cell.dpi
    # A fractional thinning is drawn at twice the size, thinned by twice as many pixels there.
    sup = 1 if float(cell.weight).is_integer() else 2
    font = ImageFont.truetype(str(Path(_FONTS) / cell.face), round(12 / 72 * xdpi) * sup)
    lines = _wrap(typewriter_text(text), 65)
    pitch = round(xdpi / 6)
    margin = round(0.75 * xdpi)
    width = round(8.5 * xdpi)
    height = 2 * margin + pitch * len(lines)
    image = Image.new("L", (width * sup, height * sup), 255)
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text(
            (margin * sup, (margin + i * pitch) * sup),
            line,
            font=font,
            fill=0,
            stroke_width=max(round(cell.weight), 0),
            stroke_fill=0,
        )
    if cell.weight < 0:  # thin strokes: white grows into the ink by |weight| pixels
        k = 1 + round(-cell.weight * sup)
        image = Image.fromarray(cv2.dilate(np.asarray(image), np.ones((k, k), np.uint8)))
    if sup > 1:
        image = image.resize((width, height), Image.Resampling.BOX)
    image = degrade(image, cell.degradation, seed)
    if ydpi != xdpi:  # fax: full horizontal resolution, half the lines
        image = image.resize((width, round(height * ydpi / xdpi)), Image.Resampling.BILINEAR)
    image.info["dpi"] = (xdpi, ydpi)
    return image


def _texts(split: str, limit: int | None) -> dict[str, str]:
    names = [n for n in documents("gold", split) if (GOLD / f"{n}.txt").is_file()]  # type: ignore[arg-type]
    texts = {n: excerpt((GOLD / f"{n}.txt").read_text(encoding="utf-8")) for n in names}
    # The shortest first when only a few are wanted: the quick run stays quick.
    order = sorted(texts, key=lambda n: len(texts[n])) if limit else list(texts)
    return {n: texts[n] for n in order[:limit]}


def run_sweep(
    split: str,
    out: Path,
    jobs: int,
    texts_limit: int | None = None,
    factors: set[str] | None = None,
    levels: set[str] | None = None,
) -> dict[str, Any]:
    """Render the ``split`` grid over the split's texts into ``out/sweep-<split>/``, run our
    batch over every page, and score it (only the rows named in ``factors`` and the cells
    labelled as in ``levels`` when given; the photocopy baseline always). Returns ``{"rows":
    {factor: [{level, ocr_wer, end_to_end_wer, failed}]}, "texts": [...], "baseline": {...}}``
    and writes the JSON, the table (``.txt``) and the heat map (``.png``) beside the folder.
    Raises ``ValueError`` for a factor or level the grid does not have."""
    from pipeline.core.config import RunConfig
    from pipeline.runner import run_batch

    grid = GRIDS[split]
    texts = _texts(split, texts_limit)
    root = out / f"sweep-{split}"
    inputs, results = root / "inputs", root / "batch"
    base = next(c for _, c in grid["typeface"] if c.weight == 0)  # the row's plain face
    cells = {("baseline", 0): ("photocopy", base)}
    unknown = (factors or set()) - set(grid)
    if unknown:
        raise ValueError(f"unknown sweep factor(s) {sorted(unknown)}; known: {list(grid)}")
    labels = {label for row in grid.values() for label, _ in row}
    if levels is not None and levels - labels:
        raise ValueError(
            f"unknown sweep level(s) {sorted(levels - labels)}; known: {sorted(labels)}"
        )
    for factor, row in grid.items():
        if factors is not None and factor not in factors:
            continue
        for k, (label, cell) in enumerate(row):
            if levels is None or label in levels:
                cells[(factor, k)] = (label, cell)
    shutil.rmtree(root, ignore_errors=True)
    inputs.mkdir(parents=True)
    for (factor, k), (_, cell) in cells.items():
        for t, (name, text) in enumerate(texts.items()):
            image = render_cell(text, cell, seed=1000 * t + k)
            image.save(inputs / f"{factor}-{k}__{name}.png", dpi=image.info["dpi"])
    report = run_batch(
        [inputs],
        RunConfig(
            out_dir=results, jobs=jobs, dictionaries=REPO / "dictionaries", reviews=root / "reviews"
        ),
    )
    failed = {d.name for d in report.documents if d.status != "done"}
    rows: dict[str, list[dict[str, Any]]] = {}
    for (factor, k), (label, _) in cells.items():
        ocr = e2e = read = None
        fails, flagged = [], []
        for name, text in texts.items():
            doc = f"{factor}-{k}__{name}"
            raw_p, clean_p = results / doc / "raw.txt", results / doc / "clean.txt"
            if doc in failed or not raw_p.is_file():
                fails.append(name)
                raw = clean = kept = ""
            else:
                raw, marks = unflagged(raw_p.read_text(encoding="utf-8"))
                clean, _ = unflagged(clean_p.read_text(encoding="utf-8"))
                kept = readings(results / doc) if marks else raw
                if marks:
                    flagged.append(name)
            a, b, c = word_errors(raw, text), word_errors(clean, text), word_errors(kept, text)
            ocr = a if ocr is None else ocr + a
            e2e = b if e2e is None else e2e + b
            read = c if read is None else read + c
        rows.setdefault(factor, []).append(
            {
                "level": label,
                "ocr_wer": round(ocr.rate, 4) if ocr else None,
                "end_to_end_wer": round(e2e.rate, 4) if e2e else None,
                "failed": fails,
                "flagged": flagged,
                # OCR's WER had no page been flagged: each flagged page's kept reading.
                "read_wer": round(read.rate, 4) if read else None,
            }
        )
    result = {
        "split": split,
        "texts": list(texts),
        "words_per_text": WORDS,
        "baseline": rows.pop("baseline")[0],
        "rows": rows,
    }
    (out / f"sweep-{split}.json").write_text(
        json.dumps(result, indent=1, sort_keys=True), encoding="utf-8"
    )
    (out / f"sweep-{split}.txt").write_text(table(result) + "\n", encoding="utf-8")
    heatmap(result, out / f"sweep-{split}.png")
    return result


def unflagged(text: str) -> tuple[str, int]:
    """``text`` (a document's raw.txt or clean.txt) without the lines that stand in for pages
    flagged for manual transcription (``records.manual_mark``), and how many there were: a
    flagged page scores as empty, every word of its page missed, none of the mark's words an
    insertion."""
    from pipeline.core.records import is_manual_mark

    pages, marks = [], 0
    for page in text.split("\f"):  # raw.txt's pages
        lines = page.split("\n")
        kept = [line for line in lines if not is_manual_mark(line)]
        marks += len(lines) - len(kept)
        pages.append("\n".join(kept))
    return "\f".join(pages), marks


def readings(doc: Path) -> str:
    """The OCR text of document folder ``doc`` with each flagged page's kept reading
    (``Page.reading`` in ``pages/NNNN.json``) in its placeholder's place: what the flag took
    out of the text, scored to show what it hid."""
    from pipeline.core.records import Page

    pages = []
    for path in sorted((doc / "pages").glob("*.json")):
        page = Page.from_dict(json.loads(path.read_text(encoding="utf-8")))
        lines = page.reading if page.reading else page.lines
        pages.append("\n".join(line.text for line in lines))
    return "\f".join(pages)


def table(result: dict[str, Any]) -> str:
    """The sweep as text: one line per factor, ``OCR / end-to-end`` WER per level."""
    base = result["baseline"]
    lines = [
        f"degradation sweep ({result['split']} split, {len(result['texts'])} texts x "
        f"{result['words_per_text']} words; WER ours: OCR / end to end)",
        f"  photocopy baseline: {pct(base['ocr_wer'])} / {pct(base['end_to_end_wer'])}",
    ]
    for factor, cells in result["rows"].items():
        parts = [
            f"{c['level']}: {pct(c['ocr_wer'])} / {pct(c['end_to_end_wer'])}"
            + (
                f" ({len(c['flagged'])} flagged; read {pct(c['read_wer'])})"
                if c.get("flagged") and c.get("read_wer") is not None
                else f" ({len(c['flagged'])} flagged)"
                if c.get("flagged")
                else ""
            )
            for c in cells
        ]
        lines.append(f"  {factor:<11}" + " | ".join(parts))
    return "\n".join(lines)


def heatmap(result: dict[str, Any], path: Path) -> None:
    """Two heat maps side by side (OCR WER, end-to-end WER): factors down, levels across, each
    cell labelled with its level and WER. Written with matplotlib's Agg backend."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    factors = list(result["rows"])
    n = max(len(v) for v in result["rows"].values())
    fig, axes = plt.subplots(1, 2, figsize=(15, 0.7 * len(factors) + 1.6))
    for ax, key, title in zip(
        axes,
        ("ocr_wer", "end_to_end_wer"),
        ("OCR (raw.txt)", "end to end (clean.txt)"),
        strict=True,
    ):
        grid = np.full((len(factors), n), np.nan)
        for i, f in enumerate(factors):
            for j, c in enumerate(result["rows"][f]):
                grid[i, j] = 100 * (c[key] if c[key] is not None else 1.0)
        ax.imshow(grid, cmap="RdYlGn_r", vmin=0, vmax=60, aspect="auto")
        ax.set_yticks(range(len(factors)), factors)
        ax.set_xticks(range(n), [f"level {j + 1}" for j in range(n)])
        for i, f in enumerate(factors):
            for j, c in enumerate(result["rows"][f]):
                ax.text(
                    j, i, f"{c['level']}\n{grid[i, j]:.1f}%", ha="center", va="center", fontsize=7
                )
        ax.set_title(f"WER, {title}")
    base = result["baseline"]
    fig.suptitle(
        f"Degradation sweep, {result['split']} split ({len(result['texts'])} texts); baseline: "
        f"OCR {pct(base['ocr_wer'])}, end to end {pct(base['end_to_end_wer'])}"
    )
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=sorted(GRIDS), default="test")
    parser.add_argument("--texts", type=int, default=None, help="the N shortest texts only")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument(
        "--factors",
        default=None,
        help=f"comma-separated rows to run (default all: {','.join(TEST_GRID)})",
    )
    parser.add_argument(
        "--levels",
        default=None,
        help='comma-separated cells to run, by label (e.g. "FreeMono -1.5,paper 156 ink 140")',
    )
    args = parser.parse_args(argv)
    factors = None if args.factors is None else {f.strip() for f in args.factors.split(",")}
    levels = None if args.levels is None else {v.strip() for v in args.levels.split(",")}
    if factors is not None and not factors <= set(TEST_GRID):
        parser.error(f"unknown factor(s): {', '.join(sorted(factors - set(TEST_GRID)))}")
    args.out.mkdir(parents=True, exist_ok=True)
    try:
        result = run_sweep(args.split, args.out, args.jobs, args.texts, factors, levels)
    except ValueError as exc:
        parser.error(str(exc))
    print(table(result))
    print(f"heat map: {args.out / f'sweep-{args.split}.png'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
