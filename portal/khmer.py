"""The Khmer text pipeline as the core offers it to every app: ``normalise`` and ``word_spans``.

The pipeline itself is ``search.text`` (docs/decisions/0003-khmer-segmentation.md), the one
module that normalises and segments Khmer. Feature apps may not import each other
(import-linter), yet the knowledge base needs the same words search sees (the word-level diff of
guidebook editions). So the search app hands its module to the core when the apps load
(``provide``, from ``search.apps``), and any app asks the core: one implementation, no second
copy, and the arrows still point down. See docs/decisions/0025-guidebook-editions.md.
"""

_pipeline = None


def provide(module):
    """Called once by the app that implements the pipeline (search) when the apps are ready."""
    global _pipeline
    _pipeline = module


def _provided():
    if _pipeline is None:
        raise RuntimeError("No Khmer text pipeline: the search app is not installed or not ready.")
    return _pipeline


def normalise(text):
    """``text`` in NFC, without invisible separators, Khmer clusters in one typing order."""
    return _provided().normalise(text)


def word_spans(text):
    """``(start, end)`` of each word of already-normalised ``text``, as search cuts them."""
    return _provided().word_spans(text)


def tokens(text):
    """``text`` normalised and cut into a lossless list of pieces: each word (a Khmer word as
    ICU cuts it, or another word) and, between them, the spaces and punctuation as they are.
    Joining the list gives the normalised text back."""
    text = normalise(text)
    pieces, position = [], 0
    for start, end in word_spans(text):
        if start > position:
            pieces.append(text[position:start])
        pieces.append(text[start:end])
        position = end
    if position < len(text):
        pieces.append(text[position:])
    return pieces
