"""Read PDFs in tests with PDFium (a wheel, no system tools): page images and page text."""

from io import BytesIO

import pypdfium2 as pdfium


def page_images(pdf: bytes, first: int = 1, last: int | None = None, dpi: int = 80):
    """The pages ``first``..``last`` (1-based, inclusive) as PIL images."""
    document = pdfium.PdfDocument(pdf)
    last = len(document) if last is None else min(last, len(document))
    return [document[i].render(scale=dpi / 72).to_pil() for i in range(first - 1, last)]


def page_png(pdf: bytes, number: int = 1, dpi: int = 80) -> bytes:
    buffer = BytesIO()
    page_images(pdf, number, number, dpi)[0].save(buffer, format="PNG")
    return buffer.getvalue()


def page_text(pdf: bytes, first: int = 1, last: int | None = None) -> str:
    document = pdfium.PdfDocument(pdf)
    last = len(document) if last is None else min(last, len(document))
    return "\n".join(document[i].get_textpage().get_text_range() for i in range(first - 1, last))


def ink_box(image):
    """The bounding box (left, top, right, bottom) of everything darker than the background."""
    grey = image.convert("L").point(lambda value: 255 if value < 128 else 0)
    return grey.getbbox()
