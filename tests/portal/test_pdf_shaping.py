"""Khmer in the portal's PDFs is shaped: a subscript consonant sits under its base, not beside it.

Without shaping, ក្ក (ka, coeng, ka) is drawn as three glyphs in a row, as wide as two letters
plus a visible coeng sign; shaped, the second ka becomes a small subscript under the first.
"""

from portal.infrastructure.pdf import html_to_pdf
from tests.support.pdf_pages import ink_box, page_images

PAGE = '<section style="page-break-after: always; font-size: 96pt">{}</section>'


def ink_size(text):
    (image,) = page_images(html_to_pdf(PAGE.format(text)), dpi=72)
    left, top, right, bottom = ink_box(image)
    return right - left, bottom - top


def test_a_subscript_consonant_is_drawn_under_its_base():
    base_width, base_height = ink_size("ក")
    cluster_width, cluster_height = ink_size("ក្ក")
    assert cluster_width < base_width * 1.4  # unshaped: more than twice as wide
    assert cluster_height > base_height * 1.2  # the subscript hangs below the baseline
    # The measure tells the two apart: the same letters kept apart are far wider.
    spelled_width, _ = ink_size("ក ្ ក")
    assert spelled_width > base_width * 2
