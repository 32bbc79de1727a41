"""The notification sender of the project (`LVZHI_NOTIFICATION_SENDER`): `core.notifications.notify`
hands it the inbox rows it wrote; it writes their deliveries and queues the sends as tasks."""

import logging

from lvzhi.delivery import services, tasks

logger = logging.getLogger("lvzhi.delivery")
notifications_log = logging.getLogger("lvzhi.notifications")


class Router:
    def deliver(self, notifications, *, kind: str = "", subject=None) -> None:
        for n in notifications:
            notifications_log.info("notify user=%s kind=%s title=%s url=%s", n.user_id, kind, n.title, n.url)
        for pk in services.route_notifications(notifications, kind=kind, subject=subject):
            try:
                tasks.send_delivery.enqueue(pk)
            except Exception:  # the task backend failing leaves the delivery queued for send_deliveries
                logger.exception("could not queue delivery %s", pk)

    def send(self, user, title: str, body: str = "", url: str = "") -> None:
        """The per-user interface of older senders; the router works on whole messages."""
        notifications_log.info("notify user=%s title=%s url=%s", user.username, title, url)
