import django.core.validators
import django.db.models.deletion
import home.blocks
import home.legal
import home.validators
import uuid
import wagtail.fields
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models


NAVIGATION_FIELDS = ("tagline", "navigation", "footer_links")


def copy_navigation(apps, schema_editor):
    """The tagline, menu and footer links of the default site become the
    navigation of the default language; other languages start without one
    and fall back to it."""
    Site = apps.get_model("wagtailcore", "Site")
    Locale = apps.get_model("wagtailcore", "Locale")
    SiteSettings = apps.get_model("home", "SiteSettings")
    Navigation = apps.get_model("home", "Navigation")
    site = Site.objects.filter(is_default_site=True).first()
    old = SiteSettings.objects.filter(site=site).first() if site else None
    locale = Locale.objects.filter(language_code=settings.LANGUAGE_CODE).first()
    if old is None or locale is None:
        return
    if Navigation.objects.filter(locale=locale).exists():
        return
    Navigation.objects.create(
        locale=locale,
        translation_key=uuid.uuid4(),
        tagline=old.tagline,
        navigation=list(old.navigation.raw_data),
        footer_links=list(old.footer_links.raw_data),
    )


def grant_navigation(apps, schema_editor):
    """Editors and the DPO edit the navigation, as they did the settings that
    held it. A copy of what it needs: migrations never import the site's code."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    app_config = apps.get_app_config("home")
    app_config.models_module = getattr(app_config, "models_module", None) or True
    create_permissions(app_config, apps=apps, verbosity=0)
    permissions = Permission.objects.filter(
        content_type__app_label="home",
        codename__in=["add_navigation", "change_navigation"],
    )
    for name in ("Editors", "Data protection officer"):
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0005_scheduler"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.CreateModel(
            name="AccessibilityStatementPage",
            fields=[
                (
                    "page_ptr",
                    models.OneToOneField(
                        auto_created=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        parent_link=True,
                        primary_key=True,
                        serialize=False,
                        to=settings.WAGTAIL_PAGE_MODEL,
                    ),
                ),
                (
                    "conformance_status",
                    models.CharField(
                        choices=[
                            ("none", "non-compliant"),
                            ("partial", "partially compliant"),
                            ("full", "fully compliant"),
                        ],
                        default="none",
                        help_text="Fully compliant: every criterion audited is met. Partially compliant: at least half are. Non-compliant: fewer, or no audit.",
                        max_length=10,
                        verbose_name="conformance status",
                    ),
                ),
                (
                    "audited_rate",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        help_text="The share of RGAA criteria met in the last audit.",
                        max_digits=5,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(0),
                            django.core.validators.MaxValueValidator(100),
                        ],
                        verbose_name="audited rate (%)",
                    ),
                ),
                (
                    "audit_date",
                    models.DateField(blank=True, null=True, verbose_name="audit date"),
                ),
                (
                    "audit_method",
                    wagtail.fields.RichTextField(
                        blank=True,
                        help_text="Who audited, against which standard, which pages and tools.",
                        verbose_name="audit method",
                    ),
                ),
                (
                    "non_accessible_content",
                    wagtail.fields.RichTextField(
                        blank=True, verbose_name="non-accessible content"
                    ),
                ),
                (
                    "derogations",
                    wagtail.fields.RichTextField(
                        blank=True,
                        help_text="Content exempted for a disproportionate burden, and why.",
                        verbose_name="derogations",
                    ),
                ),
                (
                    "contact",
                    wagtail.fields.RichTextField(
                        help_text="How to report a barrier or ask for accessible content.",
                        verbose_name="feedback and contact",
                    ),
                ),
                (
                    "complaint",
                    wagtail.fields.RichTextField(
                        help_text="How to refer the matter to the Défenseur des droits when the answer does not satisfy.",
                        verbose_name="right to complain",
                    ),
                ),
            ],
            options={
                "verbose_name": "accessibility statement",
            },
            bases=("wagtailcore.page",),
        ),
        migrations.CreateModel(
            name="LegalNoticePage",
            fields=[
                (
                    "page_ptr",
                    models.OneToOneField(
                        auto_created=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        parent_link=True,
                        primary_key=True,
                        serialize=False,
                        to=settings.WAGTAIL_PAGE_MODEL,
                    ),
                ),
                (
                    "publisher",
                    models.CharField(
                        help_text="The body that publishes the site, as registered.",
                        max_length=255,
                        verbose_name="publisher",
                    ),
                ),
                (
                    "publisher_details",
                    models.TextField(
                        blank=True,
                        help_text="Legal status, registration number, VAT number.",
                        verbose_name="publisher's status and registration",
                    ),
                ),
                (
                    "publisher_address",
                    models.TextField(verbose_name="publisher's address"),
                ),
                (
                    "publisher_phone",
                    models.CharField(
                        blank=True,
                        max_length=40,
                        validators=[home.legal.validate_phone],
                        verbose_name="publisher's telephone",
                    ),
                ),
                (
                    "director",
                    models.CharField(
                        help_text="The person legally responsible for what the site publishes.",
                        max_length=255,
                        verbose_name="director of publication",
                    ),
                ),
                ("host", models.CharField(max_length=255, verbose_name="host")),
                ("host_address", models.TextField(verbose_name="host's address")),
                (
                    "host_phone",
                    models.CharField(
                        max_length=40,
                        validators=[home.legal.validate_phone],
                        verbose_name="host's telephone",
                    ),
                ),
                (
                    "contact",
                    wagtail.fields.RichTextField(
                        help_text="How to reach the team that runs the site.",
                        verbose_name="contact",
                    ),
                ),
                (
                    "extra",
                    wagtail.fields.RichTextField(
                        blank=True,
                        help_text="Intellectual property, credits, links to other sites.",
                        verbose_name="more information",
                    ),
                ),
            ],
            options={
                "verbose_name": "legal notice",
            },
            bases=("wagtailcore.page",),
        ),
        migrations.CreateModel(
            name="Navigation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                (
                    "translation_key",
                    models.UUIDField(default=uuid.uuid4, editable=False),
                ),
                (
                    "tagline",
                    models.CharField(
                        blank=True, max_length=200, verbose_name="tagline"
                    ),
                ),
                (
                    "navigation",
                    wagtail.fields.StreamField(
                        [("link", 4)],
                        blank=True,
                        block_lookup={
                            0: (
                                "wagtail.blocks.CharBlock",
                                (),
                                {
                                    "help_text": "Leave empty to use the page title.",
                                    "label": "Label",
                                    "max_length": 100,
                                    "required": False,
                                },
                            ),
                            1: (
                                "wagtail.blocks.PageChooserBlock",
                                (),
                                {"label": "Page", "required": False},
                            ),
                            2: (
                                "wagtail.blocks.ChoiceBlock",
                                [],
                                {
                                    "choices": [
                                        ("register", "Sign up"),
                                        ("my_data", "Manage my data"),
                                        ("cookie_preferences", "Cookie settings"),
                                        ("privacy_request", "Data protection request"),
                                    ],
                                    "help_text": "Sign-up, Manage my data and other pages that are not in the tree.",
                                    "label": "Page of the site",
                                    "required": False,
                                },
                            ),
                            3: (
                                "wagtail.blocks.CharBlock",
                                (),
                                {
                                    "help_text": "A path on this site (/cookies/) or a full address.",
                                    "label": "Address",
                                    "max_length": 500,
                                    "required": False,
                                    "validators": [
                                        home.validators.validate_link_address
                                    ],
                                },
                            ),
                            4: (
                                "wagtail.blocks.StructBlock",
                                [
                                    [
                                        ("label", 0),
                                        ("page", 1),
                                        ("route", 2),
                                        ("link_url", 3),
                                    ]
                                ],
                                {},
                            ),
                        },
                        verbose_name="navigation",
                    ),
                ),
                (
                    "footer_links",
                    wagtail.fields.StreamField(
                        [("link", 4)],
                        blank=True,
                        block_lookup={
                            0: (
                                "wagtail.blocks.CharBlock",
                                (),
                                {
                                    "help_text": "Leave empty to use the page title.",
                                    "label": "Label",
                                    "max_length": 100,
                                    "required": False,
                                },
                            ),
                            1: (
                                "wagtail.blocks.PageChooserBlock",
                                (),
                                {"label": "Page", "required": False},
                            ),
                            2: (
                                "wagtail.blocks.ChoiceBlock",
                                [],
                                {
                                    "choices": [
                                        ("register", "Sign up"),
                                        ("my_data", "Manage my data"),
                                        ("cookie_preferences", "Cookie settings"),
                                        ("privacy_request", "Data protection request"),
                                    ],
                                    "help_text": "Sign-up, Manage my data and other pages that are not in the tree.",
                                    "label": "Page of the site",
                                    "required": False,
                                },
                            ),
                            3: (
                                "wagtail.blocks.CharBlock",
                                (),
                                {
                                    "help_text": "A path on this site (/cookies/) or a full address.",
                                    "label": "Address",
                                    "max_length": 500,
                                    "required": False,
                                    "validators": [
                                        home.validators.validate_link_address
                                    ],
                                },
                            ),
                            4: (
                                "wagtail.blocks.StructBlock",
                                [
                                    [
                                        ("label", 0),
                                        ("page", 1),
                                        ("route", 2),
                                        ("link_url", 3),
                                    ]
                                ],
                                {},
                            ),
                        },
                        help_text="For example sign-up, the newsletter, Manage my data, the privacy notice and the cookie settings. The legal notice and the accessibility statement are always shown.",
                        verbose_name="footer links",
                    ),
                ),
                (
                    "locale",
                    models.ForeignKey(
                        editable=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="wagtailcore.locale",
                        verbose_name="locale",
                    ),
                ),
            ],
            options={
                "verbose_name": "navigation and footer",
                "verbose_name_plural": "navigation and footer",
                "abstract": False,
                "unique_together": {("translation_key", "locale")},
            },
        ),
        migrations.RunPython(copy_navigation, migrations.RunPython.noop),
        migrations.RunPython(grant_navigation, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name="sitesettings",
            name="footer_links",
        ),
        migrations.RemoveField(
            model_name="sitesettings",
            name="navigation",
        ),
        migrations.RemoveField(
            model_name="sitesettings",
            name="tagline",
        ),
        migrations.AlterField(
            model_name="homepage",
            name="body",
            field=wagtail.fields.StreamField(
                [
                    ("heading", 2),
                    ("paragraph", 3),
                    ("image", 8),
                    ("button", 13),
                    ("table", 17),
                    ("call_to_action", 21),
                    ("document", 24),
                    ("quote", 28),
                    ("two_columns", 31),
                    ("people", 39),
                    ("hero", 41),
                    ("feature_cards", 46),
                    ("latest_pages", 49),
                    ("get_involved", 51),
                ],
                blank=True,
                block_lookup={
                    0: (
                        "wagtail.blocks.CharBlock",
                        (),
                        {"label": "Text", "max_length": 200},
                    ),
                    1: (
                        "wagtail.blocks.ChoiceBlock",
                        [],
                        {
                            "choices": [
                                ("h2", "Section (h2)"),
                                ("h3", "Subsection (h3)"),
                            ],
                            "label": "Level",
                        },
                    ),
                    2: (
                        "wagtail.blocks.StructBlock",
                        [[("text", 0), ("level", 1)]],
                        {},
                    ),
                    3: ("home.blocks.ParagraphBlock", (), {}),
                    4: (
                        "wagtail.images.blocks.ImageChooserBlock",
                        (),
                        {"label": "Image"},
                    ),
                    5: (
                        "wagtail.blocks.CharBlock",
                        (),
                        {
                            "help_text": "Describe the image for people who cannot see it.",
                            "label": "Alternative text",
                            "max_length": 250,
                        },
                    ),
                    6: (
                        "wagtail.blocks.CharBlock",
                        (),
                        {"label": "Caption", "max_length": 250, "required": False},
                    ),
                    7: (
                        "wagtail.blocks.CharBlock",
                        (),
                        {
                            "help_text": "Who made the image, and its licence.",
                            "label": "Credit",
                            "max_length": 250,
                            "required": False,
                        },
                    ),
                    8: (
                        "wagtail.blocks.StructBlock",
                        [
                            [
                                ("image", 4),
                                ("alt_text", 5),
                                ("caption", 6),
                                ("credit", 7),
                            ]
                        ],
                        {},
                    ),
                    9: (
                        "wagtail.blocks.CharBlock",
                        (),
                        {
                            "help_text": "Leave empty to use the page title.",
                            "label": "Label",
                            "max_length": 100,
                            "required": False,
                        },
                    ),
                    10: (
                        "wagtail.blocks.PageChooserBlock",
                        (),
                        {"label": "Page", "required": False},
                    ),
                    11: (
                        "wagtail.blocks.ChoiceBlock",
                        [],
                        {
                            "choices": [
                                ("register", "Sign up"),
                                ("my_data", "Manage my data"),
                                ("cookie_preferences", "Cookie settings"),
                                ("privacy_request", "Data protection request"),
                            ],
                            "help_text": "Sign-up, Manage my data and other pages that are not in the tree.",
                            "label": "Page of the site",
                            "required": False,
                        },
                    ),
                    12: (
                        "wagtail.blocks.CharBlock",
                        (),
                        {
                            "help_text": "A path on this site (/cookies/) or a full address.",
                            "label": "Address",
                            "max_length": 500,
                            "required": False,
                            "validators": [home.validators.validate_link_address],
                        },
                    ),
                    13: (
                        "wagtail.blocks.StructBlock",
                        [[("label", 9), ("page", 10), ("route", 11), ("link_url", 12)]],
                        {},
                    ),
                    14: ("wagtail.blocks.CharBlock", (), {"label": "Text"}),
                    15: ("wagtail.blocks.DecimalBlock", (), {"label": "Number"}),
                    16: (
                        "wagtail.blocks.RichTextBlock",
                        (),
                        {"features": ["bold", "italic", "link"], "label": "Rich text"},
                    ),
                    17: (
                        "wagtail.contrib.typed_table_block.blocks.TypedTableBlock",
                        [[("text", 14), ("number", 15), ("rich_text", 16)]],
                        {},
                    ),
                    18: (
                        "wagtail.blocks.CharBlock",
                        (),
                        {"label": "Heading", "max_length": 200},
                    ),
                    19: (
                        "wagtail.blocks.TextBlock",
                        (),
                        {"label": "Text", "max_length": 600, "required": False},
                    ),
                    20: (
                        "wagtail.blocks.StructBlock",
                        [[("label", 9), ("page", 10), ("route", 11), ("link_url", 12)]],
                        {"label": "Button"},
                    ),
                    21: (
                        "wagtail.blocks.StructBlock",
                        [[("heading", 18), ("text", 19), ("button", 20)]],
                        {},
                    ),
                    22: (
                        "wagtail.documents.blocks.DocumentChooserBlock",
                        (),
                        {"label": "Document"},
                    ),
                    23: (
                        "wagtail.blocks.CharBlock",
                        (),
                        {
                            "help_text": "Leave empty to use the document's title.",
                            "label": "Label",
                            "max_length": 200,
                            "required": False,
                        },
                    ),
                    24: (
                        "wagtail.blocks.StructBlock",
                        [[("document", 22), ("label", 23)]],
                        {},
                    ),
                    25: (
                        "wagtail.blocks.TextBlock",
                        (),
                        {"label": "Quotation", "max_length": 1000},
                    ),
                    26: (
                        "wagtail.blocks.CharBlock",
                        (),
                        {"label": "Who said it", "max_length": 200, "required": False},
                    ),
                    27: (
                        "wagtail.blocks.CharBlock",
                        (),
                        {"label": "Source", "max_length": 200, "required": False},
                    ),
                    28: (
                        "wagtail.blocks.StructBlock",
                        [[("text", 25), ("attribution", 26), ("source", 27)]],
                        {},
                    ),
                    29: (
                        "wagtail.blocks.StreamBlock",
                        [
                            [
                                ("heading", 2),
                                ("paragraph", 3),
                                ("image", 8),
                                ("button", 13),
                                ("document", 24),
                                ("quote", 28),
                            ]
                        ],
                        {"label": "Left column"},
                    ),
                    30: (
                        "wagtail.blocks.StreamBlock",
                        [
                            [
                                ("heading", 2),
                                ("paragraph", 3),
                                ("image", 8),
                                ("button", 13),
                                ("document", 24),
                                ("quote", 28),
                            ]
                        ],
                        {"label": "Right column"},
                    ),
                    31: (
                        "wagtail.blocks.StructBlock",
                        [[("left", 29), ("right", 30)]],
                        {},
                    ),
                    32: (
                        "wagtail.blocks.CharBlock",
                        (),
                        {"label": "Heading", "max_length": 200, "required": False},
                    ),
                    33: (
                        "wagtail.blocks.CharBlock",
                        (),
                        {
                            "label": "Name",
                            "max_length": 200,
                            "validators": [home.blocks.validate_no_email_address],
                        },
                    ),
                    34: (
                        "wagtail.blocks.CharBlock",
                        (),
                        {
                            "label": "Role",
                            "max_length": 200,
                            "required": False,
                            "validators": [home.blocks.validate_no_email_address],
                        },
                    ),
                    35: (
                        "wagtail.images.blocks.ImageChooserBlock",
                        (),
                        {"label": "Photo", "required": False},
                    ),
                    36: (
                        "wagtail.blocks.URLBlock",
                        (),
                        {
                            "help_text": "A professional page (no email address).",
                            "label": "Web page",
                            "required": False,
                        },
                    ),
                    37: (
                        "wagtail.blocks.StructBlock",
                        [[("name", 33), ("role", 34), ("photo", 35), ("link", 36)]],
                        {},
                    ),
                    38: (
                        "wagtail.blocks.ListBlock",
                        (37,),
                        {"label": "People", "min_num": 1},
                    ),
                    39: (
                        "wagtail.blocks.StructBlock",
                        [[("heading", 32), ("people", 38)]],
                        {},
                    ),
                    40: (
                        "wagtail.blocks.ListBlock",
                        (13,),
                        {"label": "Buttons", "max_num": 2},
                    ),
                    41: (
                        "wagtail.blocks.StructBlock",
                        [[("heading", 18), ("text", 19), ("buttons", 40)]],
                        {},
                    ),
                    42: (
                        "wagtail.blocks.CharBlock",
                        (),
                        {"label": "Title", "max_length": 120},
                    ),
                    43: (
                        "wagtail.blocks.TextBlock",
                        (),
                        {"label": "Text", "max_length": 400},
                    ),
                    44: (
                        "wagtail.blocks.StructBlock",
                        [[("title", 42), ("text", 43), ("page", 10)]],
                        {},
                    ),
                    45: (
                        "wagtail.blocks.ListBlock",
                        (44,),
                        {"label": "Cards", "max_num": 6, "min_num": 1},
                    ),
                    46: (
                        "wagtail.blocks.StructBlock",
                        [[("heading", 18), ("cards", 45)]],
                        {},
                    ),
                    47: (
                        "wagtail.blocks.PageChooserBlock",
                        (),
                        {
                            "help_text": "Its latest published subpages are listed (news, events...).",
                            "label": "Section",
                        },
                    ),
                    48: (
                        "wagtail.blocks.IntegerBlock",
                        (),
                        {
                            "default": 3,
                            "label": "How many",
                            "max_value": 12,
                            "min_value": 1,
                        },
                    ),
                    49: (
                        "wagtail.blocks.StructBlock",
                        [[("heading", 18), ("index", 47), ("count", 48)]],
                        {},
                    ),
                    50: (
                        "wagtail.blocks.PageChooserBlock",
                        (),
                        {"label": "Newsletter archive", "required": False},
                    ),
                    51: (
                        "wagtail.blocks.StructBlock",
                        [[("heading", 18), ("text", 19), ("newsletter_archive", 50)]],
                        {},
                    ),
                },
                verbose_name="body",
            ),
        ),
        migrations.AlterField(
            model_name="standardpage",
            name="body",
            field=wagtail.fields.StreamField(
                [
                    ("heading", 2),
                    ("paragraph", 3),
                    ("image", 8),
                    ("button", 13),
                    ("table", 17),
                    ("call_to_action", 21),
                    ("document", 24),
                    ("quote", 28),
                    ("two_columns", 31),
                    ("people", 39),
                ],
                blank=True,
                block_lookup={
                    0: (
                        "wagtail.blocks.CharBlock",
                        (),
                        {"label": "Text", "max_length": 200},
                    ),
                    1: (
                        "wagtail.blocks.ChoiceBlock",
                        [],
                        {
                            "choices": [
                                ("h2", "Section (h2)"),
                                ("h3", "Subsection (h3)"),
                            ],
                            "label": "Level",
                        },
                    ),
                    2: (
                        "wagtail.blocks.StructBlock",
                        [[("text", 0), ("level", 1)]],
                        {},
                    ),
                    3: ("home.blocks.ParagraphBlock", (), {}),
                    4: (
                        "wagtail.images.blocks.ImageChooserBlock",
                        (),
                        {"label": "Image"},
                    ),
                    5: (
                        "wagtail.blocks.CharBlock",
                        (),
                        {
                            "help_text": "Describe the image for people who cannot see it.",
                            "label": "Alternative text",
                            "max_length": 250,
                        },
                    ),
                    6: (
                        "wagtail.blocks.CharBlock",
                        (),
                        {"label": "Caption", "max_length": 250, "required": False},
                    ),
                    7: (
                        "wagtail.blocks.CharBlock",
                        (),
                        {
                            "help_text": "Who made the image, and its licence.",
                            "label": "Credit",
                            "max_length": 250,
                            "required": False,
                        },
                    ),
                    8: (
                        "wagtail.blocks.StructBlock",
                        [
                            [
                                ("image", 4),
                                ("alt_text", 5),
                                ("caption", 6),
                                ("credit", 7),
                            ]
                        ],
                        {},
                    ),
                    9: (
                        "wagtail.blocks.CharBlock",
                        (),
                        {
                            "help_text": "Leave empty to use the page title.",
                            "label": "Label",
                            "max_length": 100,
                            "required": False,
                        },
                    ),
                    10: (
                        "wagtail.blocks.PageChooserBlock",
                        (),
                        {"label": "Page", "required": False},
                    ),
                    11: (
                        "wagtail.blocks.ChoiceBlock",
                        [],
                        {
                            "choices": [
                                ("register", "Sign up"),
                                ("my_data", "Manage my data"),
                                ("cookie_preferences", "Cookie settings"),
                                ("privacy_request", "Data protection request"),
                            ],
                            "help_text": "Sign-up, Manage my data and other pages that are not in the tree.",
                            "label": "Page of the site",
                            "required": False,
                        },
                    ),
                    12: (
                        "wagtail.blocks.CharBlock",
                        (),
                        {
                            "help_text": "A path on this site (/cookies/) or a full address.",
                            "label": "Address",
                            "max_length": 500,
                            "required": False,
                            "validators": [home.validators.validate_link_address],
                        },
                    ),
                    13: (
                        "wagtail.blocks.StructBlock",
                        [[("label", 9), ("page", 10), ("route", 11), ("link_url", 12)]],
                        {},
                    ),
                    14: ("wagtail.blocks.CharBlock", (), {"label": "Text"}),
                    15: ("wagtail.blocks.DecimalBlock", (), {"label": "Number"}),
                    16: (
                        "wagtail.blocks.RichTextBlock",
                        (),
                        {"features": ["bold", "italic", "link"], "label": "Rich text"},
                    ),
                    17: (
                        "wagtail.contrib.typed_table_block.blocks.TypedTableBlock",
                        [[("text", 14), ("number", 15), ("rich_text", 16)]],
                        {},
                    ),
                    18: (
                        "wagtail.blocks.CharBlock",
                        (),
                        {"label": "Heading", "max_length": 200},
                    ),
                    19: (
                        "wagtail.blocks.TextBlock",
                        (),
                        {"label": "Text", "max_length": 600, "required": False},
                    ),
                    20: (
                        "wagtail.blocks.StructBlock",
                        [[("label", 9), ("page", 10), ("route", 11), ("link_url", 12)]],
                        {"label": "Button"},
                    ),
                    21: (
                        "wagtail.blocks.StructBlock",
                        [[("heading", 18), ("text", 19), ("button", 20)]],
                        {},
                    ),
                    22: (
                        "wagtail.documents.blocks.DocumentChooserBlock",
                        (),
                        {"label": "Document"},
                    ),
                    23: (
                        "wagtail.blocks.CharBlock",
                        (),
                        {
                            "help_text": "Leave empty to use the document's title.",
                            "label": "Label",
                            "max_length": 200,
                            "required": False,
                        },
                    ),
                    24: (
                        "wagtail.blocks.StructBlock",
                        [[("document", 22), ("label", 23)]],
                        {},
                    ),
                    25: (
                        "wagtail.blocks.TextBlock",
                        (),
                        {"label": "Quotation", "max_length": 1000},
                    ),
                    26: (
                        "wagtail.blocks.CharBlock",
                        (),
                        {"label": "Who said it", "max_length": 200, "required": False},
                    ),
                    27: (
                        "wagtail.blocks.CharBlock",
                        (),
                        {"label": "Source", "max_length": 200, "required": False},
                    ),
                    28: (
                        "wagtail.blocks.StructBlock",
                        [[("text", 25), ("attribution", 26), ("source", 27)]],
                        {},
                    ),
                    29: (
                        "wagtail.blocks.StreamBlock",
                        [
                            [
                                ("heading", 2),
                                ("paragraph", 3),
                                ("image", 8),
                                ("button", 13),
                                ("document", 24),
                                ("quote", 28),
                            ]
                        ],
                        {"label": "Left column"},
                    ),
                    30: (
                        "wagtail.blocks.StreamBlock",
                        [
                            [
                                ("heading", 2),
                                ("paragraph", 3),
                                ("image", 8),
                                ("button", 13),
                                ("document", 24),
                                ("quote", 28),
                            ]
                        ],
                        {"label": "Right column"},
                    ),
                    31: (
                        "wagtail.blocks.StructBlock",
                        [[("left", 29), ("right", 30)]],
                        {},
                    ),
                    32: (
                        "wagtail.blocks.CharBlock",
                        (),
                        {"label": "Heading", "max_length": 200, "required": False},
                    ),
                    33: (
                        "wagtail.blocks.CharBlock",
                        (),
                        {
                            "label": "Name",
                            "max_length": 200,
                            "validators": [home.blocks.validate_no_email_address],
                        },
                    ),
                    34: (
                        "wagtail.blocks.CharBlock",
                        (),
                        {
                            "label": "Role",
                            "max_length": 200,
                            "required": False,
                            "validators": [home.blocks.validate_no_email_address],
                        },
                    ),
                    35: (
                        "wagtail.images.blocks.ImageChooserBlock",
                        (),
                        {"label": "Photo", "required": False},
                    ),
                    36: (
                        "wagtail.blocks.URLBlock",
                        (),
                        {
                            "help_text": "A professional page (no email address).",
                            "label": "Web page",
                            "required": False,
                        },
                    ),
                    37: (
                        "wagtail.blocks.StructBlock",
                        [[("name", 33), ("role", 34), ("photo", 35), ("link", 36)]],
                        {},
                    ),
                    38: (
                        "wagtail.blocks.ListBlock",
                        (37,),
                        {"label": "People", "min_num": 1},
                    ),
                    39: (
                        "wagtail.blocks.StructBlock",
                        [[("heading", 32), ("people", 38)]],
                        {},
                    ),
                },
                verbose_name="body",
            ),
        ),
    ]
