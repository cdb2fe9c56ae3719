"""Background work of subscriptions (the tasks API, run by `samverkan worker`)."""

from __future__ import annotations

from django_tasks import task


@task()
def send_confirmation(subscription_id: int) -> bool:
    from samverkan.subscriptions import mail

    return mail.confirmation_send(subscription_id)


@task()
def news_due() -> dict[str, int]:
    """Enqueued by the worker's clock every minute: the news of every subscription due."""
    from samverkan.subscriptions import mail

    return mail.due()


@task()
def send_manage_link(subscription_id: int) -> bool:
    from samverkan.subscriptions import mail

    return mail.manage_link_send(subscription_id)


@task()
def agreement_alerts_due() -> dict[str, int]:
    """Enqueued by the worker's clock: the alerts before agreements end or are followed up."""
    from samverkan.subscriptions import alerts

    return alerts.due()
