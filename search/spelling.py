"""Spelling suggestions for Khmer (and English) queries, from the words of the search index.

A misspelt Khmer word is not a word to ICU: គណនេយភាព (្យ missing) is cut into គ|ណ|នេយ|ភាព, so
correcting the query word by word would correct junk. Each Khmer run of the query is therefore
cut again here into *clusters* (a base consonant or independent vowel with its subscripts,
vowels and signs, as ``search.text`` cuts syllables for khnormal), and the run is re-segmented
into indexed words, allowing each a small *Khmer* edit distance:

- the units compared are base letters, subscripts (COENG + consonant) and vowels or signs, so a
  subscript or a vowel wrong, missing or extra costs half of a wrong consonant, a subscript
  written as a full consonant a quarter of one, and consonants people confuse by sound (ឍ/ឈ,
  ព/ភ, ទ/ធ …) half;
- ម with a subscript written as ំ and the subscript full-size (តម្លៃ / តំលៃ) costs a quarter;
- typing order (ស្រ្តី / ស្ត្រី) and ្ដ/្ត are already equal after ``text.normalise``.

Candidates are found without comparing the query to every word: each indexed word is filed under
its *skeleton* (its base letters) and the skeleton with one letter deleted (symmetric-delete
lookup), since most misspellings keep the base letters and the rest change at most one.
"""

import difflib
import functools
import re
import time
from dataclasses import dataclass, field

from . import text

COENG = "\u17d2"
BASE = re.compile(r"[\u1780-\u17b3]")
#: Consonants often confused because they sound alike: swapping one costs half a consonant.
SOUND_ALIKE = [set(pair) for pair in ("ឍឈ", "ពភ", "ទធ", "ឋថ", "ដឌ", "នណ", "លឡ", "កគ", "សឝ")]
PIECE = 0.05  # a small cost per word, so the longest words that fit are preferred
MAX_WORD_CLUSTERS = 10
COMMON_RATIO = 3


def units(word):
    """``word`` as (kind, letter) units: kind is "b" (a base letter), "s" (a subscript) or "m"
    (a vowel or sign)."""
    out, i = [], 0
    while i < len(word):
        char = word[i]
        if char == COENG and i + 1 < len(word):
            out.append(("s", word[i + 1]))
            i += 2
            continue
        out.append(("b" if BASE.match(char) or not text.contains_khmer(char) else "m", char))
        i += 1
    return tuple(out)


def _weight(unit):
    return 1.0 if unit[0] == "b" else 0.5


def _substitution(a, b):
    if a == b:
        return 0.0
    if a[1] == b[1]:  # the same letter written below or full-size
        return 0.25
    if a[0] == b[0] and any(a[1] in pair and b[1] in pair for pair in SOUND_ALIKE):
        return 0.5
    return max(_weight(a), _weight(b))


# ម with a subscript after it is often written ំ (NIKAHIT) and the subscript full-size: តម្លៃ,
# តំលៃ; សម្រាប់, សំរាប់. Compared in that second form, the two differ by a quarter.
SUBSCRIPT_AFTER_MO = re.compile("\u1798\u17d2([\u1780-\u17a2])")


def _nikahit_form(word):
    return SUBSCRIPT_AFTER_MO.sub("\u17c6\\1", word)


@functools.lru_cache(maxsize=65536)
def distance(a, b):
    """A Khmer-aware edit distance between two normalised words (see the module's docstring)."""
    plain = _distance(a, b)
    a2, b2 = _nikahit_form(a), _nikahit_form(b)
    if (a2, b2) == (a, b):
        return plain
    return min(plain, _distance(a2, b2) + 0.25)


def _distance(a, b):
    ua, ub = units(a), units(b)
    previous = [0.0]
    for unit in ub:
        previous.append(previous[-1] + _weight(unit))
    for x in ua:
        current = [previous[0] + _weight(x)]
        for j, y in enumerate(ub, start=1):
            current.append(
                min(
                    previous[j] + _weight(x),
                    current[j - 1] + _weight(y),
                    previous[j - 1] + _substitution(x, y),
                )
            )
        previous = current
    return previous[-1]


def allowed(word):
    """How far a correction of ``word`` may be: more for longer words."""
    size = sum(_weight(unit) for unit in units(word))
    return 0.5 if size < 3 else 1.0 if size < 6 else 1.5


def skeleton(word):
    return "".join(letter for kind, letter in units(_nikahit_form(word)) if kind == "b")


def _deletions(key):
    return {key[:i] + key[i + 1 :] for i in range(len(key))} if len(key) > 1 else set()


@dataclass(eq=False)
class Vocabulary:
    """Indexed words with the number of documents holding each, and their lookup table."""

    counts: dict
    built: float = field(default_factory=time.monotonic)
    version: object = None

    def __post_init__(self):
        self.by_key = {}
        for word in self.counts:
            if text.contains_khmer(word):
                key = skeleton(word)
                for k in {key, *_deletions(key)}:
                    self.by_key.setdefault(k, []).append(word)
        # Latin words are matched without case and suggested as written in the titles.
        self.latin = {w.lower(): w for w in self.counts if not text.contains_khmer(w)}
        self._closest = {}

    def __contains__(self, word):
        return word in self.counts or word.lower() in self.latin

    def candidates(self, word):
        key = skeleton(word)
        found = set()
        for k in {key, *_deletions(key)}:
            found.update(self.by_key.get(k, ()))
        return found

    def closest(self, word, common=False):
        """(distance, word) of the nearest indexed word within :func:`allowed`, or None.

        An indexed word is its own nearest, unless ``common``: then a near word that
        COMMON_RATIO times as many documents use wins over it (a typo a page or two share)."""
        key = (word, common)
        if key not in self._closest:
            if len(self._closest) > 50_000:
                self._closest.clear()
            self._closest[key] = self._find_closest(word, common)
        return self._closest[key]

    def _find_closest(self, word, common):
        own = self.counts.get(word, 0)
        if own and not common:
            return 0.0, word
        limit = allowed(word)
        size = len(units(word))
        best = None
        for candidate in self.candidates(word):
            if candidate == word or abs(len(units(candidate)) - size) > 2:
                continue
            if own and self.counts[candidate] < COMMON_RATIO * own:
                continue
            d = distance(word, candidate)
            # Nearer first; between equals, the word more documents use.
            rank = (d, -self.counts[candidate], candidate)
            if d <= limit and (best is None or rank < best):
                best = rank
        if best:
            return best[0], best[2]
        return (0.0, word) if own else None


def clusters(run):
    """A Khmer run cut before each base letter that is not written below another."""
    return [piece for piece in text.SYLLABLE_START.split(run) if piece]


def correct_khmer_run(run, vocabulary, common=False):
    """The spelling of the Khmer ``run`` (no spaces) made of indexed words that is nearest to
    it, or ``run`` itself when it is already made of indexed words or nothing is near."""
    parts = clusters(text.normalise(run))
    n = len(parts)
    best = [(0.0, [])] + [None] * n  # best[j]: (cost, words) for the first j clusters
    for j in range(1, n + 1):
        for i in range(max(0, j - MAX_WORD_CLUSTERS), j):
            if best[i] is None:
                continue
            piece = "".join(parts[i:j])
            if len(piece) < 2 and piece not in vocabulary:
                continue
            found = vocabulary.closest(piece, common)
            if found is None:
                continue
            cost = best[i][0] + found[0] + PIECE
            if best[j] is None or cost < best[j][0]:
                best[j] = (cost, best[i][1] + [found[1]])
    if best[n] is None:
        return run
    return "".join(best[n][1])


def correct_latin_word(word, vocabulary):
    if word in vocabulary:
        return word
    close = difflib.get_close_matches(word.lower(), list(vocabulary.latin), n=1, cutoff=0.7)
    return vocabulary.latin[close[0]] if close else word


def correct(query, vocabulary, common=False):
    """``query`` with each misspelt word replaced by the nearest indexed spelling; the query's
    spaces and word order are kept. ``common``: see :meth:`Vocabulary.closest`."""
    out = []
    for chunk in text.normalise(query).split():
        pieces = []
        position = 0
        for match in text.KHMER_RUN.finditer(chunk):
            pieces.extend(_latin(chunk[position : match.start()], vocabulary))
            pieces.append(correct_khmer_run(match.group(), vocabulary, common))
            position = match.end()
        pieces.extend(_latin(chunk[position:], vocabulary))
        out.append("".join(pieces))
    return " ".join(out)


def _latin(segment, vocabulary):
    return [
        correct_latin_word(piece, vocabulary) if re.fullmatch(r"\w+", piece) else piece
        for piece in re.split(r"(\W+)", segment)
        if piece
    ]


def unknown_words(query, vocabulary):
    """The query's words that no indexed document holds."""
    return [word for word in text.query_words(query) if word not in vocabulary]


def rare_words(query, vocabulary, documents):
    """The query's Khmer words that at most ``documents`` indexed documents hold."""
    return [
        word
        for word in text.query_words(query)
        if text.contains_khmer(word) and vocabulary.counts.get(word, 0) <= documents
    ]
