"""Emails telling registered users of a material change of the privacy notice.

The data protection officer follows their progress. The grant carries its
own copy of what it needs: migrations never import the site's code, which
changes after they are written.
"""

import django.db.models.deletion
import django.utils.timezone
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

GRANTS = {"Data protection officer": ["rights.view_noticechangemailing"]}


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    # Django creates permissions after the whole migrate; these are needed now.
    app_config = apps.get_app_config("rights")
    app_config.models_module = getattr(app_config, "models_module", None) or True
    create_permissions(app_config, apps=apps, verbosity=0)
    for group_name, names in GRANTS.items():
        group, _created = Group.objects.get_or_create(name=group_name)
        for name in names:
            app_label, codename = name.split(".")
            group.permissions.add(
                Permission.objects.get(
                    content_type__app_label=app_label, codename=codename
                )
            )


class Migration(migrations.Migration):

    dependencies = [
        ('notice', '0002_dpo_publishes_notice'),
        ('people', '0004_email_change'),
        ('rights', '0003_text_limits'),
        ('home', '0002_admin_groups'),
    ]

    operations = [
        migrations.CreateModel(
            name='NoticeChangeMailing',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('language', models.CharField(max_length=10, verbose_name='notice language')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='started')),
                ('prepared_at', models.DateTimeField(blank=True, null=True, verbose_name='recipients listed')),
                ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='finished')),
                ('total', models.PositiveIntegerField(default=0, verbose_name='recipients')),
                ('sent', models.PositiveIntegerField(default=0, verbose_name='sent')),
                ('skipped', models.PositiveIntegerField(default=0, help_text='Restricted or no longer confirmed when their turn came.', verbose_name='skipped')),
                ('failed', models.PositiveIntegerField(default=0, verbose_name='failed')),
                ('version', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='change_mailing', to='notice.noticeversion', verbose_name='notice version')),
            ],
            options={
                'verbose_name': 'notice change mailing',
                'verbose_name_plural': 'notice change mailings',
                'ordering': ['-created_at', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='NoticeChangeDelivery',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('language', models.CharField(max_length=10, verbose_name='language')),
                ('status', models.CharField(choices=[('pending', 'Waiting'), ('sending', 'Being sent (or interrupted)'), ('sent', 'Sent'), ('skipped', 'Skipped'), ('failed', 'Failed')], default='pending', max_length=10, verbose_name='status')),
                ('attempts', models.PositiveSmallIntegerField(default=0, verbose_name='attempts')),
                ('claimed_at', models.DateTimeField(blank=True, null=True, verbose_name='sending started')),
                ('sent_at', models.DateTimeField(blank=True, null=True, verbose_name='sent')),
                ('person', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notice_change_deliveries', to='people.person', verbose_name='registered user')),
                ('mailing', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='deliveries', to='rights.noticechangemailing', verbose_name='mailing')),
            ],
            options={
                'verbose_name': 'notice change email',
                'verbose_name_plural': 'notice change emails',
                'ordering': ['mailing', 'pk'],
                'indexes': [models.Index(fields=['mailing', 'status'], name='rights_noti_mailing_1028f2_idx')],
                'constraints': [models.UniqueConstraint(fields=('mailing', 'person'), name='notice_change_once_per_person')],
            },
        ),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
