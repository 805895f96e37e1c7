"""Public pages of the personal-data domain, inside the language prefixes."""

from django.urls import path

from privacy.people import views as people_views
from privacy.rights import request_views
from privacy.rights import views as rights_views

urlpatterns = [
    path("register/", people_views.register, name="register"),
    path("register/sent/", people_views.register_sent, name="register_sent"),
    path(
        "register/confirm/<str:token>/",
        people_views.register_confirm,
        name="register_confirm",
    ),
    path("my-data/", rights_views.request_link, name="my_data"),
    path("my-data/sent/", rights_views.link_sent, name="my_data_sent"),
    path("my-data/open/<str:token>/", rights_views.open_link, name="my_data_open"),
    path("my-data/me/", rights_views.dashboard, name="my_data_home"),
    path(
        "my-data/me/download.json",
        rights_views.download,
        {"fmt": "json"},
        name="my_data_download_json",
    ),
    path(
        "my-data/me/download.csv",
        rights_views.download,
        {"fmt": "csv"},
        name="my_data_download_csv",
    ),
    path("my-data/me/correct/", rights_views.rectify, name="my_data_rectify"),
    path("my-data/me/restrict/", rights_views.restrict, name="my_data_restrict"),
    path("my-data/me/newsletter/", rights_views.newsletter, name="my_data_newsletter"),
    path("my-data/me/erase/", rights_views.erase, name="my_data_erase"),
    path("my-data/sign-out/", rights_views.sign_out, name="my_data_sign_out"),
    path("privacy/request/", request_views.request_form, name="privacy_request"),
    path(
        "privacy/request/sent/", request_views.request_sent, name="privacy_request_sent"
    ),
]
