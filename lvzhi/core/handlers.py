from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def forbidden(request, exception=None):
    return render(request, "core/error.html", {"status": 403, "message": _("您没有权限访问此页面。")}, status=403)


def not_found(request, exception=None):
    if request.path.startswith("/api/"):
        return JsonResponse({"code": "not_found", "message": _("未找到。")}, status=404)
    return render(request, "core/error.html", {"status": 404, "message": _("页面不存在，或您无权查看。")}, status=404)


def server_error(request):
    return render(request, "core/error.html", {"status": 500, "message": _("服务器出错了，请稍后再试。")}, status=500)
