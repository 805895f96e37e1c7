"""Permission policies shared by the admin of several apps."""

from wagtail.permission_policies import ModelPermissionPolicy

WRITE_ACTIONS = frozenset({"add", "change", "delete"})


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """Rows that are proof or written by the site itself: viewed, never edited.

    Nobody may add, change or delete them through the admin, superusers
    included; viewing (and exporting) still needs the model's view permission.
    """

    def user_has_permission(self, user, action):
        if action in WRITE_ACTIONS:
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return super().user_has_any_permission(
            user, [action for action in actions if action not in WRITE_ACTIONS]
        )

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission(
            [action for action in actions if action not in WRITE_ACTIONS]
        )
