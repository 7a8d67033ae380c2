from django.db import models
from django.utils.translation import gettext_lazy as _


class RaterGroup(models.TextChoices):
    """Who a rater is to the leader (DESIGN.md §5). Self and superior are named groups; the
    others are anonymous groups under the organisation's thresholds."""

    SELF = "self", _("Self")
    SUPERIOR = "superior", _("Superior")
    PEERS = "peers", _("Peers")
    DIRECT_REPORTS = "direct_reports", _("Direct reports")
    OTHERS = "others", _("Others")


# Groups whose answers are shown only when they reach the organisation's minimum.
ANONYMOUS_GROUPS = (RaterGroup.PEERS, RaterGroup.DIRECT_REPORTS, RaterGroup.OTHERS)
# Named groups: shown even with a single response.
NAMED_GROUPS = (RaterGroup.SELF, RaterGroup.SUPERIOR)
# The order in which groups appear in the profile.
GROUP_ORDER = (
    RaterGroup.SELF,
    RaterGroup.SUPERIOR,
    RaterGroup.PEERS,
    RaterGroup.DIRECT_REPORTS,
    RaterGroup.OTHERS,
)
# The key under which the profile holds the total over all shown non-self groups.
ALL_OTHERS = "all_others"


class RoundState(models.TextChoices):
    PREPARING = "preparing", _("Choosing raters")
    AWAITING_APPROVAL = "awaiting_approval", _("Raters awaiting approval")
    OPEN = "open", _("Open for answers")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


class InvitationState(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Not approved")
