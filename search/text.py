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

# French stop words, folded (no accents). Kept short on purpose: words that carry meaning
# in a supplier's name ("plus", "sans") are not in it.
FRENCH_STOP_WORDS = frozenset(
    """
    a au aux avec ce ces cet cette dans de des du elle en et eux il ils je la le les leur leurs
    lui ma mais me meme mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son
    sur ta te tes toi ton tu un une vos votre vous y c d j l m n s t est sont ete etre avoir
    """.split()
)


def fold(text: str | None) -> str:
    """Lower-case, strip accents and ligatures, drop French elisions (l', d', qu'…).

    ``fold("L'Élan d’Œuvre")`` → ``"elan oeuvre"``: letters and digits are kept, and
    punctuation is left for the tokenizer.
    """
    if not text:
        return ""
    text = text.translate(_LIGATURES)
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _ELISION.sub("", stripped.lower())


def words(text: str | None) -> list[str]:
    """The folded words of ``text`` without French stop words, in order."""
    return [w for w in _WORD.findall(fold(text)) if w not in FRENCH_STOP_WORDS]
