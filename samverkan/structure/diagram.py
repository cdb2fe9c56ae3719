"""Lays out the bodies as a tree for the structure diagram (SVG) and its text equivalent.

A body hangs under its parent body, or, when it has none, under the body it reports to. A
reporting line that differs from the parent is drawn as an extra dashed arrow.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext

from samverkan.structure.models import Body

BOX_W, BOX_H, H_GAP, V_GAP, MARGIN = 200, 64, 24, 56, 16
LINE_CHARS = 26


@dataclass
class Node:
    body: Body
    children: list[Node] = field(default_factory=list)
    x: float = 0.0
    y: float = 0.0
    depth: int = 0

    @property
    def lines(self) -> list[str]:
        label = self.body.name
        lines = textwrap.wrap(label, LINE_CHARS)[:3]
        if len(textwrap.wrap(label, LINE_CHARS)) > 3:
            lines[-1] = lines[-1][: LINE_CHARS - 1] + "…"
        return lines

    @property
    def cx(self) -> float:
        return self.x + BOX_W / 2


@dataclass
class Edge:
    x1: float
    y1: float
    x2: float
    y2: float
    dashed: bool


@dataclass
class Diagram:
    roots: list[Node]
    nodes: list[Node]
    edges: list[Edge]
    width: float
    height: float


def _tree_parent(body: Body) -> int | None:
    return body.parent_id or body.reports_to_id


def build(bodies: list[Body]) -> Diagram:
    nodes = {b.pk: Node(b) for b in bodies}
    roots: list[Node] = []
    for node in sorted(nodes.values(), key=lambda n: (n.body.level, n.body.name)):
        parent_id = _tree_parent(node.body)
        # Follow the chain to make sure it ends (a parent/reporting mix could form a circle).
        seen, cursor = {node.body.pk}, parent_id
        while cursor is not None and cursor in nodes and cursor not in seen:
            seen.add(cursor)
            cursor = _tree_parent(nodes[cursor].body)
        if parent_id is None or parent_id not in nodes or cursor in seen:
            roots.append(node)
        else:
            nodes[parent_id].children.append(node)
    for node in nodes.values():
        node.children.sort(key=lambda n: n.body.name)

    next_slot = [0]

    def place(node: Node, depth: int) -> None:
        node.depth = depth
        node.y = MARGIN + depth * (BOX_H + V_GAP)
        if not node.children:
            node.x = MARGIN + next_slot[0] * (BOX_W + H_GAP)
            next_slot[0] += 1
            return
        for child in node.children:
            place(child, depth + 1)
        node.x = (node.children[0].x + node.children[-1].x) / 2

    for root in roots:
        place(root, 0)

    edges: list[Edge] = []
    for node in nodes.values():
        for child in node.children:
            edges.append(Edge(node.cx, node.y + BOX_H, child.cx, child.y, dashed=False))
        body = node.body
        if body.reports_to_id and body.parent_id and body.reports_to_id != body.parent_id:
            target = nodes.get(body.reports_to_id)
            if target is not None:
                edges.append(Edge(node.cx, node.y, target.cx, target.y + BOX_H, dashed=True))
    all_nodes = list(nodes.values())
    width = max((n.x for n in all_nodes), default=0) + BOX_W + MARGIN
    height = max((n.y for n in all_nodes), default=0) + BOX_H + MARGIN
    return Diagram(roots=roots, nodes=all_nodes, edges=edges, width=width, height=height)


@dataclass
class Part:
    """One connected part of the structure (usually one county), drawn as its own diagram."""

    title: str
    diagram: Diagram


def build_parts(bodies: list[Body]) -> list[Part]:
    """Split the bodies into parts that share no owner and no link, one diagram each.

    An installation may hold more than one county; their bodies are unrelated and often have
    the same names ("Regionstyrelsen"), so each is drawn on its own, titled by its region.
    """
    parent: dict[object, object] = {}

    def find(x: object) -> object:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: object, b: object) -> None:
        parent[find(a)] = find(b)

    for body in bodies:
        find(("b", body.pk))
        for owner in body.owners.all():
            union(("b", body.pk), ("p", owner.pk))
        for link in (body.parent_id, body.reports_to_id):
            if link is not None:
                union(("b", body.pk), ("b", link))
    groups: dict[object, list[Body]] = {}
    for body in bodies:
        groups.setdefault(find(("b", body.pk)), []).append(body)
    parts = []
    for members in groups.values():
        owners: dict[int, tuple[int, Any]] = {}
        for body in members:
            for owner in body.owners.all():
                count, _ = owners.get(owner.pk, (0, owner))
                owners[owner.pk] = (count + 1, owner)
        regions = sorted(o.name for _, o in owners.values() if o.kind == "region")
        if regions:
            title = ", ".join(regions)
        elif owners:
            title = max(owners.values(), key=lambda pair: (pair[0], pair[1].name))[1].name
        else:
            title = gettext("Other bodies")
        parts.append(Part(title=title, diagram=build(members)))
    return sorted(parts, key=lambda part: part.title)
