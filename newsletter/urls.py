from django.urls import path

from .webhook import mailchimp_webhook

app_name = "newsletter"
urlpatterns = [
    path(
        "newsletter/mailchimp/webhook/<str:secret>/",
        mailchimp_webhook,
        name="mailchimp_webhook",
    ),
]
