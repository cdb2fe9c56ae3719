"""What subscriptions add to lower apps' pages (registered in apps.py, see core/sections.py):
on an agreement's page, for those who may edit it, the alerts before it ends or is followed up,
sent and to come (issue 16, point 4)."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from samverkan.agreements.models import months_before
from samverkan.agreements.permissions import may_edit
from samverkan.core import sections
from samverkan.subscriptions.models import AgreementAlert


def agreement_alerts(request: HttpRequest | None, agreement: Any) -> dict[str, Any]:
    """The log of the agreement's alerts and the next ones due (two queries), or nothing for
    someone who may not edit the agreement."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not may_edit(user, agreement):
        return {"shown": False}
    today = timezone.localdate()
    sent = list(AgreementAlert.objects.filter(agreement=agreement).order_by("-at", "-months"))
    logged = {(a.occasion, a.on, a.months) for a in sent}
    coming: list[tuple[datetime.date, Any, datetime.date, int]] = []
    if agreement.status == agreement.Status.ADOPTED:
        for occasion, on in (
            (AgreementAlert.Occasion.END, agreement.valid_until),
            (AgreementAlert.Occasion.FOLLOW_UP, agreement.follow_up_on),
        ):
            if on is None or on < today:
                continue
            for months in agreement.alert_lead_months:
                when = months_before(on, months)
                if when >= today and (occasion, on, months) not in logged:
                    coming.append((when, AgreementAlert.Occasion(occasion).label, on, months))
    return {"shown": True, "sent": sent, "coming": sorted(coming), "agreement": agreement}


def register() -> None:
    sections.register("agreements:detail", "end", "subscriptions/_agreement_alerts.html", agreement_alerts)
