"""The follow-up of the Västerbotten implementation project in the demo: the effect goals E1-E5
and project goals P1-P5 of seed 002's project directive ("2.1 Effektmål", "2.3 Projekt mål"),
word for word, with the traces the directive gives ("Spårbarhet till effektmål"), and an
invented survey of the 60 people the targets name, its answers marked as demo answers. The project
and its decision points are loaded with the recommendations (demo_referrals.py). Running it
again adds only what is missing."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction

from samverkan.followup import services
from samverkan.followup.models import Goal, GoalReport, Project, Risk, Survey
from samverkan.publishing.demo_referrals import PROJECT_KEY
from samverkan.structure.models import Body, Principal

SOURCE = "cli:demo"
SURVEY_TARGET = "Minst 75 % av 60 intervjuade personer {}"

# (code, goal, reference value, target)
EFFECT_GOALS: list[tuple[str, str, str, str]] = [
    (
        "E1",
        "En större kontinuitet i samverkan",
        "En känsla av otydlighet och omstarter",
        SURVEY_TARGET.format("i samverkansstrukturen anser att kontinuiteten i samverkan är tillfredsställande"),
    ),
    (
        "E2",
        "Effektivare samverkansorganisation",
        "Otydlighet i uppdrag, mandat och beslut",
        SURVEY_TARGET.format("anser att samverkansstrukturens effektivitet är tillfredsställande"),
    ),
    (
        "E3",
        "Effektivare mötesstruktur",
        "Otydlighet i uppdrag, mandat och beslut",
        SURVEY_TARGET.format("i samverkansstrukturen anser att mötesstrukturens effektivitet är tillfredsställande"),
    ),
    (
        "E4",
        "God samverkanskultur",
        "Delvis avsaknad av en gemensam värdegrund för samverkan",
        SURVEY_TARGET.format("i samverkansstrukturen anser att samverkanskulturen är tillfredsställande"),
    ),
    (
        "E5",
        "Stärkta relationer",
        "Bristande personkontinuitet och otydlighet i uppdrag",
        SURVEY_TARGET.format("i samverkansstrukturen anser att relationerna i samarbetet är tillfredsställande"),
    ),
]

# (code, goal, the effect goals it is traced to)
PROJECT_GOALS: list[tuple[str, str, list[str]]] = [
    (
        "P1",
        "En överenskommelse om samverkan mellan regionen och kommunerna på övergripande nivå ska vara upprättad. "
        "Med upprättad avses ett innehåll som reglerar om vad, hur, när och med vilka funktioner samverkan på "
        "regional nivå ska ske. Även datum för ikraftträdande ska framgå. Underlag för vilka regionala arenor som "
        "skall etableras finns i utredningens slutrapport",
        ["E3"],
    ),
    (
        "P2",
        "Lokala överenskommelser mellan regionen och respektive kommun (15st) ska vara upprättade. Med upprättad "
        "avses ett innehåll som reglerar om vad, hur, när och med vilka funktioner samverkan på lokal nivå ska "
        "ske. Även datum för ikraftträdande ska framgå",
        ["E1", "E5"],
    ),
    (
        "P3",
        "Uppdragsbeskrivningar till samtliga samverkansgrupperingarna inom de olika arenorna ska vara upprättade. "
        "Med upprättad avses ett innehåll som reglerar uppdrag, mandat och rapporteringsvägar.",
        ["E3"],
    ),
    (
        "P4",
        "Att nuvarande samverkansorganisation är förberedd för att upplösas och ny organisation förberedd på att "
        "träda i kraft. Detta innebär att det finns ett datum för när nuvarande struktur avslutas och ny träder "
        "i kraft.",
        ["E1"],
    ),
    (
        "P5",
        "Regionala koordinatörer och deras uppdrag skall vara etablerat för att säkra förvaltning av "
        "samverkansstrukturen",
        ["E1", "E2", "E3"],
    ),
]
# "Projektet omfattar 10 månader", October 2018 to October 2019 (the budget). The directive names
# no owner of a goal, so none is given (the page shows it as unknown).
PERIOD = "2018–2019"
TARGET_SHARE = Decimal(75)  # "Minst 75 % av 60 intervjuade ..." for each effect goal

# An invented survey: the directive asks 60 people in the collaboration structure; what they
# answered is not in the seeds, so the answers are demo answers, marked as such on every page.
SURVEY: dict[str, Any] = {
    "title": "Demo: Intervjuer i samverkansstrukturen 2019",
    "asked": "Personer i samverkansstrukturen (intervjuer)",
    "invited": 60,
    "period": "Hösten 2019",
    "description": (
        "Påhittad enkät i demodata: projektdirektivet (seed 002) mäter effektmålen med intervjuer av 60 personer i "
        "samverkansstrukturen, men svaren finns inte i källdokumenten. Svaren är demosvar."
    ),
}
# (goal, question, answered, yes)
SURVEY_QUESTIONS: list[tuple[str, str, int, int]] = [
    ("E1", "Anser du att kontinuiteten i samverkan är tillfredsställande?", 60, 45),
    ("E2", "Anser du att samverkansstrukturens effektivitet är tillfredsställande?", 60, 39),
    ("E3", "Anser du att mötesstrukturens effektivitet är tillfredsställande?", 60, 48),
    ("E4", "Anser du att samverkanskulturen är tillfredsställande?", 58, 44),
    ("E5", "Anser du att relationerna i samarbetet är tillfredsställande?", 60, 42),
]


def _survey(actor: Any, project: Project, goals: dict[str, Goal]) -> list[str]:
    if Survey.objects.filter(project=project, title=SURVEY["title"]).exists():
        return [f"Survey ”{SURVEY['title']}”: already there, left as it is."]
    survey = services.survey_create(actor=actor, project=project, source=SOURCE, **SURVEY)
    counts = {}
    for code, text, answered, agreed in SURVEY_QUESTIONS:
        question = services.question_create(actor=actor, survey=survey, text=text, goal=goals.get(code), source=SOURCE)
        counts[question] = (answered, agreed)
    services.answers_record(actor=actor, survey=survey, counts=counts, demo=True, source=SOURCE)
    return [f"Survey ”{survey.title}”: {len(counts)} questions with demo answers."]


# Seed 002, "7. Övergripande risker": (risk, description). The directive does not assess
# likelihood or consequence, so the demo leaves them "not assessed" rather than inventing them.
RISKS: list[tuple[str, str]] = [
    (
        "Bristande delaktighet från någon eller några av huvudmännen",
        "Några av huvudmännen utser inte kontaktpersoner eller medarbetare i projektet",
    ),
    (
        "Tidsbrist hos medverkande i projektet",
        "Personer som är utsedda som kontaktpersoner i projektet kan inte avsätta tillräckligt med tid",
    ),
    (
        "Otillräcklig information",
        "Inte tillräckligt många eller rätt medarbetare hos huvudmännen har tillräckligt information om förslaget "
        "kring ny samverkansstruktur",
    ),
]
RISKS_ASSESSED_ON = datetime.date(2018, 9, 27)  # the steering group's meeting on the directive


def _risks(actor: Any, project: Project) -> list[str]:
    have = set(Risk.objects.filter(project=project).values_list("title", flat=True))
    added = 0
    for title, description in RISKS:
        if title not in have:
            services.risk_create(
                actor=actor,
                project=project,
                title=title,
                description=description,
                assessed_on=RISKS_ASSESSED_ON,
                note="Projektdirektivet, avsnitt 7 (sannolikhet och konsekvens anges inte)",
                source=SOURCE,
            )
            added += 1
    if not added:
        return [f"Project ”{project.name}”: risks already there, left as they are."]
    return [f"Project ”{project.name}”: {added} risks from the directive added."]


# Seed 003: VästKom's published "Måluppfyllnad 2019", word for word. The page's "Resultat 2019"
# is empty in the seed; the report's page computes its results from the records instead.
REPORT_BODY = "vastkom-styrelse"
REPORT_PRINCIPAL = "vastkom"
REPORT_INTRODUCTION = (
    "Det regionala arbetet har fokuserat på nationella uppdrag, såsom påverkan på SKL/Inera, regionala frågor i "
    "samverkan med VGR, med tonvikt på FVM (framtidens vårdinformationsmiljö) samt i mindre mån kommunegna "
    "utvecklingsfrågor. Arbetet är enligt VästKoms styrelses kraftsamling inom vård och omsorg, med särskilt fokus "
    "på samarbetet med VGR (2-årig satsning, 2019-2020)."
)
REPORT_SECTIONS: list[tuple[str, str]] = [
    (
        "Särskilt omnämnande",
        "• Det nationella arbetet har fokuserats på Inera AB. SKL (Sveriges Kommuner och landsting) har under året "
        "bytt namn till SKR (Sveriges Kommuner och Regioner). SKR har under 2019 ersatt tidigare "
        'länssamverkansstruktur, där VästKom genom åren deltagit samt haft ansvar att koordinera, med en "Arena för '
        'utveckling i en digital tid" där möjlighet till påverkan ges. Under 2019 har inga nya tjänster från Inera '
        "levererats. Bolaget står inför en omorganisering för att svara upp mot kommunernas kravbild.\n\n"
        "• VästKoms satsning på FVM har fokuserats på att göra VGRs FVM-erbjudande attraktivare. Mycket arbete har "
        "lagts på att öka detaljnivån i de delar som kommunerna önskat ytterligare svar på.",
    ),
    (
        "Resurser",
        "2019 var första året på den nya satsning på vård och omsorg, som fortsatt prioriterat delregionala "
        'resurser. Under hösten 2019 har eSamordnare motsvarande 50% "lånats ut" till gemensamma åtaganden i FVM, '
        "från respektive delregion.\n\n"
        "Det har under året varit personalomsättning på eSamordnare i Göteborgsregionen (en), Skaraborg (två), "
        "Boråsregionen (en) och Fyrbodal (en).\n\n"
        "Olikheter i delregionala satsning har inneburit att få åtaganden samarbetas med på regional nivå, i linje "
        "med handlingsplan och tidigare beslutad delregional satsning 2016-2018 samt kraftsamling vård och omsorg "
        "2019-2020. Av de nya frågor som lyfts i samverkansstrukturen är det få frågor som lyfts från kommunerna, via "
        "delregionerna till regional nivå. Detta gäller såväl via eSamordnare, som via representanter i SSVIT och "
        "ALVG.",
    ),
]


def load_demo_goal_report(*, actor: Any) -> list[str]:
    """VästKom's goal fulfilment 2019 (seed 003), written by its board, approved and published
    through the same services the staff screens use."""
    body = Body.objects.filter(key=REPORT_BODY).first()
    if body is None:
        return [f"The body {REPORT_BODY} is missing: the goal fulfilment 2019 is skipped."]
    if GoalReport.objects.filter(body=body, year=2019).exists():
        return ["Goal fulfilment 2019 of VästKom: already there, left as it is."]
    with transaction.atomic():
        report = services.report_create(
            actor=actor,
            body=body,
            year=2019,
            title="Måluppfyllnad 2019",
            principal=Principal.objects.filter(key=REPORT_PRINCIPAL).first(),
            introduction=REPORT_INTRODUCTION,
            source=SOURCE,
        )
        for heading, text in REPORT_SECTIONS:
            services.section_create(actor=actor, report=report, heading=heading, text=text, source=SOURCE)
        services.report_approve(actor=actor, report=report, source=SOURCE)
        services.report_publish(actor=actor, report=report, source=SOURCE)
    return [f"Goal fulfilment 2019 of VästKom: {len(REPORT_SECTIONS)} areas from seed 003, published."]


def load_demo_followup(*, actor: Any) -> list[str]:
    report_lines = load_demo_goal_report(actor=actor)
    project = Project.objects.filter(key=PROJECT_KEY).first()
    if project is None:
        return [*report_lines, "The implementation project is missing: its goals are skipped."]
    with transaction.atomic():
        have = {g.code: g for g in Goal.objects.filter(project=project)}
        added = []
        for position, (code, text, reference, target) in enumerate(EFFECT_GOALS, start=1):
            if code not in have:
                have[code] = services.goal_create(
                    actor=actor,
                    project=project,
                    level=Goal.Level.EFFECT,
                    code=code,
                    text=text,
                    reference_value=reference,
                    target=target,
                    target_share=TARGET_SHARE,
                    period=PERIOD,
                    position=position,
                    source=SOURCE,
                )
                added.append(code)
        for position, (code, text, traces) in enumerate(PROJECT_GOALS, start=11):
            if code not in have:
                have[code] = services.goal_create(
                    actor=actor,
                    project=project,
                    level=Goal.Level.PROJECT,
                    code=code,
                    text=text,
                    period=PERIOD,
                    position=position,
                    contributes_to=[have[c] for c in traces],
                    source=SOURCE,
                )
                added.append(code)
        if added:
            lines = [f"Project ”{project.name}”: goals {', '.join(added)} added with the directive's traces."]
        else:
            lines = [f"Project ”{project.name}”: goals already there, left as they are."]
        lines += _survey(actor, project, have)
        lines += _risks(actor, project)
    return [*report_lines, *lines]
