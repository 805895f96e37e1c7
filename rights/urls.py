""" "Manage my data" and the data-subject request form, inside the language prefixes."""

from django.urls import path

from . import request_views, views

urlpatterns = [
    path("my-data/", views.request_link, name="my_data"),
    path("my-data/sent/", views.link_sent, name="my_data_sent"),
    path("my-data/open/<str:token>/", views.open_link, name="my_data_open"),
    path("my-data/me/", views.dashboard, name="my_data_home"),
    path(
        "my-data/me/download.json",
        views.download,
        {"fmt": "json"},
        name="my_data_download_json",
    ),
    path(
        "my-data/me/download.csv",
        views.download,
        {"fmt": "csv"},
        name="my_data_download_csv",
    ),
    path("my-data/me/correct/", views.rectify, name="my_data_rectify"),
    path("my-data/me/restrict/", views.restrict, name="my_data_restrict"),
    path("my-data/me/newsletter/", views.newsletter, name="my_data_newsletter"),
    path("my-data/me/erase/", views.erase, name="my_data_erase"),
    path("my-data/sign-out/", views.sign_out, name="my_data_sign_out"),
    path("privacy/request/", request_views.request_form, name="privacy_request"),
    path(
        "privacy/request/sent/", request_views.request_sent, name="privacy_request_sent"
    ),
]
