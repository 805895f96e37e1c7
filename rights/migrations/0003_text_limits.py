"""Every free-text field of a request has a length and refuses hidden characters.

Rows written before these limits are brought within them first (control and
text-direction characters become spaces, longer values are cut), so that the
message's new database constraint holds. The helper is a copy: migrations
never import the site's code, which changes after they are written.
"""

import unicodedata

import django.core.validators
import django.db.models.functions.text
import django.db.models.lookups
from django.db import migrations, models

import people.validators

BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
LIMITS = {
    "full_name": 200,
    "message": 5000,
    "extension_reason": 2000,
    "answer": 10000,
}
MULTI_LINE = {"message", "extension_reason", "answer"}


def plain(text, limit, multi_line):
    kept = []
    for char in text:
        if multi_line and char in "\n\r\t":
            kept.append(char)
        elif char in BIDI_CONTROLS:
            continue
        elif unicodedata.category(char) in ("Cc", "Zl", "Zp"):
            kept.append(" ")
        else:
            kept.append(char)
    return "".join(kept)[:limit]


def clean_existing(apps, schema_editor):
    DataSubjectRequest = apps.get_model("rights", "DataSubjectRequest")
    for request in DataSubjectRequest.objects.only("pk", *LIMITS).iterator():
        changed = {}
        for name, limit in LIMITS.items():
            value = getattr(request, name)
            cleaned = plain(value, limit, name in MULTI_LINE)
            if cleaned != value:
                changed[name] = cleaned
        if changed:
            DataSubjectRequest.objects.filter(pk=request.pk).update(**changed)


class Migration(migrations.Migration):
    dependencies = [
        ("rights", "0002_dpo_permissions"),
    ]

    operations = [
        migrations.AlterField(
            model_name="datasubjectrequest",
            name="answer",
            field=models.TextField(
                blank=True,
                help_text="What was answered or done, for the record.",
                max_length=10000,
                validators=[
                    django.core.validators.MaxLengthValidator(10000),
                    people.validators.PlainText(multi_line=True),
                ],
                verbose_name="answer or notes",
            ),
        ),
        migrations.AlterField(
            model_name="datasubjectrequest",
            name="extension_reason",
            field=models.TextField(
                blank=True,
                max_length=2000,
                validators=[
                    django.core.validators.MaxLengthValidator(2000),
                    people.validators.PlainText(multi_line=True),
                ],
                verbose_name="reason for the extension",
            ),
        ),
        migrations.AlterField(
            model_name="datasubjectrequest",
            name="full_name",
            field=models.CharField(
                max_length=200,
                validators=[people.validators.PlainText()],
                verbose_name="full name",
            ),
        ),
        migrations.AlterField(
            model_name="datasubjectrequest",
            name="message",
            field=models.TextField(
                max_length=5000,
                validators=[
                    django.core.validators.MaxLengthValidator(5000),
                    people.validators.PlainText(multi_line=True),
                ],
                verbose_name="message",
            ),
        ),
        migrations.RunPython(clean_existing, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="datasubjectrequest",
            constraint=models.CheckConstraint(
                condition=django.db.models.lookups.LessThanOrEqual(
                    django.db.models.functions.text.Length("message"), 5000
                ),
                name="request_message_length",
            ),
        ),
    ]
