"""`samverkan demo`: the example structures, the five seed documents imported through the importer
(applied at once, marked as imported), what the importer cannot know layered on top (the board's
2019 dates, the notes and minutes drawn up and published, ...), the seeds' recommendations and
agreements, and demo accounts per role.

The seeds are read from ../shared/seeds/ next to the project. Without them the import is skipped
(with a warning) and the seeds' meetings are built by hand (samverkan/publishing/demo_meetings.py).
Running it again changes nothing: the importer reports the seeds as unchanged.

It lives in publishing because it uses every domain app (structure, meetings, ...)."""

from __future__ import annotations

import secrets
from collections import Counter
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Exists, OuterRef, Value
from django.db.models.functions import Concat
from django.utils import timezone

from samverkan.importer import services as import_services
from samverkan.importer.models import ImportBatch, ImportedDocument
from samverkan.publishing.demo_agreements import load_demo_agreements
from samverkan.publishing.demo_finance import load_demo_finance
from samverkan.publishing.demo_followup import load_demo_followup
from samverkan.publishing.demo_meetings import load_demo_meetings
from samverkan.publishing.demo_referrals import load_demo_referrals
from samverkan.structure import services
from samverkan.structure.loader import load_structure
from samverkan.structure.models import Body, Person, Population, Principal
from samverkan.structure.population_files import match_rows, read_population_file
from samverkan.structure.services import population_load

EXAMPLES = ["vastra-gotaland.yaml", "vasterbotten.yaml"]
SOURCE = "cli:demo"
MAIL_DOMAIN = "example.org"  # reserved for examples (RFC 2606): mail to it never reaches anyone


def seeds_dir() -> Path:
    return Path(settings.BASE_DIR).parent / "shared" / "seeds"


class Command(BaseCommand):
    help = "Load the demo data (both example counties) and (re)set the demo accounts' password."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--password", help="password for the demo accounts (default: a new random one)")

    def handle(self, *args: Any, **options: Any) -> None:
        examples = Path(settings.BASE_DIR) / "examples"
        for name in EXAMPLES:
            report = load_structure(examples / name)
            self.stdout.write(f"{name}: {report.summary}")
        self._populations()
        password = options["password"] or secrets.token_urlsafe(9)
        with transaction.atomic():
            accounts = self._accounts(make_password(password))
        admin = get_user_model().objects.get(username="admin")
        self._import_seeds(admin)
        with transaction.atomic():
            for line in load_demo_meetings(actor=admin):
                self.stdout.write(line)
            # After the meetings: without the seeds they add people of their own, who would
            # otherwise get their addresses only from a second run. Before the recommendations,
            # which are mailed to the registrars.
            registrars = self._mail_addresses(admin, make_password(password))
            for line in load_demo_referrals(actor=admin):
                self.stdout.write(line)
            for line in load_demo_followup(actor=admin):
                self.stdout.write(line)
        for line in load_demo_agreements(actor=admin):
            self.stdout.write(line)
        for line in load_demo_finance(actor=admin):
            self.stdout.write(line)
        if registrars:
            accounts.append(("registrator.<key>", f"registrar of each of {registrars} other principals"))
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Demo accounts (log in at {settings.SITE_URL}/accounts/login/):"))
        for username, role in accounts:
            self.stdout.write(f"  {username:<14} {role}")
        self.stdout.write(f"  password for all: {password}")

    def _populations(self) -> None:
        """The official figures of ../shared/data (SCB, 31 December 2016-2021), as
        `samverkan load population` loads them; a second run finds them unchanged."""
        folder = Path(settings.BASE_DIR).parent / "shared" / "data"
        files = sorted(folder.glob("population-*.csv")) if folder.is_dir() else []
        if not files:
            self.stdout.write(
                self.style.WARNING(f"No population files in {folder}: the demo has no population figures.")
            )
            return
        created = unchanged = 0
        for path in files:
            parsed = read_population_file(path.read_bytes(), filename=path.name)
            load = population_load(
                actor=None, figures=match_rows(parsed.rows).figures, population_source=parsed.source, source=SOURCE
            )
            created, unchanged = created + len(load.created), unchanged + len(load.unchanged)
        self.stdout.write(f"Population ({len(files)} files in {folder}): created {created}, unchanged {unchanged}.")
        self._region_populations(folder / "municipalities.csv")

    def _region_populations(self, municipalities: Path) -> None:
        """A region's population is its county's (län): the sum of its municipalities, as SCB's
        BE0101N1 counts it. Recorded for each date on which every municipality of the county (by
        SCB's list of the 290) has a figure, so the population rule of a recommendation to the
        region and its municipalities works in the demo."""
        if not municipalities.is_file():
            return
        codes = [line.split(",")[0] for line in municipalities.read_text(encoding="utf-8").splitlines()[1:] if line]
        created = 0
        for region in Principal.objects.filter(kind=Principal.Kind.REGION).exclude(scb_code=""):
            county = sorted(code for code in codes if code.startswith(region.scb_code) and len(code) == 4)
            by_date: dict[Any, list[int]] = {}
            for figure in Population.objects.filter(principal__scb_code__in=county):
                by_date.setdefault(figure.reference_date, []).append(figure.inhabitants)
            for day, figures in sorted(by_date.items()):
                if len(figures) != len(county):
                    continue
                _figure, new = services.population_record(
                    actor=None,
                    principal=region,
                    reference_date=day,
                    inhabitants=sum(figures),
                    population_source=f"SCB BE0101N1: summan av länets {len(county)} kommuner",
                    source=SOURCE,
                )
                created += int(new)
        self.stdout.write(f"Population of the regions (sum of their municipalities): created {created}.")

    def _import_seeds(self, admin: Any) -> None:
        """Import the seed documents as `samverkan import --apply` does (each file in its own
        transaction), reporting what the importer created. A batch is recorded only when there
        is something new to import."""
        folder = seeds_dir()
        files = sorted(folder.glob("*.txt")) if folder.is_dir() else []
        if not files:
            self.stdout.write(
                self.style.WARNING(
                    f"No seed documents in {folder}: the import is skipped, "
                    "the seeds' meetings are built by hand instead."
                )
            )
            return
        contents = [(path, path.read_bytes()) for path in files]
        batch = None
        if any(import_services.existing_document(data) is None for _path, data in contents):
            batch = ImportBatch.objects.create(source=ImportBatch.Source.CLI, total=len(contents), created_by=admin)
        totals: Counter[str] = Counter()
        entries = []
        for path, data in contents:
            report = import_services.import_file(
                data=data, filename=path.name, actor=admin, batch=batch, apply=True, source=SOURCE
            )
            totals[report.result] += 1
            entries.append(
                {
                    "name": path.name,
                    "document": report.document.pk if report.document else None,
                    "outcome": report.result,
                    "message": report.message,
                }
            )
            line = f"Import {path.name}: {report.result}{self._created(report.document, report.result)}"
            if report.message and report.result not in ("created", "updated"):
                line += f" ({report.message})"
            self.stdout.write(self.style.ERROR(line) if report.result == "failed" else line)
        if batch is not None:
            ImportBatch.objects.filter(pk=batch.pk).update(
                entries=entries,
                processed=len(contents),
                created=totals["created"],
                updated=totals["updated"],
                unchanged=totals["unchanged"],
                failed=totals["failed"],
                finished_at=timezone.now(),
            )
        summary = ", ".join(f"{count} {result}" for result, count in sorted(totals.items()))
        self.stdout.write(f"Import of the seeds ({folder}): {summary}.")

    @staticmethod
    def _created(document: ImportedDocument | None, result: str) -> str:
        """What applying the document created, as a person reads it."""
        if document is None or result not in ("created", "updated"):
            return ""
        document.refresh_from_db()  # applying worked on its own copy
        created = document.applied.get("created") or {}
        counts = ", ".join(
            f"{len(created.get(key) or [])} {label}"
            for key, label in [("items", "items"), ("attendances", "attendance rows"), ("people", "new people")]
        )
        meeting = f"the meeting {document.meeting}" if created.get("meeting") else f"{document.meeting}"
        return f" — {meeting}: {counts}"

    def _user(self, username: str, password: str, **fields: Any) -> Any:
        """The demo account `username` with an address in the reserved domain; `password` is
        already hashed (once for all the accounts: hashing is slow on purpose)."""
        User = get_user_model()
        user, _created = User.objects.get_or_create(username=username, defaults=fields)
        user.email = f"{username}@{MAIL_DOMAIN}"
        user.password = password
        user.save()
        return user

    def _mail_addresses(self, admin: Any, password: str) -> int:
        """Addresses in a reserved domain (RFC 2606), so that notices, adjustment links and
        recommendations really go out (`make run` prints them on the console): every person
        without an address of their own or a linked account, and a registrar account
        `registrator.<key>` for every principal without a registrar who can be mailed. The
        member account's person keeps no address of its own: it is mailed at the account's. A
        second run adds nothing (and resets the registrars' password). Returns the number of
        these registrar accounts."""
        people = 0
        for person in Person.objects.filter(email="", user__isnull=True):
            services.person_update(actor=admin, person=person, email=f"{person.key}@{MAIL_DOMAIN}", source=SOURCE)
            people += 1
        User = get_user_model()
        reachable = User.objects.filter(registrar_of=OuterRef("pk"), is_active=True).exclude(email="")
        ours = User.objects.filter(username=Concat(Value("registrator."), OuterRef("key")))
        added = 0
        for principal in Principal.objects.filter(~Exists(reachable) | Exists(ours)).order_by("key"):
            user = self._user(
                f"registrator.{principal.key}", password, first_name="Registrator", last_name=principal.name
            )
            added += services.registrar_grant(actor=admin, principal=principal, user=user, source=SOURCE)
        self.stdout.write(f"E-mail addresses in {MAIL_DOMAIN}: {people} people, {added} registrars added.")
        return User.objects.filter(username__startswith="registrator.").count()

    def _accounts(self, password: str) -> list[tuple[str, str]]:
        accounts = []
        admin = self._user("admin", password, is_staff=True, is_superuser=True)
        accounts.append(("admin", "administrator"))
        sro = Body.objects.filter(key="sro").first()
        if sro is not None:
            secretary = self._user("sekreterare", password, first_name="Demo", last_name="Sekreterare")
            services.secretary_grant(actor=admin, body=sro, user=secretary, source="cli:demo")
            accounts.append(("sekreterare", f"secretary of {sro.name}"))
        goteborg = Principal.objects.filter(key="goteborg").first()
        if goteborg is not None:
            registrar = self._user("registrator", password, first_name="Demo", last_name="Registrator")
            services.registrar_grant(actor=admin, principal=goteborg, user=registrar, source="cli:demo")
            accounts.append(("registrator", f"registrar of {goteborg.name}"))
        person = Person.objects.filter(key="ulf-olsson").first()
        if person is not None:
            member = self._user("ledamot", password, first_name="Ulf", last_name="Olsson")
            if person.user_id != member.pk:
                services.person_update(actor=admin, person=person, user=member, source="cli:demo")
            accounts.append(("ledamot", f"member ({person.name})"))
        return accounts
