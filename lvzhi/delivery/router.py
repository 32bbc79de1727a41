"""The notification sender of the project (`LVZHI_NOTIFICATION_SENDER`): `core.notifications.notify`
hands it the inbox rows it wrote; it writes their deliveries and queues the sends as tasks."""

import logging

from lvzhi.delivery import services, tasks

logger = logging.getLogger("lvzhi.delivery")
notifications_log = logging.getLogger("lvzhi.notifications")


class Router:
    def deliver(self, notifications, *, kind: str = "", subject=None) -> None:
        # one line per message, whatever the number of its recipients (a notice to a committee's
        # 500 members, the demo's meetings): each recipient's delivery is a row of its own
        if notifications:
            first = notifications[0]
            users = ",".join(str(n.user_id) for n in notifications[:5]) + (",…" if len(notifications) > 5 else "")
            notifications_log.info(
                "notify kind=%s recipients=%d users=%s title=%s url=%s",
                kind,
                len(notifications),
                users,
                first.title,
                first.url,
            )
        for pk in services.route_notifications(notifications, kind=kind, subject=subject):
            try:
                tasks.send_delivery.enqueue(pk)
            except Exception:  # the task backend failing leaves the delivery queued for send_deliveries
                logger.exception("could not queue delivery %s", pk)

    def send(self, user, title: str, body: str = "", url: str = "") -> None:
        """The per-user interface of older senders; the router works on whole messages."""
        notifications_log.info("notify user=%s title=%s url=%s", user.username, title, url)
