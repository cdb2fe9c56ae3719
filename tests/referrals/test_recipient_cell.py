"""The secretary's cell of each recipient on a recommendation's page is written in Python
(referrals' `recipient_admin` tag, issue 19): it reads exactly as the template that wrote it
before, for a recipient invited or not, with its link revoked or not, with reminders (one not
sent), while the recommendation is out and after it is withdrawn."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Any

from django.template import engines
from django.test import Client
from django.utils import timezone, translation

from samverkan.referrals import selectors
from samverkan.referrals.models import Recipient, Recommendation, Reminder
from tests.referrals.factories import sent_recommendation
from tests.support import Personas

# The template's cell as it was (referrals/detail.html before the tag).
BEFORE = """{% load i18n %}<td>
    {% if r.invited_at %}{% blocktranslate with when=r.invited_at|date:"j F Y" to=r.invited_to %}Sent {{ when }} to {{ to }}{% endblocktranslate %}{% elif recommendation.status == "sent" and r.reachable %}<span class="badge">{% translate "Invitation waiting in the mail queue" %}</span>{% elif recommendation.status == "sent" %}<span class="badge">{% translate "No registrar with an e-mail address" %}</span>{% endif %}
    {% if r.link_revoked %}<br><span class="badge">{% translate "link revoked" %}</span>{% endif %}
    {% for reminder in r.reminder_log %}<br>{% blocktranslate with days=reminder.days_before when=reminder.sent_at|date:"j F Y" %}Reminder {{ days }} days before: {{ when }}{% endblocktranslate %}{% endfor %}
    {% if recommendation.status == "sent" %}
    <form method="post" action="{% url 'referrals:link' pk=recommendation.pk recipient_pk=r.pk %}">{% csrf_token %}
      <button type="submit" name="action" value="reissue" class="button secondary">{% translate "Send a new link" %}<span class="visually-hidden"> – {{ r.principal.name }}</span></button>
      {% if not r.link_revoked %}<button type="submit" name="action" value="revoke" class="button secondary">{% translate "Revoke the link" %}<span class="visually-hidden"> – {{ r.principal.name }}</span></button>{% endif %}
    </form>
    <a href="{% url 'referrals:answer' pk=r.pk %}">{% translate "Record an answer" %}<span class="visually-hidden"> – {{ r.principal.name }}</span></a>
    {% endif %}
  </td>"""
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def _cells(page: str) -> list[str]:
    found = re.findall(r'<tr id="mottagare-\d+">.*?</tr>', page, flags=re.S)
    return [
        CSRF.sub('name="csrfmiddlewaretoken" value=""', re.findall(r"<td>.*?</td>", row, flags=re.S)[-1])
        for row in found
    ]


def _before(page_request: Any, recommendation: Recommendation) -> list[str]:
    template = engines["django"].from_string(BEFORE)
    with translation.override("sv"):
        return [
            CSRF.sub(
                'name="csrfmiddlewaretoken" value=""',
                template.render({"r": r, "recommendation": recommendation}, page_request),
            )
            for r in selectors.recipients_with_history(recommendation)
        ]


def test_the_cell_reads_as_the_template_wrote_it(personas: Personas, login: Callable[[str], Client]) -> None:
    recommendation = sent_recommendation(body=personas.body, principals=[personas.principal, personas.other_principal])
    first, *rest = Recipient.objects.filter(recommendation=recommendation).order_by("principal__name")
    Recipient.objects.filter(pk=first.pk).update(
        invited_at=timezone.now(), invited_to="reg <a>@kommun.invalid", link_revoked=True
    )
    Reminder.objects.create(recipient=first, days_before=7, sent_at=timezone.now() - datetime.timedelta(days=2))
    Reminder.objects.create(recipient=first, days_before=1, sent_at=None)
    for r in rest:
        Recipient.objects.filter(pk=r.pk).update(invited_at=None, invited_to="")
    client = login("secretary")
    for status in (Recommendation.Status.SENT, Recommendation.Status.WITHDRAWN):
        Recommendation.objects.filter(pk=recommendation.pk).update(status=status)
        recommendation.refresh_from_db()
        response = client.get(recommendation.get_absolute_url())
        assert response.status_code == 200
        cells = _cells(response.content.decode())
        assert cells == _before(response.wsgi_request, recommendation)
        assert len(cells) == 1 + len(rest)
    assert "Påminnelse 7 dagar före" in cells[0] and "reg &lt;a&gt;@kommun.invalid" in cells[0]
