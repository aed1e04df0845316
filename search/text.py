"""Text folding shared by both engines.

Why in Python: the core-only Elasticsearch distribution used in tests has no
asciifolding, elision or French analysers, and the embedded engine has none at all.
Folding the same way before indexing and before querying gives both engines the same
accent-, case- and elision-insensitivity.
"""

import re
import unicodedata

_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss", "’": "'", "ʼ": "'", "‘": "'"})
_ELISION = re.compile(r"\b(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|quoiqu)'(?=\w)")
_WORD = re.compile(r"\w+")
# C0 control characters and DEL: never part of a search parameter, and PostgreSQL refuses
# NUL in any text, so a query holding one must be refused before it reaches the database.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")

# French stop words, folded (no accents). Kept short on purpose: words that carry meaning
# in a supplier's name ("plus", "sans") are not in it.
FRENCH_STOP_WORDS = frozenset(
    """
    a au aux avec ce ces cet cette dans de des du elle en et eux il ils je la le les leur leurs
    lui ma mais me meme mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son
    sur ta te tes toi ton tu un une vos votre vous y c d j l m n s t est sont ete etre avoir
    """.split()
)


def _accent_table() -> dict[int, str]:
    # Why a table: NFKD character by character made folding the main cost of a
    # rebuild; a translate() table covers Latin letters, NFKD the rare others.
    table = {}
    for code in range(0xC0, 0x250):
        char = chr(code)
        stripped = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
        if stripped != char:
            table[code] = stripped
    table.update({ord(k): v for k, v in {"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss"}.items()})
    table.update({ord(k): "'" for k in "’ʼ‘"})
    return table


_ACCENTS = _accent_table()


def has_control_characters(value: str | None) -> bool:
    return bool(value) and _CONTROL.search(value) is not None


def fold(text: str | None) -> str:
    """Lower-case, strip accents and ligatures, drop French elisions (l', d', qu'…).

    ``fold("L'Élan d’Œuvre")`` → ``"elan oeuvre"``: letters and digits are kept, and
    punctuation is left for the tokenizer.
    """
    if not text:
        return ""
    folded = text.translate(_ACCENTS).lower()
    if not folded.isascii():
        decomposed = unicodedata.normalize("NFKD", folded.translate(_LIGATURES))
        folded = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _ELISION.sub("", folded)


def words(text: str | None) -> list[str]:
    """The folded words of ``text`` without French stop words, in order."""
    return [w for w in _WORD.findall(fold(text)) if w not in FRENCH_STOP_WORDS]


def within_one_edit(a: str, b: str) -> bool:
    """True when ``b`` is ``a`` with at most one edit (insertion, deletion, substitution or
    swap of two neighbours), as Elasticsearch's fuzzy matching with one edit allows."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        diffs = [i for i in range(la) if a[i] != b[i]]
        if len(diffs) == 1:
            return True
        return (
            len(diffs) == 2 and diffs[1] == diffs[0] + 1 and a[diffs[0]] == b[diffs[1]] and a[diffs[1]] == b[diffs[0]]
        )
    short, long_ = (a, b) if la < lb else (b, a)
    i = 0
    while i < len(short) and short[i] == long_[i]:
        i += 1
    return short[i:] == long_[i + 1 :]


FUZZY_MIN_LENGTH = 5


def term_matches(query_word: str, token: str) -> bool:
    """Rule: words of five letters or more tolerate one typo; shorter ones must be exact."""
    if len(query_word) >= FUZZY_MIN_LENGTH:
        return within_one_edit(query_word, token)
    return query_word == token


def highlight(text: str, query_words: list[str]) -> str:
    """``text`` HTML-escaped, with the words matching the query wrapped in <mark>.

    Done in Python for both engines, so highlights keep the original accents.
    """
    from django.utils.html import escape

    if not text or not query_words:
        return escape(text or "")
    out, last = [], 0
    for match in _WORD.finditer(text):
        folded = fold(match.group())
        if any(term_matches(q, w) for q in query_words for w in _WORD.findall(folded)):
            out.append(escape(text[last : match.start()]))
            out.append(f"<mark>{escape(match.group())}</mark>")
            last = match.end()
    out.append(escape(text[last:]))
    return "".join(out)
