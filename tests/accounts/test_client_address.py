"""Which address the log-in limits count (samverkan.accounts.adapters.client_address)."""

from __future__ import annotations

import pytest
from django.test import RequestFactory, override_settings

from samverkan.accounts.adapters import client_address

pytestmark = pytest.mark.django_db  # the folder's fixture empties the shared cache, a table


def address(trusted: int, forwarded: str | None, remote: str = "10.0.0.5") -> str | None:
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    request = RequestFactory().get("/", REMOTE_ADDR=remote, **headers)
    with override_settings(TRUSTED_PROXIES=trusted):
        return client_address(request)


@pytest.mark.parametrize(
    ("trusted", "forwarded", "expected"),
    [
        (0, "198.51.100.7", "10.0.0.5"),  # no proxy trusted: the header is the client's own words
        (1, "198.51.100.7", "198.51.100.7"),
        (1, "192.0.2.99, 198.51.100.7", "198.51.100.7"),  # what the client wrote first is not believed
        (2, "192.0.2.99, 198.51.100.7, 10.0.0.9", "198.51.100.7"),  # load balancer, then nginx
        (2, "198.51.100.7", "10.0.0.5"),  # shorter than the chain: did not come through it
        (1, None, "10.0.0.5"),
        (1, "", "10.0.0.5"),
        (1, "not-an-address", "10.0.0.5"),
        (1, " 2001:db8::1 ", "2001:db8::1"),
        (1, "[2001:db8::2]", "2001:db8::2"),
    ],
)
def test_the_client_is_counted_by_the_trusted_proxies(trusted: int, forwarded: str | None, expected: str) -> None:
    assert address(trusted, forwarded) == expected
