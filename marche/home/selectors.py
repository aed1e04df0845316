"""Reads of the Marché's editorial pages."""

import re
import unicodedata
from dataclasses import dataclass

from django.utils.html import strip_tags

# Words that say nothing about what is asked: a question "comment créer un compte" must
# match on "créer" and "compte" only.
STOP_WORDS = frozenset(
    "a au aux avec ce ces comment d de des du en est et il je l la le les ma mes mon ne ou par pas "
    "pour qu que qui quoi se si son sur un une vos votre y".split()
)


@dataclass(frozen=True)
class QuestionMatch:
    question: str
    page_title: str
    url: str  # the FAQ page with the question's anchor
    excerpt: str


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", _fold(text))


def _excerpt(answer_text: str, limit: int = 180) -> str:
    text = " ".join(answer_text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


def matching_questions(faq_pages, query: str, *, limit: int = 20) -> list[QuestionMatch]:
    """The FAQ questions answering ``query``, best first, each linked to its own anchor.

    Written by hand rather than with Wagtail's search: Wagtail indexes whole pages, and the
    help centre must answer with the questions inside them (a FAQ page holds dozens). The
    FAQ is small (a few pages), so reading it is cheap. A question matches when every
    significant word of the query starts a word of its question or answer (accents and
    case ignored, so "certifiee" finds "certifiée" and "compt" finds "comptes"); words
    found in the question itself rank it higher.
    """
    from .models import question_anchors

    terms = [w for w in _words(query) if w not in STOP_WORDS] or _words(query)
    if not terms:
        return []
    scored = []
    for page in faq_pages:
        url = page.url
        for _section, questions in question_anchors(page.sections):
            for anchor, question in questions:
                answer_text = strip_tags(str(question["answer"]))
                question_words = _words(question["question"])
                answer_words = _words(answer_text)
                score = 0
                for term in terms:
                    if any(w.startswith(term) for w in question_words):
                        score += 3
                    elif any(w.startswith(term) for w in answer_words):
                        score += 1
                    else:
                        score = 0
                        break
                if score:
                    scored.append(
                        (
                            -score,
                            len(scored),
                            QuestionMatch(
                                question=question["question"],
                                page_title=page.title,
                                url=f"{url}#{anchor}",
                                excerpt=_excerpt(answer_text),
                            ),
                        )
                    )
    scored.sort(key=lambda item: item[:2])
    return [match for _, _, match in scored[:limit]]
