"""The background work of the message channels, as tasks (django-tasks): sending one delivery,
sending what is due (after the quiet hours, retries), and the daily digests. Each is also a
management command (`send_deliveries`, `send_digests`) for cron."""

from django_tasks import task

from lvzhi.delivery import services


@task()
def send_delivery(delivery_id: int) -> str:
    return services.send_delivery(delivery_id)


@task()
def send_due_deliveries() -> int:
    """Send every delivery whose time has come; run every few minutes."""
    return sum(services.send_delivery(pk) == "sent" for pk in services.due_delivery_ids())


@task()
def send_digests() -> int:
    """Make and send the daily digests whose hour has come; run every hour (idempotent)."""
    return sum(services.send_delivery(pk) == "sent" for pk in services.open_digests())
