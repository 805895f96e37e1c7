"""Sign-up, the confirmation of a new address and the link that keeps an idle
record, inside the language prefixes."""

from django.urls import path

from . import views

urlpatterns = [
    path("register/", views.register, name="register"),
    path("register/sent/", views.register_sent, name="register_sent"),
    path(
        "register/confirm/<str:token>/", views.register_confirm, name="register_confirm"
    ),
    path(
        "my-data/email/<str:token>/",
        views.confirm_email_change,
        name="email_change_confirm",
    ),
    path("my-data/keep/<str:token>/", views.inactivity_stay, name="inactivity_stay"),
]
