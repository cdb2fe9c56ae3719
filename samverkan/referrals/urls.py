from django.urls import path

from samverkan.referrals import views

app_name = "referrals"

urlpatterns = [
    # Public
    path("rekommendationer/", views.recommendation_list, name="list"),
    path("rekommendationer/tavla/", views.board, name="board"),
    path("rekommendationer/tavla.csv", views.board_csv, name="board_csv"),
    path("rekommendationer/tavla.xlsx", views.board_xlsx, name="board_xlsx"),
    path("rekommendationer/<int:pk>/", views.recommendation_detail, name="detail"),
    path("rekommendationer/<int:pk>/utdrag/<int:response_pk>/", views.extract, name="extract"),
    path("rekommendationer/<int:pk>/handlingar/<int:paper_pk>/", views.paper, name="paper"),
    path("svara/<str:token>/", views.answer_link, name="answer_link"),
    path("svara/<str:token>/handlingar/<int:paper_pk>/", views.answer_link_paper, name="answer_link_paper"),
    # Registrars
    path("rekommendationer/att-besvara/", views.inbox, name="inbox"),
    path("rekommendationer/svar/<int:pk>/", views.answer, name="answer"),
    # Secretaries
    path("organ/<slug:key>/rekommendationer/ny/", views.recommendation_create, name="create"),
    path("rekommendationer/<int:pk>/andra/", views.recommendation_edit, name="edit"),
    path("rekommendationer/<int:pk>/skicka/", views.recommendation_send, name="send"),
    path("rekommendationer/<int:pk>/dra-tillbaka/", views.recommendation_withdraw, name="withdraw"),
    path("rekommendationer/<int:pk>/handlingar/", views.paper_add, name="paper_add"),
    path("rekommendationer/<int:pk>/handlingar/<int:paper_pk>/ta-bort/", views.paper_remove, name="paper_remove"),
    path("rekommendationer/<int:pk>/mottagare/<int:recipient_pk>/lank/", views.recipient_link, name="link"),
]
