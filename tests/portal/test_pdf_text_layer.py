"""Khmer copied or searched in the portal's PDFs comes out as it was written.

WeasyPrint's glyph-to-text map alone gives Khmer back garbled (glyphs in visual order, letters
lost, stray symbols); portal/infrastructure/pdf.py gives each line holding Khmer its /ActualText.
The text is read back with PDFium, the engine of Chrome's PDF viewer.
"""

from portal.infrastructure.pdf import html_to_pdf
from tests.support.pdf_pages import page_text

# Subscripts (្ត ្រ), pre-base vowels (េ), a vowel after a subscript (ូ), a Khmer full stop.
SENTENCE = "ការងារគណនេយ្យភាពសង្គមត្រូវបានធ្វើឡើងដោយស្ត្រី និងប្រជាពលរដ្ឋ។"
PARAGRAPH = SENTENCE + " ការត្រួតពិនិត្យ និងការវាយតម្លៃ CAF ផ.ស.រ.គ. ២០២៦"


def lines(pdf):
    return [line.strip() for line in page_text(pdf).splitlines() if line.strip()]


def test_a_khmer_paragraph_is_extracted_as_written():
    got = lines(html_to_pdf(f'<p style="font-size: 8pt">{PARAGRAPH}</p>'))
    # One line, or two where the fonts Pango picked for the Latin and the digits run wider:
    # either way, every character back in order and the spaces kept within each line.
    assert " ".join(got) == PARAGRAPH


def test_wrapped_lines_give_back_the_paragraph_in_order():
    pdf = html_to_pdf(f'<p style="width: 4cm">{PARAGRAPH}</p>')
    got = lines(pdf)
    assert len(got) > 2  # it did wrap
    assert "".join(got).replace(" ", "") == PARAGRAPH.replace(" ", "")


def test_bold_headings_and_invisible_word_breaks_copy_out_clean():
    heading = "\u200b".join(["ការ", "ត្រួតពិនិត្យ", "និង", "ការ", "វាយតម្លៃ"])
    pdf = html_to_pdf(f"<h1>{heading}</h1><p><b>{SENTENCE}</b></p>")
    assert lines(pdf) == ["ការត្រួតពិនិត្យនិងការវាយតម្លៃ", SENTENCE]


def test_latin_text_still_copies_out():
    assert lines(html_to_pdf("<p>Social accountability</p>")) == ["Social accountability"]
