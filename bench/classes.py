"""The page classes of issue 13: does every kind of file a release arrives as read like the page
scanned plainly?

For each gold text of the split (its opening, about 130 words, one short page, as the sweep
renders it: ``bench.sweep.render_cell``) the plain page is rendered once, at 300 DPI in a light
office photocopy, and every class is derived from it by the transformation that makes such a
file in the wild: pixels turned 90/180/270 degrees; a JPEG whose pixels are stored turned with
an EXIF Orientation tag saying so (a phone or a camera); a fax (the page resampled to 204x98 or
204x196 DPI, thresholded to 1 bit, a CCITT G3 TIFF with that DPI tag); an RGBA PNG whose paper
is transparent (black pixels under alpha 0, as PDF tools export); a 16-bit grey PNG; a negative
(white on black: microfilm prints); a colour scan (a JPEG) with the body typed in coloured ink
and a red and a yellow stamp line; a PDF whose page is oversize (the page drawn at its size on
a large media box) or drawn in ``/UserUnit`` units; and a page holding a photograph below its
text. The colour class adds two stamp lines the plain page lacks, so it is compared with the
same page with its stamps in black (``colour-plain``).

Our batch reads every file in one run. Per class: CER of ``raw.txt`` against the plain page's
``raw.txt`` (the issue's test: at most ``PASS_CER``) and against the gold text, the difference
to the plain page's CER against the gold, and every page's status and warnings (a photo page
must say it holds a picture, and no page may be garbage marked done).

Dev and test do not share a face or a setting: the test split types in Nimbus Mono PS (a
Courier clone) with ``TEST``'s settings; the dev split, for tuning, in FreeMono and DejaVu Sans
Mono with ``DEV``'s. Writes ``classes-<split>.json`` and ``.txt`` into the output folder, the
inputs and the batch under ``classes-<split>/``.

    python -m bench.classes [--split dev|test] [--texts N] [--classes rot90,fax-98] [--jobs 2]
"""

from __future__ import annotations

import argparse
import json
import shutil
import zlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from bench.material import REPO
from bench.metrics import ErrorCount, char_errors, pct
from bench.sweep import _FONTS, _FREEMONO, _NIMBUS, DPI, PHOTOCOPY, Cell, _texts, render_cell
from bench.synth import Degradation, typewriter_text

OUT = REPO / "bench" / "out"
PASS_CER = 0.03  # issue 13: each class reads within CER 0.03 of the plain page
_DEJAVU = "truetype/dejavu/DejaVuSansMono.ttf"


@dataclass(frozen=True)
class Settings:
    """What one split's pages look like: faces, photocopy, and each class's parameters."""

    faces: tuple[str, ...]  # body faces, taken in turn down the texts
    degradation: Degradation  # the plain page's photocopy
    exif: int  # the EXIF Orientation tag of the camera JPEG (6: stored turned 90 deg left)
    grey_bits: int  # bits a 16-bit scan really uses (16, or 12 in a 16-bit container)
    ink: tuple[int, int, int]  # the body's ink in the colour scan
    paper: tuple[int, int, int]  # the colour scan's paper
    stamp_face: str
    stamps: tuple[tuple[str, tuple[int, int, int]], ...]  # (text, colour): above, below the body
    oversize_in: tuple[float, float]  # the oversize PDF page's media box, inches
    user_unit: float  # the /UserUnit PDF page's unit (1/72 inch times this)
    photo_in: tuple[float, float]  # the photograph's width and height, inches


DEV = Settings(
    faces=(_FREEMONO, _DEJAVU),
    degradation=replace(PHOTOCOPY, noise_sigma=8, blur_sigma=0.6),
    exif=6,
    grey_bits=16,
    ink=(25, 45, 150),  # a blue ribbon
    paper=(238, 236, 228),
    stamp_face="truetype/dejavu/DejaVuSans-Bold.ttf",
    stamps=(("ACTION COPY S/S-O", (205, 30, 35)), ("INFO: EUR/RUS PM", (235, 200, 20))),
    oversize_in=(30.0, 30.0),
    user_unit=4.0,
    photo_in=(4.0, 3.0),
)
TEST = Settings(
    faces=(_NIMBUS,),
    degradation=PHOTOCOPY,
    exif=8,
    grey_bits=12,
    ink=(150, 25, 30),  # a red ribbon
    paper=(240, 238, 232),
    stamp_face="opentype/urw-base35/NimbusSans-Bold.otf",
    stamps=(("RECEIVED 12 JUN", (190, 20, 40)), ("LIMITED OFFICIAL USE", (240, 215, 0))),
    oversize_in=(24.0, 36.0),
    user_unit=3.0,
    photo_in=(5.0, 3.5),
)
SETTINGS = {"dev": DEV, "test": TEST}


# -- the classes ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Variant:
    """One class: the file's suffix and how it is made from the plain page."""

    suffix: str
    make: Callable[[Image.Image, Settings, int, Path], None]  # (plain, settings, seed, path)
    reference: str = "plain"  # the class its CER is measured against
    extra_gold: bool = False  # the stamp lines belong to its gold text


def _png(image: Image.Image, path: Path, dpi: tuple[float, float] = (DPI, DPI)) -> None:
    image.save(path, "PNG", dpi=dpi, compress_level=1)  # fast: inputs of one run


def _turned(clockwise: int) -> Callable[[Image.Image, Settings, int, Path], None]:
    from pipeline.stages.pageimage import turn  # the same transposes the pipeline undoes

    def make(plain: Image.Image, s: Settings, seed: int, path: Path) -> None:
        _png(turn(plain, clockwise), path)

    return make


def _exif(plain: Image.Image, s: Settings, seed: int, path: Path) -> None:
    """A camera JPEG: the sensor's pixels stored as they came, the tag saying how to show them
    (6: turn 90 deg clockwise to view, so they are stored turned 90 deg anticlockwise)."""
    stored = {
        3: Image.Transpose.ROTATE_180,
        6: Image.Transpose.ROTATE_90,
        8: Image.Transpose.ROTATE_270,
    }[s.exif]
    exif = Image.Exif()
    exif[0x0112] = s.exif
    plain.transpose(stored).save(path, "JPEG", quality=90, dpi=(DPI, DPI), exif=exif)


def _fax(ydpi: int) -> Callable[[Image.Image, Settings, int, Path], None]:
    def make(plain: Image.Image, s: Settings, seed: int, path: Path) -> None:
        """A fax: 204 dots an inch across, ``ydpi`` lines an inch down, 1 bit, CCITT G3."""
        size = (round(plain.width * 204 / DPI), round(plain.height * ydpi / DPI))
        small = plain.resize(size, Image.Resampling.BOX)
        bits = small.point(lambda v: 255 if v >= 128 else 0).convert("1")
        bits.save(path, "TIFF", compression="group3", dpi=(204, ydpi))

    return make


def _coverage(plain: Image.Image, s: Settings) -> np.ndarray:
    """How much ink covers each pixel, 0..1, from the photocopy's paper and ink levels."""
    d = s.degradation
    a = np.asarray(plain, dtype=np.float32)
    return np.clip((d.paper - a) / max(1, d.paper - d.ink), 0.0, 1.0)


def _alpha(plain: Image.Image, s: Settings, seed: int, path: Path) -> None:
    """Text on a transparent background: black ink whose alpha is its coverage; the paper is
    alpha 0 over black pixels (what PDF tools and screenshots of them export)."""
    a = (255 * _coverage(plain, s) + 0.5).astype(np.uint8)
    rgba = np.zeros((*a.shape, 4), np.uint8)
    rgba[..., 3] = a
    _png(Image.fromarray(rgba, "RGBA"), path)


def _grey16(plain: Image.Image, s: Settings, seed: int, path: Path) -> None:
    """A 16-bit grey scan using ``grey_bits`` of its 16 bits."""
    top = 2**s.grey_bits - 1
    a = (np.asarray(plain, dtype=np.float64) * top / 255 + 0.5).astype(np.uint16)
    _png(Image.fromarray(a), path)


def _inverted(plain: Image.Image, s: Settings, seed: int, path: Path) -> None:
    _png(Image.eval(plain, lambda v: 255 - v), path)


def _stamp_masks(plain: Image.Image, s: Settings) -> tuple[Image.Image, list[np.ndarray]]:
    """The plain page with room above and below the body, and one coverage mask per stamp
    line (bold sans, 14 pt, slightly blurred like a rubber stamp's edge)."""
    line = round(DPI / 3)
    page = Image.new("L", (plain.width, plain.height + 2 * line), s.degradation.paper)
    page.paste(plain, (0, line))
    font = ImageFont.truetype(str(Path(_FONTS) / s.stamp_face), round(14 / 72 * DPI))
    masks = []
    for i, (text, _) in enumerate(s.stamps):
        mask = Image.new("L", page.size, 0)
        y = round(0.75 * DPI) if i == 0 else page.height - round(0.75 * DPI)
        ImageDraw.Draw(mask).text((round(0.75 * DPI), y), text, font=font, fill=255)
        masks.append(cv2.GaussianBlur(np.asarray(mask, np.float32) / 255, (0, 0), 0.8))
    return page, masks


def _colour_page(plain: Image.Image, s: Settings, black: bool) -> Image.Image:
    page, masks = _stamp_masks(plain, s)
    cover = _coverage(page, s)
    paper = np.array(s.paper if not black else (s.degradation.paper,) * 3, np.float32)
    ink = np.array(s.ink if not black else (s.degradation.ink,) * 3, np.float32)
    rgb = paper - cover[..., None] * (paper - ink)
    for mask, (_, colour) in zip(masks, s.stamps, strict=True):
        c = np.array(colour if not black else (s.degradation.ink,) * 3, np.float32)
        rgb = rgb - mask[..., None] * (rgb - c)
    return Image.fromarray(np.clip(rgb + 0.5, 0, 255).astype(np.uint8), "RGB")


def _colour(plain: Image.Image, s: Settings, seed: int, path: Path) -> None:
    """A colour scan (JPEG): the body in ``ink``, a stamp line above it and one below."""
    _colour_page(plain, s, black=False).save(path, "JPEG", quality=88, dpi=(DPI, DPI))


def _colour_plain(plain: Image.Image, s: Settings, seed: int, path: Path) -> None:
    """The colour class's plain page: the same page with its stamps in black, grey."""
    _png(_colour_page(plain, s, black=True).convert("L"), path)


def _pdf_page(image: Image.Image, path: Path, media_pt: tuple[float, float], unit: float) -> None:
    """A one-page PDF (pikepdf) whose media box is ``media_pt`` (in units of ``unit``/72 inch)
    with ``image`` drawn at 300 DPI physical size an inch from the top-left corner (or filling
    the page, when it is the page's size)."""
    import pikepdf

    pdf = pikepdf.new()
    xobj = pikepdf.Stream(
        pdf,
        zlib.compress(image.tobytes()),
        Type=pikepdf.Name.XObject,
        Subtype=pikepdf.Name.Image,
        Width=image.width,
        Height=image.height,
        ColorSpace=pikepdf.Name.DeviceGray,
        BitsPerComponent=8,
        Filter=pikepdf.Name.FlateDecode,
    )
    w = image.width / DPI * 72 / unit
    h = image.height / DPI * 72 / unit
    mw, mh = media_pt
    x, y = (0.0, 0.0) if (mw, mh) == (w, h) else (72 / unit, mh - h - 72 / unit)
    content = f"q {w:.3f} 0 0 {h:.3f} {x:.3f} {y:.3f} cm /Im0 Do Q".encode()
    page = pikepdf.Dictionary(
        Type=pikepdf.Name.Page,
        MediaBox=[0, 0, mw, mh],
        Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=xobj)),
        Contents=pikepdf.Stream(pdf, content),
    )
    if unit != 1.0:
        page.UserUnit = unit
    pdf.pages.append(pikepdf.Page(page))
    pdf.save(path, deterministic_id=True)


def _oversize(plain: Image.Image, s: Settings, seed: int, path: Path) -> None:
    """A large sheet (a map or a foldout with typing on it) in a PDF: a media box of
    ``oversize_in``, too many pixels at 300 DPI."""
    w, h = s.oversize_in
    _pdf_page(plain, path, (w * 72, h * 72), 1.0)


def _user_unit(plain: Image.Image, s: Settings, seed: int, path: Path) -> None:
    """The page in a PDF drawn in units of ``user_unit``/72 inch (``/UserUnit``): its media
    box numbers are that much smaller than its size."""
    u = s.user_unit
    _pdf_page(plain, path, (plain.width / DPI * 72 / u, plain.height / DPI * 72 / u), u)


def photograph(width: int, height: int, seed: int) -> np.ndarray:
    """A grey photograph-like picture (``height`` x ``width``, uint8): smooth shading at several
    scales, a horizon, a few dark shapes with hard edges, and film grain."""
    rng = np.random.default_rng(seed)
    a = np.zeros((height, width), np.float32)
    for scale, weight in ((64, 1.0), (16, 0.5), (4, 0.25)):
        noise = rng.normal(0, 1, (max(2, height // scale), max(2, width // scale)))
        a += weight * cv2.resize(noise.astype(np.float32), (width, height), cv2.INTER_CUBIC)
    a = (a - a.min()) / max(1e-6, float(a.max() - a.min())) * 140 + 60
    horizon = int(height * rng.uniform(0.4, 0.6))
    a[horizon:] *= 0.6
    for _ in range(6):
        x, y = int(rng.integers(0, width)), int(rng.integers(horizon // 2, height))
        w, h = (
            int(rng.integers(width // 20, width // 6)),
            int(rng.integers(height // 8, height // 3)),
        )
        cv2.rectangle(a, (x, y - h), (x + w, y), float(rng.uniform(10, 60)), -1)
    a += rng.normal(0, 6, a.shape).astype(np.float32)
    return np.clip(cv2.GaussianBlur(a, (0, 0), 1.0), 0, 255).astype(np.uint8)


def _photo(plain: Image.Image, s: Settings, seed: int, path: Path) -> None:
    """The page with a photograph below its text (a photocopied snapshot in a release)."""
    w, h = (round(v * DPI) for v in s.photo_in)
    margin = round(0.75 * DPI)
    page = Image.new("L", (plain.width, plain.height + h + margin), s.degradation.paper)
    page.paste(plain, (0, 0))
    page.paste(Image.fromarray(photograph(w, h, seed)), (margin, plain.height))
    _png(page, path)


VARIANTS: dict[str, Variant] = {
    "plain": Variant(".png", lambda p, s, seed, path: _png(p, path)),
    "rot90": Variant(".png", _turned(90)),
    "rot180": Variant(".png", _turned(180)),
    "rot270": Variant(".png", _turned(270)),
    "exif": Variant(".jpg", _exif),
    "fax-98": Variant(".tif", _fax(98)),
    "fax-196": Variant(".tif", _fax(196)),
    "alpha": Variant(".png", _alpha),
    "grey16": Variant(".png", _grey16),
    "inverted": Variant(".png", _inverted),
    "colour-plain": Variant(".png", _colour_plain, extra_gold=True),
    "colour": Variant(".jpg", _colour, reference="colour-plain", extra_gold=True),
    "oversize": Variant(".pdf", _oversize),
    "userunit": Variant(".pdf", _user_unit),
    "photo": Variant(".png", _photo),
}
REFERENCES = {"plain", "colour-plain"}  # what the classes are compared with, not classes


# -- running and scoring ----------------------------------------------------------------------


def render_inputs(
    split: str, texts: dict[str, str], classes: list[str], inputs: Path
) -> dict[str, str]:
    """Write every class of every text into ``inputs`` as ``<class>__<text><suffix>``; returns
    the gold text of each class and text (``"<class>__<text>"`` -> text)."""
    s = SETTINGS[split]
    gold: dict[str, str] = {}
    for t, (name, text) in enumerate(texts.items()):
        cell = Cell(s.faces[t % len(s.faces)], degradation=s.degradation)
        plain = render_cell(text, cell, seed=7000 + t)
        for cls in classes:
            v = VARIANTS[cls]
            v.make(plain, s, 7000 + t, inputs / f"{cls}__{name}{v.suffix}")
            typed = typewriter_text(text)  # what the page shows: straight quotes ...
            gold[f"{cls}__{name}"] = (
                "\n".join([s.stamps[0][0], typed, s.stamps[1][0]]) if v.extra_gold else typed
            )
    return gold


def _needed(classes: list[str]) -> list[str]:
    refs = {VARIANTS[c].reference for c in classes} | {"plain"}
    return [c for c in VARIANTS if c in refs or c in classes]


def run_classes(
    split: str,
    out: Path,
    jobs: int,
    texts_limit: int | None = None,
    classes: list[str] | None = None,
) -> dict[str, Any]:
    """Render the split's texts in every class (or ``classes``, with the pages they are compared
    with) into ``out/classes-<split>/inputs``, run our batch over them all at once and score
    it. Returns ``{"split", "texts", "pass_cer", "classes": {class: {cer_vs_plain, cer_vs_gold,
    plain_cer_vs_gold, delta, pass, statuses, flags, failed}}}`` and writes it as
    ``classes-<split>.json`` and the table as ``.txt`` beside the folder."""
    from pipeline.core.config import RunConfig
    from pipeline.runner import run_batch

    wanted = _needed(classes or list(VARIANTS))
    texts = _texts(split, texts_limit)
    root = out / f"classes-{split}"
    inputs, results = root / "inputs", root / "batch"
    shutil.rmtree(root, ignore_errors=True)
    inputs.mkdir(parents=True)
    gold = render_inputs(split, texts, wanted, inputs)
    report = run_batch(
        [inputs],
        RunConfig(
            out_dir=results, jobs=jobs, dictionaries=REPO / "dictionaries", reviews=root / "reviews"
        ),
    )
    status = {d.name: str(d.status) for d in report.documents}
    reasons = {d.name: d.reason for d in report.documents}

    def raw(doc: str) -> str:
        path = results / doc / "raw.txt"
        return path.read_text(encoding="utf-8") if path.is_file() else ""

    rows: dict[str, Any] = {}
    for cls in wanted:
        v = VARIANTS[cls]
        vs_ref = vs_gold = ref_gold = ErrorCount(0, 0)
        statuses: dict[str, int] = {}
        flags: list[str] = []
        failed: list[str] = []
        for name in texts:
            doc, ref = f"{cls}__{name}", f"{v.reference}__{name}"
            text, ref_text = raw(doc), raw(ref)
            vs_ref = vs_ref + char_errors(text, ref_text)
            vs_gold = vs_gold + char_errors(text, gold[doc])
            ref_gold = ref_gold + char_errors(ref_text, gold[ref])
            st = status.get(doc, "missing")
            meta = _metadata(results / doc)
            for page in meta.get("page_status", {}).values():
                st = f"{st}/{page['status']}"
            statuses[st] = statuses.get(st, 0) + 1
            if st != "done":
                failed.append(f"{name}: {st}: {reasons.get(doc) or _page_reasons(meta)}")
            for warns in meta.get("page_warnings", {}).values():
                flags += [w for w in warns if w not in flags]
        row: dict[str, Any] = {
            "cer_vs_gold": round(vs_gold.rate, 4),
            "statuses": statuses,
            "flags": flags,
            "failed": failed,
        }
        if cls not in REFERENCES:
            row |= {
                "reference": v.reference,
                "cer_vs_plain": round(vs_ref.rate, 4),
                "plain_cer_vs_gold": round(ref_gold.rate, 4),
                "delta": round(vs_gold.rate - ref_gold.rate, 4),
                "pass": vs_ref.rate <= PASS_CER and _passes(cls, statuses, flags),
            }
        rows[cls] = row
    result = {"split": split, "texts": list(texts), "pass_cer": PASS_CER, "classes": rows}
    (out / f"classes-{split}.json").write_text(
        json.dumps(result, indent=1, sort_keys=True), encoding="utf-8"
    )
    (out / f"classes-{split}.txt").write_text(table(result) + "\n", encoding="utf-8")
    return result


def _passes(cls: str, statuses: dict[str, int], flags: list[str]) -> bool:
    """Every page read and done; a photo page must also say it holds a picture."""
    if set(statuses) != {"done"}:
        return False
    return cls != "photo" or any("picture" in f for f in flags)


def _metadata(folder: Path) -> dict[str, Any]:
    path = folder / "metadata.json"
    if not path.is_file():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def _page_reasons(meta: dict[str, Any]) -> str:
    return "; ".join(str(p.get("reason")) for p in meta.get("page_status", {}).values())


def table(result: dict[str, Any]) -> str:
    """One line per class: CER against the plain page and the gold, the difference, pass."""
    lines = [
        f"page classes ({result['split']} split, {len(result['texts'])} texts; CER of raw.txt; "
        f"pass: within {pct(result['pass_cer'])} of the plain page, every page done)",
        f"  {'class':<13}{'vs plain':>9}{'vs gold':>9}{'plain':>8}{'delta':>8}  pass  status",
    ]
    for cls, row in result["classes"].items():
        status = ", ".join(f"{k} {n}" for k, n in sorted(row["statuses"].items()))
        if cls in REFERENCES:
            lines.append(f"  {cls:<13}{'':>9}{pct(row['cer_vs_gold']):>9}{'':>16}  ref   {status}")
            continue
        mark = "yes " if row["pass"] else "NO  "
        lines.append(
            f"  {cls:<13}{pct(row['cer_vs_plain']):>9}{pct(row['cer_vs_gold']):>9}"
            f"{pct(row['plain_cer_vs_gold']):>8}{pct(row['delta']):>8}  {mark}  {status}"
        )
    flagged = {c: r["flags"] for c, r in result["classes"].items() if r["flags"]}
    for cls, flags in flagged.items():
        lines.append(f"  flags {cls}: " + " | ".join(flags[:3]))
    for cls, row in result["classes"].items():
        for f in row["failed"][:2]:
            lines.append(f"  not done {cls}: {f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=sorted(SETTINGS), default="test")
    parser.add_argument("--texts", type=int, default=None, help="the N shortest texts only")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument(
        "--classes", default=None, help=f"comma-separated (default all: {','.join(VARIANTS)})"
    )
    args = parser.parse_args(argv)
    classes = None if args.classes is None else [c.strip() for c in args.classes.split(",")]
    if classes is not None and not set(classes) <= set(VARIANTS):
        parser.error(f"unknown class(es): {', '.join(sorted(set(classes) - set(VARIANTS)))}")
    args.out.mkdir(parents=True, exist_ok=True)
    result = run_classes(args.split, args.out, args.jobs, args.texts, classes)
    print(table(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
