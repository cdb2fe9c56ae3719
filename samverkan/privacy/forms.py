from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note for the log"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example how and when the request came in."),
    )


class EraseForm(NoteForm):
    confirm = forms.BooleanField(
        label=_("I have checked the identity of the person who asked, and the erasure cannot be undone"),
        required=True,
    )
