"""What the acceptance run adds to the demo before meine-stadt-transparent reads it: the demo has
no attachment on an agenda item, nothing confidential and no draft, so the run adds, through the
services the secretary's pages use, to VästKom's board meeting planned for 2 April 2019:

* a public agenda item with a PDF paper (a File the importer must download),
* a confidential agenda item with a PDF paper (neither may reach the importer),

and a draft recommendation of the board with a PDF paper (neither may reach it). The papers are
read by the worker (`samverkan worker --batch`, which the driver runs next) as uploads are.

Run in Samverkan's own environment: `python -m tools.oparl_acceptance.seed`; prints the OParl
ids of what it added as JSON."""

from __future__ import annotations

import datetime
import json
import os

PUBLIC_TITLE = "Acceptanstest: offentlig punkt med bilaga"
SECRET_TITLE = "Acceptanstest: sekretessbelagd punkt"  # noqa: S105 - a title, not a password
DRAFT_TITLE = "Acceptanstest: utkast till rekommendation"


def pdf(text: str) -> bytes:
    from weasyprint import HTML

    data: bytes = HTML(string=f"<html lang='sv'><body><h1>{text}</h1><p>{text}.</p></body></html>").write_pdf()
    return data


def seed() -> dict[str, str]:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import transaction

    from samverkan.api.oparl.objects import object_url
    from samverkan.meetings import services as meeting_services
    from samverkan.meetings.models import Meeting
    from samverkan.referrals import services as referral_services
    from samverkan.structure.models import Body

    board = Body.objects.get(key="vastkom-styrelse")
    meeting = Meeting.objects.get(body=board, start__date=datetime.date(2019, 4, 2))
    with transaction.atomic():
        public = meeting_services.item_add(actor=None, meeting=meeting, title=PUBLIC_TITLE, kind="information")
        public_paper = meeting_services.attachment_add(
            actor=None,
            item=public,
            upload=SimpleUploadedFile("bilaga.pdf", pdf(PUBLIC_TITLE), content_type="application/pdf"),
            title="Acceptanstestets bilaga",
        )
        secret = meeting_services.item_add(
            actor=None, meeting=meeting, title=SECRET_TITLE, kind="information", confidential=True
        )
        secret_paper = meeting_services.attachment_add(
            actor=None,
            item=secret,
            upload=SimpleUploadedFile("hemlig.pdf", pdf(SECRET_TITLE), content_type="application/pdf"),
            title="Hemlig bilaga",
        )
        draft = referral_services.recommendation_create(
            actor=None,
            body=board,
            principals=list(board.owners.all()[:3]),
            title=DRAFT_TITLE,
            question="Kommunen ställer sig bakom utkastet.",
            deadline=datetime.date(2019, 6, 30),
            source="acceptance",
        )
        draft_paper = referral_services.paper_add(
            actor=None,
            recommendation=draft,
            upload=SimpleUploadedFile("utkast.pdf", pdf(DRAFT_TITLE), content_type="application/pdf"),
            title="Utkastets handling",
            source="acceptance",
        )
    return {
        "public_item": object_url("agendaItem", public.pk),
        "public_file": object_url("file", f"bilaga-{public_paper.pk}"),
        "secret_item": object_url("agendaItem", secret.pk),
        "secret_file": object_url("file", f"bilaga-{secret_paper.pk}"),
        "draft_paper": object_url("paper", draft.pk),
        "draft_file": object_url("file", f"handling-{draft_paper.pk}"),
    }


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    print(json.dumps(seed()))


if __name__ == "__main__":
    main()
