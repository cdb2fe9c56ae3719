from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who logs in. Roles come from the structure: a user may be the secretary of
    bodies, the registrar of principals, and (through the person record linked to it) a member
    of bodies. `is_superuser` makes an administrator."""

    email = models.EmailField(_("e-mail address"), unique=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username
