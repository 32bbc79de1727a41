"""The register of regulations' actions (`lvzhi.core.actions`): revise and repeal, declared once for
the detail page's forms (`stats:regulation_action`, args (pk, action)) and
`POST /api/v1/regulations/{id}/<action>`. The page form's fields and the API body's have the same
names; the service checks both alike."""

import datetime

from django.utils.translation import gettext_lazy as _
from ninja import Field

from lvzhi.core.actions import Action, ActionTable, plain
from lvzhi.core.api import In
from lvzhi.stats import services
from lvzhi.stats.forms import RepealForm, RevisionForm
from lvzhi.stats.library import current_text, versions


class RevisionIn(In):
    revised_on: datetime.date
    note: str = Field("", max_length=500)
    adopted_by: str = Field("", max_length=200, description="审议通过的机关或会议")
    text: str = Field("", max_length=200_000, description="修订后全文")


class RepealIn(In):
    repealed_on: datetime.date


def _in_force(user, regulation) -> bool:
    return services.can_manage(user, regulation.committee_id) and not regulation.repealed_on


REGULATION_ACTIONS = ActionTable(
    key="regulation",
    model="stats.Regulation",
    api_path="regulations",
    page_url="stats:regulation_action",
    actions=[
        Action(
            "revise",
            _("登记修订"),
            run=lambda actor, obj, data: services.revise_regulation(actor=actor, regulation=obj, data=data),
            # the form starts from the text in force: the office edits it into the new version
            form=lambda obj, user, data=None, files=None: RevisionForm(
                data, files, initial={"text": current_text(versions(obj))}
            ),
            body=RevisionIn,
            available=_in_force,
            done=_("修订已登记。"),
            style="danger",
            description=_("登记一次修订及修订后全文（修订日期不早于建立日期，已废止的不能修订）。"),
        ),
        Action(
            "repeal",
            _("废止"),
            run=lambda actor, obj, data: services.repeal_regulation(actor=actor, regulation=obj, data=data),
            form=plain(RepealForm),
            body=RepealIn,
            available=_in_force,
            confirm=_("废止后该制度不再有效。确定废止？"),
            done=_("已废止。"),
            style="outline-danger",
            description=_("废止（不早于建立日期和最后一次修订）；已废止的再废止为 409。"),
        ),
    ],
)
