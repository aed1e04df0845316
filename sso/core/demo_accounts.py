"""The demo accounts `make demo` creates and `make run`'s banner lists (plain data, so the
banner and the tests read them without Django set up)."""

DEMO_PASSWORD = "Demo-inclusion-2026!"

ACCOUNTS = [
    # (email, first name, last name, organisation SIRET or None, is_admin, is_staff)
    ("support@demo.inclusion.example", "Sam", "Support", None, False, True),
    ("employeur@demo.inclusion.example", "Élise", "Employeur", "90000001900019", True, False),
    ("prescripteur@demo.inclusion.example", "Paul", "Prescripteur", "90000003500015", True, False),
    ("acheteur@demo.inclusion.example", "Aïcha", "Acheteuse", "90000004300019", True, False),
    ("editeur@demo.inclusion.example", "Edgar", "Éditeur", None, False, False),
]
