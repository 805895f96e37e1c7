from django.db import migrations

COMMUNICATIONS_PERMISSIONS = [
    "newsletter.send_newsletter",
    "wagtail_newsletter.add_newsletterrecipients",
    "wagtail_newsletter.change_newsletterrecipients",
    "wagtail_newsletter.delete_newsletterrecipients",
]


def grant(apps, schema_editor):
    from home.groups import COMMUNICATIONS, grant_model_permissions

    grant_model_permissions(apps, COMMUNICATIONS, COMMUNICATIONS_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("newsletter", "0003_newsletter_pages"),
        ("wagtail_newsletter", "0001_initial"),
        ("home", "0002_admin_groups"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
