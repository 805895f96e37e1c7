"""Every free-text field of a record has a length and refuses hidden characters.

Rows written before these limits are brought within them first (control and
text-direction characters become spaces, longer values are cut), so that the
address's new database constraint holds. The helper is a copy: migrations
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
LIMITS = {"full_name": 200, "laboratory": 255, "address": 500, "source": 200}
MULTI_LINE = {"address"}


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
    Person = apps.get_model("people", "Person")
    for person in Person.objects.only("pk", *LIMITS).iterator():
        changed = {}
        for name, limit in LIMITS.items():
            value = getattr(person, name)
            cleaned = plain(value, limit, name in MULTI_LINE)
            if cleaned != value:
                changed[name] = cleaned
        if changed:
            Person.objects.filter(pk=person.pk).update(**changed)


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0002_dpo_permissions"),
    ]

    operations = [
        migrations.AlterField(
            model_name="person",
            name="address",
            field=models.TextField(
                blank=True,
                max_length=500,
                validators=[
                    django.core.validators.MaxLengthValidator(500),
                    people.validators.PlainText(multi_line=True),
                ],
                verbose_name="address",
            ),
        ),
        migrations.AlterField(
            model_name="person",
            name="full_name",
            field=models.CharField(
                max_length=200,
                validators=[people.validators.PlainText()],
                verbose_name="full name",
            ),
        ),
        migrations.AlterField(
            model_name="person",
            name="laboratory",
            field=models.CharField(
                blank=True,
                max_length=255,
                validators=[people.validators.PlainText()],
                verbose_name="laboratory",
            ),
        ),
        migrations.AlterField(
            model_name="person",
            name="source",
            field=models.CharField(
                default="signup",
                help_text="For example “signup”, or the file it was imported from.",
                max_length=200,
                validators=[people.validators.PlainText()],
                verbose_name="where the record came from",
            ),
        ),
        migrations.RunPython(clean_existing, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="person",
            constraint=models.CheckConstraint(
                condition=django.db.models.lookups.LessThanOrEqual(
                    django.db.models.functions.text.Length("address"), 500
                ),
                name="person_address_length",
            ),
        ),
    ]
