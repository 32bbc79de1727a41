from django.http import HttpResponse


def member_list(request):  # placeholder until the org pages land
    return HttpResponse("members")


def committee_list(request):
    return HttpResponse("committees")
