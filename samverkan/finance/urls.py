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
    path("avgifter/", views.fee_list, name="fee_list"),
    path("avgifter/ny/", views.fee_create, name="fee_create"),
    path("avgifter/<slug:key>/", views.fee_detail, name="fee_detail"),
    path("avgifter/<slug:key>/andra/", views.fee_edit, name="fee_edit"),
    path("avgifter/<slug:key>/fakturaunderlag.xlsx", views.fee_xlsx, name="fee_xlsx"),
    path("avgifter/<slug:key>/<slug:payer>/fakturaunderlag.pdf", views.fee_payer_pdf, name="fee_payer_pdf"),
    path("budget/", views.budget_list, name="budget_list"),
    path("budget/ny/", views.budget_create, name="budget_create"),
    path("budget/<slug:key>/", views.budget_detail, name="budget_detail"),
    path("budget/<slug:key>/andra/", views.budget_edit, name="budget_edit"),
    path("budget/<slug:key>/rader/", views.budget_lines, name="budget_lines"),
    path("budget/<slug:key>/faststall/", views.budget_adopt, name="budget_adopt"),
    path("budget/<slug:key>/budget.xlsx", views.budget_xlsx, name="budget_xlsx"),
    path("fonder/", views.fund_list, name="fund_list"),
    path("fonder/ny/", views.fund_create, name="fund_create"),
    path("fonder/<slug:key>/", views.fund_detail, name="fund_detail"),
    path("fonder/<slug:key>/andra/", views.fund_edit, name="fund_edit"),
    path("fonder/<slug:key>/ar/", views.fund_years, name="fund_years"),
]
