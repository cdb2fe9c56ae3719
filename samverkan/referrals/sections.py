"""What recommendations add to the structure's pages (registered in apps.py, see
core/sections.py): the principal's decisions, and the body's button for a new recommendation."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from samverkan.core import sections
from samverkan.referrals import selectors
from samverkan.structure.roles import my_roles


def principal_decisions(request: HttpRequest | None, principal: Any) -> dict[str, Any]:
    """Where the principal stands on every recommendation the viewer may see (one query)."""
    return {
        "principal": principal,
        "decisions": selectors.decisions_of(principal, getattr(request, "user", None)),
        "request": request,
    }


def body_actions(request: HttpRequest | None, body: Any) -> dict[str, Any]:
    return {"body": body}


def my_recommendations(request: HttpRequest | None, user: Any) -> dict[str, Any] | None:
    """For "Mina uppgifter": the recommendations waiting for my principals' answer, the nearest
    deadline first, then those past their deadline, and how many are answered. None when I am
    no principal's registrar. Two queries (the roles are read once a page,
    structure.roles.my_roles)."""
    if not my_roles(request, user).registrar_of:
        return None
    inbox = selectors.registrar_inbox(user, answered_shown=0)
    return {"to_answer": inbox.to_answer, "expired": inbox.expired, "answered": inbox.answered_total}


def register() -> None:
    sections.register("structure:principal_detail", "end", "referrals/_principal_decisions.html", principal_decisions)
    # Inside the body's actions, shown to those who may edit the body (its secretaries).
    sections.register("structure:body_detail", "actions", "referrals/_body_actions.html", body_actions)
    sections.register_my_tasks("referrals/_my_tasks.html", my_recommendations, order=40)
