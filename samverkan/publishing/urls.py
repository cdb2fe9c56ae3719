from django.urls import path

from samverkan.publishing import feeds, views

app_name = "publishing"

urlpatterns = [
    path("", views.home, name="home"),
    path("om/", views.about, name="about"),
    path("mina-uppgifter/", views.my_tasks, name="my_tasks"),
    # Atom feeds (feeds.py)
    path("organ/<slug:key>/flode.atom", feeds.BodyFeed(), name="body_feed"),
    path("huvudman/<slug:key>/flode.atom", feeds.PrincipalFeed(), name="principal_feed"),
    path("rekommendationer/flode.atom", feeds.RecommendationFeed(), name="recommendation_feed"),
    path("avtal/flode.atom", feeds.AgreementFeed(), name="agreement_feed"),
    path("sok/flode.atom", feeds.SearchFeed(), name="search_feed"),
]
