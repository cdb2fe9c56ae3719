from samverkan.core.access import PUBLIC

URL_POLICIES = {
    "publishing:home": PUBLIC,
    "publishing:about": PUBLIC,
}
