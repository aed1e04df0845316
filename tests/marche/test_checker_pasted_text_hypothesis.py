"""Whatever is pasted, the checker answers: one result per non-blank line, in order, each
with a known status, never an exception; valid numbers are always recognised as such."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from stdnum import luhn

from marche.checker import reading, selectors

pytestmark = pytest.mark.django_db

STATUSES = set(selectors.LABELS)


def _siret(body: str) -> str:
    siren = body[:8] + luhn.calc_check_digit(body[:8])
    base = siren + body[8:12]
    return base + luhn.calc_check_digit(base)


lines = st.one_of(
    st.text(max_size=40),
    st.from_regex(r"[0-9 .\-]{0,20}", fullmatch=True),
    st.from_regex(r"[1-9][0-9]{11}", fullmatch=True).map(_siret),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(lines, min_size=1, max_size=30))
def test_any_pasted_text_gets_one_known_result_per_line(pasted):
    text = "\n".join(pasted)
    try:
        table = reading.from_text(text)
    except reading.UnreadableInput as exc:
        assert str(exc) == "Collez au moins un SIRET ou un SIREN (un par ligne)."
        assert not any(line.strip() for line in text.replace("\x00", "").splitlines())
        return

    results = selectors.check_values([row[0] for row in table.rows])

    expected = [line.strip() for line in text.replace("\x00", "").splitlines() if line.strip()]
    assert [row[0] for row in table.rows] == [line[:1000] for line in expected]
    assert len(results) == len(expected)
    for result in results:
        assert result["status"] in STATUSES
        assert (result["status"] == "invalid") == bool(result["message"])


@settings(max_examples=100, deadline=None)
@given(st.from_regex(r"[1-9][0-9]{11}", fullmatch=True).map(_siret), st.sampled_from(["", " ", ".", "-"]))
def test_valid_sirets_are_never_reported_invalid_whatever_the_separators(siret, separator):
    pasted = separator.join([siret[:3], siret[3:6], siret[6:9], siret[9:]])

    (result,) = selectors.check_values([pasted])

    assert result["status"] == "not_found"
    assert result["number"] == siret
    assert result["kind"] == "siret"
