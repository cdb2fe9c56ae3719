from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from samverkan.subscriptions.models import Subscription


class SubscribeForm(forms.Form):
    email = forms.EmailField(label=_("Your e-mail address"), max_length=254)
    frequency = forms.ChoiceField(
        label=_("How often"),
        choices=Subscription.Frequency.choices,
        initial=Subscription.Frequency.IMMEDIATE,
        widget=forms.RadioSelect,
    )


class ManageLinkForm(forms.Form):
    email = forms.EmailField(label=_("Your e-mail address"), max_length=254)
