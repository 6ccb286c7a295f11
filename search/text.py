"""The Khmer text pipeline: normalise, then segment into words.

Every path that indexes or queries text goes through this module (the search fields in
``search.fields``, the query side of the backends in ``search.backends``, snippets and
suggestions in ``search.views``), so index and query are always cut the same way.

Khmer is written without spaces between words. We:

1. normalise (NFC; drop zero-width spaces and other invisible separators; SIL's ``khnormal`` via
   ``khmerspell`` to put every cluster in one canonical typing order, which also maps the
   subscript DA ្ដ to the subscript TA ្ត);
2. segment each run of Khmer characters with ICU's dictionary word breaker (``icu4py``), and keep
   only segments that contain a letter, a number or a mark (a zero-width space or a Khmer
   punctuation sign would otherwise become an empty term);
3. leave every non-Khmer run as it is, so the backend's own English analysis (stemming) applies.

ICU keeps many compounds as one token (ការវាយតម្លៃ, ក្រសួងមហាផ្ទៃ), which would hide the inner
word (វាយតម្លៃ, មហាផ្ទៃ) from a search. At *indexing* time only, :func:`index_text` therefore
also emits the sub-words of long tokens found by a second ICU pass (see :func:`sub_words` and
docs/decisions/0003-khmer-segmentation.md). The query side is not expanded: a query for the
compound matches the compound token, a query for the inner word matches the sub-word.
"""

import bisect
import itertools
import re
import unicodedata
from functools import lru_cache

from icu4py.breakers import WordBreaker
from khmerspell import khnormal

__all__ = [
    "contains_khmer",
    "index_text",
    "inner_word_spans",
    "mark_words",
    "normalise",
    "prefix_text",
    "query_text",
    "query_words",
    "segment",
    "sub_words",
    "unmark_words",
    "word_spans",
    "words",
]

KHMER_RUN = re.compile(r"[\u1780-\u17FF\u19E0-\u19FF]+")
KHMER_CHAR = re.compile(r"[\u1780-\u17FF\u19E0-\u19FF]")
# Invisible characters that authors use as word breaks or that editors leave behind. They carry
# no meaning for search and, left in place, split a word or become empty terms.
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u2060\ufeff\u00ad"), None)
# A base character that starts a new consonant (not one written below another after COENG).
KHMER_BASE = re.compile(r"[\u1780-\u17B3]")
COENG = "\u17d2"

#: Tokens with at least this many consonants are looked into for inner words.
LONG_TOKEN_CONSONANTS = 5
#: An inner word needs at least this many consonants; shorter pieces are mostly noise.
MIN_SUB_WORD_CONSONANTS = 2
#: Hard cap on the number of words a query is cut into (a 10,000-character query stays cheap).
MAX_QUERY_WORDS = 32


def contains_khmer(text):
    """True if ``text`` holds at least one Khmer character."""
    return bool(text) and KHMER_CHAR.search(text) is not None


def _is_word(segment):
    return any(unicodedata.category(char)[0] in "LNM" for char in segment)


# khnormal sorts each syllable on its own: a syllable starts at a base consonant or independent
# vowel that is not written below another (not after COENG). Cutting a run there and normalising
# each syllable gives khnormal's result for the whole run, and a few thousand distinct syllables
# cover every text, so the cache below makes normalising a 3 KB page ~100× faster (indexing).
SYLLABLE_START = re.compile("(?<!\u17d2)(?=[\u1780-\u17a2\u17a5-\u17b3])")


@lru_cache(maxsize=65536)
def _normalise_syllable(syllable):
    return khnormal(syllable)


def _normalise_khmer_run(run):
    return "".join(_normalise_syllable(piece) for piece in SYLLABLE_START.split(run) if piece)


def normalise(text):
    """Return ``text`` in NFC, without invisible separators, with Khmer clusters in one order.

    Two spellings of the same Khmer word typed in different orders (ស្រ្តី / ស្ត្រី, េ+ី / ើ,
    ្ដ / ្ត) come out identical. Non-Khmer text is only NFC-normalised.
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFC", str(text)).translate(INVISIBLE)
    return KHMER_RUN.sub(lambda match: _normalise_khmer_run(match.group()), text)


# The Khmer characters that make a segment a word (what _is_word asks of any text), as one
# class: a page of unspaced Khmer is thousands of segments, and this test was most of its cost.
KHMER_WORD_CHAR = re.compile(
    "["
    + "".join(
        chr(code)
        for code in [*range(0x1780, 0x1800), *range(0x19E0, 0x1A00)]
        if unicodedata.category(chr(code))[0] in "LNM"
    )
    + "]"
)


@lru_cache(maxsize=65536)
def _khmer_breaks(run):
    """The offsets inside a Khmer run where ICU's word breaker cuts it."""
    breaks, position = [], 0
    for piece in WordBreaker(run, "km"):
        position += len(piece)
        breaks.append(position)
    return tuple(breaks[:-1])


def _word_pieces(run, breaks):
    """``(start, end)`` of the pieces of a Khmer run cut at ``breaks`` that are words."""
    spans, start = [], 0
    is_word = KHMER_WORD_CHAR.search
    for end in (*breaks, len(run)):
        if is_word(run, start, end):
            spans.append((start, end))
        start = end
    return tuple(spans)


@lru_cache(maxsize=65536)
def _khmer_word_spans(run):
    return _word_pieces(run, _khmer_breaks(run))


@lru_cache(maxsize=65536)
def _segment_khmer_run(run):
    return tuple(run[start:end] for start, end in _khmer_word_spans(run))


def segment(text):
    """Cut already-normalised text into a list of pieces: Khmer words and non-Khmer runs.

    Khmer runs go through ICU's dictionary word breaker; the text between them (Latin words,
    numbers, punctuation, spaces) is returned unchanged as separate pieces, so joining the result
    with spaces gives text every backend tokenises into the right words.
    """
    pieces = []
    position = 0
    for match in KHMER_RUN.finditer(text):
        if match.start() > position:
            pieces.append(text[position : match.start()])
        pieces.extend(_segment_khmer_run(match.group()))
        position = match.end()
    if position < len(text):
        pieces.append(text[position:])
    return pieces


NON_KHMER_WORD = re.compile(r"\w+")


def word_spans(text, breaks=None):
    """Where the words of already-normalised ``text`` are: a list of ``(start, end)`` offsets.

    The words are those :func:`words` finds (Khmer words from ICU, other words cut at anything
    that is not a letter, number or underscore), so a caller can point at a word where the index
    sees one instead of wherever its letters happen to appear (ភាព inside ទិដ្ឋភាព is no word).
    ``breaks`` (sorted offsets in ``text``, from :func:`unmark_words`) are where ICU cut its
    Khmer runs when the text was stored: given them, no Khmer run is segmented again.
    """
    spans = []
    position = 0
    for match in KHMER_RUN.finditer(text):
        spans.extend(_non_khmer_word_spans(text, position, match.start()))
        offset, run = match.start(), match.group()
        if breaks is None:
            pieces = _khmer_word_spans(run)
        else:
            inside = breaks[
                bisect.bisect_right(breaks, offset) : bisect.bisect_left(breaks, match.end())
            ]
            pieces = _word_pieces(run, [at - offset for at in inside])
        spans.extend((offset + a, offset + b) for a, b in pieces)
        position = match.end()
    spans.extend(_non_khmer_word_spans(text, position, len(text)))
    return spans


#: What :func:`mark_words` puts at a word break: the character Khmer writers use for one, and
#: one :func:`normalise` removes, so a normalised text never holds it otherwise.
WORD_BREAK = "\u200b"


def mark_words(text):
    """Already-normalised ``text`` with a zero-width space at every place ICU cuts a Khmer run.

    The text segmented once, to store (``search.models.SnippetText``): :func:`unmark_words`
    gives the text and those places back, and :func:`word_spans` then finds its words without
    segmenting anything again.
    """
    return KHMER_RUN.sub(lambda match: _marked_run(match.group()), text)


def _marked_run(run):
    breaks = _khmer_breaks(run)
    if not breaks:
        return run
    edges = (0, *breaks, len(run))
    return WORD_BREAK.join(run[a:b] for a, b in itertools.pairwise(edges))


def unmark_words(marked):
    """``(text, breaks)`` of a text marked by :func:`mark_words`: the text without the marks,
    and the sorted offsets in it where they stood (for :func:`word_spans`)."""
    pieces = marked.split(WORD_BREAK)
    return "".join(pieces), tuple(itertools.accumulate(map(len, pieces[:-1])))


def _non_khmer_word_spans(text, start, end):
    return [
        match.span()
        for match in NON_KHMER_WORD.finditer(text, start, end)
        if _is_word(match.group())
    ]


def words(text):
    """Normalise and segment ``text``; return its words (Khmer words and non-Khmer words)."""
    result = []
    for piece in segment(normalise(text)):
        if contains_khmer(piece):
            result.append(piece)
        else:
            result.extend(word for word in re.split(r"[^\w]+", piece) if word and _is_word(word))
    return result


def _consonant_starts(token):
    return [
        i
        for i, char in enumerate(token)
        if KHMER_BASE.match(char) and (i == 0 or token[i - 1] != COENG)
    ]


VOWEL_OR_SIGN = re.compile(r"[\u17B6-\u17D1\u17D3\u17DD]")
DEPENDENT = re.compile(r"[\u17B6-\u17C5\u17D2]")


def _starts_syllable(token, i):
    """False when the consonant at ``i`` closes the previous syllable (ទទួ|ល, ការវា|យ)."""
    after_vowel = VOWEL_OR_SIGN.match(token[i - 1]) is not None
    takes_vowel = i + 1 < len(token) and DEPENDENT.match(token[i + 1]) is not None
    return not after_vowel or takes_vowel


def _consonants(token):
    return len(_consonant_starts(token))


@lru_cache(maxsize=65536)
def sub_words(token):
    """Return the inner words of a long Khmer token that ICU kept whole, in order of appearance.

    For each consonant position ``i`` in the token, the token is split into a head ``token[:i]``
    and a tail ``token[i:]``. The split is accepted only if ICU cuts the head into pieces that
    each have at least two consonants (so we never start inside a syllable: ការទទួលខុ|សត្រូវ is
    refused). Then the head's pieces and the first word ICU finds in the tail are inner words.
    ការវាយតម្លៃ gives ការ, វាយតម្លៃ, តម្លៃ; ក្រសួងមហាផ្ទៃ gives ក្រសួង, មហាផ្ទៃ. This covers the
    nominalisers (ការ, សេចក្តី, ភាព) without a hand-kept list, and any dictionary word ICU knows.
    """
    if not contains_khmer(token) or _consonants(token) < LONG_TOKEN_CONSONANTS:
        return ()
    found = []
    for i in _consonant_starts(token)[1:]:
        if not _starts_syllable(token, i):
            continue
        head = _segment_khmer_run(token[:i])
        if not head or any(_consonants(piece) < MIN_SUB_WORD_CONSONANTS for piece in head):
            continue
        tail = _segment_khmer_run(token[i:])
        candidates = [*head, tail[0]] if tail else list(head)
        for candidate in candidates:
            if (
                candidate != token
                and candidate not in found
                and _consonants(candidate) >= MIN_SUB_WORD_CONSONANTS
            ):
                found.append(candidate)
    return tuple(found)


@lru_cache(maxsize=65536)
def inner_word_spans(token):
    """Where the inner words of a long Khmer token (:func:`sub_words`) are in it.

    Returns ``(start, end)`` offsets of every occurrence of an inner word that starts and ends
    on a consonant that begins a cluster, so an inner word is never found half inside a
    cluster. ការវាយតម្លៃ gives the places of ការ, វាយតម្លៃ, វាយ and តម្លៃ.
    """
    inner = sub_words(token)
    if not inner:
        return ()
    starts = set(_consonant_starts(token))
    spans = set()
    for word in inner:
        at = token.find(word)
        while at != -1:
            end = at + len(word)
            if at in starts and (end == len(token) or end in starts):
                spans.add((at, end))
            at = token.find(word, at + 1)
    return tuple(sorted(spans))


@lru_cache(maxsize=1024)
def index_text(text):
    """The text to store in a search index for ``text``: normalised, segmented, expanded.

    Khmer words are separated by spaces; inner words of long compounds (see :func:`sub_words`)
    are appended after the text so they are findable without changing the order of the words.
    """
    if not text:
        return ""
    pieces = segment(normalise(text))
    extra = []
    for piece in pieces:
        if contains_khmer(piece):
            extra.extend(sub_words(piece))
    return _join(pieces + extra)


def query_words(text):
    """The words of a user's query, normalised and segmented exactly as at indexing time.

    Anything that is not a letter, a number or a mark is dropped, so search-engine syntax
    (quotes, ``*``, parentheses, ``NEAR``'s punctuation, SQL fragments) cannot reach the
    backend as syntax. At most :data:`MAX_QUERY_WORDS` words are kept.
    """
    return words(text)[:MAX_QUERY_WORDS]


def query_text(text):
    """:func:`query_words` joined by spaces: what a backend receives instead of the raw query."""
    return " ".join(query_words(text))


def _join(pieces):
    return re.sub(r"\s+", " ", " ".join(piece.strip() for piece in pieces)).strip()


@lru_cache(maxsize=1024)
def prefix_text(text):
    """A half-typed query, normalised but not segmented, for as-you-type suggestions.

    ICU cuts half-typed Khmer words oddly (គណនេ → គ|ណនេ); the raw prefix still matches the start
    of the indexed word គណនេយ្យ.
    """
    kept = "".join(
        char if unicodedata.category(char)[0] in "LNM" else " " for char in normalise(text)
    )
    return " ".join(kept.split()[:MAX_QUERY_WORDS])
