"""Stage 2: where the page is in the image.

The page's QR code is found first, at any rotation (zxing-cpp), and says which page of
which form this is. Its four corners give a first, rough transform from the page's
millimetres to the image's pixels (turn, scale and shift); that is enough to know
where each of the four L-shaped corner marks should be, and each is then looked for
near there (in a window, among dark shapes the size of a mark). The marks' outer
corners, far apart, give the page's transform: a homography (OpenCV), which also undoes
a phone photo's perspective. The QR code's corners, mapped through it, must land where
zxing saw them: if not, the page is not lined up and goes to a person rather than being
read wrongly.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# How far from where the rough transform puts a corner mark it is looked for, and the
# sizes a shape must have to be a mark (20 mm arms), in mm.
SEARCH_MM = 30.0
MARK_SIZE_MM = (14.0, 27.0)
# The QR corners seen and the QR corners the marks' transform gives may differ by this
# much (zxing gives its corners to about a module) before the page is not trusted.
AGREEMENT_MM = 2.5
OUTWARD = {"top_left": (-1, -1), "top_right": (1, -1), "bottom_left": (-1, 1),
           "bottom_right": (1, 1)}


class CannotAlign(ValueError):
    """The page's corner marks cannot be found or do not agree with its QR code."""


@dataclass(frozen=True)
class PageCode:
    """A decoded QR code and its corners in the image (its own top-left first,
    clockwise): with them the page's rotation is known."""

    text: str
    corners: np.ndarray


@dataclass(frozen=True)
class Alignment:
    """`to_image` maps page millimetres (x, y from the top-left) to image pixels."""

    to_image: np.ndarray
    px_per_mm: float
    error_mm: float

    def turned_degrees(self) -> float:
        """How far the page is turned in the image, clockwise: 180 when upside down."""
        import cv2

        ends = cv2.perspectiveTransform(np.float32([[[100, 150], [110, 150]]]),
                                        self.to_image)[0]
        (x0, y0), (x1, y1) = ends
        return float(np.degrees(np.arctan2(y1 - y0, x1 - x0)) % 360)


def read_codes(image: np.ndarray) -> list[PageCode]:
    """Every QR code on the page, ours or not."""
    import zxingcpp

    found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    return [PageCode(code.text, _corners(code.position)) for code in found if code.valid]


def _corners(position) -> np.ndarray:
    return np.array([[p.x, p.y] for p in (position.top_left, position.top_right,
                                          position.bottom_right, position.bottom_left)],
                    dtype=np.float32)


def symbol_corners_mm(code_text: str, qr: dict) -> np.ndarray:
    """Where the code's own corners (inside its quiet zone) are on the page, in mm:
    the code is drawn again as printed to know how many modules it has."""
    import segno

    border = qr.get("quiet_zone_modules", 2)
    symbol = segno.make_qr(code_text, error=qr.get("error_correction", "m"),
                           mask=qr.get("mask", 4))
    modules = symbol.symbol_size(border=0)[0]
    module = qr["width_mm"] / (modules + 2 * border)
    left, top = qr["x_mm"] + border * module, qr["y_mm"] + border * module
    right, bottom = left + modules * module, top + modules * module
    return np.array([[left, top], [right, top], [right, bottom], [left, bottom]],
                    dtype=np.float32)


def align(image: np.ndarray, code: PageCode, marks: dict) -> Alignment:
    """The page's transform from its corner marks, checked against its QR code."""
    import cv2

    qr_mm = symbol_corners_mm(code.text, marks["qr"])
    # Rough: turn, scale and shift only. A perspective from four corners a few pixels
    # apart would swing wildly 250 mm away.
    similar, _ = cv2.estimateAffinePartial2D(qr_mm, code.corners)
    if similar is None:
        raise CannotAlign("the page's code is damaged")
    rough = np.vstack([similar, [0, 0, 1]])
    px_per_mm = float(np.linalg.norm(code.corners[1] - code.corners[0])
                      / np.linalg.norm(qr_mm[1] - qr_mm[0]))
    if not 1.5 <= px_per_mm <= 40:
        raise CannotAlign("the page's code is too small or too large to be one of ours")
    names = list(OUTWARD)
    page_points = np.array([marks["corners"][name] for name in names], dtype=np.float32)
    found = np.array([_find_mark(image, rough, page_points[i], OUTWARD[name], px_per_mm)
                      for i, name in enumerate(names)], dtype=np.float32)
    to_image = cv2.getPerspectiveTransform(page_points, found)
    seen = cv2.perspectiveTransform(qr_mm[None], to_image)[0]
    error = float(np.max(np.linalg.norm(seen - code.corners, axis=1)) / px_per_mm)
    if error > AGREEMENT_MM:
        raise CannotAlign(f"the corner marks and the page's code disagree by {error:.1f} mm")
    return Alignment(to_image, px_per_mm, error)


def _find_mark(image: np.ndarray, rough: np.ndarray, corner_mm: np.ndarray,
               outward: tuple[int, int], px_per_mm: float) -> tuple[float, float]:
    """The outer corner of the mark nearest where the rough transform expects it."""
    import cv2

    inward = np.array([-outward[0], -outward[1]], dtype=np.float32)
    centre_mm = corner_mm + inward * 10  # the middle of the mark's square
    expected = cv2.perspectiveTransform(centre_mm[None, None], rough)[0, 0]
    reach = SEARCH_MM * px_per_mm
    height, width = image.shape
    x0, y0 = max(0, int(expected[0] - reach)), max(0, int(expected[1] - reach))
    x1, y1 = min(width, int(expected[0] + reach)), min(height, int(expected[1] + reach))
    if x1 - x0 < 10 or y1 - y0 < 10:
        raise CannotAlign("a corner mark is outside the image: is the whole page scanned?")
    window = image[y0:y1, x0:x1]
    _, dark = cv2.threshold(window, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    count, labels, stats, centres = cv2.connectedComponentsWithStats(dark, connectivity=8)
    small, large = (size * px_per_mm for size in MARK_SIZE_MM)
    candidates = [i for i in range(1, count)
                  if small <= stats[i, cv2.CC_STAT_WIDTH] <= large
                  and small <= stats[i, cv2.CC_STAT_HEIGHT] <= large
                  and stats[i, cv2.CC_STAT_AREA] < 0.35 * stats[i, cv2.CC_STAT_WIDTH]
                  * stats[i, cv2.CC_STAT_HEIGHT]]
    if not candidates:
        raise CannotAlign("a corner mark cannot be found: is the whole page scanned?")
    local = expected - (x0, y0)
    best = min(candidates, key=lambda i: float(np.linalg.norm(centres[i] - local)))
    ys, xs = np.nonzero(labels == best)
    # The outward direction as the image sees it: the page's own, through the rough
    # transform (so an upside-down page's top-left mark is still found by its corner).
    tip = cv2.perspectiveTransform((corner_mm + np.float32(outward))[None, None], rough)[0, 0]
    base = cv2.perspectiveTransform(corner_mm[None, None], rough)[0, 0]
    direction = (tip - base) / max(float(np.linalg.norm(tip - base)), 1e-6)
    score = xs * direction[0] + ys * direction[1]
    nearest = score >= score.max() - 1.0
    # Pixel centres are whole numbers: the mark's edge is half a pixel further out.
    return (float(xs[nearest].mean() + x0 + 0.5 * direction[0]),
            float(ys[nearest].mean() + y0 + 0.5 * direction[1]))


def rectify(image: np.ndarray, alignment: Alignment, page_size_mm: tuple[float, float],
            px_per_mm: float) -> np.ndarray:
    """The page as if scanned square-on at `px_per_mm`: pixel (x, y) is page mm
    (x / px_per_mm, y / px_per_mm). Every box is then a slice of it."""
    import cv2

    scale = np.diag([1 / px_per_mm, 1 / px_per_mm, 1.0])
    size = (round(page_size_mm[0] * px_per_mm), round(page_size_mm[1] * px_per_mm))
    return cv2.warpPerspective(image, alignment.to_image @ scale, size,
                               flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
                               borderMode=cv2.BORDER_CONSTANT, borderValue=255)
