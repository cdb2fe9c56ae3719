"""The recommendation pages as people use them, through the test client: the secretary makes a
recommendation from an agenda item, edits and sends it, and manages the personal links; the
registrars answer logged in or through their link (with an extract of their minutes); the
secretary records an answer that came by post; everyone reads the status page, the board and
its exports, and the principal's page.

The Swedish catalogue is written separately, so the assertions are on data; a label is compared
with what the Swedish catalogue says (`sv()`), which is the English text while untranslated."""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext, pgettext
from openpyxl import load_workbook

from samverkan.referrals import links, services
from samverkan.referrals.models import Recipient, Recommendation, Response
from samverkan.structure.models import Population, Principal
from tests.factories import BodyFactory, PrincipalFactory
from tests.referrals.factories import principals_with_registrars, sent_recommendation
from tests.support import Personas, meeting_world, pdf_bytes

pytestmark = pytest.mark.django_db

Login = Callable[[str], Client]


# --- Helpers -----------------------------------------------------------------------------------


def sv(message: str, **values: Any) -> str:
    """A message as the Swedish site shows it (the English text while it is not translated)."""
    with translation.override("sv"):
        text = gettext(message)
    return text % values if values else text


def translated(message: str) -> bool:
    return sv(message) != message


def messages_of(response: Any) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def text_of(response: Any) -> str:
    """The page's text with tags removed and white space collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def form_data(form: Any) -> dict[str, Any]:
    """What a browser sends back for an unchanged form: each field's shown value."""
    data: dict[str, Any] = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        data[name] = [str(v) for v in value] if isinstance(value, list | tuple) else str(value)
    return data


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def new_data(**values: Any) -> dict[str, Any]:
    """A filled-in form for a new recommendation."""
    data: dict[str, Any] = {
        "title": "Gemensam hjälpmedelsnämnd",
        "kind": "decision",
        "question": "X kommun ställer sig bakom förslaget om en gemensam nämnd.",
        "condition": "",
        "background": "",
        "deadline": in_days(40).isoformat(),
        "rule": "all",
        "grace_days": "30",
        "public": "on",
        "reminder_days": "14, 3",
    }
    data.update(values)
    return data


def answer_data(page: Any, **values: Any) -> dict[str, Any]:
    """The answer form of `page` filled in: approved by the council today, § 12."""
    data = {
        "submission": page.context["form"]["submission"].value(),
        "answer": "approved",
        "decided_on": timezone.localdate().isoformat(),
        "decided_by": "council",
        "decided_by_name": "Kommunfullmäktige",
        "paragraph": "§ 12",
    }
    data.update(values)
    return {k: v for k, v in data.items() if v is not None}


def link_path(recipient: Recipient) -> str:
    return reverse("referrals:answer_link", kwargs={"token": links.token_for(recipient)})


def recipient_of(recommendation: Recommendation, principal: Principal) -> Recipient:
    return Recipient.objects.get(recommendation=recommendation, principal=principal)


def answer(recipient: Recipient, value: str = "approved", **fields: Any) -> Response:
    return services.response_record(actor=None, recipient=recipient, answer=value, via="link", **fields).response


@pytest.fixture
def sent(personas: Personas) -> Recommendation:
    """Sent by the personas' body to the personas' principal and the other principal."""
    return sent_recommendation(
        body=personas.body,
        principals=[personas.principal, personas.other_principal],
        title="Samverkansavtal om hjälpmedel",
    )


# --- Creating, editing, sending ------------------------------------------------------------


def test_the_secretary_makes_a_recommendation_from_an_agenda_item(personas: Personas, login: Login) -> None:
    item = meeting_world(personas).item
    item.decision = "Styrelsen rekommenderar huvudmännen att anta avtalet."
    item.save()
    mail.outbox.clear()  # the world's held meeting mailed its adjuster the link
    client = login("secretary")
    url = reverse("referrals:create", kwargs={"key": personas.body.key}) + f"?item={item.pk}"
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["form"]
    assert (form["title"].value(), form["question"].value()) == (item.title, item.decision)
    assert f'name="item" value="{item.pk}"' in page.content.decode()

    # The grouping holds both principals: the principal named as well comes once.
    data = new_data(item=str(item.pk), principals=[str(personas.principal.pk)], groupings=[str(personas.grouping.pk)])
    response = client.post(reverse("referrals:create", kwargs={"key": personas.body.key}), data)
    recommendation = Recommendation.objects.get(title="Gemensam hjälpmedelsnämnd")
    assert response.status_code == 302
    assert response["Location"] == recommendation.get_absolute_url()
    assert (recommendation.status, recommendation.body, recommendation.agenda_item) == ("draft", personas.body, item)
    assert (recommendation.reminder_days, recommendation.created_by) == ([14, 3], personas.secretary)
    assert sorted(recommendation.recipients.values_list("principal__key", flat=True)) == ["grannkommun", "testkommun"]
    assert messages_of(response) == [sv("The recommendation is saved as a draft. Check it, then send it.")]
    assert mail.outbox == []  # nothing goes out before it is sent


def test_every_label_of_the_new_recommendation_form_starts_with_a_capital(personas: Personas, login: Login) -> None:
    """The walk found "påminnelser (dagar före sista svarsdag):" among capitalised labels."""
    page = login("secretary").get(reverse("referrals:create", kwargs={"key": personas.body.key})).content.decode()
    assert '<label for="id_reminder_days">Påminnelser (dagar före sista svarsdag):</label>' in page
    labels = re.findall(r"<label for=\"id_[a-z_]+\">([^<]+)</label>", page)
    assert labels and all(label[0].isupper() for label in labels), labels


def test_a_grouping_alone_expands_to_its_principals(personas: Personas, login: Login) -> None:
    response = login("secretary").post(
        reverse("referrals:create", kwargs={"key": personas.body.key}), new_data(groupings=[personas.grouping.pk])
    )
    assert response.status_code == 302
    recommendation = Recommendation.objects.get()
    assert sorted(recommendation.recipients.values_list("principal__key", flat=True)) == ["grannkommun", "testkommun"]
    assert recommendation.agenda_item is None


def test_an_agenda_item_of_another_body_or_no_item_at_all_is_404(personas: Personas, login: Login) -> None:
    item = meeting_world(personas).item
    client = login("administrator")
    other = reverse("referrals:create", kwargs={"key": personas.other_body.key})
    assert client.get(f"{other}?item={item.pk}").status_code == 404
    own = reverse("referrals:create", kwargs={"key": personas.body.key})
    assert client.get(f"{own}?item=999999").status_code == 404
    assert client.get(f"{own}?item=inte-ett-nummer").status_code == 404
    assert client.post(f"{own}", new_data(item="inte-ett-nummer")).status_code == 404
    assert not Recommendation.objects.exists()


def test_an_at_least_rule_without_a_number_is_refused_and_the_text_kept(personas: Personas, login: Login) -> None:
    response = login("secretary").post(
        reverse("referrals:create", kwargs={"key": personas.body.key}),
        new_data(rule="at_least", principals=[personas.principal.pk], title="Min egen rubrik"),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["rule_count"] == [sv("Say how many approvals are needed.")]
    assert 'value="Min egen rubrik"' in response.content.decode()
    assert not Recommendation.objects.exists()


def test_the_secretary_edits_a_draft_and_a_stale_version_is_refused(personas: Personas, login: Login) -> None:
    draft = services.recommendation_create(
        actor=None,
        body=personas.body,
        principals=[personas.principal],
        title="Första rubriken",
        question="Frågan.",
        deadline=in_days(30),
    )
    client = login("secretary")
    url = reverse("referrals:edit", kwargs={"pk": draft.pk})
    page = client.get(url)
    assert page.status_code == 200
    opened = form_data(page.context["form"])
    assert (opened["version"], opened["principals"], opened["reminder_days"]) == (
        "1",
        [str(personas.principal.pk)],
        "14, 3",
    )

    # Saved: the title and the recipients change, the version moves on.
    saved = client.post(
        url, {**opened, "title": "Andra rubriken", "principals": [personas.principal.pk, personas.other_principal.pk]}
    )
    assert saved.status_code == 302
    draft.refresh_from_db()
    assert (draft.title, draft.version) == ("Andra rubriken", 2)
    assert draft.recipients.count() == 2
    assert messages_of(saved) == [sv("Saved.")]

    # Saving again from the page opened at version 1 is refused; the typed text stays in the form.
    stale = client.post(url, {**opened, "title": "Min ändring som kom för sent"})
    assert stale.status_code == 200
    assert stale.context["form"].non_field_errors() == [
        sv(
            "Someone else saved this recommendation while you were editing it. Your changes "
            "have not been saved; compare with the saved version and save again."
        )
    ]
    assert 'value="Min ändring som kom för sent"' in stale.content.decode()
    draft.refresh_from_db()
    assert (draft.title, draft.version) == ("Andra rubriken", 2)


def test_once_sent_only_the_deadline_and_such_may_change(
    personas: Personas, sent: Recommendation, login: Login
) -> None:
    client = login("secretary")
    url = reverse("referrals:edit", kwargs={"pk": sent.pk})
    form = client.get(url).context["form"]
    assert {n for n in form.fields if form.fields[n].disabled} == {
        "title",
        "kind",
        "question",
        "condition",
        "rule",
        "rule_count",
        "rule_share",
    }
    assert "principals" not in form.fields
    data = {**form_data(form), "question": "En ny fråga", "deadline": in_days(50).isoformat(), "reminder_days": "7"}
    assert client.post(url, data).status_code == 302
    sent.refresh_from_db()
    assert (sent.question, sent.deadline, sent.reminder_days) == (
        "X kommun ställer sig bakom förslaget till samverkansavtal.",
        in_days(50),
        [7],
    )


def test_the_secretary_sends_a_draft_with_the_button(personas: Personas, login: Login) -> None:
    draft = services.recommendation_create(
        actor=None,
        body=personas.body,
        principals=[personas.principal],
        title="Att skicka",
        question="Frågan.",
        deadline=in_days(30),
    )
    client = login("secretary")
    detail = client.get(draft.get_absolute_url())
    send_url = reverse("referrals:send", kwargs={"pk": draft.pk})
    assert f'href="{send_url}"' in detail.content.decode()
    confirm = client.get(send_url)
    assert confirm.status_code == 200 and mail.outbox == []  # first whom it will reach
    response = client.post(send_url)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == "sent"
    assert messages_of(response) == [sv("The recommendation has been sent. The registrars get their links by e-mail.")]
    assert [m.to for m in mail.outbox] == [[personas.registrar.email]]
    assert links.url_for(recipient_of(draft, personas.principal)) in mail.outbox[0].body
    # Sent once: the button is gone and a second send changes nothing.
    assert f'href="{send_url}"' not in client.get(draft.get_absolute_url()).content.decode()
    again = client.post(send_url)
    assert messages_of(again) == [sv("The recommendation has already been sent.")]
    assert len(mail.outbox) == 1


def test_a_draft_counts_nobody_as_not_answered(personas: Personas, login: Login) -> None:
    """A draft has not been sent: its page says so, and counts nobody as "not answered"
    (the walk-through found "Har inte svarat: 50" on a draft to the 50 principals)."""
    other = PrincipalFactory()
    draft = services.recommendation_create(
        actor=None,
        body=personas.body,
        principals=[personas.principal, other],
        title="Utkastet",
        question="Frågan.",
        deadline=in_days(30),
    )
    page = text_of(login("secretary").get(draft.get_absolute_url()))
    assert "Inte skickad ännu: ingen har tillfrågats, så ingen har svarat och ingen är sen." in page
    assert "Har inte svarat" not in page and "inte svarat" not in page
    assert page.count("inte skickad ännu") == 2  # one per recipient row
    services.recommendation_send(actor=None, recommendation=draft, notify=False)
    sent = text_of(login("secretary").get(draft.get_absolute_url()))
    assert "Har inte svarat: 2" in sent and "Inte skickad ännu" not in sent


def test_a_population_rule_with_a_missing_figure_stays_a_draft(personas: Personas, login: Login) -> None:
    year = in_days(30).year
    Population.objects.create(
        principal=personas.principal, year=year, reference_date=datetime.date(year, 12, 31), inhabitants=12_000
    )
    draft = services.recommendation_create(
        actor=None,
        body=personas.body,
        principals=[personas.principal, personas.other_principal],
        title="Befolkningsregeln",
        question="Frågan.",
        deadline=in_days(30),
        rule="population_share",
        rule_share=60,
    )
    client = login("secretary")
    page = client.get(draft.get_absolute_url())
    assert [p.name for p in page.context["missing_population"]] == ["Grannkommunen"]
    response = client.post(reverse("referrals:send", kwargs={"pk": draft.pk}), follow=True)
    expected = sv(
        "The population rule needs the %(year)d population of every recipient; it is missing for: %(names)s.",
        year=year,
        names="Grannkommunen",
    )
    assert [str(m) for m in response.context["messages"]] == [expected]
    assert expected in response.content.decode()
    draft.refresh_from_db()
    assert (draft.status, draft.sent_at) == ("draft", None)
    assert mail.outbox == []


def test_the_secretary_revokes_and_reissues_a_link(personas: Personas, sent: Recommendation, login: Login) -> None:
    recipient = recipient_of(sent, personas.principal)
    old_link = link_path(recipient)
    assert Client().get(old_link).status_code == 200
    client = login("secretary")
    url = reverse("referrals:link", kwargs={"pk": sent.pk, "recipient_pk": recipient.pk})

    revoked = client.post(url, {"action": "revoke"}, follow=True)
    assert revoked.redirect_chain == [(f"{sent.get_absolute_url()}#mottagare-{recipient.pk}", 302)]
    assert messages_of(revoked) == [sv("The link for %(name)s no longer works.", name="Testkommunen")]
    recipient.refresh_from_db()
    assert (recipient.link_revoked, recipient.link_version) == (True, 2)
    bad = Client().get(old_link)
    assert bad.status_code == 403
    assert sv("The link has been replaced by a newer one, or withdrawn by the secretary.") in bad.content.decode()

    mail.outbox.clear()
    reissued = client.post(url, {"action": "reissue"}, follow=True)
    assert messages_of(reissued) == [
        sv(
            "A new link has been sent to the registrars of %(name)s; the old one no longer works.",
            name="Testkommunen",
        )
    ]
    recipient.refresh_from_db()
    assert (recipient.link_revoked, recipient.link_version) == (False, 3)
    assert [m.to for m in mail.outbox] == [[personas.registrar.email]]
    assert links.url_for(recipient) in mail.outbox[0].body
    assert Client().get(link_path(recipient)).status_code == 200
    assert Client().get(old_link).status_code == 403

    unknown = client.post(url, {"action": "explode"}, follow=True)
    assert messages_of(unknown) == [sv("Unknown action.")]
    # A recipient of another recommendation cannot be reached through this one's address.
    other = sent_recommendation(body=personas.body, principals=[personas.principal])
    foreign = reverse(
        "referrals:link", kwargs={"pk": sent.pk, "recipient_pk": recipient_of(other, personas.principal).pk}
    )
    assert client.post(foreign, {"action": "revoke"}).status_code == 404


def test_withdrawing_stops_the_links(personas: Personas, sent: Recommendation, login: Login) -> None:
    link = link_path(recipient_of(sent, personas.principal))
    response = login("secretary").post(reverse("referrals:withdraw", kwargs={"pk": sent.pk}))
    assert messages_of(response) == [sv("The recommendation has been withdrawn; its links no longer work.")]
    sent.refresh_from_db()
    assert sent.status == "withdrawn"
    page = Client().get(link)
    assert page.status_code == 403
    assert sv("The recommendation has been withdrawn; no answer is needed.") in page.content.decode()
    # The edit page of a withdrawn recommendation no longer exists.
    assert login("secretary").get(reverse("referrals:edit", kwargs={"pk": sent.pk})).status_code == 404


# --- Answering -------------------------------------------------------------------------------


def test_the_registrar_answers_logged_in_from_the_inbox(personas: Personas, sent: Recommendation, login: Login) -> None:
    client = login("registrar")
    recipient = recipient_of(sent, personas.principal)
    url = reverse("referrals:answer", kwargs={"pk": recipient.pk})
    inbox = client.get(reverse("referrals:inbox"))
    assert [r.pk for r in inbox.context["recipients"]] == [recipient.pk]
    assert f'href="{url}"' in inbox.content.decode()
    assert sent.title in inbox.content.decode()

    page = client.get(url)
    assert page.status_code == 200
    response = client.post(url, answer_data(page))
    assert (response.status_code, response["Location"]) == (302, url)
    recorded = Response.objects.get()
    assert (recorded.recipient, recorded.answer, recorded.via, recorded.answered_by) == (
        recipient,
        "approved",
        "login",
        personas.registrar,
    )
    assert (recorded.decided_by_name, recorded.paragraph, recorded.late) == ("Kommunfullmäktige", "§ 12", False)
    recipient.refresh_from_db()
    assert recipient.current_response == recorded
    # Still in the inbox, now showing the answer.
    inbox = client.get(reverse("referrals:inbox"))
    assert [r.current_response for r in inbox.context["recipients"]] == [recorded]
    # Others see nothing to answer.
    assert login("other_registrar").get(reverse("referrals:inbox")).context["recipients"] == [
        recipient_of(sent, personas.other_principal)
    ]
    assert login("outsider").get(reverse("referrals:inbox")).context["recipients"] == []


def test_the_inbox_lists_unanswered_first(personas: Personas, login: Login) -> None:
    early = sent_recommendation(body=personas.body, principals=[personas.principal], deadline=in_days(10))
    late = sent_recommendation(body=personas.body, principals=[personas.principal], deadline=in_days(20))
    later = sent_recommendation(body=personas.body, principals=[personas.principal], deadline=in_days(30))
    answer(recipient_of(early, personas.principal))
    recipients = login("registrar").get(reverse("referrals:inbox")).context["recipients"]
    assert [r.recommendation for r in recipients] == [late, later, early]


def test_the_inbox_sorts_by_deadline_with_answered_and_expired_apart(personas: Personas, login: Login) -> None:
    """Issue 12 point 8: to answer (nearest deadline first), deadline passed, answered: three
    sections, each sorted by deadline."""

    def sent(title: str, deadline: datetime.date) -> Recommendation:
        made = sent_recommendation(body=personas.body, principals=[personas.principal], title=title)
        Recommendation.objects.filter(pk=made.pk).update(deadline=deadline)  # sending refuses a past one
        return made

    far, near = sent("Långt fram", in_days(40)), sent("Snart", in_days(2))
    lapsed_long, lapsed = sent("För länge sedan", in_days(-20)), sent("Nyss passerad", in_days(-1))
    done = sent("Besvarad", in_days(15))
    answer(recipient_of(done, personas.principal))
    response = login("registrar").get(reverse("referrals:inbox"))
    parts = {key: [r.recommendation.title for r in rows] for key, _heading, rows in response.context["parts"]}
    assert parts == {
        "to-answer": [near.title, far.title],
        "expired": [lapsed.title, lapsed_long.title],
        "answered": [done.title],
    }
    page = response.content.decode()
    headings = [
        "Att besvara, närmaste svarsdatum först",
        "Svarsdatum passerat, inte besvarade (ett sent svar tas fortfarande emot)",
        "Besvarade",
    ]
    assert [page.index(h) for h in headings] == sorted(page.index(h) for h in headings)
    assert page.index(near.title) < page.index(far.title) < page.index(lapsed.title) < page.index(done.title)
    assert "2 att besvara · 2 efter svarsdatum · 1 besvarad" in page


def test_the_secretary_records_an_answer_on_behalf(personas: Personas, sent: Recommendation, login: Login) -> None:
    client = login("secretary")
    recipient = recipient_of(sent, personas.other_principal)
    url = reverse("referrals:answer", kwargs={"pk": recipient.pk})
    assert f'href="{url}"' in client.get(sent.get_absolute_url()).content.decode()
    page = client.get(url)
    response = client.post(url, answer_data(page, answer="rejected", decided_by="executive", decided_by_name=""))
    assert response.status_code == 302
    recorded = Response.objects.get()
    assert (recorded.recipient, recorded.answer, recorded.via, recorded.answered_by) == (
        recipient,
        "rejected",
        "secretary",
        personas.secretary,
    )


def test_the_answer_form_through_the_link(personas: Personas, sent: Recommendation) -> None:
    client = Client()
    recipient = recipient_of(sent, personas.principal)
    url = link_path(recipient)
    page = client.get(url)
    assert page.status_code == 200
    assert sent.question in page.content.decode()
    assert "Testkommunen" in text_of(page)

    # An approval with a condition but no condition: the error, nothing recorded.
    missing = client.post(url, answer_data(page, answer="approved_with_condition", condition=""))
    assert missing.status_code == 400
    assert missing.context["form"].errors["condition"] == [sv("Write the condition the approval is given under.")]
    assert sv("Write the condition the approval is given under.") in missing.content.decode()
    assert not Response.objects.exists()

    data = answer_data(page, answer="approved_with_condition", condition="Under förutsättning att staten betalar.")
    done = client.post(url, data)
    assert (done.status_code, done["Location"]) == (302, url)
    thanks = client.get(url)
    assert [str(m) for m in thanks.context["messages"]] == [sv("Thank you. The answer has been recorded.")]
    assert sv("Thank you. The answer has been recorded.") in thanks.content.decode()
    recorded = Response.objects.get()
    assert (recorded.answer, recorded.condition, recorded.via, recorded.answered_by) == (
        "approved_with_condition",
        "Under förutsättning att staten betalar.",
        "link",
        None,
    )

    # The same form sent again (a double click, the back button) records nothing more.
    again = client.post(url, data)
    assert again.status_code == 302
    assert messages_of(again) == [sv("This answer had already been recorded; nothing was added.")]
    assert Response.objects.count() == 1


def test_the_same_answer_sent_again_after_back_records_nothing(personas: Personas, sent: Recommendation) -> None:
    """Submit, press Back (the browser reloads the form, with a new form key), submit the same
    again: nothing is added, and the public page shows no earlier answer."""
    client = Client()
    url = link_path(recipient_of(sent, personas.principal))
    first = client.get(url)
    assert client.post(url, answer_data(first)).status_code == 302
    back = client.get(url)
    assert back.context["form"]["submission"].value() != first.context["form"]["submission"].value()
    again = client.post(url, answer_data(back))
    assert messages_of(again) == [sv("This answer had already been recorded; nothing was added.")]
    assert Response.objects.count() == 1
    public = Client().get(sent.get_absolute_url()).content.decode()
    assert "Tidigare svar" not in public


def test_a_changed_answer_is_added_and_the_history_kept(personas: Personas, sent: Recommendation) -> None:
    client = Client()
    url = link_path(recipient_of(sent, personas.principal))
    client.post(url, answer_data(client.get(url), answer="rejected"))
    client.post(url, answer_data(client.get(url), answer="approved"))
    page = client.get(url)
    assert [h.answer for h in page.context["history"]] == ["approved", "rejected"]
    assert page.context["current"].answer == "approved"
    assert recipient_of(sent, personas.principal).current_response.answer == "approved"


def test_a_forged_link_records_nothing(personas: Personas, sent: Recommendation) -> None:
    url = link_path(recipient_of(sent, personas.principal))
    forged = url.rstrip("/") + "x/"
    response = Client().get(forged)
    assert response.status_code == 403
    assert sv("The link is incomplete or has been changed.") in response.content.decode()
    assert Client().post(forged, {"answer": "approved"}).status_code == 403
    assert not Response.objects.exists()


def test_an_extract_uploaded_with_the_answer_is_linked_and_downloads(personas: Personas, sent: Recommendation) -> None:
    client = Client()
    url = link_path(recipient_of(sent, personas.principal))
    pdf = pdf_bytes(pages=2)
    data = answer_data(client.get(url), answer="approved_with_condition", condition="Om regeringen beslutar.")
    data["extract"] = SimpleUploadedFile("Protokollsutdrag KF § 12.pdf", pdf, content_type="application/pdf")
    assert client.post(url, data).status_code == 302
    recorded = Response.objects.get()
    extract_url = reverse("referrals:extract", kwargs={"pk": sent.pk, "response_pk": recorded.pk})
    assert f'href="{extract_url}"' in client.get(sent.get_absolute_url()).content.decode()
    # The registrar's own page shows the recorded answer from the record, the extract's link
    # kept once the extract is read (it vanished when it was).
    mine = client.get(url).content.decode()
    answered = " ".join(re.sub(r"<[^>]+>", " ", mine).split())
    today = date_format(timezone.localdate(), "j F Y")
    assert f"Beslutsdatum {today} Beslutande organ Kommunfullmäktige Paragraf § 12" in answered
    assert "Villkor Om regeringen beslutar." in answered
    assert f'<a href="{extract_url}">Protokollsutdrag KF § 12.pdf</a>' in mine
    download = client.get(extract_url)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "Protokollsutdrag" in download["Content-Disposition"]
    assert b"".join(download.streaming_content) == pdf
    # The answer with its extract, through the address of another recommendation: 404.
    other = sent_recommendation(body=personas.body, principals=[personas.principal])
    assert (
        client.get(reverse("referrals:extract", kwargs={"pk": other.pk, "response_pk": recorded.pk})).status_code == 404
    )


def test_an_upload_that_is_not_a_pdf_is_refused_and_nothing_recorded(personas: Personas, sent: Recommendation) -> None:
    client = Client()
    url = link_path(recipient_of(sent, personas.principal))
    data = answer_data(client.get(url))
    data["extract"] = SimpleUploadedFile("utdrag.pdf", b"<html>inte en pdf</html>", content_type="application/pdf")
    response = client.post(url, data)
    assert response.status_code == 400
    assert response.context["form"].errors["extract"] == [sv("The file is not a PDF and cannot be read.")]
    assert not Response.objects.exists()


def test_the_extract_of_a_recommendation_not_public_is_404_for_anonymous(
    personas: Personas, sent: Recommendation, login: Login
) -> None:
    recorded = answer(
        recipient_of(sent, personas.principal),
        extract=SimpleUploadedFile("utdrag.pdf", pdf_bytes(), content_type="application/pdf"),
    )
    Recommendation.objects.filter(pk=sent.pk).update(public=False)
    url = reverse("referrals:extract", kwargs={"pk": sent.pk, "response_pk": recorded.pk})
    assert Client().get(url).status_code == 404
    assert login("outsider").get(url).status_code == 404
    assert login("registrar").get(url).status_code == 200
    # An answer without an extract has nothing to download.
    plain = answer(recipient_of(sent, personas.other_principal))
    plain_url = reverse("referrals:extract", kwargs={"pk": sent.pk, "response_pk": plain.pk})
    assert login("registrar").get(plain_url).status_code == 404


# --- What everyone reads ---------------------------------------------------------------------


def test_the_status_page_shows_the_outcome_and_every_answer(personas: Personas) -> None:
    third = PrincipalFactory(key="tredje", name="Tredje kommunen")
    fourth = PrincipalFactory(key="fjarde", name="Fjärde kommunen")
    rec = sent_recommendation(
        body=personas.body,
        principals=[personas.principal, personas.other_principal, third, fourth],
        title="Gemensam upphandling",
        rule="at_least",
        rule_count=2,
    )
    mine = recipient_of(rec, personas.principal)
    answer(mine, "rejected", decided_on=timezone.localdate())
    answer(
        mine,
        "approved_with_condition",
        condition="Om staten står för kostnaden.",
        paragraph="§ 77",
        decided_by="council",
        decided_on=timezone.localdate(),
    )
    late_moment = timezone.now() + datetime.timedelta(days=40)
    answer(recipient_of(rec, personas.other_principal), "approved", answered_at=late_moment)
    services.response_record(actor=None, recipient=recipient_of(rec, third), answer="rejected", via="demo")

    page = Client().get(rec.get_absolute_url())
    assert page.status_code == 200
    outcome = page.context["outcome"]
    assert (outcome.status, outcome.total, outcome.approved, outcome.rejected, outcome.pending) == (
        "adopted",
        4,
        2,
        1,
        1,
    )
    text = text_of(page)
    with translation.override("sv"):
        assert outcome.label == pgettext("recommendation outcome", "Adopted")
    assert f'class="outcome outcome-adopted">{outcome.label}</span>' in page.content.decode()
    assert sv("%(answered)s of %(total)s have answered.", answered=3, total=4) in text
    assert sv("Approved: %(n)s", n=2) in text
    assert sv("Rejected: %(n)s", n=1) in text
    assert sv("Not answered: %(n)s", n=1) in text

    rows = {r.principal.name: r for r in page.context["recipients"]}
    assert list(rows) == ["Fjärde kommunen", "Grannkommunen", "Testkommunen", "Tredje kommunen"]
    assert [h.answer for h in rows["Testkommunen"].history] == ["approved_with_condition", "rejected"]
    assert rows["Grannkommunen"].current_response.late is True
    assert rows["Tredje kommunen"].current_response.is_demo is True
    assert rows["Fjärde kommunen"].current_response is None

    html = page.content.decode()
    row_of = {name: html.split(f">{name}</a></th>", 1)[1].split("</tr>", 1)[0] for name in rows}
    with translation.override("sv"):
        approved_with_condition = str(Response.Answer.APPROVED_WITH_CONDITION.label)
        rejected = str(Response.Answer.REJECTED.label)
        approved = str(Response.Answer.APPROVED.label)
    assert approved_with_condition in row_of["Testkommunen"]
    assert "Om staten står för kostnaden." in row_of["Testkommunen"]
    assert "§ 77" in row_of["Testkommunen"]
    assert rejected in row_of["Testkommunen"]  # the earlier answer, in the history
    assert approved in row_of["Grannkommunen"]
    assert f'<span class="badge">{sv("late")}</span>' in row_of["Grannkommunen"]
    assert f'<span class="badge">{sv("late")}</span>' not in row_of["Testkommunen"]
    assert f'<span class="badge">{sv("demo")}</span>' in row_of["Tredje kommunen"]
    assert f'<span class="badge">{sv("demo")}</span>' not in row_of["Grannkommunen"]
    assert "answer-none" in row_of["Fjärde kommunen"]
    # The public sees no link management.
    assert reverse("referrals:link", kwargs={"pk": rec.pk, "recipient_pk": mine.pk}) not in html


def test_the_status_page_shows_the_population_share(personas: Personas) -> None:
    year = in_days(30).year
    Population.objects.create(
        principal=personas.principal, year=year, reference_date=datetime.date(year, 12, 31), inhabitants=30_000
    )
    Population.objects.create(
        principal=personas.other_principal, year=year, reference_date=datetime.date(year, 12, 31), inhabitants=10_000
    )
    rec = sent_recommendation(
        body=personas.body,
        principals=[personas.principal, personas.other_principal],
        rule="population_share",
        rule_share=70,
    )
    answer(recipient_of(rec, personas.principal))
    outcome = Client().get(rec.get_absolute_url()).context["outcome"]
    assert (outcome.status, outcome.approved_population, outcome.total_population) == ("adopted", 30_000, 40_000)


def test_the_pages_are_in_swedish(personas: Personas, sent: Recommendation) -> None:
    """Swedish is the default. A label shows in Swedish once the catalogue translates it; until
    then the English text stands, so the check adapts to the catalogue."""
    client = Client()
    for url in (
        sent.get_absolute_url(),
        reverse("referrals:list"),
        reverse("referrals:board"),
        link_path(recipient_of(sent, personas.principal)),
    ):
        page = client.get(url)
        assert page.status_code == 200
        assert '<html lang="sv"' in page.content.decode()
    detail = text_of(client.get(sent.get_absolute_url()))
    for label in ("Where each principal stands", "The question to the principals", "Outcome"):
        assert sv(label) in detail
        if translated(label):
            assert label not in detail
    board = text_of(client.get(reverse("referrals:board")))
    assert sv("Board: principals and recommendations") in board
    # The export is Swedish whatever the visitor's language.
    client.cookies["django_language"] = "en"
    assert client.get(reverse("referrals:board_csv")).content.decode("utf-8-sig").startswith("Rekommendation;Organ;")


def test_the_principal_page_shows_public_sent_decisions_only(personas: Personas, login: Login) -> None:
    public = sent_recommendation(body=personas.body, principals=[personas.principal], title="Offentlig rekommendation")
    answer(recipient_of(public, personas.principal), "approved", paragraph="§ 5", decided_on=timezone.localdate())
    hidden = sent_recommendation(
        body=personas.body, principals=[personas.principal], title="Intern rekommendation", public=False
    )
    services.recommendation_create(
        actor=None,
        body=personas.body,
        principals=[personas.principal],
        title="Ett utkast",
        question="Frågan.",
        deadline=in_days(30),
    )
    sent_recommendation(body=personas.body, principals=[personas.other_principal], title="Till grannen")

    url = personas.principal.get_absolute_url()
    for persona in ("anonymous", "outsider"):
        page = login(persona).get(url)
        html = page.content.decode()
        assert "Offentlig rekommendation" in html
        assert f'href="{public.get_absolute_url()}"' in html
        assert "§ 5" in html
        for absent in ("Intern rekommendation", "Ett utkast", "Till grannen"):
            assert absent not in html
    # The registrar of the principal also sees the one not marked public; never the draft.
    html = login("registrar").get(url).content.decode()
    assert f'href="{hidden.get_absolute_url()}"' in html
    assert "Ett utkast" not in html
    # A principal never asked says so.
    lonely = PrincipalFactory(key="ensam", name="Ensamma kommunen")
    assert (
        sv("No recommendations have been sent to this principal.")
        in Client().get(lonely.get_absolute_url()).content.decode()
    )


def test_the_list_shows_drafts_only_to_the_secretary(personas: Personas, sent: Recommendation, login: Login) -> None:
    draft = services.recommendation_create(
        actor=None,
        body=personas.body,
        principals=[personas.principal],
        title="Ett utkast",
        question="Frågan.",
        deadline=in_days(30),
    )
    assert list(Client().get(reverse("referrals:list")).context["recommendations"]) == [sent]
    assert set(login("secretary").get(reverse("referrals:list")).context["recommendations"]) == {sent, draft}
    assert list(login("member").get(reverse("referrals:list")).context["recommendations"]) == [sent]


# --- The board and its exports ---------------------------------------------------------------


@pytest.fixture
def board_data(personas: Personas) -> dict[str, Any]:
    """Two bodies' recommendations in two deadline years, to municipalities and a region."""
    next_year = timezone.localdate().year + 1
    region = PrincipalFactory(key="regionen", name="Regionen", kind=Principal.Kind.REGION)
    p, q = personas.principal, personas.other_principal
    a = sent_recommendation(
        body=personas.body, principals=[p, q, region], title="A: hjälpmedel", deadline=datetime.date(next_year, 3, 1)
    )
    b = sent_recommendation(
        body=personas.body,
        principals=[p, q],
        title="B: ungdomsmottagningar",
        deadline=datetime.date(next_year + 1, 3, 1),
    )
    c = sent_recommendation(
        body=personas.other_body,
        principals=[q],
        title="C: remiss om färdtjänst",
        kind="consultation",
        deadline=datetime.date(next_year, 6, 1),
    )
    draft = services.recommendation_create(
        actor=None, body=personas.body, principals=[p], title="D: utkast", question="?", deadline=in_days(10)
    )
    answer(recipient_of(a, p), "approved", decided_on=datetime.date(2024, 5, 2), decided_by="council", paragraph="§ 9")
    answer(recipient_of(a, q), "approved_with_condition", condition="Om staten betalar.")
    answer(recipient_of(a, region), "rejected")
    answer(recipient_of(b, p), "approved")
    answer(recipient_of(b, q), "approved")
    return {"a": a, "b": b, "c": c, "draft": draft, "region": region, "year": next_year}


def board_titles(client: Client, query: str = "") -> list[str]:
    response = client.get(reverse("referrals:board") + query)
    assert response.status_code == 200
    return [rec.title for rec, _outcome in response.context["board"].columns()]


def board_principals(client: Client, query: str = "") -> list[str]:
    return [p.name for p in client.get(reverse("referrals:board") + query).context["board"].principals]


def test_the_board_shows_each_principals_answer(personas: Personas, board_data: dict[str, Any]) -> None:
    client = Client()
    response = client.get(reverse("referrals:board"))
    result = response.context["board"]
    # Latest deadline first; the region first among the principals; no drafts.
    assert board_titles(client) == ["B: ungdomsmottagningar", "C: remiss om färdtjänst", "A: hjälpmedel"]
    assert [p.name for p in result.principals] == ["Regionen", "Grannkommunen", "Testkommunen"]
    cells = {
        (principal.name, rec.title): cell.answer if cell else "not asked"
        for principal, row in result.rows()
        for rec, cell in zip(result.recommendations, row, strict=True)
    }
    assert cells == {
        ("Regionen", "B: ungdomsmottagningar"): "not asked",
        ("Regionen", "C: remiss om färdtjänst"): "not asked",
        ("Regionen", "A: hjälpmedel"): "rejected",
        ("Grannkommunen", "B: ungdomsmottagningar"): "approved",
        ("Grannkommunen", "C: remiss om färdtjänst"): None,
        ("Grannkommunen", "A: hjälpmedel"): "approved_with_condition",
        ("Testkommunen", "B: ungdomsmottagningar"): "approved",
        ("Testkommunen", "C: remiss om färdtjänst"): "not asked",
        ("Testkommunen", "A: hjälpmedel"): "approved",
    }
    assert {rec.title: o.status for rec, o in result.columns()} == {
        "B: ungdomsmottagningar": "adopted",
        "C: remiss om färdtjänst": "pending",
        "A: hjälpmedel": "not_adopted",
    }
    assert "D: utkast" not in response.content.decode()


def test_the_board_filters(personas: Personas, board_data: dict[str, Any], login: Login) -> None:
    client = Client()
    year = board_data["year"]
    assert board_titles(client, f"?body={personas.other_body.key}") == ["C: remiss om färdtjänst"]
    assert board_titles(client, f"?body={personas.body.key}") == ["B: ungdomsmottagningar", "A: hjälpmedel"]
    assert board_titles(client, f"?year={year}") == ["C: remiss om färdtjänst", "A: hjälpmedel"]
    assert board_titles(client, f"?year={year + 1}") == ["B: ungdomsmottagningar"]
    assert board_titles(client, "?kind=consultation") == ["C: remiss om färdtjänst"]
    assert board_titles(client, "?kind=decision") == ["B: ungdomsmottagningar", "A: hjälpmedel"]
    # Awaiting answers: C has no answer yet; A and B are fully answered.
    assert board_titles(client, "?open_only=on") == ["C: remiss om färdtjänst"]
    assert board_principals(client, "?open_only=on") == ["Grannkommunen"]
    # Only the region's row, but the outcome is still that of all the recipients.
    response = client.get(reverse("referrals:board") + "?principal_kind=region")
    result = response.context["board"]
    assert [p.name for p in result.principals] == ["Regionen"]
    assert {rec.title: o.status for rec, o in result.columns()}["A: hjälpmedel"] == "not_adopted"
    response = client.get(reverse("referrals:board") + "?principal_kind=municipality")
    outcomes = {rec.title: o for rec, o in response.context["board"].columns()}
    assert [p.name for p in response.context["board"].principals] == ["Grannkommunen", "Testkommunen"]
    assert (outcomes["A: hjälpmedel"].status, outcomes["A: hjälpmedel"].total) == ("not_adopted", 3)
    # Combined, and an unknown value is ignored rather than an error.
    assert board_titles(client, f"?body={personas.body.key}&year={year}") == ["A: hjälpmedel"]
    assert board_titles(client, "?year=tjugo") == board_titles(client)
    # The export links keep the filter.
    page = client.get(reverse("referrals:board") + "?kind=consultation").content.decode()
    assert f'href="{reverse("referrals:board_csv")}?kind=consultation"' in page
    # Every filter offers "alla" for no choice (the walk found the body's as "---------").
    assert len(re.findall(r'<option value=""(?: selected)?>alla</option>', page)) == 3
    assert "---------" not in page


@pytest.fixture
def many(personas: Personas) -> list[Recommendation]:
    """25 sent public recommendations to three principals, deadlines one day apart: the 1st
    is due latest. Every third (the 3rd, 6th, ... from the latest) is a consultation."""
    from tests.referrals.test_queries import World

    world = World(body=personas.body)
    world.add_principals(3)
    made = world.add_recommendations(25)
    today = timezone.localdate()
    ordered = []
    for i, rec in enumerate(made):
        kind = "consultation" if (i + 1) % 3 == 0 else "decision"
        deadline = today + datetime.timedelta(days=100 - i)
        Recommendation.objects.filter(pk=rec.pk).update(title=f"Rek {i + 1:02d}", kind=kind, deadline=deadline)
        ordered.append(Recommendation.objects.get(pk=rec.pk))
    return ordered


def board_nav(response: Any) -> str:
    """The board's page navigation, or "" when there is none."""
    label = re.escape(sv("Pages of the board"))
    found = re.search(rf'<nav aria-label="{label}"[^>]*>.*?</nav>', response.content.decode(), re.S)
    return found.group(0) if found else ""


def test_the_board_shows_twenty_recommendations_a_page(many: list[Recommendation]) -> None:
    client = Client()
    titles = [r.title for r in many]
    first = client.get(reverse("referrals:board"))
    assert [rec.title for rec, _o in first.context["board"].columns()] == titles[:20]
    assert len(first.context["board"].principals) == 3
    second = client.get(reverse("referrals:board") + "?page=2")
    assert [rec.title for rec, _o in second.context["board"].columns()] == titles[20:]
    # Accessible navigation: a named nav, the position in words, previous and next as links.
    nav = board_nav(first)
    assert f'aria-label="{sv("Pages of the board")}"' in nav
    assert sv("Page %(number)s of %(pages)s", number=1, pages=2) in nav
    assert 'href="?page=2" rel="next"' in nav
    assert 'rel="prev"' not in nav
    nav = board_nav(second)
    assert sv("Page %(number)s of %(pages)s", number=2, pages=2) in nav
    assert sv("recommendations %(first)s–%(last)s of %(total)s", first=21, last=25, total=25) in nav
    assert 'href="?page=1" rel="prev"' in nav
    assert 'rel="next"' not in nav
    # A page beyond the end gives the last page; one that is not a number the first.
    assert [
        rec.title for rec, _o in client.get(reverse("referrals:board") + "?page=99").context["board"].columns()
    ] == (titles[20:])
    assert board_titles(client, "?page=tjugo") == titles[:20]
    assert board_titles(client, "?page=-1") == titles[20:]


def test_a_board_of_one_page_has_no_page_navigation(personas: Personas, board_data: dict[str, Any]) -> None:
    response = Client().get(reverse("referrals:board"))
    assert response.context["board"].page.paginator.num_pages == 1
    assert board_nav(response) == ""


def test_the_board_filters_survive_paging(personas: Personas, many: list[Recommendation]) -> None:
    client = Client()
    decisions = [r.title for r in many if r.kind == "decision"]
    assert len(decisions) == 17
    url = reverse("referrals:board") + "?kind=decision"
    first = client.get(url)
    assert board_titles(client, "?kind=decision") == decisions[:20]
    nav = board_nav(first)
    assert nav == ""  # 17 fit on one page
    # With more than a page: the links carry the filters, and the page is never doubled.
    query = f"?body={personas.body.key}&principal_kind=municipality"
    second = client.get(reverse("referrals:board") + query + "&page=2")
    assert [rec.title for rec, _o in second.context["board"].columns()] == [r.title for r in many][20:]
    nav = board_nav(second)
    assert f'href="?body={personas.body.key}&amp;principal_kind=municipality&amp;page=1" rel="prev"' in nav
    assert nav.count("page=") == 1
    # The downloads keep the filters but not the page: they export every matching recommendation.
    page = second.content.decode()
    assert f'href="{reverse("referrals:board_csv")}?body={personas.body.key}&amp;principal_kind=municipality"' in page
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(reverse("referrals:board_csv") + "?kind=decision&page=2").content.decode("utf-8-sig")
            ),
            delimiter=";",
        )
    )
    assert {row[0] for row in rows[1:]} == set(decisions)
    sheet = load_workbook(io.BytesIO(client.get(reverse("referrals:board_xlsx") + "?page=2").content)).active
    assert sheet is not None
    assert {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)} == {r.title for r in many}


def test_the_board_csv_export(personas: Personas, board_data: dict[str, Any]) -> None:
    response = Client().get(reverse("referrals:board_csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="rekommendationer.csv"'
    assert response.content.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == [
        "Rekommendation",
        "Organ",
        "Typ",
        "Sista svarsdag",
        "Utfall",
        "Huvudman",
        "Svar",
        "Villkor",
        "Beslutsdatum",
        "Beslutande organ",
        "Paragraf",
        "Besvarad",
        "Sent svar",
        "Demosvar",
    ]
    # One row per recipient: 2 (B) + 1 (C) + 3 (A).
    assert [(r[0], r[5]) for r in rows[1:]] == [
        ("B: ungdomsmottagningar", "Grannkommunen"),
        ("B: ungdomsmottagningar", "Testkommunen"),
        ("C: remiss om färdtjänst", "Grannkommunen"),
        ("A: hjälpmedel", "Regionen"),
        ("A: hjälpmedel", "Grannkommunen"),
        ("A: hjälpmedel", "Testkommunen"),
    ]
    with translation.override("sv"):
        approved, conditional = str(Response.Answer.APPROVED.label), str(Response.Answer.APPROVED_WITH_CONDITION.label)
        not_adopted = pgettext("recommendation outcome", "Not adopted")
        council = str(Response.DecidedBy.COUNCIL.label)
    by_key = {(r[0], r[5]): r for r in rows[1:]}
    a_test = by_key[("A: hjälpmedel", "Testkommunen")]
    assert a_test[1:11] == [
        "Testorganet",
        a_test[2],
        f"{board_data['year']}-03-01",
        not_adopted,
        "Testkommunen",
        approved,
        "",
        "2024-05-02",
        council,
        "§ 9",
    ]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?", a_test[11]), a_test[11]
    assert a_test[12:] == ["nej", "nej"]
    assert by_key[("A: hjälpmedel", "Grannkommunen")][6:8] == [conditional, "Om staten betalar."]
    unanswered = by_key[("C: remiss om färdtjänst", "Grannkommunen")]
    assert unanswered[6:] == ["Inte besvarad", "", "", "", "", "", "", ""]
    # Filtered like the board.
    filtered = Client().get(reverse("referrals:board_csv") + "?kind=consultation").content.decode("utf-8-sig")
    assert len(filtered.strip().splitlines()) == 2


def test_the_board_xlsx_export(personas: Personas, board_data: dict[str, Any]) -> None:
    response = Client().get(reverse("referrals:board_xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == 'attachment; filename="rekommendationer.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:6] == ("Rekommendation", "Organ", "Typ", "Sista svarsdag", "Utfall", "Huvudman")
    assert len(rows[0]) == 14
    assert len(rows) == 1 + 6
    by_key = {(r[0], r[5]): r for r in rows[1:]}
    a_test = by_key[("A: hjälpmedel", "Testkommunen")]
    # Dates are dates (Excel keeps them as date-times), not text.
    assert a_test[3] == datetime.datetime(board_data["year"], 3, 1)
    assert a_test[8] == datetime.datetime(2024, 5, 2)
    assert isinstance(a_test[11], datetime.datetime)
    answered = Response.objects.get(recipient=recipient_of(board_data["a"], personas.principal)).answered_at
    assert abs(a_test[11] - timezone.localtime(answered).replace(tzinfo=None)) < datetime.timedelta(seconds=1)
    assert (a_test[10], a_test[12], a_test[13]) == ("§ 9", "nej", "nej")
    cells = {c.value: c for c in sheet[2 + list(by_key).index(("A: hjälpmedel", "Testkommunen"))]}
    assert cells[a_test[3]].number_format == "yyyy-mm-dd"
    assert cells[a_test[3]].is_date


def test_exports_neutralise_text_that_a_spreadsheet_would_run(personas: Personas) -> None:
    """A condition typed through the personal link reaches the secretary's spreadsheet: text
    starting with = must stay text there."""
    rec = sent_recommendation(body=personas.body, principals=[personas.principal], title="Formelprovet")
    answer(recipient_of(rec, personas.principal), "approved_with_condition", condition='=HYPERLINK("http://x","y")')
    rows = list(
        csv.reader(io.StringIO(Client().get(reverse("referrals:board_csv")).content.decode("utf-8-sig")), delimiter=";")
    )
    assert not rows[1][7].startswith("=")
    assert 'HYPERLINK("http://x","y")' in rows[1][7]
    sheet = load_workbook(io.BytesIO(Client().get(reverse("referrals:board_xlsx")).content)).active
    assert sheet is not None
    cell = sheet["H2"]
    assert cell.data_type == "s"
    assert cell.value == '=HYPERLINK("http://x","y")'


def test_the_board_of_a_registrar_includes_what_their_principal_was_asked(personas: Personas, login: Login) -> None:
    rec = sent_recommendation(
        body=personas.body, principals=[personas.principal], title="Bara för de berörda", public=False
    )
    assert board_titles(Client()) == []
    assert board_titles(login("registrar")) == [rec.title]
    assert board_titles(login("other_registrar")) == []


def test_a_body_without_recommendations_is_not_offered_in_the_filter(personas: Personas) -> None:
    sent_recommendation(body=personas.body, principals=[personas.principal])
    BodyFactory(key="tomt-organ", name="Tomma organet")
    choices = [key for key, _label in Client().get(reverse("referrals:board")).context["form"].fields["body"].choices]
    assert [str(c) for c in choices if c] == [personas.body.key]


def test_many_principals_with_registrars_each_get_their_link(personas: Personas) -> None:
    principals = principals_with_registrars(3)
    rec = sent_recommendation(body=personas.body, principals=principals)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(f"registrator@{p.key}.example" for p in principals)
    for message in mail.outbox:
        token = re.search(r"/svara/([^/\s]+)/", message.body)
        assert token is not None
        assert links.read(token.group(1)).recommendation == rec


def test_a_consultation_needs_no_adoption_rule(personas: Personas, login: Login) -> None:
    response = login("secretary").post(
        reverse("referrals:create", kwargs={"key": personas.body.key}),
        new_data(kind="consultation", rule="at_least", rule_count="", principals=[personas.principal.pk]),
    )
    assert response.status_code == 302
    consultation = Recommendation.objects.get()
    assert (consultation.kind, consultation.rule, consultation.rule_count) == ("consultation", "all", None)
    services.recommendation_send(actor=None, recommendation=consultation)
    page = Client().get(link_path(recipient_of(consultation, personas.principal)))
    assert list(page.context["form"].fields) == [
        "submission",
        "answer",
        "text",
        "decided_on",
        "decided_by",
        "decided_by_name",
        "paragraph",
        "extract",
    ]
    url = link_path(recipient_of(consultation, personas.principal))
    empty = Client().post(url, answer_data(page, answer="written", text=""))
    assert empty.status_code == 400
    assert empty.context["form"].errors["text"] == [sv("Write the answer to the consultation.")]
    assert Client().post(url, answer_data(page, answer="written", text="Vi tillstyrker.")).status_code == 302
    assert Response.objects.get().text == "Vi tillstyrker."


def test_the_status_page_links_the_report_back_once_everyone_has_answered(
    personas: Personas, sent: Recommendation
) -> None:
    planned = meeting_world(personas).planned
    answer(recipient_of(sent, personas.principal))
    assert Client().get(sent.get_absolute_url()).context["report_back"] is None
    answer(recipient_of(sent, personas.other_principal), "rejected")
    page = Client().get(sent.get_absolute_url())
    report_back = page.context["report_back"]
    assert report_back is not None
    assert (report_back.meeting, report_back.item.title) == (planned, f"Återrapportering: {sent.title}")
    assert f'href="{planned.get_absolute_url()}"' in page.content.decode()
    assert f"{personas.body.name}, " in text_of(page)
