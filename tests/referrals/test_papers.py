"""Papers sent with a recommendation: checked by content, readable by those who may see the
recommendation and by the holder of a personal link, fixed once sent."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samverkan.core.models import AuditEvent
from samverkan.referrals import links, services
from samverkan.referrals.models import Paper, Recipient
from tests.meetings.test_services import docx_bytes
from tests.referrals.factories import principals_with_registrars
from tests.support import Personas, pdf_bytes

pytestmark = pytest.mark.django_db


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def draft(personas: Personas, **fields):
    return services.recommendation_create(
        actor=personas.secretary,
        body=personas.body,
        principals=principals_with_registrars(2),
        title="Samverkansavtal digitala hjälpmedel",
        question="X kommun ställer sig bakom avtalet.",
        deadline=timezone.localdate() + datetime.timedelta(days=30),
        **fields,
    )


def test_a_pdf_and_a_docx_are_kept_with_their_text_and_go_out_in_the_invitation(personas: Personas) -> None:
    recommendation = draft(personas)
    pdf = services.paper_add(
        actor=personas.secretary, recommendation=recommendation, upload=upload("avtal.pdf", pdf_bytes()), title="Avtal"
    )
    doc = services.paper_add(
        actor=personas.secretary,
        recommendation=recommendation,
        upload=upload("missiv.docx", docx_bytes("Missiv om hjälpmedel", "Svar senast i september.")),
    )
    assert (pdf.title, pdf.content_type, pdf.size) == ("Avtal", "application/pdf", len(pdf_bytes()))
    assert doc.title == "missiv"
    assert doc.text == "Missiv om hjälpmedel\nSvar senast i september."
    assert AuditEvent.objects.filter(target_id=str(doc.pk), action="create").count() == 1

    services.recommendation_send(actor=personas.secretary, recommendation=recommendation)
    assert len(mail.outbox) == 2
    recipient = Recipient.objects.filter(recommendation=recommendation).order_by("pk").first()
    assert recipient is not None
    token = links.token_for(recipient)
    message = next(m for m in mail.outbox if m.to == [recipient.principal.registrars.get().email])
    paper_url = reverse("referrals:answer_link_paper", kwargs={"token": token, "paper_pk": pdf.pk})
    assert f"- Avtal: http://127.0.0.1:8000{paper_url}" in message.body


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("tom.pdf", b"", "empty"),
        ("bild.pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 100, "unsupported"),
    ],
)
def test_a_bad_file_is_refused_and_nothing_is_written(personas: Personas, name: str, data: bytes, code: str) -> None:
    recommendation = draft(personas)
    with pytest.raises(ValidationError) as refused:
        services.paper_add(actor=personas.secretary, recommendation=recommendation, upload=upload(name, data))
    assert refused.value.code == code
    assert Paper.objects.count() == 0


def test_a_damaged_pdf_is_stored_and_refused_by_the_worker(personas: Personas) -> None:
    """Stored as being read (it starts as a PDF); the worker's reading (at once in the tests)
    refuses it: not served, and removable by the secretary also once the recommendation is sent."""
    recommendation = draft(personas)
    paper = services.paper_add(
        actor=personas.secretary,
        recommendation=recommendation,
        upload=upload("trasig.pdf", b"%PDF-1.7\n" + b"garbage" * 20),
    )
    assert (paper.reading, paper.refusal) == ("refused", "PDF-filen är skadad eller ofullständig och kan inte läsas.")
    services.recommendation_send(actor=personas.secretary, recommendation=recommendation)
    url = reverse("referrals:paper", kwargs={"pk": recommendation.pk, "paper_pk": paper.pk})
    assert Client().get(url).status_code == 404
    paper.refresh_from_db()
    services.paper_remove(actor=personas.secretary, paper=paper)
    assert not Paper.objects.filter(pk=paper.pk).exists()


def test_the_public_reads_the_papers_of_a_public_recommendation_only(personas: Personas) -> None:
    public = draft(personas)
    hidden = draft(personas, public=False)
    papers = [
        services.paper_add(actor=None, recommendation=r, upload=upload("avtal.pdf", pdf_bytes()))
        for r in (public, hidden)
    ]
    for r in (public, hidden):
        services.recommendation_send(actor=None, recommendation=r)
    visitor = Client()
    public_url = reverse("referrals:paper", kwargs={"pk": public.pk, "paper_pk": papers[0].pk})
    hidden_url = reverse("referrals:paper", kwargs={"pk": hidden.pk, "paper_pk": papers[1].pk})
    crossed = reverse("referrals:paper", kwargs={"pk": public.pk, "paper_pk": papers[1].pk})
    response = visitor.get(public_url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf_bytes()
    assert visitor.get(hidden_url).status_code == 404
    assert visitor.get(crossed).status_code == 404

    # The registrar holding a personal link reads the hidden recommendation's paper through it.
    recipient = Recipient.objects.filter(recommendation=hidden).first()
    assert recipient is not None
    token = links.token_for(recipient)
    by_link = reverse("referrals:answer_link_paper", kwargs={"token": token, "paper_pk": papers[1].pk})
    assert visitor.get(by_link).status_code == 200
    other = reverse("referrals:answer_link_paper", kwargs={"token": token, "paper_pk": papers[0].pk})
    assert visitor.get(other).status_code == 404
    services.link_revoke(actor=None, recipient=recipient)
    assert visitor.get(by_link).status_code == 403


def test_the_secretary_attaches_and_removes_papers_on_the_page_until_it_is_sent(personas: Personas, login) -> None:
    recommendation = draft(personas)
    client = login("secretary")
    add = reverse("referrals:paper_add", kwargs={"pk": recommendation.pk})
    response = client.post(add, {"title": "Förslag", "file": upload("forslag.pdf", pdf_bytes())}, follow=True)
    assert response.status_code == 200
    paper = Paper.objects.get(recommendation=recommendation)
    assert paper.title == "Förslag"
    assert "Förslag" in response.content.decode()
    client.post(add, {"file": upload("bild.pdf", b"GIF89a" + b"0" * 50)})
    assert Paper.objects.filter(recommendation=recommendation).count() == 1

    services.recommendation_send(actor=personas.secretary, recommendation=recommendation)
    remove = reverse("referrals:paper_remove", kwargs={"pk": recommendation.pk, "paper_pk": paper.pk})
    client.post(remove)
    assert Paper.objects.filter(pk=paper.pk).exists()  # sent: the papers stay as they went out

    second = draft(personas)
    extra = services.paper_add(actor=None, recommendation=second, upload=upload("x.pdf", pdf_bytes()))
    client.post(reverse("referrals:paper_remove", kwargs={"pk": second.pk, "paper_pk": extra.pk}))
    assert not Paper.objects.filter(pk=extra.pk).exists()
    assert AuditEvent.objects.filter(target_id=str(extra.pk), action="delete").count() == 1


def test_the_page_offers_remove_exactly_where_the_service_allows_it(personas: Personas, login) -> None:
    """The rule lives on the paper (Paper.is_removable), read by the page and the service alike:
    a draft's papers, and once sent only a paper the reader refused."""
    recommendation = draft(personas)
    good = services.paper_add(actor=None, recommendation=recommendation, upload=upload("x.pdf", pdf_bytes()))
    damaged = services.paper_add(
        actor=None, recommendation=recommendation, upload=upload("trasig.pdf", b"%PDF-1.7\n" + b"garbage" * 20)
    )
    client = login("secretary")

    def offered() -> set[int]:
        html = client.get(recommendation.get_absolute_url()).content.decode()
        return {
            paper.pk
            for paper in (good, damaged)
            if reverse("referrals:paper_remove", kwargs={"pk": recommendation.pk, "paper_pk": paper.pk}) in html
        }

    assert offered() == {good.pk, damaged.pk}
    services.recommendation_send(actor=personas.secretary, recommendation=recommendation)
    assert offered() == {damaged.pk}
    assert [p.is_removable for p in Paper.objects.filter(recommendation=recommendation).order_by("pk")] == [False, True]
