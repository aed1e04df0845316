"""Infrastructure shared by both services (settings helpers, health checks).

Nothing domain-specific lives here: accounts and organisations belong to ``sso``,
suppliers to ``marche`` and search to ``search``.
"""
