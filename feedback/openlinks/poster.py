"""The QR poster of an open link: what the survey is, that it is anonymous, and the short URL,
in Dutch and in English, around a QR code (segno) of that URL."""

from __future__ import annotations

import textwrap

import segno
from flask_babel import force_locale
from flask_babel import gettext as _

from feedback.openlinks.drawing import WIDTH, Drawing, Text

MARGIN = 56
QR_SIZE = 300
CHAR_WIDTH = 0.52  # Helvetica's mean character width, as a share of the font size


def poster(survey: str, location: str, url: str, k: int) -> Drawing:
    drawing = Drawing()
    y = _lines(drawing, MARGIN + 24, 26, [survey], bold=True)
    y = _lines(drawing, y + 4, 16, [location])
    drawing.rects.extend(_qr(url, (WIDTH - QR_SIZE) / 2, y + 36))
    y += QR_SIZE + 76
    for language in ("nl", "en"):
        with force_locale(language):
            words = [
                _("Tell us in two minutes how the new tool works for you."),
                _(
                    "It is anonymous: we do not ask your name, and results are only shown "
                    "for groups of at least %(k)s people.",
                    k=k,
                ),
                _("Scan the code with your phone, or type the address:"),
            ]
        y = _lines(drawing, y, 14, words[:1], bold=True)
        y = _lines(drawing, y, 12, words[1:]) + 14
    _lines(drawing, y + 6, 18, [url], bold=True, wrap=False)
    return drawing


def _lines(
    drawing: Drawing,
    y: float,
    size: float,
    paragraphs: list[str],
    bold: bool = False,
    wrap: bool = True,
) -> float:
    """Add the paragraphs, wrapped to the page, from baseline `y`; the next free baseline."""
    width = int((WIDTH - 2 * MARGIN) / (size * CHAR_WIDTH))
    for paragraph in paragraphs:
        for line in textwrap.wrap(paragraph, width) if wrap else [paragraph]:
            drawing.texts.append(Text(MARGIN, y, size, line, bold))
            y += size * 1.35
    return y


def _qr(url: str, left: float, top: float) -> list[tuple[float, float, float, float]]:
    """The QR code's dark modules as rectangles, one per horizontal run."""
    matrix = segno.make(url, error="m", micro=False).matrix
    module = QR_SIZE / len(matrix)
    rects = []
    for row, cells in enumerate(matrix):
        start = None
        for col, dark in enumerate([*cells, 0]):
            if dark and start is None:
                start = col
            elif not dark and start is not None:
                rects.append(
                    (left + start * module, top + row * module, (col - start) * module, module)
                )
                start = None
    return rects
