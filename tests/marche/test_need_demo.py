"""The demo (make run) shows the needs feature at once: the demo buyer's validated need,
with recipients and answers; loading twice changes nothing."""

import pytest
from django.core.management import call_command

from marche.needs.demo import DEMO_NEED_UID
from marche.needs.models import Answer, Need, NeedRecipient, NeedStatus

pytestmark = pytest.mark.django_db


def test_demo_need_has_recipients_and_answers_and_is_idempotent(settings):
    settings.DEBUG = True
    call_command("load_demo", verbosity=0)
    call_command("load_demo", verbosity=0)

    need = Need.objects.get(uid=DEMO_NEED_UID)
    assert need.status == NeedStatus.VALIDATED
    assert need.author.email == "acheteur@demo.inclusion.example"
    assert Need.objects.count() == 1
    answers = dict(NeedRecipient.objects.filter(need=need).values_list("supplier__siret", "answer"))
    assert answers == {
        "90000001900019": "",
        "90000006800016": Answer.INTERESTED,
        "90000005000014": Answer.NOT_INTERESTED,
    }
