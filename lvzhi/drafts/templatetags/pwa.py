"""`{% pwa_config %}`: what pwa.js and drafts.js need to know, as a JSON data block (not a script,
so the Content-Security-Policy allows it)."""

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.html import json_script
from django.utils.translation import gettext as _

from lvzhi.accounts.middleware import browser_idle_seconds

register = template.Library()


@register.simple_tag(takes_context=True)
def pwa_config(context):
    user = context.get("user")
    signed_in = bool(user and user.is_authenticated)
    config = {
        "serviceWorker": reverse("drafts:service_worker"),
        "user": user.pk if signed_in else None,
        "login": reverse("accounts:login"),
        "keepalive": reverse("drafts:keepalive"),
        "drafts": "/api/v1/me/drafts",
        "saveSeconds": settings.DRAFT_SAVE_SECONDS,
        "idleSeconds": browser_idle_seconds(),
        "warnSeconds": settings.SESSION_WARN_SECONDS,
        "text": {
            "warn": _("您已较长时间没有操作，将在 %(s)s 秒后自动退出登录。"),
            "stay": _("继续使用"),
            "leave": _("退出登录"),
            "expired": _("登录已超时，正在转到登录页面。您输入的内容已保存。"),
            "restored": _("已恢复您尚未提交的内容（%(t)s 保存）。"),
            "discard": _("丢弃草稿"),
            "savedLocal": _("已保存在本机"),
            "savedServer": _("已保存"),
            "offline": _("离线：内容保存在本机，联网后自动上传"),
        },
    }
    return json_script(config, "lvzhi-pwa-config")
