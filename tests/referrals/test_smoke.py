import datetime

import pytest
from django.core import mail
from django.utils import timezone

from samverkan.referrals import links, outcome, selectors, services
from samverkan.referrals.models import Recipient, Response
from tests.referrals.factories import principals_with_registrars, sent_recommendation

pytestmark = pytest.mark.django_db


def test_send_answer_outcome(client):
    principals = principals_with_registrars(3)
    rec = sent_recommendation(principals=principals)
    assert len(mail.outbox) == 3
    recipients = list(Recipient.objects.filter(recommendation=rec).order_by("principal__name"))
    url = links.url_for(recipients[0]).removeprefix("http://127.0.0.1:8000")
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["form"]
    data = {
        "submission": form["submission"].value(),
        "answer": "approved",
        "decided_on": timezone.localdate().isoformat(),
        "decided_by": "council",
        "paragraph": "§ 12",
    }
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    assert Response.objects.count() == 1
    assert selectors.outcome_of(rec).status == outcome.PENDING
    for r in recipients[1:]:
        services.response_record(actor=None, recipient=r, answer="approved", via="link")
    assert selectors.outcome_of(rec).status == outcome.ADOPTED
    assert client.get(rec.get_absolute_url()).status_code == 200
    assert client.get("/rekommendationer/tavla/").status_code == 200
    assert client.get("/rekommendationer/tavla.xlsx").status_code == 200
    assert client.get("/rekommendationer/tavla.csv").status_code == 200
    assert client.get(principals[0].get_absolute_url()).status_code == 200
    assert rec.deadline > timezone.localdate() - datetime.timedelta(days=1)
