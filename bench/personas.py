"""The benchmark's logged-in users, and their sessions made through the real log-in.

The generated data has no accounts. For the logged-in screens the probe (its own process, with
the server's settings and database, never the server) makes two bench users in the bench
database, each with a password and a TOTP authenticator (the second factor):

- `bench-sekreterare`, secretary of the body of the measured meeting and of the body that sent
  the measured recommendation;
- `bench-registrator`, registrar of the principal with the most recommendations awaiting an
  answer.

Each logs in through allauth's own pages, as a person would: the log-in form with the password,
then the second factor's form with the current TOTP code (computed from the authenticator's
secret, as the person's phone would). The session cookie that log-in gives is what wrk sends.
Nothing in the application is bypassed or changed for the benchmark; the users' password and
TOTP secret are made anew on every run (the secret is encrypted with the run's SECRET_KEY).
"""

from __future__ import annotations

import re
import secrets
import time
from typing import Any

SECRETARY = "bench-sekreterare"
REGISTRAR = "bench-registrator"
USERS = {
    "secretary": (SECRETARY, "Sekreterare", "Bänk"),
    "registrar": (REGISTRAR, "Registrator", "Bänk"),
}
_CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


class LoginFailed(RuntimeError):
    pass


def _missing(reason: str) -> Exception:
    from bench.probe import Missing

    return Missing(reason)


def user(persona: str) -> Any:
    from django.contrib.auth import get_user_model

    username, first, last = USERS[persona]
    found = get_user_model().objects.filter(username=username).first()
    if found is None:
        found = get_user_model().objects.create(
            username=username, email=f"{username}@bench.invalid", first_name=first, last_name=last
        )
    return found


def _credentials(account: Any) -> tuple[str, str]:
    """A fresh password and TOTP secret for the run."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    password = secrets.token_urlsafe(24)
    account.set_password(password)
    account.save(update_fields=["password"])
    Authenticator.objects.filter(user=account, type=Authenticator.Type.TOTP).delete()
    secret = generate_totp_secret()
    TOTP.activate(account, secret)
    return password, secret


def _csrf(response: Any) -> str:
    match = _CSRF.search(response.content)
    if match is None:
        raise LoginFailed(f"no CSRF token on {response.request['PATH_INFO']} (HTTP {response.status_code})")
    return match.group(1).decode()


def log_in(account: Any) -> str:
    """Logs in through allauth's log-in and second-factor forms (CSRF checks on); returns the
    session key."""
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
    from django.conf import settings
    from django.test import Client

    password, secret = _credentials(account)
    for _attempt in range(3):
        client = Client(HTTP_HOST="127.0.0.1", enforce_csrf_checks=True)
        page = client.get("/accounts/login/")
        step = client.post(
            "/accounts/login/", {"login": account.username, "password": password, "csrfmiddlewaretoken": _csrf(page)}
        )
        if step.status_code != 302 or "/2fa/" not in step["Location"]:
            raise LoginFailed(f"the password step answered HTTP {step.status_code}, not the second factor")
        form = client.get(step["Location"])
        code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
        done = client.post(step["Location"], {"code": code, "csrfmiddlewaretoken": _csrf(form)})
        session = client.cookies.get(settings.SESSION_COOKIE_NAME)
        if done.status_code == 302 and session is not None and client.get("/konto/").status_code != 302:
            return str(session.value)
        time.sleep(31 - time.time() % 30)  # the code was used already in this window: the next one
    raise LoginFailed(f"{account.username} could not log in with the second factor")


def sessions(meeting_pk: int) -> dict[str, str]:
    """Gives the bench users their roles and logs each in; persona -> session key."""
    from samverkan.meetings.models import Meeting

    secretary = user("secretary")
    meeting = Meeting.objects.select_related("body").get(pk=meeting_pk)
    meeting.body.secretaries.add(secretary)
    from bench.probe import _recommendation

    rec_pk = int(_recommendation()[0].strip("/").split("/")[-1])
    from samverkan.referrals.models import Recommendation

    Recommendation.objects.get(pk=rec_pk).body.secretaries.add(secretary)
    registrar = user("registrar")
    principal, _n = registrar_principal()
    principal.registrars.add(registrar)
    return {"secretary": log_in(secretary), "registrar": log_in(registrar)}


def registrar_principal() -> tuple[Any, int]:
    """The principal with the most recommendations awaiting its answer."""
    from django.db.models import Count, Q

    from samverkan.referrals.models import Recommendation
    from samverkan.structure.models import Principal

    found = (
        Principal.objects.annotate(
            n=Count(
                "recommendation_recipients",
                filter=Q(
                    recommendation_recipients__recommendation__status=Recommendation.Status.SENT,
                    recommendation_recipients__current_response__isnull=True,
                ),
            )
        )
        .filter(n__gt=0)
        .order_by("-n", "key")
        .first()
    )
    if found is None:
        raise _missing("no recommendation awaits an answer")
    return found, found.n


def open_recipient() -> Any:
    from samverkan.referrals.models import Recipient, Recommendation

    principal, _n = registrar_principal()
    found = (
        Recipient.objects.filter(
            principal=principal, recommendation__status=Recommendation.Status.SENT, current_response__isnull=True
        )
        .select_related("principal")
        .order_by("recommendation__deadline", "pk")
        .first()
    )
    if found is None:
        raise _missing("no recommendation awaits an answer")
    return found


def import_document(meeting_pk: int) -> Any:
    """The import review page's document: the meeting's own minutes PDF (rendered by the
    application) uploaded again by the secretary, extracted and proposed, as the import does it;
    the plan then compares every item and attendance with what is stored."""
    from django.test import Client

    from samverkan.importer.models import ImportedDocument
    from samverkan.importer.services import import_file
    from samverkan.meetings.models import Meeting

    name = f"bench-protokoll-{meeting_pk}.pdf"
    found = ImportedDocument.objects.filter(original_name=name, status=ImportedDocument.Status.PROPOSED).first()
    if found is not None:
        return found
    meeting = Meeting.objects.select_related("body").get(pk=meeting_pk)
    response = Client(HTTP_HOST="127.0.0.1").get(f"/moten/{meeting_pk}/protokoll.pdf")
    if response.status_code != 200:
        raise _missing(f"the minutes PDF of meeting {meeting_pk} answered HTTP {response.status_code}")
    data = response.getvalue()
    report = import_file(data=data, filename=name, actor=user("secretary"), body=meeting.body, source="web")
    if report.document is None or report.document.status != ImportedDocument.Status.PROPOSED:
        raise _missing(f"the minutes PDF was not proposed for review ({report.result}: {report.message})")
    return report.document
