from django.urls import path

from samverkan.privacy import views

app_name = "privacy"

# <kind> is "person" (a person record, with its account if linked) or "konto" (an account).
urlpatterns = [
    path("personuppgifter/", views.index, name="index"),
    path("personuppgifter/begaran/<int:pk>/", views.request_detail, name="request"),
    path("personuppgifter/<str:kind>/<int:pk>/", views.subject, name="subject"),
    path("personuppgifter/<str:kind>/<int:pk>/export/", views.export, name="export"),
    path("personuppgifter/<str:kind>/<int:pk>/radera/", views.erase, name="erase"),
]
