"""The agreement register: services (events, validity, drafts never public, stale edits, texts
checked by content), the pages and forms as a secretary and the public use them, the open
data, search, and query counts that do not grow with the data."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samverkan.agreements import selectors, services
from samverkan.agreements.models import Agreement, AgreementEvent, AgreementVersion, validity_state
from samverkan.core.models import AuditEvent
from samverkan.search.query import search
from tests.factories import PrincipalFactory
from tests.support import Personas, agreement_world, pdf_bytes

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 3)


def make(personas: Personas, key: str, **fields: Any) -> Agreement:
    values: dict[str, Any] = {
        "title": f"Överenskommelse {key}",
        "kind": "accord",
        "status": "adopted",
        "body": personas.body,
        "public": True,
        "parties": [personas.principal, personas.other_principal],
    }
    values.update(fields)
    return services.agreement_create(actor=personas.secretary, key=key, source="test", **values)


def pdf_upload(name: str = "avtal.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


# --- Services -------------------------------------------------------------------------------


def test_an_extension_until_a_new_one_exists_is_an_event_with_its_decision(personas: Personas) -> None:
    agreement = make(
        personas,
        "ungdom",
        kind="direction",
        valid_from=datetime.date(2018, 1, 1),
        valid_until=datetime.date(2022, 12, 31),
    )
    services.agreement_extend(
        actor=personas.secretary,
        agreement=agreement,
        version=agreement.version,
        until=datetime.date(2024, 12, 31),
        until_replaced=True,
        on=datetime.date(2022, 4, 28),
        note="Till dess ett nytt samverkansavtal är framtaget, dock längst till och med 2024.",
    )
    agreement.refresh_from_db()
    assert (agreement.valid_until, agreement.until_replaced) == (datetime.date(2024, 12, 31), True)
    event = agreement.events.get(kind=AgreementEvent.Kind.EXTENDED)
    assert event.on == datetime.date(2022, 4, 28)
    assert event.changes["valid_until"] == ["2022-12-31", "2024-12-31"]
    assert event.made_by == personas.secretary
    audited = [e.changes for e in AuditEvent.objects.filter(target_id=str(agreement.pk), action="update")]
    assert {"valid_until": ["2022-12-31", "2024-12-31"], "until_replaced": [False, True]} in audited
    # Valid through 2024, expired after.
    assert validity_state(agreement, datetime.date(2024, 12, 31)) == "in_force"
    assert validity_state(agreement, datetime.date(2025, 1, 1)) == "expired"


def test_an_extension_must_end_later_and_changes_nothing_otherwise(personas: Personas) -> None:
    agreement = make(personas, "kort", valid_until=datetime.date(2022, 12, 31))
    with pytest.raises(ValidationError) as refused:
        services.agreement_extend(
            actor=personas.secretary,
            agreement=agreement,
            version=agreement.version,
            until=datetime.date(2022, 6, 30),
            until_replaced=False,
        )
    assert "until" in refused.value.message_dict
    agreement.refresh_from_db()
    assert agreement.valid_until == datetime.date(2022, 12, 31)
    assert not agreement.events.filter(kind="extended").exists()


def test_a_new_name_is_a_renaming_event_and_the_old_name_stays_in_the_history(personas: Personas) -> None:
    agreement = make(personas, "namn", title="Inriktningsdokument för ungdomsmottagningarna", kind="direction")
    services.agreement_update(
        actor=personas.secretary,
        agreement=agreement,
        version=agreement.version,
        title="Samarbetsavtal för ungdomsmottagningarna",
        kind="cooperation",
        note="Framöver kommer inriktningsdokument att heta samarbetsavtal.",
    )
    event = Agreement.objects.get(pk=agreement.pk).events.get(kind="renamed")
    assert event.changes == {
        "title": ["Inriktningsdokument för ungdomsmottagningarna", "Samarbetsavtal för ungdomsmottagningarna"],
        "kind": ["direction", "cooperation"],
    }
    assert event.note == "Framöver kommer inriktningsdokument att heta samarbetsavtal."
    assert Agreement.objects.get(pk=agreement.pk).title == "Samarbetsavtal för ungdomsmottagningarna"


def test_a_stale_edit_is_refused_and_saves_nothing(personas: Personas) -> None:
    agreement = make(personas, "samtidigt")
    seen = agreement.version
    services.agreement_update(actor=personas.secretary, agreement=agreement, version=seen, summary="Först")
    with pytest.raises(services.ConcurrentEdit):
        services.agreement_update(actor=personas.administrator, agreement=agreement, version=seen, summary="Sedan")
    assert Agreement.objects.get(pk=agreement.pk).summary == "Först"


def test_a_draft_is_never_public(personas: Personas) -> None:
    draft = make(personas, "utkast", status="draft", public=True)
    assert draft.public is False
    services.agreement_update(actor=personas.secretary, agreement=draft, version=draft.version, public=True)
    assert Agreement.objects.get(pk=draft.pk).public is False
    assert not selectors.public_agreements().filter(pk=draft.pk).exists()


def test_a_replacement_is_recorded_on_the_old_agreement_and_it_is_replaced_once_the_new_one_applies(
    personas: Personas,
) -> None:
    old = make(personas, "gammalt", valid_from=datetime.date(2018, 1, 1), valid_until=datetime.date(2024, 12, 31))
    new = make(personas, "nytt", valid_from=datetime.date(2024, 7, 1), replaces=old)
    old = Agreement.objects.select_related("replaced_by").get(pk=old.pk)
    assert old.replaced_by == new
    assert old.events.get(kind="replaced").note == f"Ersatt av ”{new.title}”."
    assert validity_state(old, datetime.date(2024, 6, 30)) == "in_force"
    assert validity_state(old, datetime.date(2024, 7, 1)) == "replaced"


def test_an_agreement_cannot_be_a_part_of_its_own_part(personas: Personas) -> None:
    whole = make(personas, "helhet")
    part = make(personas, "del", parent=whole)
    with pytest.raises(ValidationError):
        services.agreement_update(actor=personas.secretary, agreement=whole, version=whole.version, parent=part)
    assert Agreement.objects.get(pk=whole.pk).parent is None


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "avtal.pdf",
            b"not a pdf at all",
            "Filen är varken en PDF-fil eller ett Word-dokument (DOCX) och kan inte läsas.",
        ),
        ("avtal.pdf", b"", "Filen är tom."),
    ],
)
def test_a_version_that_is_not_a_readable_pdf_or_docx_is_refused_and_nothing_is_stored(
    personas: Personas, name: str, content: bytes, message: str | None
) -> None:
    agreement = make(personas, "text")
    with pytest.raises(ValidationError) as refused:
        services.version_add(
            actor=personas.secretary,
            agreement=agreement,
            upload=SimpleUploadedFile(name, content),
            label="1",
        )
    if message:
        assert message in refused.value.messages
    assert not AgreementVersion.objects.exists()


def test_a_truncated_pdf_is_stored_and_refused_by_the_worker(personas: Personas) -> None:
    """It starts as a PDF, so the upload stores it as being read; the worker's reading (at once in
    the tests) refuses it: the secretary sees why on the agreement's page, the public nothing."""
    agreement = make(personas, "text")
    version = services.version_add(
        actor=personas.secretary,
        agreement=agreement,
        upload=SimpleUploadedFile("avtal.pdf", b"%PDF-1.7\n1 0 obj <<"),
        label="1",
    )
    reason = "PDF-filen är skadad eller ofullständig och kan inte läsas."
    assert (version.reading, version.refusal, version.text) == ("refused", reason, "")
    url = reverse("agreements:version_file", kwargs={"key": agreement.key, "pk": version.pk})
    secretary = Client()
    secretary.force_login(personas.secretary)
    assert reason in secretary.get(agreement.get_absolute_url()).content.decode()
    public = Client().get(agreement.get_absolute_url()).content.decode()
    assert reason not in public and url not in public
    assert Client().get(url).status_code == 404


# --- Pages ----------------------------------------------------------------------------------


def test_the_public_reads_the_register_and_an_agreement_with_its_history(
    personas: Personas, login: Callable[[str], Any]
) -> None:
    agreement = agreement_world(personas)
    make(personas, "utkastet", title="Hemligt utkast", status="draft")
    client = login("anonymous")
    listing = client.get(reverse("agreements:list")).content.decode()
    assert agreement.title in listing
    assert "Hemligt utkast" not in listing
    page = client.get(agreement.get_absolute_url()).content.decode()
    assert "Testkommunen" in page and "Grannkommunen" in page
    assert "1 januari 2024 – 31 december 2030" in page
    assert '<span class="agreement-state state-in_force">gäller</span>' in page
    assert client.get(reverse("agreements:detail", kwargs={"key": "utkastet"})).status_code == 404


def test_a_validity_with_an_unknown_start_reads_as_unknown(personas: Personas, login: Callable[[str], Any]) -> None:
    """Not "… – tills vidare": an unknown start says it is unknown, no dates at all say so."""
    make(personas, "utan-start", title="Avtal utan start", status="adopted", valid_until=datetime.date(2030, 12, 31))
    make(personas, "utan-datum", title="Avtal utan datum", status="adopted")
    make(personas, "bara-start", title="Avtal med start", status="adopted", valid_from=datetime.date(2017, 1, 1))
    client = login("anonymous")

    def validity(key: str) -> str:
        page = client.get(reverse("agreements:detail", kwargs={"key": key})).content.decode()
        return page.split("<dt>Giltighet</dt><dd>")[1].split("</dd>")[0].strip()

    assert validity("utan-start") == "startdatum okänt – 31 december 2030"
    assert validity("utan-datum") == "datum anges inte"
    assert validity("bara-start") == "1 januari 2017 – tills vidare"
    assert "…" not in client.get(reverse("agreements:list")).content.decode()


def test_a_draft_is_shown_to_its_bodys_secretary_but_not_to_another_bodys(
    personas: Personas, login: Callable[[str], Any]
) -> None:
    make(personas, "utkastet", title="Hemligt utkast", status="draft")
    url = reverse("agreements:detail", kwargs={"key": "utkastet"})
    assert login("secretary").get(url).status_code == 200
    assert login("other_secretary").get(url).status_code == 404
    assert login("registrar").get(url).status_code == 404
    version_url = reverse("agreements:version_add", kwargs={"key": "utkastet"})
    assert login("other_secretary").get(version_url).status_code == 403


def test_a_secretary_registers_extends_and_renames_an_agreement_through_the_forms(
    personas: Personas, login: Callable[[str], Any]
) -> None:
    client = login("secretary")
    response = client.post(
        reverse("agreements:create"),
        {
            "key": "ungdomsmottagningar",
            "title": "Inriktningsdokument för ungdomsmottagningarna",
            "kind": "direction",
            "status": "adopted",
            "body": personas.body.pk,
            "valid_from": "2018-01-01",
            "valid_until": "2022-12-31",
            "parties": [personas.principal.pk, personas.other_principal.pk],
            "public": "on",
        },
    )
    agreement = Agreement.objects.get(key="ungdomsmottagningar")
    assert response.status_code == 302 and response["Location"] == agreement.get_absolute_url()
    assert set(agreement.parties.values_list("key", flat=True)) == {"testkommun", "grannkommun"}

    response = client.post(
        reverse("agreements:extend", kwargs={"key": agreement.key}),
        {"version": agreement.version, "until": "2024-12-31", "until_replaced": "on", "on": "2022-04-28"},
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    edit = reverse("agreements:edit", kwargs={"key": agreement.key})
    form = client.get(edit).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k not in ("key", "parties", "id")}
    data.update(
        title="Samarbetsavtal för ungdomsmottagningarna",
        kind="cooperation",
        body=personas.body.pk,
        parties=[personas.principal.pk, personas.other_principal.pk],
        valid_from="2018-01-01",
        valid_until="2024-12-31",
        public="on",
        until_replaced="on",
        on="2022-04-28",
        note="Framöver heter det samarbetsavtal.",
    )
    data["version"] = agreement.version
    data.pop("parent", None), data.pop("replaces", None), data.pop("follow_up_on", None)
    response = client.post(edit, data)
    assert response.status_code == 302, response.context["form"].errors
    page = client.get(agreement.get_absolute_url()).content.decode()
    assert "Samarbetsavtal för ungdomsmottagningarna" in page
    assert "tills ett nytt finns, senast 31 december 2024" in page
    assert "från 31 december 2022 till 31 december 2024" in page
    assert "blev" in page and "Framöver heter det samarbetsavtal." in page
    assert list(agreement.events.order_by("pk").values_list("kind", flat=True)) == ["created", "extended", "renamed"]


def test_the_status_of_an_agreement_reads_antaget_not_a_budgets_fastställd(
    personas: Personas, login: Callable[[str], Any]
) -> None:
    """The word for "adopted" agrees with its noun in Swedish: ett avtal is "antaget" (en
    rekommendation "antagen", tests/referrals/test_outcome.py; en budget "fastställd",
    tests/finance/test_budgets.py)."""
    agreement = make(personas, "antaget-avtal", status="adopted")
    form = login("secretary").get(reverse("agreements:edit", kwargs={"key": agreement.key})).content.decode()
    assert '<option value="adopted" selected>antaget</option>' in form


def test_a_versions_date_reads_antagen_as_the_version_is_en_version(
    personas: Personas, login: Callable[[str], Any]
) -> None:
    """ "Adopted on" is a version's date: the form asks "Antagen den" (3 mars 2026), the versions
    table heads its column "Antagen"; neither "Antaget" (the agreement's status word)."""
    agreement = agreement_world(personas)
    form = login("secretary").get(reverse("agreements:version_add", kwargs={"key": agreement.key})).content.decode()
    assert re.search(r"<label[^>]*>Antagen den\b", form)
    page = login("anonymous").get(agreement.get_absolute_url()).content.decode()
    assert '<th scope="col">Antagen</th>' in page
    assert "Antaget" not in form and "Antaget" not in page


def test_the_recommendation_an_agreement_is_adopted_through_is_named_as_a_thing(
    personas: Personas, login: Callable[[str], Any]
) -> None:
    """The field's label names the recommendation ("Rekommendation som avtalet antas genom"),
    not a clause ("Antas genom rekommendationen"): read where it is shown, the admin's form."""
    agreement = agreement_world(personas)
    page = login("administrator").get(reverse("admin:agreements_agreement_change", args=[agreement.pk]))
    assert page.status_code == 200
    assert "Rekommendation som avtalet antas genom" in page.content.decode()


def test_a_secretary_adds_a_version_and_the_public_downloads_it(
    personas: Personas, login: Callable[[str], Any]
) -> None:
    agreement = make(personas, "med-text")
    data = pdf_bytes(2)
    response = login("secretary").post(
        reverse("agreements:version_add", kwargs={"key": agreement.key}),
        {"label": "2022", "adopted_on": "2022-04-28", "file": SimpleUploadedFile("avtal-2022.pdf", data)},
    )
    assert response.status_code == 302
    version = agreement.versions.get()
    download = login("anonymous").get(
        reverse("agreements:version_file", kwargs={"key": agreement.key, "pk": version.pk})
    )
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == data  # type: ignore[attr-defined]
    refused = login("secretary").post(
        reverse("agreements:version_add", kwargs={"key": agreement.key}),
        {"label": "2023", "file": SimpleUploadedFile("avtal.pdf", b"MZ\x90\x00 not a document")},
    )
    assert refused.status_code == 200
    assert refused.context["form"].errors == {
        "file": ["Filen är varken en PDF-fil eller ett Word-dokument (DOCX) och kan inte läsas."]
    }
    assert agreement.versions.count() == 1


def test_a_stale_form_keeps_what_was_typed_and_saves_nothing(personas: Personas, login: Callable[[str], Any]) -> None:
    agreement = make(personas, "krock")
    services.agreement_update(
        actor=personas.administrator, agreement=agreement, version=agreement.version, summary="Sparat av någon annan"
    )
    response = login("secretary").post(
        reverse("agreements:edit", kwargs={"key": agreement.key}),
        {
            "version": 1,
            "title": agreement.title,
            "kind": "accord",
            "status": "adopted",
            "body": personas.body.pk,
            "summary": "Min text",
            "public": "on",
        },
    )
    assert response.status_code == 200
    assert "Min text" in response.content.decode()
    assert Agreement.objects.get(pk=agreement.pk).summary == "Sparat av någon annan"


def test_the_list_and_the_page_make_as_many_queries_with_twice_the_data(
    personas: Personas, login: Callable[[str], Any]
) -> None:
    client = login("anonymous")

    def counts() -> tuple[int, int, int, int]:
        agreement = Agreement.objects.order_by("pk").first()
        assert agreement is not None
        result = []
        for url in (
            reverse("agreements:list"),
            agreement.get_absolute_url(),
            reverse("api:agreement_list"),
            reverse("api:agreement_detail", kwargs={"key": agreement.key}),
        ):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            result.append(len(queries))
        return tuple(result)  # type: ignore[return-value]

    def add(n: int, offset: int) -> None:
        first = Agreement.objects.order_by("pk").first()
        for i in range(offset, offset + n):
            extra = PrincipalFactory(key=f"part-{i}", name=f"Part {i}")
            agreement = make(
                personas,
                f"avtal-{i}",
                parent=first,
                parties=[personas.principal, extra],
                valid_until=datetime.date(2030, 1, 1),
            )
            services.version_add(actor=None, agreement=first or agreement, upload=pdf_upload(), label=f"v{i}")
            services.agreement_extend(
                actor=None,
                agreement=agreement,
                version=agreement.version,
                until=datetime.date(2031, 1, 1),
                until_replaced=True,
            )

    make(personas, "forsta")
    add(3, 0)
    before = counts()
    add(6, 3)
    assert counts() == before
    assert before[0] <= 3 and before[1] <= 8


# --- Open data and search -------------------------------------------------------------------


def test_the_api_lists_public_agreements_with_parties_and_state(
    personas: Personas, login: Callable[[str], Any]
) -> None:
    agreement = agreement_world(personas)
    make(personas, "utkastet", status="draft")
    body = login("anonymous").get(reverse("api:agreement_list")).json()
    assert [a["key"] for a in body["items"]] == [agreement.key]
    item = body["items"][0]
    assert item["state"] == validity_state(agreement, datetime.date.today())
    assert [p["key"] for p in item["parties"]] == ["grannkommun", "testkommun"]
    detail = login("anonymous").get(reverse("api:agreement_detail", kwargs={"key": agreement.key})).json()
    assert detail["versions"][0]["label"] == "2024"
    assert detail["events"][0]["kind"] == "created"
    assert login("anonymous").get(reverse("api:agreement_detail", kwargs={"key": "utkastet"})).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_search_finds_a_public_agreement_by_a_stemmed_word_and_never_a_draft(personas: Personas) -> None:
    make(personas, "ungdom", title="Samarbetsavtal för ungdomsmottagningarna", summary="Avtalet gäller länet.")
    make(personas, "hemligt", title="Utkast om ungdomsmottagningar", status="draft")
    public = search("ungdomsmottagning", public_only=True)
    assert [hit.entry.title for hit in public.hits if hit.entry.type == "agreement"] == [
        "Samarbetsavtal för ungdomsmottagningarna"
    ]
    everything = search("ungdomsmottagning", public_only=False)
    assert {hit.entry.title for hit in everything.hits if hit.entry.type == "agreement"} == {
        "Samarbetsavtal för ungdomsmottagningarna",
        "Utkast om ungdomsmottagningar",
    }
    assert [hit.entry.title for hit in search("avtal", public_only=True).hits if hit.entry.type == "agreement"] == [
        "Samarbetsavtal för ungdomsmottagningarna"
    ]
