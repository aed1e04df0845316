"""Test URLconfs: each service's own URLs and handlers, plus a view that fails."""


def failing_view(request):
    raise RuntimeError("boom for the 500 page test")
