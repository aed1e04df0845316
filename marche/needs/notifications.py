"""Telling matching suppliers about a validated need (owned by the suppliers'-side work).

``need_validated`` is what the editors' validation calls, explicitly, once the need is
validated: it is the one entry point of matching and notification.
"""


def need_validated(*, need_id: int) -> None:
    """Select the matching suppliers and notify them in batches through the task worker.

    Not yet written: the suppliers'-side branch replaces this body (matching through
    marche.suppliers.matching.suppliers_for_need, NeedRecipient rows, batched mails).
    """
