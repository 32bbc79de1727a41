"""Whose directory photos a user may open: those of the members they may browse, as the
directory's own photo view (registered with core's file download through `registry.FileHolder`,
from apps.py)."""

from lvzhi.core import registry
from lvzhi.directory.models import Profile
from lvzhi.directory.selectors import current_seats, directory_committee_ids


def browsable_profiles(user):
    return Profile.objects.filter(member_id__in=current_seats(directory_committee_ids(user)).values("member_id"))


FILE_HOLDERS = [registry.FileHolder("directory.Profile", "photo", visible=browsable_profiles)]
