"""Rows written in Python (issue 19) read exactly as the template that wrote them before: the
recommendation page's "Where each principal stands" (referrals' `recipient_rows` tag) for the
public and for the body's secretary, while the recommendation is a draft, out and withdrawn;
every kind of answer (none, with a condition, a written text, earlier answers, an extract read,
being read or refused, a deciding body by name or by kind); names that need escaping."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.template import engines
from django.test import Client
from django.utils import timezone, translation

from samverkan.referrals.models import Recipient, Recommendation, Response
from samverkan.structure.models import Principal
from tests.factories import PrincipalFactory
from tests.referrals.factories import sent_recommendation
from tests.support import Personas

pytestmark = pytest.mark.django_db

# The rows as the page's template wrote them (referrals/detail.html before the tag).
BEFORE = """{% load i18n l10n referrals %}{% for r in recipients %}{% with answer=r.current_response %}
<tr id="mottagare-{{ r.pk|unlocalize }}">
  <th scope="row"><a href="{{ r.principal.get_absolute_url }}">{{ r.principal.name }}</a></th>
  <td>{% if recommendation.status == "draft" %}<span class="answer answer-none">{% translate "not sent yet" %}</span>{% else %}{% answer_cell answer %}{% endif %}
    {% if answer.condition %}<br><span class="muted">{% translate "Condition" %}:</span> {{ answer.condition }}{% endif %}
    {% if answer.text %}<details><summary>{% translate "Read the answer" %}</summary>{{ answer.text|linebreaks }}</details>{% endif %}
    {% if r.history|length > 1 %}<details><summary>{% translate "Earlier answers" %}</summary><ul>{% for h in r.history %}{% if not forloop.first %}<li>{{ h.answered_at|date:"j F Y" }}: {{ h.get_answer_display }}{% if h.condition %} ({{ h.condition }}){% endif %}</li>{% endif %}{% endfor %}</ul></details>{% endif %}
  </td>
  <td>{% if answer.decided_on %}{{ answer.decided_on|date:"j F Y" }}{% endif %}</td>
  <td>{% if answer %}{{ answer.decided_by_name|default:answer.get_decided_by_display }}{% endif %}</td>
  <td>{{ answer.paragraph }}</td>
  <td>{% if answer.extract %}{% if answer.extract_reading == "read" %}<a href="{% url 'referrals:extract' pk=recommendation.pk response_pk=answer.pk %}">{% translate "Extract (PDF)" %}<span class="visually-hidden">, {{ r.principal.name }}</span></a>{% elif secretary %}{% translate "Extract (PDF)" %} {% include "documents/reading.html" with state=answer.extract_reading refusal=answer.extract_refusal %}{% endif %}{% endif %}</td>
  {% if secretary %}<td>{% recipient_admin r %}</td>{% endif %}
</tr>
{% endwith %}{% endfor %}"""
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
TBODY = re.compile(r'<table class="recipients">.*?<tbody>(.*)</tbody>', flags=re.S)


def _plain(html: str) -> str:
    return CSRF.sub('name="csrfmiddlewaretoken" value=""', html)


def _answer(recipient: Recipient, days_ago: int, **fields: Any) -> Response:
    fields.setdefault("via", Response.Via.LINK)
    response = Response.objects.create(
        recipient=recipient, answered_at=timezone.now() - datetime.timedelta(days=days_ago), **fields
    )
    Recipient.objects.filter(pk=recipient.pk).update(current_response=response)
    return response


def _every_kind_of_answer(personas: Personas) -> Recommendation:
    principals: list[Principal] = [
        personas.principal,
        personas.other_principal,
        *(PrincipalFactory(name=name) for name in ("Å & <Ö> kommun", "Bkommun", "Ckommun", "Dkommun", "Ekommun")),
    ]
    recommendation = sent_recommendation(body=personas.body, principals=principals)
    rows = list(Recipient.objects.filter(recommendation=recommendation).order_by("principal__name"))
    # rows[0]: not answered. The others, each a kind of answer:
    _answer(rows[1], 9, answer="rejected", condition="först <b>")
    _answer(
        rows[1],
        2,
        answer="approved_with_condition",
        condition="Om staten betalar & mer",
        decided_on=datetime.date(2026, 3, 4),
        decided_by="council",
        paragraph="§ 12 <a>",
        extract="extracts/2026/a.pdf",
    )
    _answer(rows[2], 1, answer="written", text="Första stycket.\n\nAndra <stycket>\nrad två", via="demo", late=True)
    _answer(
        rows[3],
        1,
        answer="approved",
        decided_by_name="KS & co",
        extract="extracts/2026/b.pdf",
        extract_reading="reading",
    )
    _answer(
        rows[4],
        1,
        answer="rejected",
        decided_by="official",
        extract="extracts/2026/c.pdf",
        extract_reading="refused",
        extract_refusal="Inte <en> PDF",
    )
    _answer(rows[5], 3, answer="approved")
    _answer(rows[5], 2, answer="rejected")
    _answer(rows[5], 1, answer="approved", decided_on=datetime.date(2026, 1, 31))
    return recommendation


@pytest.mark.parametrize("persona", ["anonymous", "secretary"])
def test_the_recipient_rows_read_as_the_template_wrote_them(
    personas: Personas, login: Callable[[str], Client], persona: str
) -> None:
    recommendation = _every_kind_of_answer(personas)
    client = Client() if persona == "anonymous" else login("secretary")
    before = engines["django"].from_string(BEFORE)
    for status in (Recommendation.Status.SENT, Recommendation.Status.WITHDRAWN, Recommendation.Status.DRAFT):
        Recommendation.objects.filter(pk=recommendation.pk).update(status=status)
        page = client.get(recommendation.get_absolute_url())
        if persona == "anonymous" and status == Recommendation.Status.DRAFT:
            assert page.status_code == 404
            continue
        assert page.status_code == 200
        found = TBODY.search(page.content.decode())
        assert found is not None
        context = {name: page.context[name] for name in ("recipients", "recommendation", "secretary")}
        with translation.override("sv"):
            expected = before.render(context, page.wsgi_request)
        assert _plain(found.group(1)) == _plain("\n" + expected + "\n")  # the lines around the loop
        assert found.group(1).count("<tr ") == 7
    text = found.group(1)
    assert "Å &amp; &lt;Ö&gt; kommun" in text and "Om staten betalar &amp; mer" in text


INBOX_BEFORE = """{% load referrals %}{% for r in rows %}{% with answer=r.current_response %}<tr>
<td><a href="{% url 'referrals:answer' pk=r.pk %}">{{ r.recommendation.title }}</a><br><span class="muted">{{ r.recommendation.body.name }}</span></td>
<td>{{ r.principal.name }}</td>
<td>{{ r.recommendation.deadline|date:"j F Y" }}</td>
<td>{% answer_cell answer %}</td>
</tr>{% endwith %}{% endfor %}"""


def test_the_inbox_rows_read_as_the_template_wrote_them(personas: Personas, login: Callable[[str], Client]) -> None:
    """To answer, past the deadline (not answered) and answered (late, demo, written)."""
    for n, (title, days) in enumerate([("Avtal <om> & så", 10), ("Passerad", -5), ("Besvarad", 20), ("Demo", 30)]):
        rec = sent_recommendation(body=personas.body, principals=[personas.principal], title=title)
        Recommendation.objects.filter(pk=rec.pk).update(deadline=timezone.localdate() + datetime.timedelta(days=days))
        recipient = Recipient.objects.get(recommendation=rec)
        if n == 2:
            _answer(recipient, 1, answer="written", late=True)
        if n == 3:
            _answer(recipient, 1, answer="approved", via="demo")
    page = login("registrar").get("/rekommendationer/att-besvara/")
    assert page.status_code == 200
    found = re.findall(r"<tbody>(.*?)</tbody>", page.content.decode(), flags=re.S)
    before = engines["django"].from_string(INBOX_BEFORE)
    with translation.override("sv"):
        expected = [before.render({"rows": rows}) for _key, _heading, rows in page.context["parts"]]
    assert found == expected
    assert [part.count("<tr>") for part in found] == [1, 1, 2]
    assert "Avtal &lt;om&gt; &amp; så" in found[0]


BOARD_HEADS_BEFORE = """{% for rec, outcome in board.columns %}<th scope="col"><a href="{{ rec.get_absolute_url }}">{{ rec.title|truncatechars:60 }}</a><br><span class="muted">{{ rec.deadline|date:"Y-m-d" }}</span><br>{% include "referrals/_outcome.html" %}</th>{% endfor %}"""
BOARD_BEFORE = """{% load referrals %}{% for principal, cells in board.rows %}<tr><th scope="row"><a href="{{ principal.get_absolute_url }}">{{ principal.label }}</a></th>
{% board_cells cells %}
</tr>{% endfor %}"""


@pytest.mark.parametrize("persona", ["anonymous", "secretary"])
def test_the_board_rows_read_as_the_template_wrote_them(
    personas: Personas, login: Callable[[str], Client], persona: str
) -> None:
    """Principals asked some recommendations and not others, answered or not (late, demo)."""
    odd = PrincipalFactory(name="Ö & <x> kommun", short_name="")
    first = sent_recommendation(
        body=personas.body, principals=[personas.principal, odd], title="Ett långt namn & <mer> " + "x" * 60
    )
    sent_recommendation(body=personas.body, principals=[personas.other_principal, odd])
    recipients = list(Recipient.objects.filter(recommendation=first).order_by("pk"))
    _answer(recipients[0], 1, answer="approved", late=True, via="demo")
    client = Client() if persona == "anonymous" else login("secretary")
    page = client.get("/rekommendationer/tavla/")
    assert page.status_code == 200
    found = re.search(r"<tbody>\n(.*)\n</tbody>", page.content.decode(), flags=re.S)
    assert found is not None
    with translation.override("sv"):
        expected = engines["django"].from_string(BOARD_BEFORE).render({"board": page.context["board"]})
    assert found.group(1) == expected
    assert found.group(1).count("<tr>") == 3
    heads = re.search(r'<th scope="col">Huvudman</th>\n(.*)\n</tr></thead>', page.content.decode(), flags=re.S)
    assert heads is not None
    with translation.override("sv"):
        expected = engines["django"].from_string(BOARD_HEADS_BEFORE).render({"board": page.context["board"]})
    assert heads.group(1) == expected
    assert heads.group(1).count("<th ") == 2 and "Ett långt namn &amp; &lt;mer&gt; x" in heads.group(1)
    assert "Ö &amp; &lt;x&gt; kommun" in found.group(1)
