"""Sign-up and the confirmation of a new address, inside the language prefixes."""

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
]
