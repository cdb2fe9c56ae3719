from samverkan.core.access import AUTHENTICATED, PUBLIC

URL_POLICIES = {
    "publishing:home": PUBLIC,
    "publishing:about": PUBLIC,
    # One's own tasks: each block shows only what the user's roles give them.
    "publishing:my_tasks": AUTHENTICATED,
    # Atom feeds: public entries only.
    "publishing:body_feed": PUBLIC,
    "publishing:principal_feed": PUBLIC,
    "publishing:recommendation_feed": PUBLIC,
    "publishing:agreement_feed": PUBLIC,
    "publishing:search_feed": PUBLIC,
}
