"""A change to a part is a change to its whole.

Some records are shown, in the open data and the feeds, together with the rows they hold: a
meeting with its agenda items, their papers, its minutes and attendance; a recommendation with
its recipients, their answers and its papers; a person with their seats. A client that follows
changes by `modified` (OParl's `modified_since`, a feed reader) sees only the whole, so when a
part is saved or deleted the whole's `updated_at` moves too. Without it an agenda item made
confidential, or removed, after a client's import stayed public in that client: the meeting it
belongs to looked unchanged.

`part_of` declares such a link once, in the app's `ready()`; it works for every path a part
changes by (the services, the importer, the worker that reads a paper, the admin). The whole is
touched when the transaction commits, by a plain UPDATE of `updated_at`: no signal, no audit row,
no new `version` (its content did not change, so an editor's form on it stays valid), and no lock
taken inside the part's transaction (a lock on the whole there could deadlock with a service
that locks the whole before its parts).
"""

from __future__ import annotations

from typing import Any

from django.db import models, transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone


def part_of(part: type[models.Model], whole: type[models.Model], *, via: str, lookup: str = "pk") -> None:
    """When a row of `part` is saved or deleted, the rows of `whole` whose `lookup` equals the
    part's `via` (an attribute, usually a foreign key's id) get a new `updated_at`.

        part_of(AgendaItem, Meeting, via="meeting_id")
        part_of(Attachment, Meeting, via="item_id", lookup="items")   # the item's meeting
    """

    def touch(sender: Any, instance: models.Model, raw: bool = False, **kwargs: Any) -> None:
        if raw:  # loading fixtures
            return
        value = getattr(instance, via, None)
        if value is None:
            return
        manager = whole._default_manager
        transaction.on_commit(lambda: manager.filter(**{lookup: value}).update(updated_at=timezone.now()))

    uid = f"part_of:{part._meta.label}:{whole._meta.label}:{lookup}"
    post_save.connect(touch, sender=part, weak=False, dispatch_uid=uid)
    post_delete.connect(touch, sender=part, weak=False, dispatch_uid=uid)
