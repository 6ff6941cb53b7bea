"""Where a word OCR read stands on the stored page image: every turn and resampling undone.

OCR reads a page in a frame of its own. ``pipeline.stages.pageimage`` makes the normalised
image from the stored one (the file's pixels) by applying the EXIF orientation (``ImageFrame
.orientation``: a transposition) and resampling a non-square resolution to square (a fax's
204x98 DPI to 204x204: the short side stretched); ``pipeline.stages.reading`` may turn it by
``Page.rotation`` (90, 180, 270 clockwise, from orientation detection); clean-up may turn it by
a small ``Page.deskew`` angle about its centre (OpenCV's ``getRotationMatrix2D``,
counter-clockwise on screen for a positive angle, same size). Word boxes are in that last frame,
whose size is ``Page.width`` x ``Page.height``.

``to_image`` composes the inverse of every step into one affine map from OCR pixels to stored
pixels (continuous coordinates, origin at the top-left corner, y down); ``image_box`` takes a
box through it (the box around the turned corners); ``upright_to_image`` is the same map less
the deskew, which the searchable PDF applies to each word's position only (``pipeline.exports
.pdf``). A PDF page's "stored image" is the page as rendered at ``Page.dpi`` (PDFium draws the
page's own ``/Rotate``), which the PDF layer is fitted to. Pure arithmetic: no image is read.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from pipeline.core.records import BBox, ImageFrame

#: EXIF orientations that mirror the image (a flip, with or without a quarter turn).
MIRRORED = frozenset({2, 4, 5, 7})
#: EXIF orientation -> the clockwise turn a viewer applies to show the image upright (the
#: mirrored orientations 2, 4, 5, 7 are not turns).
EXIF_TURN = {1: 0, 3: 180, 6: 90, 8: 270}


@dataclass(frozen=True)
class Matrix:
    """An affine map ``(x, y) -> (a x + c y + e, b x + d y + f)``, PDF's ``cm`` order."""

    a: float
    b: float
    c: float
    d: float
    e: float
    f: float

    @staticmethod
    def identity() -> Matrix:
        return Matrix(1, 0, 0, 1, 0, 0)

    def then(self, other: Matrix) -> Matrix:
        """This map followed by ``other``."""
        return Matrix(
            self.a * other.a + self.b * other.c,
            self.a * other.b + self.b * other.d,
            self.c * other.a + self.d * other.c,
            self.c * other.b + self.d * other.d,
            self.e * other.a + self.f * other.c + other.e,
            self.e * other.b + self.f * other.d + other.f,
        )

    def inverse(self) -> Matrix:
        """The map undoing this one (raises ``ZeroDivisionError`` for a singular map).

        >>> m = Matrix(0, 2, -3, 0, 5, 7)
        >>> m.then(m.inverse()).apply(11, 13)
        (11.0, 13.0)
        """
        det = self.a * self.d - self.b * self.c
        a, b, c, d = self.d / det, -self.b / det, -self.c / det, self.a / det
        return Matrix(a, b, c, d, -(self.e * a + self.f * c), -(self.e * b + self.f * d))

    def apply(self, x: float, y: float) -> tuple[float, float]:
        return self.a * x + self.c * y + self.e, self.b * x + self.d * y + self.f

    def cm(self) -> str:
        return " ".join(_num(v) for v in (self.a, self.b, self.c, self.d, self.e, self.f))


def _num(v: float) -> str:
    s = f"{v:.4f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def transpose(op: str, width: float, height: float) -> Matrix:
    """Where Pillow's ``Image.Transpose`` ``op`` (its name) moves a point of a ``width`` x
    ``height`` image.

    >>> transpose("ROTATE_270", 200, 100).apply(0, 0)  # a clockwise turn: top-left to top-right
    (100, 0)
    """
    w, h = width, height
    return {
        "FLIP_LEFT_RIGHT": Matrix(-1, 0, 0, 1, w, 0),
        "FLIP_TOP_BOTTOM": Matrix(1, 0, 0, -1, 0, h),
        "ROTATE_90": Matrix(0, -1, 1, 0, 0, w),  # counter-clockwise: (x, y) -> (y, w - x)
        "ROTATE_180": Matrix(-1, 0, 0, -1, w, h),
        "ROTATE_270": Matrix(0, 1, -1, 0, h, 0),  # clockwise: (x, y) -> (h - y, x)
        "TRANSPOSE": Matrix(0, 1, 1, 0, 0, 0),
        "TRANSVERSE": Matrix(0, -1, -1, 0, h, w),
    }[op]


#: What ``PIL.ImageOps.exif_transpose`` does for each EXIF orientation.
EXIF_OPS = {
    2: "FLIP_LEFT_RIGHT",
    3: "ROTATE_180",
    4: "FLIP_TOP_BOTTOM",
    5: "TRANSPOSE",
    6: "ROTATE_270",
    7: "TRANSVERSE",
    8: "ROTATE_90",
}
#: What ``pipeline.stages.pageimage.turn`` does for each clockwise turn.
TURN_OPS = {90: "ROTATE_270", 180: "ROTATE_180", 270: "ROTATE_90"}


@dataclass(frozen=True)
class Frames:
    """The sizes of one page's frames, in pixels: ``ocr`` (boxes; after ``rotation``, same
    size after deskew), ``normalised`` (before ``rotation``), ``transposed`` (the stored image
    after its EXIF orientation, before resampling) and ``stored`` (the file's pixels)."""

    ocr: tuple[int, int]
    normalised: tuple[int, int]
    transposed: tuple[int, int]
    stored: tuple[int, int]
    rotation: int
    deskew: float
    orientation: int


def frames(
    width: int, height: int, rotation: int, deskew: float, frame: ImageFrame | None
) -> Frames:
    """One page's frames from what its ``Page`` record holds (``width`` x ``height``: the OCR
    frame; ``frame``: the stored image's, None when it is the normalised image)."""
    normalised = (height, width) if rotation in (90, 270) else (width, height)
    if frame is None:
        stored = transposed = normalised
        orientation = 1
    else:
        stored, orientation = (frame.width, frame.height), frame.orientation
        swap = orientation in (5, 6, 7, 8)
        transposed = (stored[1], stored[0]) if swap else stored
    return Frames(
        (width, height), normalised, transposed, stored, rotation % 360, deskew, orientation
    )


def undeskew(f: Frames) -> Matrix:
    """OCR pixels -> pixels of the page before its deskew (a turn by ``-deskew`` about the
    centre: the inverse of OpenCV's ``getRotationMatrix2D(centre, deskew, 1)``)."""
    if not f.deskew:
        return Matrix.identity()
    cx, cy = f.ocr[0] / 2, f.ocr[1] / 2
    t = math.radians(f.deskew)
    cos, sin = math.cos(t), math.sin(t)
    turn = Matrix(cos, sin, -sin, cos, 0, 0)  # x' = cos x - sin y, y' = sin x + cos y
    return Matrix(1, 0, 0, 1, -cx, -cy).then(turn).then(Matrix(1, 0, 0, 1, cx, cy))


def upright_to_image(f: Frames) -> Matrix:
    """Pixels of the deskew-free OCR frame -> stored-image pixels: the page's turn, the
    resampling and the EXIF transposition undone, in that order."""
    m = Matrix.identity()
    if f.rotation in TURN_OPS:
        m = m.then(transpose(TURN_OPS[f.rotation], *f.normalised).inverse())
    (nw, nh), (tw, th) = f.normalised, f.transposed
    if (nw, nh) != (tw, th):
        m = m.then(Matrix(tw / nw, 0, 0, th / nh, 0, 0))
    if f.orientation in EXIF_OPS:
        m = m.then(transpose(EXIF_OPS[f.orientation], *f.stored).inverse())
    return m


def to_image(f: Frames) -> Matrix:
    """OCR pixels (where boxes are) -> stored-image pixels: every step undone."""
    return undeskew(f).then(upright_to_image(f))


def image_box(m: Matrix, box: BBox | None, size: tuple[int, int]) -> BBox | None:
    """The box around ``box``'s corners taken through ``m``, in whole pixels inside an image of
    ``size`` (a box turned by a deskew angle grows by its corners' turn)."""
    if box is None:
        return None
    corners = [m.apply(x, y) for x in (box.left, box.right) for y in (box.top, box.bottom)]
    xs, ys = [c[0] for c in corners], [c[1] for c in corners]
    left = min(max(0, round(min(xs))), size[0])
    top = min(max(0, round(min(ys))), size[1])
    right = min(max(left, round(max(xs))), size[0])
    bottom = min(max(top, round(max(ys))), size[1])
    return BBox(left, top, right - left, bottom - top)


def stored_dpi(f: Frames, dpi: float) -> tuple[float, float]:
    """The stored image's (x, y) resolution, given the normalised page's square ``dpi``: a fax
    of 1728 x 1100 pixels resampled to 1728 x 2290 at 204 DPI was 204 x 98."""
    (nw, nh), (tw, th) = f.normalised, f.transposed
    x, y = dpi * tw / nw, dpi * th / nh
    return (y, x) if f.orientation in (5, 6, 7, 8) else (x, y)


def text_angle(f: Frames) -> float:
    """The counter-clockwise angle, in degrees (0 <= a < 360), of the text's lines in the stored
    image: the turns that brought it upright (rotation, EXIF orientation, deskew) reversed. A
    mirrored EXIF orientation counts as its turn part (a flip does not turn lines)."""
    exif = {2: 0, 4: 180, 5: 90, 7: 270}.get(f.orientation, EXIF_TURN.get(f.orientation, 0))
    return round((f.rotation + exif - f.deskew) % 360, 2) % 360
