"""The log-in form as the site shows it: allauth's, with labels a person reads (not "Login:")
and no placeholders standing in for them."""

from __future__ import annotations

from typing import Any

from allauth.account.forms import LoginForm as AllauthLoginForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AllauthLoginForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = {
            "login": _("User name or e-mail address"),
            "password": _("Password"),
            "remember": _("Keep me logged in on this computer"),
        }
        for name, label in labels.items():
            if name in self.fields:
                self.fields[name].label = label
                self.fields[name].widget.attrs.pop("placeholder", None)
        if "login" in self.fields:
            self.fields["login"].widget.attrs["autocomplete"] = "username"
