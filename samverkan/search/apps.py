from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "samverkan.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        # Registers the built-in kinds, which connects the post_save/post_delete/m2m_changed
        # receivers that reindex on commit (docs/decisions/0004-search.md says why signals).
        # Another app registers its own kinds from its ready() (see search/index.py).
        from samverkan.search.kinds import register_builtin
        from samverkan.search.kinds_followup_money import register_followup_and_money

        register_builtin()
        register_followup_and_money()
