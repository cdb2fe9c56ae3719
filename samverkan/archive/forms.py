from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samverkan.archive import collect
from samverkan.archive.services import FIRST_YEAR


class ExportForm(forms.Form):
    body = forms.ModelChoiceField(queryset=collect.bodies_with_records(), label=_("Body"))
    year = forms.IntegerField(label=_("Year"), min_value=FIRST_YEAR)
    closed = forms.BooleanField(
        label=_("Closed package, with confidential papers"),
        required=False,
        help_text=_(
            "Includes confidential items, their papers and extracts, and recommendations and agreements that are "
            "not public. The package is marked as closed throughout; hand it only to the archive."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        year_field = self.fields["year"]
        assert isinstance(year_field, forms.IntegerField)
        year_field.max_value = this_year
        year_field.validators.append(forms.IntegerField(max_value=this_year).validators[-1])
        year_field.widget.attrs.update({"min": FIRST_YEAR, "max": this_year})
        self.initial.setdefault("year", this_year - 1)
