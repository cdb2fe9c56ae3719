"""Background work of the core (the tasks API, run by `samverkan worker`)."""

from __future__ import annotations

from django.core.mail import EmailMultiAlternatives
from django_tasks import task


@task()
def send_rendered(subject: str, body: str, from_email: str, to: list[str], html: str = "") -> None:
    """Send a message rendered in the request (allauth's password-reset and security mails), so
    that every mail goes through the queue: a slow or refusing mail server never holds a page."""
    message = EmailMultiAlternatives(subject=subject, body=body, from_email=from_email, to=to)
    if html:
        message.attach_alternative(html, "text/html")
    message.send()
