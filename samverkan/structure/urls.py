from django.urls import path

from samverkan.structure import views

app_name = "structure"

urlpatterns = [
    path("huvudman/", views.principal_list, name="principal_list"),
    path("huvudman/forslag.json", views.principal_suggestions, name="principal_suggestions"),
    path("huvudman/ny/", views.principal_create, name="principal_create"),
    path("huvudman/<slug:key>/", views.principal_detail, name="principal_detail"),
    path("huvudman/<slug:key>/andra/", views.principal_edit, name="principal_edit"),
    path("huvudman/<slug:key>/invanare/", views.population_add, name="population_add"),
    path("grupperingar/<slug:key>/", views.grouping_detail, name="grouping_detail"),
    path("organ/", views.body_list, name="body_list"),
    path("organ/forslag.json", views.body_suggestions, name="body_suggestions"),
    path("organ/nytt/", views.body_create, name="body_create"),
    path("organ/<slug:key>/", views.body_detail, name="body_detail"),
    path("organ/<slug:key>/andra/", views.body_edit, name="body_edit"),
    path("organ/<slug:key>/uppdrag/", views.mandate_add, name="mandate_add"),
    path("organ/<slug:key>/ledamoter/ny/", views.membership_add, name="membership_add"),
    path("organ/<slug:key>/ledamoter/<int:pk>/", views.membership_edit, name="membership_edit"),
    path("organ/<slug:key>/roller/", views.body_roles, name="body_roles"),
    path("huvudman/<slug:key>/roller/", views.principal_roles, name="principal_roles"),
    path("personer/forslag.json", views.person_suggestions, name="person_suggestions"),
    path("personer/<slug:key>/", views.person_detail, name="person_detail"),
    path("personer/<slug:key>/andra/", views.person_edit, name="person_edit"),
    path("struktur/", views.structure_diagram, name="diagram"),
    path("konto/", views.my_account, name="my_account"),
]
