"""The persona matrix: who may open every page of our own apps.

Each row names a URL and the personas allowed. An allowed GET answers 200; a refused one
answers anonymous with a redirect to the log-in page and a logged-in user with 403. The
personas and the objects the URLs point at come from the `personas` fixture (tests/conftest.py).
"""

from __future__ import annotations

import datetime
import importlib
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import get_resolver, reverse

from samverkan.referrals.models import Recommendation
from samverkan.structure.models import Body, Membership, Principal
from samverkan.structure.roles import is_member_of, roles_of
from tests.support import (
    PERSONA_NAMES,
    Personas,
    agreement_world,
    finance_world,
    meeting_world,
    referral_world,
    walk,
)

EVERYONE = frozenset(PERSONA_NAMES)
LOGGED_IN = EVERYONE - {"anonymous"}

# url name -> the personas allowed.
MATRIX: dict[str, frozenset[str]] = {
    # Public site
    "publishing:home": EVERYONE,
    "publishing:about": EVERYONE,
    "publishing:my_tasks": LOGGED_IN,
    "publishing:body_feed": EVERYONE,
    "publishing:principal_feed": EVERYONE,
    "publishing:recommendation_feed": EVERYONE,
    "publishing:agreement_feed": EVERYONE,
    "publishing:search_feed": EVERYONE,
    "structure:principal_list": EVERYONE,
    "structure:principal_detail": EVERYONE,
    "structure:grouping_detail": EVERYONE,
    "structure:body_list": EVERYONE,
    "structure:body_detail": EVERYONE,
    "structure:body_suggestions": EVERYONE,
    "structure:principal_suggestions": EVERYONE,
    "structure:person_suggestions": LOGGED_IN,
    "structure:person_detail": EVERYONE,
    "structure:diagram": EVERYONE,
    "sitemap": EVERYONE,
    "robots": EVERYONE,
    "set_language": EVERYONE,  # a POST
    "choose_language": EVERYONE,  # the header's button (a GET)
    # Open data
    "api:api-root": EVERYONE,
    "api:openapi-json": EVERYONE,
    "api:openapi-view": EVERYONE,
    "api:principal_list": EVERYONE,
    "api:principal_detail": EVERYONE,
    "api:grouping_list": EVERYONE,
    "api:body_list": EVERYONE,
    "api:body_detail": EVERYONE,
    "api:person_detail": EVERYONE,
    # Own account
    "structure:my_account": LOGGED_IN,
    # The body's secretary (and administrators)
    "structure:body_edit": frozenset({"secretary", "administrator"}),
    "structure:mandate_add": frozenset({"secretary", "administrator"}),
    "structure:membership_add": frozenset({"secretary", "administrator"}),
    "structure:membership_edit": frozenset({"secretary", "administrator"}),
    # A person who sits or sat in a body the secretary keeps (the member's person here)
    "structure:person_edit": frozenset({"secretary", "administrator"}),
    # The principal's registrar (and administrators)
    "structure:principal_edit": frozenset({"registrar", "administrator"}),
    "structure:population_add": frozenset({"registrar", "administrator"}),
    # Administrators only
    "structure:body_roles": frozenset({"administrator"}),
    "structure:principal_roles": frozenset({"administrator"}),
    "structure:body_create": frozenset({"administrator"}),
    "structure:principal_create": frozenset({"administrator"}),
    "core:audit_trail": frozenset({"administrator"}),
    # Meetings: public pages, papers, published minutes and personal links
    "meetings:body_meetings": EVERYONE,
    "meetings:body_calendar": EVERYONE,
    "meetings:person_calendar": EVERYONE,
    "meetings:meeting_detail": EVERYONE,
    "meetings:minutes": EVERYONE,
    "meetings:minutes_pdf": EVERYONE,
    "meetings:extract_pdf": EVERYONE,
    "meetings:adjustment_notice_pdf": EVERYONE,
    "meetings:attachment": EVERYONE,
    "meetings:matter_detail": EVERYONE,
    "meetings:matter_suggestions": LOGGED_IN,
    "meetings:absence_link": EVERYONE,
    "meetings:adjust_link": EVERYONE,
    "api:body_meetings": EVERYONE,
    "api:meeting_detail": EVERYONE,
    "api:meeting_minutes": EVERYONE,
    "api:decision_list": EVERYONE,
    # Meetings: the body's members (and its secretaries and administrators)
    "meetings:notice_pdf": frozenset({"member", "secretary", "administrator"}),
    "meetings:absence_report": frozenset({"member", "secretary", "administrator"}),
    # Any logged-in user may open the adjustment page; only adjusters find minutes there
    "meetings:adjust": LOGGED_IN,
    # Meetings: the body's secretaries (and administrators)
    "meetings:meeting_create": frozenset({"secretary", "administrator"}),
    "meetings:settings": frozenset({"secretary", "administrator"}),
    "meetings:plan_year": frozenset({"secretary", "administrator"}),
    "meetings:meeting_edit": frozenset({"secretary", "administrator"}),
    "meetings:agenda": frozenset({"secretary", "administrator"}),
    "meetings:item_edit": frozenset({"secretary", "administrator"}),
    "meetings:item_delete": frozenset({"secretary", "administrator"}),
    "meetings:attachment_add": frozenset({"secretary", "administrator"}),
    "meetings:absences": frozenset({"secretary", "administrator"}),
    "meetings:notice_send": frozenset({"secretary", "administrator"}),
    "meetings:attendance": frozenset({"secretary", "administrator"}),
    "meetings:roll_call": frozenset({"secretary", "administrator"}),
    "meetings:attendance_edit": frozenset({"secretary", "administrator"}),
    "meetings:minutes_edit": frozenset({"secretary", "administrator"}),
    # Recommendations: public pages (a sent, public recommendation), the export and the personal link
    "referrals:list": EVERYONE,
    "referrals:board": EVERYONE,
    "referrals:board_csv": EVERYONE,
    "referrals:board_xlsx": EVERYONE,
    "referrals:detail": EVERYONE,
    "referrals:extract": EVERYONE,
    "referrals:paper": EVERYONE,
    "referrals:answer_link_paper": EVERYONE,
    "referrals:answer_link": EVERYONE,
    # Recommendations: any logged-in user has a list of what to answer (empty unless a registrar)
    "referrals:inbox": LOGGED_IN,
    # Recommendations: the asked principal's registrars, and the sending body's secretaries
    "referrals:answer": frozenset({"registrar", "secretary", "administrator"}),
    # Recommendations: the sending body's secretaries (and administrators)
    "referrals:create": frozenset({"secretary", "administrator"}),
    "referrals:edit": frozenset({"secretary", "administrator"}),
    "referrals:send": frozenset({"secretary", "administrator"}),
    "referrals:withdraw": frozenset({"secretary", "administrator"}),
    "referrals:link": frozenset({"secretary", "administrator"}),
    "referrals:paper_add": frozenset({"secretary", "administrator"}),
    "referrals:paper_remove": frozenset({"secretary", "administrator"}),
    # Follow-up: public
    "followup:project_list": EVERYONE,
    # Open data about recommendations and projects
    "api:recommendation_list": EVERYONE,
    "api:recommendation_detail": EVERYONE,
    "api:principal_decisions": EVERYONE,
    "api:project_list": EVERYONE,
    "api:project_detail": EVERYONE,
    "api:project_goals": EVERYONE,
    "api:project_surveys": EVERYONE,
    "api:project_indicators": EVERYONE,
    "api:goal_report_list": EVERYONE,
    "api:goal_report_detail": EVERYONE,
    "followup:project_detail": EVERYONE,
    # Follow-up: the project's steering body's secretaries (and administrators); creating a
    # project, any body's secretary (the form offers the bodies they run)
    "followup:project_create": frozenset({"secretary", "administrator"}),
    "followup:project_edit": frozenset({"secretary", "administrator"}),
    "followup:goal_add": frozenset({"secretary", "administrator"}),
    "followup:goal_edit": frozenset({"secretary", "administrator"}),
    "followup:goal_delete": frozenset({"secretary", "administrator"}),
    "followup:point_add": frozenset({"secretary", "administrator"}),
    "followup:point_edit": frozenset({"secretary", "administrator"}),
    "followup:point_delete": frozenset({"secretary", "administrator"}),
    "followup:survey_detail": EVERYONE,
    "followup:survey_add": frozenset({"secretary", "administrator"}),
    "followup:survey_edit": frozenset({"secretary", "administrator"}),
    "followup:question_add": frozenset({"secretary", "administrator"}),
    "followup:question_edit": frozenset({"secretary", "administrator"}),
    "followup:answers_add": frozenset({"secretary", "administrator"}),
    "followup:indicator_detail": EVERYONE,
    "followup:indicator_add": frozenset({"secretary", "administrator"}),
    "followup:indicator_edit": frozenset({"secretary", "administrator"}),
    "followup:indicator_value_add": frozenset({"secretary", "administrator"}),
    "followup:indicator_import": frozenset({"secretary", "administrator"}),
    "followup:risk_add": frozenset({"secretary", "administrator"}),
    "followup:risk_edit": frozenset({"secretary", "administrator"}),
    "followup:risk_delete": frozenset({"secretary", "administrator"}),
    # Goal fulfilment: a published report and its PDF are public; the body's secretaries (and
    # administrators) write, approve and publish (any body's secretary may start one)
    "followup:report_list": EVERYONE,
    "followup:report_detail": EVERYONE,
    "followup:report_pdf": EVERYONE,
    "followup:report_create": frozenset({"secretary", "administrator"}),
    "followup:report_edit": frozenset({"secretary", "administrator"}),
    "followup:report_status": frozenset({"secretary", "administrator"}),
    "followup:section_add": frozenset({"secretary", "administrator"}),
    "followup:section_edit": frozenset({"secretary", "administrator"}),
    "followup:section_delete": frozenset({"secretary", "administrator"}),
    # Import of documents: the secretaries of any body and administrators; a batch and its
    # documents only whoever uploaded them, the secretaries of their bodies and administrators
    "importer:upload": frozenset({"secretary", "administrator"}),
    "importer:batch": frozenset({"secretary", "administrator"}),
    "importer:document": frozenset({"secretary", "administrator"}),
    # Agreements: the public register, its texts and its open data
    "agreements:list": EVERYONE,
    "agreements:detail": EVERYONE,
    "agreements:version_file": EVERYONE,
    "api:agreement_list": EVERYONE,
    "api:agreement_detail": EVERYONE,
    # Agreements: the responsible body's secretaries (and administrators); registering one, any
    # body's secretary (the form offers the bodies they run)
    "agreements:create": frozenset({"secretary", "administrator"}),
    "agreements:edit": frozenset({"secretary", "administrator"}),
    "agreements:extend": frozenset({"secretary", "administrator"}),
    "agreements:version_add": frozenset({"secretary", "administrator"}),
    # Search: everyone (what is found depends on who asks); its API serves public entries
    "search:search": EVERYONE,
    "api:search": EVERYONE,
    # OParl 1.1
    "oparl:root": EVERYONE,
    "oparl:system": EVERYONE,
    "oparl:list": EVERYONE,
    "oparl:object": EVERYONE,
    "oparl:organization_meetings": EVERYONE,
    "oparl:file_access": EVERYONE,
    "oparl:file_download": EVERYONE,
    "oparl:not_found": EVERYONE,
    # Archive packages and personal data: administrators only
    "archive:index": frozenset({"administrator"}),
    "archive:export": frozenset({"administrator"}),
    "archive:download": frozenset({"administrator"}),
    "privacy:index": frozenset({"administrator"}),
    "privacy:subject": frozenset({"administrator"}),
    "privacy:export": frozenset({"administrator"}),
    "privacy:erase": frozenset({"administrator"}),
    "privacy:request": frozenset({"administrator"}),
    # E-mail subscriptions: anyone (the signed links are the authorisation); a member's one click logged in
    "subscriptions:subscribe": EVERYONE,
    "subscriptions:requested": EVERYONE,
    "subscriptions:confirm": EVERYONE,
    "subscriptions:manage_request": EVERYONE,
    "subscriptions:unsubscribe": EVERYONE,
    "subscriptions:manage": EVERYONE,
    "subscriptions:member": LOGGED_IN,
    # The Django admin's log-in reads no password: it sends a visitor to allauth's log-in (with
    # its second factor and its limits), an administrator on to the admin, anyone else away.
    "admin:login": frozenset({"administrator"}),
    # Money: the public pages and their downloads; kept by the deciding body's secretaries (a
    # new record, any body's secretary) and administrators
    "finance:index": EVERYONE,
    "finance:allocation_list": EVERYONE,
    "finance:allocation_detail": EVERYONE,
    "finance:allocation_csv": EVERYONE,
    "finance:allocation_xlsx": EVERYONE,
    "finance:allocation_pdf": EVERYONE,
    "finance:allocation_create": frozenset({"secretary", "administrator"}),
    "finance:allocation_edit": frozenset({"secretary", "administrator"}),
    "finance:fee_list": EVERYONE,
    "finance:fee_detail": EVERYONE,
    "finance:fee_xlsx": EVERYONE,
    "finance:fee_payer_pdf": EVERYONE,
    "finance:fee_create": frozenset({"secretary", "administrator"}),
    "finance:fee_edit": frozenset({"secretary", "administrator"}),
    "finance:budget_list": EVERYONE,
    "finance:budget_detail": EVERYONE,
    "finance:budget_xlsx": EVERYONE,
    "finance:budget_create": frozenset({"secretary", "administrator"}),
    "finance:budget_edit": frozenset({"secretary", "administrator"}),
    "finance:budget_lines": frozenset({"secretary", "administrator"}),
    "finance:budget_adopt": frozenset({"secretary", "administrator"}),
    "finance:fund_list": EVERYONE,
    "finance:fund_detail": EVERYONE,
    "finance:fund_create": frozenset({"secretary", "administrator"}),
    "finance:fund_edit": frozenset({"secretary", "administrator"}),
    "finance:fund_years": frozenset({"secretary", "administrator"}),
    "api:money_index": EVERYONE,
    "api:allocation_detail": EVERYONE,
    "api:fee_detail": EVERYONE,
    "api:budget_detail": EVERYONE,
    "api:fund_detail": EVERYONE,
    "api:principal_money": EVERYONE,
}


def archive_world(p: Personas) -> Any:
    """A finished archive export of the personas' body (its package made at once: tests run
    tasks immediately)."""
    from samverkan.archive.models import ArchiveExport
    from samverkan.archive.services import archive_export_request

    found = ArchiveExport.objects.filter(body=p.body).first()
    return found or archive_export_request(actor=p.administrator, body=p.body, year=2020)


def privacy_world(p: Personas) -> Any:
    """An export of the member's personal data, logged."""
    from samverkan.privacy.models import PrivacyRequest
    from samverkan.privacy.selectors import subject_for_person
    from samverkan.privacy.services import personal_data_export

    found = PrivacyRequest.objects.first()
    if found is None:
        subject = subject_for_person(p.person.pk)
        assert subject is not None
        found = personal_data_export(actor=p.administrator, subject=subject)[0]
    return found


def survey_world(p: Personas) -> Any:
    """A survey of the test project with one question, measuring its goal E1."""
    from samverkan.followup import services
    from samverkan.followup.models import Survey

    project = referral_world(p).project
    found = Survey.objects.filter(project=project).first()
    if found is None:
        found = services.survey_create(actor=None, project=project, title="Enkät", asked="Alla", invited=10)
        services.question_create(actor=None, survey=found, text="Nöjd?", goal=referral_world(p).goal)
    return found


def survey_kwargs(p: Personas) -> dict[str, Any]:
    return {"key": referral_world(p).project.key, "pk": survey_world(p).pk}


def indicator_kwargs(p: Personas) -> dict[str, Any]:
    """An indicator of the test project, measuring its goal E1."""
    from samverkan.followup import services
    from samverkan.followup.models import Indicator

    project = referral_world(p).project
    found = Indicator.objects.filter(project=project).first()
    if found is None:
        found = services.indicator_create(actor=None, project=project, name="Nöjdhet", goal=referral_world(p).goal)
    return {"key": project.key, "pk": found.pk}


def risk_kwargs(p: Personas) -> dict[str, Any]:
    """A risk of the test project."""
    from samverkan.followup import services
    from samverkan.followup.models import Risk

    project = referral_world(p).project
    found = Risk.objects.filter(project=project).first()
    if found is None:
        found = services.risk_create(actor=None, project=project, title="Tidsbrist")
    return {"key": project.key, "pk": found.pk}


def report_kwargs(p: Personas, section: bool = False) -> dict[str, Any]:
    """A published goal fulfilment report of the personas' body, with one area."""
    from samverkan.followup import services
    from samverkan.followup.models import GoalReport

    found = GoalReport.objects.filter(body=p.body).first()
    if found is None:
        found = services.report_create(actor=None, body=p.body, year=2019, title="Måluppfyllnad 2019")
        services.section_create(actor=None, report=found, heading="Resurser", text="Text")
        services.report_approve(actor=None, report=found)
        services.report_publish(actor=None, report=found)
    kwargs: dict[str, Any] = {"body": p.body.key, "year": found.year}
    if section:
        kwargs["pk"] = found.sections.get().pk
    return kwargs


def import_world(p: Personas) -> tuple[Any, Any]:
    """An upload by the secretary: its batch and its one document (a proposal to review)."""
    from samverkan.importer.models import ImportBatch, ImportedDocument

    batch = ImportBatch.objects.get_or_create(created_by=p.secretary, defaults={"total": 1, "processed": 1})[0]
    doc = ImportedDocument.objects.get_or_create(
        sha256="0" * 64,
        defaults={
            "batch": batch,
            "original_name": "protokoll.txt",
            "size": 4,
            "content_type": "text/plain",
            "text": "Text",
            "status": "proposed",
            "uploaded_by": p.secretary,
        },
    )[0]
    return batch, doc


def subscription_world(p: Personas) -> Any:
    """A subscription to the personas' body, not yet confirmed."""
    from samverkan.subscriptions.models import Subscription

    return Subscription.objects.get_or_create(
        email="lasare@example.test", topic="body", body=p.body, defaults={"frequency": "immediate"}
    )[0]


# The keyword arguments of each URL that has any, from the personas' objects.
KWARGS: dict[str, Callable[[Personas], dict[str, Any]]] = {
    "structure:principal_detail": lambda p: {"key": p.principal.key},
    "structure:principal_edit": lambda p: {"key": p.principal.key},
    "structure:population_add": lambda p: {"key": p.principal.key},
    "structure:grouping_detail": lambda p: {"key": p.grouping.key},
    "structure:body_detail": lambda p: {"key": p.body.key},
    "structure:body_edit": lambda p: {"key": p.body.key},
    "structure:mandate_add": lambda p: {"key": p.body.key},
    "structure:membership_add": lambda p: {"key": p.body.key},
    "structure:membership_edit": lambda p: {"key": p.body.key, "pk": p.membership.pk},
    "structure:person_detail": lambda p: {"key": p.person.key},
    "structure:person_edit": lambda p: {"key": p.person.key},
    "structure:body_roles": lambda p: {"key": p.body.key},
    "structure:principal_roles": lambda p: {"key": p.principal.key},
    "api:principal_detail": lambda p: {"key": p.principal.key},
    "api:body_detail": lambda p: {"key": p.body.key},
    "api:person_detail": lambda p: {"key": p.person.key},
    # Meetings (objects from tests/support.py's meeting_world)
    "meetings:body_meetings": lambda p: {"key": p.body.key},
    "meetings:body_calendar": lambda p: {"key": p.body.key},
    "meetings:person_calendar": lambda p: {"key": p.person.key},
    "meetings:meeting_detail": lambda p: {"pk": meeting_world(p).planned.pk},
    "meetings:minutes": lambda p: {"pk": meeting_world(p).held.pk},
    "meetings:minutes_pdf": lambda p: {"pk": meeting_world(p).held.pk},
    "meetings:extract_pdf": lambda p: {"pk": meeting_world(p).held.pk, "paragraph": 1},
    "meetings:adjustment_notice_pdf": lambda p: {"pk": meeting_world(p).held.pk},
    "meetings:attachment": lambda p: {"pk": meeting_world(p).planned.pk, "attachment_pk": meeting_world(p).paper.pk},
    "meetings:matter_detail": lambda p: {"pk": meeting_world(p).matter.pk},
    "meetings:absence_link": lambda p: {"token": meeting_world(p).absence_token},
    "meetings:adjust_link": lambda p: {"token": meeting_world(p).adjust_token},
    "api:body_meetings": lambda p: {"key": p.body.key},
    "api:meeting_detail": lambda p: {"meeting_id": meeting_world(p).planned.pk},
    "api:meeting_minutes": lambda p: {"meeting_id": meeting_world(p).held.pk},
    "meetings:notice_pdf": lambda p: {"pk": meeting_world(p).planned.pk},
    "meetings:absence_report": lambda p: {"pk": meeting_world(p).planned.pk},
    "meetings:adjust": lambda p: {"pk": meeting_world(p).planned.pk},
    "meetings:meeting_create": lambda p: {"key": p.body.key},
    "meetings:settings": lambda p: {"key": p.body.key},
    "meetings:plan_year": lambda p: {"key": p.body.key},
    "meetings:meeting_edit": lambda p: {"pk": meeting_world(p).planned.pk},
    "meetings:agenda": lambda p: {"pk": meeting_world(p).planned.pk},
    "meetings:item_edit": lambda p: {"pk": meeting_world(p).planned.pk, "item_pk": meeting_world(p).item.pk},
    "meetings:item_delete": lambda p: {"pk": meeting_world(p).planned.pk, "item_pk": meeting_world(p).item.pk},
    "meetings:attachment_add": lambda p: {"pk": meeting_world(p).planned.pk, "item_pk": meeting_world(p).item.pk},
    "meetings:absences": lambda p: {"pk": meeting_world(p).planned.pk},
    "meetings:notice_send": lambda p: {"pk": meeting_world(p).planned.pk},
    "meetings:attendance": lambda p: {"pk": meeting_world(p).planned.pk},
    "meetings:roll_call": lambda p: {"pk": meeting_world(p).planned.pk},
    "meetings:attendance_edit": lambda p: {
        "pk": meeting_world(p).held.pk,
        "attendance_pk": meeting_world(p).attendance.pk,
    },
    "meetings:minutes_edit": lambda p: {"pk": meeting_world(p).held.pk},
    # Recommendations and follow-up (objects from tests/support.py's referral_world)
    "referrals:detail": lambda p: {"pk": referral_world(p).sent.pk},
    "referrals:extract": lambda p: {"pk": referral_world(p).sent.pk, "response_pk": referral_world(p).response.pk},
    "referrals:answer_link": lambda p: {"token": referral_world(p).token},
    "referrals:paper": lambda p: {"pk": referral_world(p).sent.pk, "paper_pk": referral_world(p).paper.pk},
    "referrals:answer_link_paper": lambda p: {"token": referral_world(p).token, "paper_pk": referral_world(p).paper.pk},
    "referrals:paper_add": lambda p: {"pk": referral_world(p).draft.pk},
    "referrals:paper_remove": lambda p: {
        "pk": referral_world(p).draft.pk,
        "paper_pk": referral_world(p).draft_paper.pk,
    },
    "referrals:answer": lambda p: {"pk": referral_world(p).recipient.pk},
    "referrals:create": lambda p: {"key": p.body.key},
    "referrals:edit": lambda p: {"pk": referral_world(p).sent.pk},
    "referrals:send": lambda p: {"pk": referral_world(p).draft.pk},
    "referrals:withdraw": lambda p: {"pk": referral_world(p).sent.pk},
    "referrals:link": lambda p: {"pk": referral_world(p).sent.pk, "recipient_pk": referral_world(p).recipient.pk},
    "followup:project_detail": lambda p: {"key": referral_world(p).project.key},
    "followup:project_edit": lambda p: {"key": referral_world(p).project.key},
    "followup:goal_add": lambda p: {"key": referral_world(p).project.key},
    "followup:goal_edit": lambda p: {"key": referral_world(p).project.key, "pk": referral_world(p).goal.pk},
    "followup:goal_delete": lambda p: {"key": referral_world(p).project.key, "pk": referral_world(p).goal.pk},
    "followup:point_add": lambda p: {"key": referral_world(p).project.key},
    "followup:point_edit": lambda p: {"key": referral_world(p).project.key, "pk": referral_world(p).point.pk},
    "followup:point_delete": lambda p: {"key": referral_world(p).project.key, "pk": referral_world(p).point.pk},
    "followup:survey_add": lambda p: {"key": referral_world(p).project.key},
    "followup:survey_detail": lambda p: survey_kwargs(p),
    "followup:survey_edit": lambda p: survey_kwargs(p),
    "followup:question_add": lambda p: survey_kwargs(p),
    "followup:question_edit": lambda p: {**survey_kwargs(p), "question_pk": survey_world(p).questions.get().pk},
    "followup:answers_add": lambda p: survey_kwargs(p),
    "followup:indicator_add": lambda p: {"key": referral_world(p).project.key},
    "followup:indicator_detail": lambda p: indicator_kwargs(p),
    "followup:indicator_edit": lambda p: indicator_kwargs(p),
    "followup:indicator_value_add": lambda p: indicator_kwargs(p),
    "followup:indicator_import": lambda p: indicator_kwargs(p),
    "followup:risk_add": lambda p: {"key": referral_world(p).project.key},
    "followup:risk_edit": lambda p: risk_kwargs(p),
    "followup:risk_delete": lambda p: risk_kwargs(p),
    "followup:report_detail": lambda p: report_kwargs(p),
    "followup:report_pdf": lambda p: report_kwargs(p),
    "followup:report_edit": lambda p: report_kwargs(p),
    "followup:report_status": lambda p: report_kwargs(p),
    "followup:section_add": lambda p: report_kwargs(p),
    "followup:section_edit": lambda p: report_kwargs(p, section=True),
    "followup:section_delete": lambda p: report_kwargs(p, section=True),
    "api:recommendation_detail": lambda p: {"recommendation_id": referral_world(p).sent.pk},
    "api:principal_decisions": lambda p: {"key": p.principal.key},
    "api:project_detail": lambda p: {"key": referral_world(p).project.key},
    "api:project_goals": lambda p: {"key": referral_world(p).project.key},
    "api:project_surveys": lambda p: {"key": referral_world(p).project.key},
    "api:project_indicators": lambda p: {"key": referral_world(p).project.key},
    "api:goal_report_detail": lambda p: report_kwargs(p),
    "agreements:detail": lambda p: {"key": agreement_world(p).key},
    "agreements:edit": lambda p: {"key": agreement_world(p).key},
    "agreements:extend": lambda p: {"key": agreement_world(p).key},
    "agreements:version_add": lambda p: {"key": agreement_world(p).key},
    "agreements:version_file": lambda p: {"key": agreement_world(p).key, "pk": agreement_world(p).versions.get().pk},
    "api:agreement_detail": lambda p: {"key": agreement_world(p).key},
    "oparl:list": lambda p: {"kind": "meeting"},
    "publishing:body_feed": lambda p: {"key": p.body.key},
    "publishing:principal_feed": lambda p: {"key": p.principal.key},
    "oparl:object": lambda p: {"kind": "meeting", "ident": str(meeting_world(p).planned.pk)},
    "oparl:organization_meetings": lambda p: {"ident": f"organ-{p.body.pk}"},
    "oparl:file_access": lambda p: {"ident": f"bilaga-{meeting_world(p).paper.pk}"},
    "oparl:file_download": lambda p: {"ident": f"bilaga-{meeting_world(p).paper.pk}"},
    "oparl:not_found": lambda p: {"rest": "v2/"},
    "importer:batch": lambda p: {"pk": import_world(p)[0].pk},
    "importer:document": lambda p: {"pk": import_world(p)[1].pk},
    "archive:export": lambda p: {"pk": archive_world(p).pk},
    "archive:download": lambda p: {"pk": archive_world(p).pk},
    "privacy:subject": lambda p: {"kind": "person", "pk": p.person.pk},
    "privacy:export": lambda p: {"kind": "person", "pk": p.person.pk},
    "privacy:erase": lambda p: {"kind": "person", "pk": p.person.pk},
    "privacy:request": lambda p: {"pk": privacy_world(p).pk},
    "subscriptions:confirm": lambda p: {"token": _subscription_token("confirm", p)},
    "subscriptions:unsubscribe": lambda p: {"token": _subscription_token("unsubscribe", p)},
    "subscriptions:manage": lambda p: {"token": _subscription_token("manage", p)},
    "finance:allocation_detail": lambda p: {"key": finance_world(p).allocation.key},
    "finance:allocation_csv": lambda p: {"key": finance_world(p).allocation.key},
    "finance:allocation_xlsx": lambda p: {"key": finance_world(p).allocation.key},
    "finance:allocation_pdf": lambda p: {"key": finance_world(p).allocation.key},
    "finance:allocation_edit": lambda p: {"key": finance_world(p).allocation.key},
    "finance:fee_detail": lambda p: {"key": finance_world(p).fee.key},
    "finance:fee_xlsx": lambda p: {"key": finance_world(p).fee.key},
    "finance:fee_payer_pdf": lambda p: {"key": finance_world(p).fee.key, "payer": p.principal.key},
    "finance:fee_edit": lambda p: {"key": finance_world(p).fee.key},
    "finance:budget_detail": lambda p: {"key": finance_world(p).budget.key},
    "finance:budget_xlsx": lambda p: {"key": finance_world(p).budget.key},
    "finance:budget_edit": lambda p: {"key": finance_world(p).budget.key},
    "finance:budget_lines": lambda p: {"key": finance_world(p).budget.key},
    "finance:budget_adopt": lambda p: {"key": finance_world(p).budget.key},
    "finance:fund_detail": lambda p: {"key": finance_world(p).fund.key},
    "finance:fund_edit": lambda p: {"key": finance_world(p).fund.key},
    "finance:fund_years": lambda p: {"key": finance_world(p).fund.key},
    "api:allocation_detail": lambda p: {"key": finance_world(p).allocation.key},
    "api:fee_detail": lambda p: {"key": finance_world(p).fee.key},
    "api:budget_detail": lambda p: {"key": finance_world(p).budget.key},
    "api:fund_detail": lambda p: {"key": finance_world(p).fund.key},
    "api:principal_money": lambda p: {"key": p.principal.key},
}

# The query string of a URL that needs one.
QUERIES = {"subscriptions:subscribe": "?organ=testorgan"}


def _subscription_token(kind: str, p: Personas) -> str:
    from samverkan.subscriptions import links

    return str(getattr(links, f"{kind}_token")(subscription_world(p).pk))


OUR_NAMESPACES = (
    "structure",
    "publishing",
    "core",
    "api",
    "oparl",
    "meetings",
    "referrals",
    "agreements",
    "followup",
    "search",
    "importer",
    "archive",
    "privacy",
    "finance",
    "subscriptions",
)
OUR_TOP_LEVEL_NAMES = ("sitemap", "robots", "set_language", "choose_language", "admin:login")
OUR_APPS = (
    "samverkan.structure",
    "samverkan.publishing",
    "samverkan.core",
    "samverkan.api",
    "samverkan.meetings",
    "samverkan.referrals",
    "samverkan.agreements",
    "samverkan.followup",
    "samverkan.search",
    "samverkan.importer",
    "samverkan.archive",
    "samverkan.privacy",
    "samverkan.finance",
    "samverkan.subscriptions",
)


def is_ours(view_name: str) -> bool:
    namespace, _sep, _name = view_name.rpartition(":")
    return namespace in OUR_NAMESPACES or view_name in OUR_TOP_LEVEL_NAMES


def url_for(name: str, personas: Personas) -> str:
    return reverse(name, kwargs=KWARGS[name](personas) if name in KWARGS else None) + QUERIES.get(name, "")


def request(client: Any, name: str, url: str) -> Any:
    if name == "set_language":
        return client.post(url, {"language": "en", "next": "/om/"})
    return client.get(url)


# --- The personas are who they claim to be ---------------------------------------------------


def test_each_persona_holds_exactly_its_roles(personas: Personas) -> None:
    def roles(name: str) -> tuple[list[str], list[str], list[str], bool]:
        user = personas.user(name)
        held = roles_of(user) if user is not None else roles_of(AnonymousUser())
        return (
            [b.key for b in held["secretary_of"]],
            [p.key for p in held["registrar_of"]],
            [b.key for b in held["member_of"]],
            bool(user is not None and user.is_superuser),
        )

    assert {name: roles(name) for name in (*PERSONA_NAMES, "other_secretary", "other_registrar")} == {
        "anonymous": ([], [], [], False),
        "outsider": ([], [], [], False),
        "member": ([], [], ["testorgan"], False),
        "secretary": (["testorgan"], [], [], False),
        "registrar": ([], ["testkommun"], [], False),
        "administrator": ([], [], [], True),
        "other_secretary": (["grannorgan"], [], [], False),
        "other_registrar": ([], ["grannkommun"], [], False),
    }
    assert personas.body.owners.get() == personas.principal
    assert is_member_of(personas.member, personas.body) is True
    assert is_member_of(personas.outsider, personas.body) is False


# --- The matrix -------------------------------------------------------------------------


# What an allowed request answers when it is not 200: ninja's API root answers 404 unless DEBUG
# is on (then it redirects to the docs); the language switch redirects to `next`.
# POST-only views answer an allowed GET with 405. The logged-in adjustment page answers 404 for
# a meeting without minutes to adjust (the adjuster's own flow is tested in tests/meetings).
ALLOWED_STATUS = {
    "api:api-root": 404,
    "publishing:search_feed": 400,  # without a question: what to write
    "oparl:root": 302,  # to the System, /oparl/v1/
    "oparl:not_found": 404,  # a JSON 404 for anything else under /oparl/
    "set_language": 302,
    "choose_language": 302,
    "meetings:absence_report": 405,
    "followup:report_status": 302,  # a GET goes back to the report; the change is a POST
    "meetings:adjust": 404,
    "referrals:withdraw": 405,
    "referrals:link": 405,
    "referrals:paper_add": 405,
    "referrals:paper_remove": 405,
    "privacy:export": 405,
    "subscriptions:member": 405,
    "admin:login": 302,
}


def outcome(response: Any, url: str) -> str:
    """'log in' (a redirect to the log-in page, coming back to this URL), '403', or the status."""
    if response.status_code == 302 and response["Location"] == f"/accounts/login/?next={quote(url)}":
        return "log in"
    if response.status_code == 403:
        return "403"
    return f"status {response.status_code}"


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_persona_matrix(name: str, personas: Personas, login: Callable[[str], Any]) -> None:
    url = url_for(name, personas)
    allowed = f"status {ALLOWED_STATUS.get(name, 200)}"
    expected = {
        persona: allowed if persona in MATRIX[name] else ("log in" if persona == "anonymous" else "403")
        for persona in PERSONA_NAMES
    }
    actual = {persona: outcome(request(login(persona), name, url), url) for persona in PERSONA_NAMES}
    assert actual == expected, url


def test_the_language_switch_sets_the_cookie_and_returns_to_the_page(
    personas: Personas, login: Callable[[str], Any]
) -> None:
    response = login("anonymous").post(reverse("set_language"), {"language": "en", "next": "/om/"})
    assert (response.status_code, response["Location"]) == (302, "/om/")
    assert response.cookies["django_language"].value == "en"
    # The header's button: a GET, no token needed; a foreign "next" goes home instead.
    response = login("anonymous").get(reverse("choose_language"), {"language": "en", "next": "/organ/"})
    assert (response.status_code, response["Location"]) == (302, "/organ/")
    assert response.cookies["django_language"].value == "en"
    response = login("anonymous").get(reverse("choose_language"), {"language": "en", "next": "https://evil.example/"})
    assert response["Location"] == "/"
    response = login("anonymous").get(reverse("choose_language"), {"language": "xx", "next": "/om/"})
    assert "django_language" not in response.cookies


def url_names_of_our_apps() -> set[str]:
    return {name for _route, name in walk(get_resolver("config.urls").url_patterns) if is_ours(name)}


def declared_names_of_our_apps() -> set[str]:
    names: set[str] = set()
    for app in OUR_APPS:
        policies = importlib.import_module(f"{app}.permissions").URL_POLICIES
        names |= {key for key in policies if is_ours(key)}
    return names


def test_the_matrix_has_a_row_for_every_url_of_our_apps() -> None:
    missing = url_names_of_our_apps() - set(MATRIX)
    assert missing == set(), f"URLs without a row in the persona matrix: {sorted(missing)}"


def test_the_matrix_has_a_row_for_every_policy_declared_for_our_apps() -> None:
    assert declared_names_of_our_apps() - set(MATRIX) == set()


def test_the_matrix_has_no_row_for_a_url_that_does_not_exist() -> None:
    assert set(MATRIX) - url_names_of_our_apps() == set()


# --- Personas of another body or principal ------------------------------------------------

SECRETARY_URLS = sorted(
    n
    for n, allowed in MATRIX.items()
    if allowed == {"secretary", "administrator"} and n.startswith("structure:") and n != "structure:person_edit"
)
REGISTRAR_URLS = sorted(n for n, allowed in MATRIX.items() if allowed == {"registrar", "administrator"})


def test_the_staff_url_lists_are_the_expected_ones() -> None:
    assert SECRETARY_URLS == [
        "structure:body_edit",
        "structure:mandate_add",
        "structure:membership_add",
        "structure:membership_edit",
    ]
    assert REGISTRAR_URLS == ["structure:population_add", "structure:principal_edit"]


@pytest.mark.parametrize("name", SECRETARY_URLS)
def test_the_secretary_of_another_body_is_refused_this_body(
    name: str, personas: Personas, login: Callable[[str], Any]
) -> None:
    client = login("other_secretary")
    assert client.get(url_for(name, personas)).status_code == 403
    # ... and allowed the same screen for the body they are secretary of.
    other_kwargs: dict[str, Any] = {"key": personas.other_body.key}
    if name == "structure:membership_edit":
        other_kwargs["pk"] = Membership.objects.create(
            body=personas.other_body, person=personas.person, role=Membership.Role.MEMBER
        ).pk
    assert client.get(reverse(name, kwargs=other_kwargs)).status_code == 200


def test_a_secretary_may_edit_only_people_who_sit_or_sat_only_in_their_bodies(
    personas: Personas, login: Callable[[str], Any]
) -> None:
    """A person's name, title and e-mail are shared by every body the person sits or sat in: a change
    needs a secretary of each of them, or an administrator (issue 11 point 8)."""
    url = url_for("structure:person_edit", personas)
    assert login("other_secretary").get(url).status_code == 403
    assert login("secretary").get(url).status_code == 200
    # A past seat in the other body makes it a body concerned: neither secretary alone may.
    Membership.objects.create(
        body=personas.other_body,
        person=personas.person,
        role=Membership.Role.MEMBER,
        start=datetime.date(2015, 1, 1),
        end=datetime.date(2018, 12, 31),
    )
    assert login("other_secretary").get(url).status_code == 403
    assert login("secretary").get(url).status_code == 403
    assert login("administrator").get(url).status_code == 200
    personas.other_body.secretaries.add(personas.secretary)
    assert login("secretary").get(url).status_code == 200


@pytest.mark.parametrize("name", REGISTRAR_URLS)
def test_the_registrar_of_another_principal_is_refused_this_principal(
    name: str, personas: Personas, login: Callable[[str], Any]
) -> None:
    client = login("other_registrar")
    assert client.get(url_for(name, personas)).status_code == 403
    assert client.get(reverse(name, kwargs={"key": personas.other_principal.key})).status_code == 200


def test_a_refused_post_changes_nothing(personas: Personas, login: Callable[[str], Any]) -> None:
    """The policy is checked for every method, not only GET."""
    before = Body.objects.filter(pk=personas.body.pk).values().get()
    for persona in ("member", "registrar", "outsider", "other_secretary"):
        response = login(persona).post(
            url_for("structure:body_edit", personas),
            {"name": "Kapat", "kind": "political", "level": "regional", "owners": [personas.principal.pk]},
        )
        assert response.status_code == 403
    response = login("anonymous").post(url_for("structure:population_add", personas), {"year": 2020, "inhabitants": 5})
    assert response.status_code == 302
    assert Body.objects.filter(pk=personas.body.pk).values().get() == before
    assert not Principal.objects.get(pk=personas.principal.pk).populations.exists()


def test_an_inactive_administrator_is_not_an_administrator(personas: Personas, login: Callable[[str], Any]) -> None:
    client = login("administrator")
    personas.administrator.is_active = False
    personas.administrator.save()
    # Django's ModelBackend no longer accepts the session of an inactive user: they are anonymous.
    response = client.get(reverse("core:audit_trail"))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("structure:body_edit", {"key": "finns-inte"}),
        ("structure:principal_edit", {"key": "finns-inte"}),
        ("structure:body_detail", {"key": "finns-inte"}),
        ("structure:principal_detail", {"key": "finns-inte"}),
        ("structure:person_detail", {"key": "finns-inte"}),
        ("structure:grouping_detail", {"key": "finns-inte"}),
    ],
)
def test_an_unknown_key_is_404_even_for_an_administrator(
    name: str, kwargs: dict[str, str], login: Callable[[str], Any]
) -> None:
    assert login("administrator").get(reverse(name, kwargs=kwargs)).status_code == 404


def test_a_membership_of_another_body_is_404_through_this_bodys_address(
    personas: Personas, login: Callable[[str], Any]
) -> None:
    """The secretary of this body cannot reach a seat in another body by putting its id in
    this body's address."""
    seat = Membership.objects.create(body=personas.other_body, person=personas.person, role=Membership.Role.MEMBER)
    url = reverse("structure:membership_edit", kwargs={"key": personas.body.key, "pk": seat.pk})
    assert login("secretary").get(url).status_code == 404


# --- Recommendations that are not for everyone ------------------------------------------------

ALL_PERSONAS = (*PERSONA_NAMES, "other_secretary", "other_registrar")


def statuses(login: Callable[[str], Any], url: str, method: str = "get") -> dict[str, int]:
    return {persona: getattr(login(persona), method)(url).status_code for persona in ALL_PERSONAS}


def test_a_draft_is_404_to_everyone_but_the_bodys_secretaries(personas: Personas, login: Callable[[str], Any]) -> None:
    world = referral_world(personas)
    url = reverse("referrals:detail", kwargs={"pk": world.draft.pk})
    assert statuses(login, url) == {
        "anonymous": 404,
        "outsider": 404,
        "member": 404,
        "secretary": 200,
        "registrar": 404,
        "administrator": 200,
        "other_secretary": 404,
        "other_registrar": 404,
    }
    # Nor can the draft's recipient be answered before it is sent.
    draft_recipient = world.draft.recipients.get()
    assert login("registrar").get(reverse("referrals:answer", kwargs={"pk": draft_recipient.pk})).status_code == 404


def test_a_recommendation_not_marked_public_is_seen_only_by_those_involved(
    personas: Personas, login: Callable[[str], Any]
) -> None:
    world = referral_world(personas)
    Recommendation.objects.filter(pk=world.sent.pk).update(public=False)
    involved = {
        "anonymous": 404,
        "outsider": 404,
        "member": 200,
        "secretary": 200,
        "registrar": 200,
        "administrator": 200,
        "other_secretary": 404,
        "other_registrar": 200,  # the other principal was asked too
    }
    assert statuses(login, reverse("referrals:detail", kwargs={"pk": world.sent.pk})) == involved
    extract = reverse("referrals:extract", kwargs={"pk": world.sent.pk, "response_pk": world.response.pk})
    assert statuses(login, extract) == involved
    # It is neither listed nor on the board for the public.
    for name in ("referrals:list", "referrals:board"):
        assert world.sent.title not in login("anonymous").get(reverse(name)).content.decode()
        assert world.sent.title in login("registrar").get(reverse(name)).content.decode()


@pytest.mark.parametrize("name", ["referrals:create", "referrals:edit", "referrals:send", "referrals:withdraw"])
def test_the_secretary_of_another_body_may_not_act_for_this_bodys_recommendations(
    name: str, personas: Personas, login: Callable[[str], Any]
) -> None:
    url = url_for(name, personas)
    client = login("other_secretary")
    assert client.get(url).status_code == 403
    assert client.post(url, {}).status_code == 403
    world = referral_world(personas)
    world.sent.refresh_from_db()
    world.draft.refresh_from_db()
    assert (world.sent.status, world.draft.status) == ("sent", "draft")


def test_the_secretary_of_another_body_may_not_revoke_a_link(personas: Personas, login: Callable[[str], Any]) -> None:
    world = referral_world(personas)
    response = login("other_secretary").post(url_for("referrals:link", personas), {"action": "revoke"})
    assert response.status_code == 403
    world.recipient.refresh_from_db()
    assert (world.recipient.link_revoked, world.recipient.link_version) == (False, 1)


def test_a_registrar_answers_only_for_their_own_principal(personas: Personas, login: Callable[[str], Any]) -> None:
    world = referral_world(personas)
    client = login("other_registrar")
    assert client.get(url_for("referrals:answer", personas)).status_code == 403
    assert client.post(url_for("referrals:answer", personas), {"answer": "rejected"}).status_code == 403
    assert world.recipient.responses.count() == 1
    own = reverse("referrals:answer", kwargs={"pk": world.other_recipient.pk})
    assert client.get(own).status_code == 200
    assert login("registrar").get(own).status_code == 403


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("referrals:detail", {"pk": 999999}),
        ("referrals:edit", {"pk": 999999}),
        ("referrals:answer", {"pk": 999999}),
        ("referrals:create", {"key": "finns-inte"}),
        ("followup:project_detail", {"key": "finns-inte"}),
    ],
)
def test_an_unknown_recommendation_or_project_is_404_even_for_an_administrator(
    name: str, kwargs: dict[str, Any], login: Callable[[str], Any]
) -> None:
    assert login("administrator").get(reverse(name, kwargs=kwargs)).status_code == 404
