"""`samverkan demo`: the example structures, the seeds' meetings and recommendations, and demo
accounts per role.

It lives in publishing because it uses every domain app (structure, meetings, ...)."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from samverkan.publishing.demo_meetings import load_demo_meetings
from samverkan.publishing.demo_referrals import load_demo_referrals
from samverkan.structure import services
from samverkan.structure.loader import load_structure
from samverkan.structure.models import Body, Person, Principal

EXAMPLES = ["vastra-gotaland.yaml", "vasterbotten.yaml"]


class Command(BaseCommand):
    help = "Load the demo data (both example counties) and (re)set the demo accounts' password."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--password", help="password for the demo accounts (default: a new random one)")

    def handle(self, *args: Any, **options: Any) -> None:
        examples = Path(settings.BASE_DIR) / "examples"
        for name in EXAMPLES:
            report = load_structure(examples / name)
            self.stdout.write(f"{name}: {report.summary}")
        password = options["password"] or secrets.token_urlsafe(9)
        with transaction.atomic():
            accounts = self._accounts(password)
            admin = get_user_model().objects.get(username="admin")
            for line in load_demo_meetings(actor=admin):
                self.stdout.write(line)
            for line in load_demo_referrals(actor=admin):
                self.stdout.write(line)
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS("Demo accounts (log in at http://127.0.0.1:8000/accounts/login/):"))
        for username, role in accounts:
            self.stdout.write(f"  {username:<14} {role}")
        self.stdout.write(f"  password for all: {password}")

    def _user(self, username: str, password: str, **fields: Any) -> Any:
        User = get_user_model()
        user, _created = User.objects.get_or_create(
            username=username, defaults={"email": f"{username}@demo.invalid", **fields}
        )
        user.set_password(password)
        user.save()
        return user

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
