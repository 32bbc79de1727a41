"""The daily digest: at each user's chosen hour, one message listing what waited for it."""

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from lvzhi.delivery import channels
from lvzhi.delivery.choices import Status
from lvzhi.delivery.models import Delivery, Digest
from lvzhi.delivery.policy import digest_hour, scheduled


def open_digests(now=None) -> list[int]:
    """Make today's digest of every user whose chosen hour has come and who has messages waiting;
    return the ids of the digest deliveries to send. A user gets at most one digest a day, so running
    this again (every hour, or twice by mistake) sends nothing twice."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    waiting = Delivery.objects.filter(status=Status.WAITING_DIGEST).values("user_id")
    users = get_user_model().objects.filter(pk__in=waiting).select_related("member", "delivery_profile")
    ids = []
    for user in users:
        if local.hour < digest_hour(user):
            continue
        ids += _open_digest(user, local.date(), now)
    return ids


def _open_digest(user, day, now) -> list[int]:
    try:
        with transaction.atomic():
            digest = Digest.objects.create(user=user, day=day, created_at=now)
            Delivery.objects.filter(user=user, status=Status.WAITING_DIGEST).update(
                status=Status.IN_DIGEST, digest=digest
            )
            rows = []
            for name in channels.configured():
                if channels.has_address(name, user):
                    status, at = scheduled(name, False, now)
                    rows.append(
                        Delivery(
                            user=user,
                            committee_id=user.committee_id,
                            digest=digest,
                            kind="delivery.digest",
                            channel=name,
                            status=status,
                            scheduled_at=at,
                            created_at=now,
                        )
                    )
            Delivery.objects.bulk_create(rows)
    except IntegrityError:  # today's digest already made (by another run)
        return []
    return [row.pk for row in rows if row.status == Status.QUEUED]
