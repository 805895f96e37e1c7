"""Admin menus that several apps fill."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.snippets.views.snippets import SnippetViewSet

from .navigation import Navigation

# Apps put their personal-data views under "Personal data" by setting
# ``menu_hook = PERSONAL_DATA_MENU_HOOK`` on their viewsets: ``home`` never
# imports them.
PERSONAL_DATA_MENU_HOOK = "register_personal_data_menu_item"


class PersonalDataMenu(ViewSetGroup):
    menu_label = _("Personal data")
    menu_name = "personal-data"
    menu_icon = "lock"
    menu_order = 250
    submenu_hook = PERSONAL_DATA_MENU_HOOK


class NavigationViewSet(SnippetViewSet):
    """*Navigation and footer*, one per language, under Settings."""

    model = Navigation
    icon = "list-ul"
    add_to_settings_menu = True
    menu_label = _("Navigation and footer")
    menu_order = 110
