from django.urls import path

from . import views

app_name = "knowledge_base"

urlpatterns = [
    path("guidebook/<int:pk>/pdf/", views.guidebook_pdf, name="guidebook_pdf"),
    path(
        "guidebook/<int:pk>/editions/<int:number>/",
        views.guidebook_edition,
        name="guidebook_edition",
    ),
    path(
        "guidebook/<int:pk>/editions/<int:number>/pdf/",
        views.guidebook_edition_pdf,
        name="guidebook_edition_pdf",
    ),
    path("share/", views.share_good_practice, name="share"),
]
