from django.db import migrations

DPO_PERMISSIONS = [
    "cookie_consent.add_cookiegroup",
    "cookie_consent.change_cookiegroup",
    "cookie_consent.delete_cookiegroup",
    "cookie_consent.view_cookiegroup",
    "cookie_consent.add_cookie",
    "cookie_consent.change_cookie",
    "cookie_consent.delete_cookie",
    "cookie_consent.view_cookie",
    "privacy.view_consentrecord",
]


def grant(apps, schema_editor):
    from home.groups import DPO, grant_model_permissions

    grant_model_permissions(apps, DPO, DPO_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0003_cookie_consent_ledger"),
        ("home", "0002_admin_groups"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
