"""The security headers both services must send, and one way to check them exactly."""

import re
from html.parser import HTMLParser

PUBLIC_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "frame-ancestors": ["'none'"],
}
ADMIN_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "frame-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "frame-ancestors": ["'self'"],
}
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()"
)


def parse_csp(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        assert name not in directives, f"directive {name} twice in {header!r}"
        directives[name] = values
    return directives


def assert_security_headers(response, *, csp=PUBLIC_CSP, frame_options="DENY") -> None:
    """Every header, exactly; the public policy unless told otherwise."""
    assert parse_csp(response["Content-Security-Policy"]) == csp
    assert response["X-Frame-Options"] == frame_options
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Permissions-Policy"] == PERMISSIONS_POLICY


class _ScriptFinder(HTMLParser):
    def __init__(self):
        super().__init__()
        self.offences: list[str] = []

    def handle_starttag(self, tag, attrs):
        names = dict(attrs)
        if (
            tag == "script"
            and not names.get("src")
            and names.get("type") not in {"application/json", "application/ld+json"}
        ):
            self.offences.append(f"inline <script> at line {self.getpos()[0]}")
        for name, value in attrs:
            if name.startswith("on"):
                self.offences.append(f"<{tag} {name}={value!r}> at line {self.getpos()[0]}")
            if name in {"href", "src", "action"} and (value or "").strip().lower().startswith("javascript:"):
                self.offences.append(f"<{tag} {name}={value!r}> at line {self.getpos()[0]}")


def inline_script_offences(html: str) -> list[str]:
    """Inline scripts, on*= handlers and javascript: URLs: what the strict policy blocks."""
    finder = _ScriptFinder()
    finder.feed(html)
    return finder.offences


def script_sources(html: str) -> list[str]:
    return re.findall(r"<script[^>]*\ssrc=\"([^\"]+)\"", html)
