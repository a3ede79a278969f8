"""The groups the site sets up, shown under their translated labels in the admin.

Group names are stored in English (the key `catalogue.roles` finds them by); the group
listing and the group checkboxes of the user forms show them in the admin's language.
Wagtail picks these viewsets up through `catalogue.apps.CatalogueUsersConfig`.
"""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.tables import TitleColumn
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views import groups, users

from .roles import LABELS


def group_label(group):
    return str(LABELS.get(group.name, group.name))


class TranslatedGroupChoices:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "groups" in self.fields:
            self.fields["groups"].label_from_instance = group_label


class GroupCreationForm(TranslatedGroupChoices, UserCreationForm):
    pass


class GroupEditForm(TranslatedGroupChoices, UserEditForm):
    pass


class GroupIndexView(groups.IndexView):
    columns = [
        TitleColumn(
            "name",
            label=_("Name"),
            accessor=group_label,
            sort_key="name",
            url_name="wagtailusers_groups:edit",
        ),
    ]


class GroupViewSet(groups.GroupViewSet):
    index_view_class = GroupIndexView


class UserViewSet(users.UserViewSet):
    def get_form_class(self, for_update=False):
        return GroupEditForm if for_update else GroupCreationForm
