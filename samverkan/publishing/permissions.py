from samverkan.core.access import PUBLIC

URL_POLICIES = {
    "publishing:home": PUBLIC,
    "publishing:about": PUBLIC,
    # Atom feeds: public entries only.
    "publishing:body_feed": PUBLIC,
    "publishing:principal_feed": PUBLIC,
    "publishing:recommendation_feed": PUBLIC,
    "publishing:agreement_feed": PUBLIC,
    "publishing:search_feed": PUBLIC,
}
