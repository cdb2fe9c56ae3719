"""The meetings' blocks of "Mina uppgifter" (notices not yet sent, my next meetings) read from
plain rows (issue 19) exactly as their templates wrote them from the meetings as model
instances before: every status, time decided or not, a place, an online link or neither,
absence reported or not, names that need escaping, both languages."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db.models import Count, Exists, OuterRef, Window
from django.template import engines
from django.test import RequestFactory
from django.utils import timezone, translation

from samverkan.core.sections import MY_TASKS, render_sections
from samverkan.meetings.models import Absence, Meeting
from samverkan.meetings.sections import MY_MEETINGS_SHOWN, MY_NOTICES_SHOWN
from samverkan.structure.models import Body
from tests.meetings.factories import MeetingFactory
from tests.support import Personas

pytestmark = pytest.mark.django_db

# The two blocks as their templates were before the plain rows, over model instances.
NOTICES = """{% load i18n %}<section class="my-tasks" aria-labelledby="my-notices">
<h2 id="my-notices">{% translate "Notices not yet sent" %}</h2>
{% if meetings %}<ul class="plain-list task-list">{% for m in meetings %}
<li><a href="{% url 'meetings:agenda' pk=m.pk %}">{{ m.body.name }}, {{ m.start|date:"l j F Y" }}</a>
  {% if not m.time_decided %}<span class="muted">({% translate "time not yet decided" %})</span>{% endif %}
  · <a href="{% url 'meetings:notice_send' pk=m.pk %}">{% translate "Send the notice" %}<span class="visually-hidden"> {{ m.body.name }} {{ m.start|date:"j F Y" }}</span></a></li>
{% endfor %}</ul>
{% if total > meetings|length %}<p class="muted">{% blocktranslate with n=meetings|length %}{{ n }} of {{ total }} shown: the nearest first.{% endblocktranslate %}</p>{% endif %}
{% else %}<p>{% translate "No coming meeting waits for its notice." %}</p>{% endif %}
</section>
"""
MEETINGS = """{% load i18n badges %}<section class="my-tasks" aria-labelledby="my-meetings">
<h2 id="my-meetings">{% translate "Next meetings of my bodies" %}</h2>
<p class="muted">{{ bodies|join:", " }}</p>
{% if meetings %}<ul class="plain-list task-list">{% for m, absent in meetings %}
<li><a href="{{ m.get_absolute_url }}">{{ m.body.name }}, {{ m.start|date:"l j F Y" }}</a>
  {% if m.time_decided %}{% translate "at" %} {{ m.start|time:"TIME_FORMAT" }}{% else %}<span class="muted">({% translate "time not yet decided" %})</span>{% endif %}
  · {% if m.location_name %}{{ m.location_name }}{% elif m.online_url %}{% translate "Online" %}{% else %}<span class="muted">{% translate "place not yet decided" %}</span>{% endif %}
  {% if not m.is_planned %}· <strong>{{ m.get_status_display|capfirst }}</strong>{% endif %}
  {% if absent %}· {% badge _("you reported absence") %}{% endif %}</li>
{% endfor %}</ul>
{% if meetings|length >= shown %}<p class="muted">{% blocktranslate %}The next {{ shown }} are shown; the bodies' pages have the whole plan.{% endblocktranslate %}</p>{% endif %}
{% else %}<p>{% translate "No meeting is planned." %}</p>{% endif %}
</section>
"""


def _before(user: Any, request: Any, person_id: int | None) -> list[str]:
    """The two blocks as the old sections' queries and templates made them."""
    django_engine = engines["django"]
    secretary_of = list(Body.objects.filter(secretaries=user).values_list("pk", flat=True))
    member_of = list(Body.objects.filter(memberships__person__user=user).values_list("pk", "name"))
    bodies = {
        pk: name
        for pk, name in Body.objects.filter(pk__in=[*secretary_of, *(b for b, _ in member_of)]).values_list(
            "pk", "name"
        )
    }
    parts = []
    waiting = Meeting.objects.filter(
        body_id__in=secretary_of, start__gte=timezone.now(), status=Meeting.Status.PLANNED, notice_sent_at__isnull=True
    )
    shown = list(
        waiting.annotate(in_all=Window(Count("pk"))).select_related("body").order_by("start", "pk")[:MY_NOTICES_SHOWN]
    )
    parts.append(
        django_engine.from_string(NOTICES).render(
            {"meetings": shown, "total": shown[0].in_all if shown else 0}, request
        )
    )
    meetings = Meeting.objects.filter(body_id__in=list(bodies), start__gte=timezone.now()).exclude(
        status=Meeting.Status.CANCELLED
    )
    if person_id is not None:
        meetings = meetings.annotate(
            absent=Exists(Absence.objects.filter(meeting_id=OuterRef("pk"), person_id=person_id))
        )
    found = list(meetings.select_related("body").order_by("start", "pk")[:MY_MEETINGS_SHOWN])
    parts.append(
        django_engine.from_string(MEETINGS).render(
            {
                "meetings": [(m, bool(getattr(m, "absent", False))) for m in found],
                "bodies": sorted(bodies.values()),
                "shown": MY_MEETINGS_SHOWN,
            },
            request,
        )
    )
    return parts


def _blocks(user: Any, request: Any) -> list[str]:
    request.user = user
    rendered = render_sections(request, *MY_TASKS, user)
    return [str(part) for part in rendered if 'id="my-notices"' in part or 'id="my-meetings"' in part]


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("many", [False, True])
def test_the_blocks_read_as_the_templates_wrote_them(personas: Personas, language: str, many: bool) -> None:
    body = personas.body
    Body.objects.filter(pk=body.pk).update(name='Nämnden "A" & <B>')
    body.secretaries.add(personas.member)  # a secretary with a seat: both blocks, and absences
    now = timezone.now()
    cases = [
        {"time_decided": True, "location_name": "Rådhuset <sal 1>"},
        {"time_decided": False, "location_name": "", "online_url": "https://example.org/m?a=1&b=2"},
        {"time_decided": True, "location_name": "", "online_url": ""},
        {"status": Meeting.Status.PRELIMINARILY_CANCELLED},
        {"status": Meeting.Status.CANCELLED},
        {"status": Meeting.Status.HELD, "notice_sent_at": now},
        {"notice_sent_at": now, "location_name": "Kommunhuset"},
    ]
    for n in range(25 if many else 1):
        for days, fields in enumerate(cases, start=1):
            meeting = MeetingFactory(body=body, start=now + datetime.timedelta(days=days + 10 * n, hours=n), **fields)
            if days % 2:
                Absence.objects.create(meeting=meeting, person=personas.person, via=Absence.Via.LOGIN)
    MeetingFactory(body=body, start=now - datetime.timedelta(days=3))  # past: in neither block
    request = RequestFactory().get("/mina-uppgifter/")
    with translation.override(language):
        after = _blocks(personas.member, request)
        before = _before(personas.member, request, personas.person.pk)
    assert len(after) == 2
    assert after == before
    escaped_name = "Nämnden &quot;A&quot; &amp; &lt;B&gt;"
    assert after[0].count(escaped_name) == 2 * min(MY_NOTICES_SHOWN, 3 * (25 if many else 1))
    assert after[1].count("<li>") == min(MY_MEETINGS_SHOWN, 6 * (25 if many else 1))
    assert ("badge" in after[1]) and ("tid" in after[1] or "time" in after[1])
