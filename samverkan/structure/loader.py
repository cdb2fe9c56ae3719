"""Loads the structure of a county from a YAML file (docs/structure-file.md).

Three stages, so that a bad file changes nothing:
1. parse: YAML to plain values, each mapping remembering the line it started on;
2. check: every section against its schema and every reference against the file and the
   database; all problems are collected and reported together, each with its line;
3. apply: inside one transaction, through the same services the screens use; any error
   raised there (a database constraint, a population figure that would be overwritten)
   rolls the whole file back.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import slugify

from samverkan.core.audit import diff_fields
from samverkan.structure import services
from samverkan.structure.models import (
    KEY_VALIDATOR,
    SCB_CODE_VALIDATOR,
    Body,
    Grouping,
    Mandate,
    Membership,
    Person,
    Principal,
    Term,
)

SOURCE = "cli:load"


# --- 1. Parsing ----------------------------------------------------------------------------


class Located(dict):
    """A YAML mapping that knows the line it starts on and the line of each key (1-based)."""

    line: int = 0
    key_lines: dict[Any, int]

    def line_of(self, key: Any) -> int:
        """The line of `key` in this mapping (where a problem with its value is), else the mapping's."""
        return getattr(self, "key_lines", {}).get(key, self.line)


class LocatedList(list):
    line: int = 0


class _Loader(yaml.SafeLoader):
    pass


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> Located:
    loader.flatten_mapping(node)
    result = Located()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in result:
            raise LoadError([Problem(key_node.start_mark.line + 1, f"the key {key!r} appears twice in this mapping")])
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LocatedList:
    result = LocatedList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    return result


def _construct_timestamp(loader: _Loader, node: yaml.ScalarNode) -> Any:
    # An impossible date such as 2019-13-01 stays text, so the check reports it with its line.
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


@dataclass(frozen=True)
class Problem:
    line: int
    message: str


class LoadError(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: p.line)
        super().__init__("\n".join(f"line {p.line}: {p.message}" for p in self.problems))


def parse(text: str) -> Located:
    try:
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        raise LoadError([Problem(line, f"this is not valid YAML: {exc.problem or exc}")]) from exc
    except yaml.YAMLError as exc:
        raise LoadError([Problem(0, f"this is not valid YAML: {exc}")]) from exc
    if data is None:
        data = Located()
    if not isinstance(data, Located):
        raise LoadError([Problem(1, "the file must be a mapping of sections (terms, principals, ...)")])
    return data


# --- 2. Checking ---------------------------------------------------------------------------

Check = Callable[[Any], str | None]


def _str(value: Any) -> str | None:
    return None if isinstance(value, str) and value.strip() else "must be a non-empty text"


def _opt_str(value: Any) -> str | None:
    return None if value is None or isinstance(value, str) else "must be a text"


def _key(value: Any) -> str | None:
    if not isinstance(value, str):
        return "must be a key (lower-case letters, digits and hyphens)"
    try:
        KEY_VALIDATOR(value)
    except ValidationError:
        return f"{value!r} is not a valid key (use lower-case letters a-z, digits and single hyphens)"
    return None


def _date(value: Any) -> str | None:
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return None
    return f"{value!r} is not a date (write YYYY-MM-DD, e.g. 2019-01-01)"


def _opt_date(value: Any) -> str | None:
    return None if value is None else _date(value)


def _choice(choices: list[str]) -> Check:
    def check(value: Any) -> str | None:
        return None if value in choices else f"{value!r} is not one of: {', '.join(choices)}"

    return check


def _key_list(value: Any) -> str | None:
    if not isinstance(value, list) or not value:
        return "must be a non-empty list of keys"
    for item in value:
        if (error := _key(item)) is not None:
            return error
    return None


def _opt_key(value: Any) -> str | None:
    return None if value is None else _key(value)


def _population(value: Any) -> str | None:
    if not isinstance(value, dict):
        return "must map years (31 December) or dates to inhabitants, e.g. 2019: 1700605"
    for when, inhabitants in value.items():
        if isinstance(when, datetime.datetime) or not (
            isinstance(when, datetime.date) or (isinstance(when, int) and 1900 <= when <= 2200)
        ):
            return f"{when!r} is not a year or a date (YYYY-MM-DD)"
        if not isinstance(inhabitants, int) or isinstance(inhabitants, bool) or inhabitants < 0:
            return f"the population for {when} must be a whole number of inhabitants"
    return None


def _reference_date(when: int | datetime.date) -> datetime.date:
    """A year stands for its official figure, counted on 31 December."""
    return when if isinstance(when, datetime.date) else datetime.date(when, 12, 31)


def _scb_code(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        return 'must be written as text in quotes, e.g. "1480" (a leading zero would be lost)'
    try:
        SCB_CODE_VALIDATOR(value)
    except ValidationError:
        return f"{value!r} is not a kommunkod (four digits) or länskod (two digits)"
    return None


def _mandates(value: Any) -> str | None:
    return None if isinstance(value, list) else "must be a list of mandate versions"


def _list(value: Any) -> str | None:
    return None if isinstance(value, list) else "must be a list"


SCHEMAS: dict[str, dict[str, tuple[bool, Check]]] = {
    "terms": {"key": (True, _key), "name": (True, _str), "start": (True, _date), "end": (True, _date)},
    "principals": {
        "key": (True, _key),
        "name": (True, _str),
        "short_name": (False, _opt_str),
        "kind": (True, _choice(list(Principal.Kind.values))),
        "org_number": (False, _opt_str),
        "scb_code": (False, _scb_code),
        "website": (False, _opt_str),
        "population": (False, _population),
    },
    "groupings": {
        "key": (True, _key),
        "name": (True, _str),
        "description": (False, _opt_str),
        "owner": (False, _opt_key),
        "principals": (True, _key_list),
    },
    "bodies": {
        "key": (True, _key),
        "name": (True, _str),
        "short_name": (False, _opt_str),
        "kind": (True, _choice(list(Body.Kind.values))),
        "level": (True, _choice(list(Body.Level.values))),
        "owners": (True, _key_list),
        "parent": (False, _opt_key),
        "reports_to": (False, _opt_key),
        "meeting_rhythm": (False, _opt_str),
        "active_from": (False, _opt_date),
        "active_to": (False, _opt_date),
        "mandates": (False, _mandates),
    },
    "mandates": {"valid_from": (True, _date), "text": (True, _str), "source": (False, _opt_str)},
    "people": {"key": (True, _key), "name": (True, _str), "email": (False, _opt_str), "title": (False, _opt_str)},
    "memberships": {
        "body": (True, _key),
        "term": (False, _opt_key),
        "start": (False, _opt_date),
        "members": (True, _list),
    },
    "members": {
        "person": (True, _str),
        "role": (True, _choice(list(Membership.Role.values))),
        "party": (False, _opt_str),
        "principal": (False, _opt_key),
        "delegation": (False, _opt_str),
        "title": (False, _opt_str),
        "substitute_for": (False, _opt_str),
        "start": (False, _opt_date),
        "end": (False, _opt_date),
    },
}
SECTIONS = ["terms", "principals", "groupings", "bodies", "people", "memberships"]


def _line(value: Any, default: int) -> int:
    return getattr(value, "line", default) or default


def _check_entries(section: str, entries: Any, line: int, problems: list[Problem]) -> list[Located]:
    if not isinstance(entries, list):
        problems.append(Problem(line, f"{section}: must be a list"))
        return []
    schema = SCHEMAS[section]
    good: list[Located] = []
    for entry in entries:
        entry_line = _line(entry, line)
        if not isinstance(entry, Located):
            problems.append(Problem(entry_line, f"{section}: each entry must be a mapping"))
            continue
        ok = True
        for name in entry:
            if name not in schema:
                problems.append(
                    Problem(entry.line_of(name), f"{section}: unknown key {name!r} (known: {', '.join(schema)})")
                )
                ok = False
        for name, (required, check) in schema.items():
            if name not in entry:
                if required:
                    problems.append(Problem(entry_line, f"{section}: {name!r} is missing"))
                    ok = False
                continue
            if (error := check(entry[name])) is not None:
                problems.append(Problem(entry.line_of(name), f"{section}: {name}: {error}"))
                ok = False
        if ok:
            good.append(entry)
    return good


@dataclass
class Plan:
    """The checked content of a file, ready to apply."""

    terms: list[Located] = field(default_factory=list)
    principals: list[Located] = field(default_factory=list)
    groupings: list[Located] = field(default_factory=list)
    bodies: list[Located] = field(default_factory=list)
    people: list[Located] = field(default_factory=list)
    memberships: list[tuple[Located, Located]] = field(default_factory=list)  # (group, member)
    person_keys: dict[str, str] = field(default_factory=dict)  # reference (key or name) -> key
    person_names: dict[str, str] = field(default_factory=dict)  # key -> name


def check(data: Located) -> Plan:
    problems: list[Problem] = []
    for name in data:
        if name not in SECTIONS:
            problems.append(Problem(data.line_of(name), f"unknown section {name!r} (known: {', '.join(SECTIONS)})"))
    plan = Plan()
    for section in ["terms", "principals", "groupings", "bodies", "people"]:
        entries = _check_entries(section, data.get(section, []), _line(data.get(section), 1), problems)
        seen: dict[str, int] = {}
        for entry in entries:
            if entry["key"] in seen:
                problems.append(
                    Problem(
                        entry.line_of("key"),
                        f"{section}: the key {entry['key']!r} is already used on line {seen[entry['key']]}",
                    )
                )
            seen[entry["key"]] = entry.line_of("key")
        setattr(plan, section, entries)
    for body in plan.bodies:
        mandates = _check_entries("mandates", body.get("mandates", []), body.line, problems)
        dates: dict[datetime.date, int] = {}
        for mandate in mandates:
            if mandate["valid_from"] in dates:
                problems.append(
                    Problem(mandate.line_of("valid_from"), "mandates: two versions valid from the same date")
                )
            dates[mandate["valid_from"]] = mandate.line

    # Known keys: in the file, or already in the database.
    def known(model: Any, section: list[Located]) -> set[str]:
        return {e["key"] for e in section} | set(model.objects.values_list("key", flat=True))

    terms, principals, bodies = known(Term, plan.terms), known(Principal, plan.principals), known(Body, plan.bodies)

    def ref(kind: str, keys: set[str], value: Any, line: int, what: str) -> None:
        if value is not None and value not in keys:
            problems.append(Problem(line, f"{what}: there is no {kind} with the key {value!r}"))

    codes: dict[str, int] = {}
    for principal in plan.principals:
        code = principal.get("scb_code")
        if code:
            if code in codes:
                problems.append(
                    Problem(
                        principal.line_of("scb_code"),
                        f"principals: scb_code {code!r} is already used on line {codes[code]}",
                    )
                )
            codes[code] = principal.line_of("scb_code")
    for term in plan.terms:
        if term["end"] <= term["start"]:
            problems.append(Problem(term.line_of("end"), "terms: the term must end after it starts"))
    for grouping in plan.groupings:
        ref("principal", principals, grouping.get("owner"), grouping.line_of("owner"), "groupings: owner")
        for key in grouping["principals"]:
            ref("principal", principals, key, grouping.line_of("principals"), "groupings: principals")
        if len(set(grouping["principals"])) != len(grouping["principals"]):
            problems.append(Problem(grouping.line_of("principals"), "groupings: a principal is listed twice"))
    for body in plan.bodies:
        for key in body["owners"]:
            ref("principal", principals, key, body.line_of("owners"), "bodies: owners")
        for name in ("parent", "reports_to"):
            ref("body", bodies, body.get(name), body.line_of(name), f"bodies: {name}")
            if body.get(name) == body["key"]:
                problems.append(Problem(body.line_of(name), f"bodies: {name}: a body cannot be its own {name}"))

    # People: the people section gives keys; other names get a key made from the name.
    existing_people = dict(Person.objects.values_list("key", "name"))
    for person in plan.people:
        plan.person_keys[person["key"]] = person["key"]
        plan.person_keys.setdefault(person["name"], person["key"])
        plan.person_names[person["key"]] = person["name"]

    def person_key(reference: str) -> str:
        if reference in plan.person_keys:
            return plan.person_keys[reference]
        if reference in existing_people:
            return reference
        key = slugify(reference)
        plan.person_keys[reference] = key
        plan.person_names.setdefault(key, reference)
        return key

    groups = _check_entries("memberships", data.get("memberships", []), _line(data.get("memberships"), 1), problems)
    seats: dict[tuple[str, str, str, datetime.date | None], int] = {}
    for group in groups:
        ref("body", bodies, group["body"], group.line_of("body"), "memberships: body")
        ref("term", terms, group.get("term"), group.line_of("term"), "memberships: term")
        for member in _check_entries("members", group["members"], group.line, problems):
            key = person_key(member["person"])
            if not key:
                problems.append(Problem(member.line, f"members: {member['person']!r} cannot be made into a key"))
                continue
            ref("principal", principals, member.get("principal"), member.line_of("principal"), "members: principal")
            if member.get("substitute_for") is not None:
                substitute_key = person_key(member["substitute_for"])
                if substitute_key == key:
                    problems.append(
                        Problem(member.line_of("substitute_for"), "members: a person cannot be their own substitute")
                    )
            start = member.get("start", group.get("start"))
            end = member.get("end")
            if start and end and end < start:
                problems.append(Problem(member.line_of("end"), "members: the membership ends before it starts"))
            seat = (group["body"], key, member["role"], start)
            if seat in seats:
                problems.append(
                    Problem(
                        member.line,
                        f"members: the same seat (person, role, start) is already listed on line {seats[seat]}",
                    )
                )
            seats[seat] = member.line
            plan.memberships.append((group, member))
    if problems:
        raise LoadError(problems)
    return plan


# --- 3. Applying ---------------------------------------------------------------------------


@dataclass
class Report:
    lines: list[str] = field(default_factory=list)
    created: int = 0
    changed: int = 0
    unchanged: int = 0

    def add(self, status: str, what: str, changes: dict[str, Any] | None = None) -> None:
        if status == "created":
            self.created += 1
            self.lines.append(f"created {what}")
        elif status == "changed":
            self.changed += 1
            self.lines.append(f"changed {what}: {', '.join(sorted(changes or {}))}")
        else:
            self.unchanged += 1

    @property
    def summary(self) -> str:
        return f"created {self.created}, changed {self.changed}, unchanged {self.unchanged}"


def _given(entry: Located, names: list[str], blank: str = "") -> dict[str, Any]:
    """The fields the entry gives (absent ones are left as they are); null clears a text."""
    return {name: (blank if entry[name] is None else entry[name]) for name in names if name in entry}


class _Applier:
    def __init__(self, plan: Plan, *, file_name: str = "") -> None:
        self.plan = plan
        self.file_name = file_name
        self.report = Report()
        self.line = 0

    def run(self) -> Report:
        self.terms = {t.key: t for t in Term.objects.all()}
        self.principals = {p.key: p for p in Principal.objects.all()}
        self.bodies = {b.key: b for b in Body.objects.all()}
        self.people = {p.key: p for p in Person.objects.all()}
        # People the file mentions are reported once each: created, changed or unchanged.
        self.seen_people = {e["key"] for e in self.plan.people}
        for entry in self.plan.terms:
            self.line = entry.line
            self._term(entry)
        for entry in self.plan.principals:
            self.line = entry.line
            self._principal(entry)
        for entry in self.plan.groupings:
            self.line = entry.line
            self._grouping(entry)
        statuses = {}
        for entry in self.plan.bodies:
            self.line = entry.line
            statuses[entry["key"]] = self._body(entry)
        for entry in self.plan.bodies:
            self.line = entry.line
            self._body_links(entry, statuses[entry["key"]])
        for entry in self.plan.bodies:
            for mandate in entry.get("mandates", []):
                self.line = mandate.line
                self._mandate(self.bodies[entry["key"]], mandate)
        for entry in self.plan.people:
            self.line = entry.line
            self._person(entry["key"], entry)
        for group, member in self.plan.memberships:
            self.line = member.line
            self._membership(group, member)
        return self.report

    def _term(self, entry: Located) -> None:
        values = _given(entry, ["name", "start", "end"])
        term = self.terms.get(entry["key"])
        if term is None:
            self.terms[entry["key"]] = services.term_create(actor=None, source=SOURCE, key=entry["key"], **values)
            self.report.add("created", f"term {entry['key']}")
        else:
            changes = services.term_update(actor=None, term=term, source=SOURCE, **values)
            self.report.add("changed" if changes else "unchanged", f"term {entry['key']}", changes)

    def _principal(self, entry: Located) -> None:
        values = _given(entry, ["name", "short_name", "kind", "org_number", "scb_code", "website"])
        principal = self.principals.get(entry["key"])
        label = f"principal {entry['key']} ({entry['name']})"
        if principal is None:
            principal = services.principal_create(actor=None, source=SOURCE, key=entry["key"], **values)
            self.principals[entry["key"]] = principal
            self.report.add("created", label)
        else:
            changes = services.principal_update(actor=None, principal=principal, source=SOURCE, **values)
            self.report.add("changed" if changes else "unchanged", label, changes)
        population = entry.get("population") or Located()
        for when, inhabitants in population.items():
            self.line = population.line_of(when)
            _population, created = services.population_record(
                actor=None,
                principal=principal,
                reference_date=_reference_date(when),
                inhabitants=inhabitants,
                population_source=self.file_name,
                source=SOURCE,
            )
            self.report.add("created" if created else "unchanged", f"population {entry['key']} {when}")

    def _grouping(self, entry: Located) -> None:
        values = _given(entry, ["name", "description"])
        if "owner" in entry:
            values["owner"] = self.principals[entry["owner"]] if entry["owner"] else None
        members = [self.principals[k] for k in entry["principals"]]
        grouping = Grouping.objects.filter(key=entry["key"]).first()
        label = f"grouping {entry['key']}"
        if grouping is None:
            services.grouping_create(actor=None, source=SOURCE, key=entry["key"], principals=members, **values)
            self.report.add("created", label)
        else:
            changes = services.grouping_update(
                actor=None, grouping=grouping, principals=members, source=SOURCE, **values
            )
            self.report.add("changed" if changes else "unchanged", label, changes)

    def _body(self, entry: Located) -> tuple[str, dict[str, Any]]:
        values = _given(entry, ["name", "short_name", "kind", "level", "meeting_rhythm"])
        values |= {k: entry[k] for k in ("active_from", "active_to") if k in entry}
        owners = [self.principals[k] for k in entry["owners"]]
        body = self.bodies.get(entry["key"])
        if body is None:
            self.bodies[entry["key"]] = services.body_create(
                actor=None, source=SOURCE, key=entry["key"], owners=owners, **values
            )
            return "created", {}
        return "existing", services.body_update(actor=None, body=body, owners=owners, source=SOURCE, **values)

    def _body_links(self, entry: Located, status: tuple[str, dict[str, Any]]) -> None:
        body = self.bodies[entry["key"]]
        links: dict[str, Any] = {}
        for name in ("parent", "reports_to"):
            if name in entry:
                links[name] = self.bodies[entry[name]] if entry[name] else None
        changes = status[1]
        if links:
            changes = changes | services.body_update(actor=None, body=body, source=SOURCE, **links)
        label = f"body {entry['key']} ({entry['name']})"
        if status[0] == "created":
            self.report.add("created", label)
        else:
            self.report.add("changed" if changes else "unchanged", label, changes)

    def _mandate(self, body: Body, entry: Located) -> None:
        label = f"mandate of {body.key} from {entry['valid_from']}"
        mandate = Mandate.objects.filter(body=body, valid_from=entry["valid_from"]).first()
        if mandate is None:
            services.mandate_add(
                actor=None,
                body=body,
                valid_from=entry["valid_from"],
                text=entry["text"],
                mandate_source=entry.get("source") or "",
                source=SOURCE,
            )
            self.report.add("created", label)
        else:
            changes = services.mandate_update(
                actor=None,
                mandate=mandate,
                text=entry["text"],
                mandate_source=(entry["source"] or "") if "source" in entry else None,
                source=SOURCE,
            )
            self.report.add("changed" if changes else "unchanged", label, changes)

    def _person(self, key: str, entry: Located | None) -> Person:
        values = _given(entry, ["name", "email", "title"]) if entry is not None else {}
        person = self.people.get(key)
        if person is None:
            values.setdefault("name", self.plan.person_names.get(key, key))
            person = services.person_create(actor=None, source=SOURCE, key=key, **values)
            self.people[key] = person
            self.seen_people.add(key)
            self.report.add("created", f"person {key} ({person.name})")
        elif entry is not None:
            changes = services.person_update(actor=None, person=person, source=SOURCE, **values)
            self.report.add("changed" if changes else "unchanged", f"person {key}", changes)
        return person

    def _person_ref(self, reference: str) -> Person:
        """A person named in a membership: found, or created from the name."""
        key = self.plan.person_keys.get(reference, reference)
        person = self.people.get(key)
        if person is None:
            return self._person(key, None)
        if key not in self.seen_people:
            self.seen_people.add(key)
            self.report.add("unchanged", f"person {key}")
        return person

    def _membership(self, group: Located, member: Located) -> None:
        body = self.bodies[group["body"]]
        person = self._person_ref(member["person"])
        start = member.get("start", group.get("start"))
        values = _given(member, ["party", "delegation", "title"])
        values["end"] = member.get("end")
        if "principal" in member:
            values["principal"] = self.principals[member["principal"]] if member["principal"] else None
        if "term" in group:
            values["term"] = self.terms[group["term"]] if group["term"] else None
        if "substitute_for" in member:
            values["substitute_for"] = self._person_ref(member["substitute_for"]) if member["substitute_for"] else None
        label = f"membership {person.key} as {member['role']} in {body.key}"
        membership = Membership.objects.filter(body=body, person=person, role=member["role"], start=start).first()
        if membership is None:
            services.membership_create(
                actor=None, source=SOURCE, body=body, person=person, role=member["role"], start=start, **values
            )
            self.report.add("created", label)
        else:
            changes = services.membership_update(actor=None, membership=membership, source=SOURCE, **values)
            self.report.add("changed" if changes else "unchanged", label, changes)


def _messages(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
    return " ".join(exc.messages)


def load_structure(path: Path | str, *, dry_run: bool = False) -> Report:
    """Load a structure file. Raises LoadError (and changes nothing) if anything is wrong."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise LoadError([Problem(0, f"the file cannot be read: {exc}")]) from exc
    plan = check(parse(text))
    applier = _Applier(plan, file_name=Path(path).name)
    try:
        with transaction.atomic():
            report = applier.run()
            if dry_run:
                transaction.set_rollback(True)
    except ValidationError as exc:
        raise LoadError([Problem(applier.line, _messages(exc))]) from exc
    except IntegrityError as exc:
        raise LoadError([Problem(applier.line, f"the database refused this entry: {exc}")]) from exc
    return report


__all__ = ["LoadError", "Problem", "Report", "diff_fields", "load_structure"]
