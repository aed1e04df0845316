"""Hypothesis strategies for hostile URLs: NUL bytes, control characters, any Unicode,
invalid UTF-8, percent signs, very long values."""

from urllib.parse import quote, quote_from_bytes

from hypothesis import strategies as st

CONTROL = "".join(chr(c) for c in range(32)) + "\x7f"
NASTY = [
    "\x00",
    "%00",
    "..",
    "/",
    "\\",
    "%",
    "%%",
    "%zz",
    "<script>",
    "'",
    '"',
    "\u202e",
    "\ufeff",
    "é",
    "😀",
    "?",
    "#",
    "&",
    "=",
]

hostile_text = st.one_of(
    st.text(max_size=60),
    st.text(alphabet=st.sampled_from(CONTROL + "aZ/._-"), max_size=40),
    st.lists(st.sampled_from(NASTY), max_size=12).map("".join),
    st.integers(min_value=2_000, max_value=20_000).map(lambda n: "a" * n),
    st.integers(min_value=200, max_value=2_000).map(lambda n: "\x00é" * n),
)

# A path or a query value as it travels on the wire: percent-encoded text or raw bytes
# (which may not be UTF-8 at all).
encoded = st.one_of(
    hostile_text.map(lambda s: quote(s, safe="/")),
    st.binary(max_size=60).map(lambda b: quote_from_bytes(b, safe="/")),
)

hostile_path = encoded.map(lambda s: "/" + s.lstrip("/"))

hostile_query = st.lists(
    st.tuples(encoded.map(lambda s: s.replace("/", "%2F")), encoded.map(lambda s: s.replace("/", "%2F"))), max_size=4
).map(lambda pairs: "&".join(f"{k}={v}" for k, v in pairs))
