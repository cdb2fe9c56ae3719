"""The subscription pages: subscribe (anyone, no account), confirm, unsubscribe with one click
(also RFC 8058's POST from a mail program), one's subscriptions by a signed link, and a
member's one click for their bodies. The pages never show an address, nor tell whether one
subscribes."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from samverkan.agreements.selectors import public_agreements
from samverkan.core.editing import errors_to_form
from samverkan.referrals.selectors import public_recommendations
from samverkan.structure.models import Body, Principal
from samverkan.structure.roles import roles_of
from samverkan.subscriptions import links, services, tasks
from samverkan.subscriptions.forms import ManageLinkForm, SubscribeForm
from samverkan.subscriptions.models import Subscription

# The query parameter naming what to follow -> the topic.
PARAMETERS = {
    "organ": Subscription.Topic.BODY,
    "huvudman": Subscription.Topic.PRINCIPAL,
    "rekommendation": Subscription.Topic.RECOMMENDATION,
    "avtal": Subscription.Topic.AGREEMENT,
    "sok": Subscription.Topic.SEARCH,
}


def _what(request: HttpRequest) -> tuple[str, Any, str, str, str]:
    """(topic, the followed object, search query string, label, parameter) from the query
    string; 404 for anything the public cannot see."""
    for parameter, topic in PARAMETERS.items():
        value = request.GET.get(parameter, "").strip()
        if not value:
            continue
        found: Any = None
        if topic == Subscription.Topic.BODY:
            found = Body.objects.filter(key=value).first()
        elif topic == Subscription.Topic.PRINCIPAL:
            found = Principal.objects.filter(key=value).first()
        elif topic == Subscription.Topic.RECOMMENDATION and value.isdigit():
            found = public_recommendations().filter(pk=int(value)).first()
        elif topic == Subscription.Topic.AGREEMENT:
            found = public_agreements().filter(key=value).first()
        elif topic == Subscription.Topic.SEARCH:
            q = (parse_qs(value).get("q") or [""])[0].strip()
            if q and len(value) <= 500:
                return topic, None, value, q, urlencode({parameter: value})
        if found is not None:
            label = getattr(found, "name", None) or found.title
            return topic, found, "", label, urlencode({parameter: value})
    raise Http404


def _client(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def subscribe(request: HttpRequest) -> HttpResponse:
    topic, subject, query, label, parameter = _what(request)
    form = SubscribeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.subscription_request(
                email=form.cleaned_data["email"],
                client=_client(request),
                topic=topic,
                frequency=form.cleaned_data["frequency"],
                subject=subject,
                query=query,
            )
        except services.RateLimited:
            return render(request, "subscriptions/limited.html", status=429)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            return redirect("subscriptions:requested")
    context = {"form": form, "label": label, "topic": topic, "parameter": parameter}
    return render(request, "subscriptions/subscribe.html", context)


def requested(request: HttpRequest) -> HttpResponse:
    return render(request, "subscriptions/requested.html")


def _bad_link(request: HttpRequest, reason: str) -> HttpResponse:
    return render(request, "subscriptions/bad_link.html", {"expired": reason == "expired"}, status=404)


def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows the button (mail scanners that follow links confirm nothing); POST confirms."""
    try:
        pk = links.confirm_read(token)
    except links.BadLink as exc:
        return _bad_link(request, exc.reason)
    subscription = Subscription.objects.filter(pk=pk).first()
    if subscription is None:
        return _bad_link(request, "gone")
    confirmed = subscription.confirmed_at is not None
    if request.method == "POST" and not confirmed:
        services.subscription_confirm(subscription=subscription)
        confirmed = True
    context = {
        "subscription": subscription,
        "confirmed": confirmed,
        "manage": links.manage_url(subscription.pk) if confirmed else "",
    }
    return render(request, "subscriptions/confirm.html", context)


@csrf_exempt  # RFC 8058: the mail program posts "List-Unsubscribe=One-Click" without a session
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows the one button; POST (the button, or the mail program's one-click POST) ends
    the subscription. The signed link is the authorisation."""
    try:
        pk = links.unsubscribe_read(token)
    except links.BadLink as exc:
        return _bad_link(request, exc.reason)
    subscription = (
        Subscription.objects.select_related("body", "principal", "recommendation", "agreement").filter(pk=pk).first()
    )
    if request.method == "POST" and subscription is not None:
        label = subscription.subject_label
        services.subscription_cancel(subscription=subscription)
        return render(request, "subscriptions/unsubscribed.html", {"label": label})
    if subscription is None:
        return render(request, "subscriptions/unsubscribed.html", {"label": ""})
    return render(request, "subscriptions/unsubscribe.html", {"subscription": subscription})


def manage(request: HttpRequest, token: str) -> HttpResponse:
    """Every subscription of the address the link was sent to, each with its own button to end it."""
    try:
        pk = links.manage_read(token)
    except links.BadLink as exc:
        return _bad_link(request, exc.reason)
    anchor = Subscription.objects.filter(pk=pk).values_list("email", flat=True).first()
    if anchor is None:
        return _bad_link(request, "gone")
    subscriptions = list(
        Subscription.objects.filter(email=anchor).select_related("body", "principal", "recommendation", "agreement")
    )
    rows = [(s, links.unsubscribe_token(s.pk)) for s in subscriptions]
    return render(request, "subscriptions/manage.html", {"rows": rows})


def manage_request(request: HttpRequest) -> HttpResponse:
    """Asks for the link to one's subscriptions: mailed if the address has any; the page says
    the same either way."""
    form = ManageLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"].strip().lower()
        try:
            services.rate_check(email=email, client=_client(request))
        except services.RateLimited:
            return render(request, "subscriptions/limited.html", status=429)
        first = Subscription.objects.filter(email=email).order_by("pk").first()
        if first is not None:
            tasks.send_manage_link.enqueue(first.pk)
        return redirect("subscriptions:requested")
    return render(request, "subscriptions/manage_request.html", {"form": form})


@require_POST
def member_subscribe(request: HttpRequest) -> HttpResponse:
    """A member follows the meeting plans of the bodies they sit in, with one click."""
    bodies = list(roles_of(request.user)["member_of"])
    if not request.user.email:  # type: ignore[union-attr]
        messages.error(request, _("Your account has no e-mail address."))
    elif not bodies:
        messages.info(request, _("You sit in no body."))
    else:
        made = services.member_subscribe(actor=request.user, bodies=bodies)
        messages.success(
            request,
            _("You now follow %(count)s bodies by e-mail; a daily digest is sent when anything changes.")
            % {"count": len(made)}
            if made
            else _("You already follow your bodies by e-mail."),
        )
    return redirect("structure:my_account")
