"""Money as open data: the public records with their computed figures in öre, nothing that is
not public, JSON 404 for an unknown or hidden key, and a principal's payments and receipts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from samverkan.finance.models import Allocation
from tests.support import Personas, finance_world

pytestmark = pytest.mark.django_db


def test_the_money_records_are_open_data(personas: Personas, login: Callable[[str], Any]) -> None:
    world = finance_world(personas)
    client = login("anonymous")
    index = client.get(reverse("api:money_index")).json()
    assert [r["key"] for r in index["allocations"]] == ["testfordelning"]
    assert [r["key"] for r in index["fees"]] == ["testavgift"]
    assert [r["key"] for r in index["budgets"]] == ["testbudget"]
    allocation = client.get(reverse("api:allocation_detail", kwargs={"key": world.allocation.key})).json()
    assert allocation["amount_ore"] == 30_000_000
    assert [(s["principal"], s["inhabitants"], s["amount_ore"]) for s in allocation["shares"]] == [
        ("grannkommun", 3000, 22_500_000),
        ("testkommun", 1000, 7_500_000),
    ]
    fee = client.get(reverse("api:fee_detail", kwargs={"key": world.fee.key})).json()
    assert [(p["payer"], p["inhabitants"], p["amount_ore"]) for p in fee["payers"]] == [
        ("grannkommun", 3000, 600_000),
        ("testkommun", 1000, 200_000),
    ]
    assert fee["total_ore"] == 800_000
    budget = client.get(reverse("api:budget_detail", kwargs={"key": world.budget.key})).json()
    assert (budget["income_ore"], budget["net_ore"], budget["lines"][0]["name"]) == (800_000, 800_000, "Avgifter")
    money = client.get(reverse("api:principal_money", kwargs={"key": personas.principal.key})).json()
    assert [(m["year"], m["direction"], m["amount_ore"]) for m in money] == [
        (2024, "pays", 200_000),
        (2024, "receives", 7_500_000),
    ]


def test_a_hidden_or_unknown_record_is_a_json_404(personas: Personas, login: Callable[[str], Any]) -> None:
    world = finance_world(personas)
    Allocation.objects.filter(pk=world.allocation.pk).update(public=False)
    client = login("anonymous")
    response = client.get(reverse("api:allocation_detail", kwargs={"key": world.allocation.key}))
    assert response.status_code == 404 and response["Content-Type"].startswith("application/json")
    assert client.get(reverse("api:money_index")).json()["allocations"] == []
    assert client.get(reverse("api:fund_detail", kwargs={"key": "nope"})).status_code == 404
    assert client.get(reverse("api:principal_money", kwargs={"key": "nope"})).status_code == 404
