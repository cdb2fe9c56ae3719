"""Who may use the subscription pages (see samverkan/core/access.py): anyone, since the signed
links from the mails are the authorisation; a member's one click needs a log-in."""

from samverkan.core.access import AUTHENTICATED, PUBLIC

URL_POLICIES = {
    "subscriptions:subscribe": PUBLIC,
    "subscriptions:requested": PUBLIC,
    "subscriptions:confirm": PUBLIC,
    "subscriptions:manage_request": PUBLIC,
    "subscriptions:unsubscribe": PUBLIC,
    "subscriptions:manage": PUBLIC,
    "subscriptions:member": AUTHENTICATED,
}
