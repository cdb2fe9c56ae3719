from django.urls import path

from samverkan.finance import views

app_name = "finance"

urlpatterns = [
    path("ekonomi/", views.index, name="index"),
    path("fordelningar/", views.allocation_list, name="allocation_list"),
    path("fordelningar/ny/", views.allocation_create, name="allocation_create"),
    path("fordelningar/<slug:key>/", views.allocation_detail, name="allocation_detail"),
    path("fordelningar/<slug:key>/andra/", views.allocation_edit, name="allocation_edit"),
    path("fordelningar/<slug:key>/fordelning.csv", views.allocation_csv, name="allocation_csv"),
    path("fordelningar/<slug:key>/fordelning.xlsx", views.allocation_xlsx, name="allocation_xlsx"),
    path("fordelningar/<slug:key>/fordelning.pdf", views.allocation_pdf, name="allocation_pdf"),
]
