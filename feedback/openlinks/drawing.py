"""A page drawn as text lines and black rectangles, written as SVG or as a one-page PDF.

The poster needs nothing more, so the PDF is written by hand (PDF 1.4, the standard Helvetica
fonts, WinAnsi text) rather than through a new dependency. Coordinates are points from the
top-left corner of an A4 page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.sax.saxutils import escape

WIDTH, HEIGHT = 595, 842  # A4 in points
BOLD = ' font-weight="bold"'


@dataclass(frozen=True)
class Text:
    x: float
    y: float  # the baseline
    size: float
    string: str
    bold: bool = False


@dataclass
class Drawing:
    texts: list[Text] = field(default_factory=list)
    rects: list[tuple[float, float, float, float]] = field(default_factory=list)  # x, y, w, h


def svg(drawing: Drawing) -> str:
    path = " ".join(f"M{x:g} {y:g}h{w:g}v{h:g}h{-w:g}z" for x, y, w, h in drawing.rects)
    texts = "\n".join(
        f'<text x="{t.x:g}" y="{t.y:g}" font-size="{t.size:g}"{BOLD if t.bold else ""}>'
        f"{escape(t.string)}</text>"
        for t in drawing.texts
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="210mm" height="297mm" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}">\n'
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#fff"/>\n'
        f'<path d="{path}" fill="#000"/>\n'
        f'<g font-family="Helvetica, Arial, sans-serif" fill="#000">\n{texts}\n</g>\n</svg>\n'
    )


def _pdf_string(text: str) -> str:
    raw = text.encode("cp1252", "replace").decode("latin-1")
    return "(" + raw.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def _content(drawing: Drawing) -> bytes:
    ops = ["0 g"]
    ops += [f"{x:g} {HEIGHT - y - h:g} {w:g} {h:g} re" for x, y, w, h in drawing.rects]
    if drawing.rects:
        ops.append("f")
    for t in drawing.texts:
        font = "/F2" if t.bold else "/F1"
        ops.append(
            f"BT {font} {t.size:g} Tf {t.x:g} {HEIGHT - t.y:g} Td {_pdf_string(t.string)} Tj ET"
        )
    return "\n".join(ops).encode("latin-1")


def pdf(drawing: Drawing) -> bytes:
    content = _content(drawing)
    font = "<< /Type /Font /Subtype /Type1 /BaseFont /{} /Encoding /WinAnsiEncoding >>"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {WIDTH} {HEIGHT}] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> >>".encode(),
        f"<< /Length {len(content)} >>\nstream\n".encode() + content + b"\nendstream",
        font.format("Helvetica").encode(),
        font.format("Helvetica-Bold").encode(),
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)
