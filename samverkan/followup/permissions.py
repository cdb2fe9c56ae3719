"""Who may use the follow-up pages (see samverkan/core/access.py). Projects are edited by
administrators in the admin (audited)."""

from samverkan.core.access import PUBLIC

URL_POLICIES = {
    "followup:project_list": PUBLIC,
    "followup:project_detail": PUBLIC,
}
