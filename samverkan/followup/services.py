"""Every write to follow-up: one transaction, validated, audited (services own writes)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from samverkan.core.audit import audit_record, create_instance, set_many, update_instance
from samverkan.core.models import AuditEvent
from samverkan.followup.models import DecisionPoint, Goal, Project

PROJECT_FIELDS = ("name", "description", "body")
GOAL_FIELDS = ("level", "code", "text", "reference_value", "target", "period", "owner", "position")
POINT_FIELDS = ("code", "title", "planned", "requirement", "recommendation", "reached_on", "position")


def _only(fields: dict[str, Any], allowed: Iterable[str]) -> dict[str, Any]:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    return fields


@transaction.atomic
def project_create(*, actor: Any, key: str, name: str, source: str = "web", **fields: Any) -> Project:
    return create_instance(
        Project, {"key": key, "name": name, **_only(fields, PROJECT_FIELDS)}, actor=actor, source=source
    )


@transaction.atomic
def project_update(*, actor: Any, project: Project, source: str = "web", **fields: Any) -> dict[str, tuple[Any, Any]]:
    current = Project.objects.select_for_update().get(pk=project.pk)
    return update_instance(current, _only(fields, PROJECT_FIELDS), actor=actor, source=source)


def _check_traces(goal: Goal, targets: list[Goal]) -> None:
    for target in targets:
        if target.pk == goal.pk:
            raise ValidationError({"contributes_to": _("A goal cannot contribute to itself.")}, code="self")
        if target.project_id != goal.project_id:
            raise ValidationError(
                {"contributes_to": _("A goal can contribute only to goals of the same project.")}, code="project"
            )


@transaction.atomic
def goal_create(
    *,
    actor: Any,
    project: Project,
    code: str,
    text: str,
    contributes_to: Iterable[Goal] = (),
    source: str = "web",
    **fields: Any,
) -> Goal:
    if "position" not in fields:
        fields["position"] = (project.goals.count() + 1) * 10
    goal = create_instance(
        Goal, {"project": project, "code": code, "text": text, **_only(fields, GOAL_FIELDS)}, actor=actor, source=source
    )
    targets = list(contributes_to)
    _check_traces(goal, targets)
    set_many(goal, "contributes_to", targets, actor=actor, source=source)
    return goal


@transaction.atomic
def goal_update(
    *,
    actor: Any,
    goal: Goal,
    contributes_to: Iterable[Goal] | None = None,
    source: str = "web",
    **fields: Any,
) -> dict[str, tuple[Any, Any]]:
    current = Goal.objects.select_for_update().get(pk=goal.pk)
    changes = update_instance(current, _only(fields, GOAL_FIELDS), actor=actor, source=source)
    if contributes_to is not None:
        targets = list(contributes_to)
        _check_traces(current, targets)
        changes.update(set_many(current, "contributes_to", targets, actor=actor, source=source))
    return changes


@transaction.atomic
def goal_delete(*, actor: Any, goal: Goal, source: str = "web") -> None:
    audit_record(
        actor=actor,
        action=AuditEvent.Action.DELETE,
        target=goal,
        changes={"project": (goal.project, None), "text": (goal.text, None)},
        source=source,
    )
    goal.delete()


@transaction.atomic
def decision_point_create(
    *, actor: Any, project: Project, code: str, title: str, source: str = "web", **fields: Any
) -> DecisionPoint:
    if "position" not in fields:
        fields["position"] = (project.decision_points.count() + 1) * 10
    return create_instance(
        DecisionPoint,
        {"project": project, "code": code, "title": title, **_only(fields, POINT_FIELDS)},
        actor=actor,
        source=source,
    )


@transaction.atomic
def decision_point_update(
    *, actor: Any, point: DecisionPoint, source: str = "web", **fields: Any
) -> dict[str, tuple[Any, Any]]:
    current = DecisionPoint.objects.select_for_update().get(pk=point.pk)
    return update_instance(current, _only(fields, POINT_FIELDS), actor=actor, source=source)


@transaction.atomic
def decision_point_delete(*, actor: Any, point: DecisionPoint, source: str = "web") -> None:
    audit_record(
        actor=actor,
        action=AuditEvent.Action.DELETE,
        target=point,
        changes={"project": (point.project, None), "title": (point.title, None)},
        source=source,
    )
    point.delete()
