from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def guide(request: HttpRequest) -> HttpResponse:
    """The French editor's guide: every account that reaches the admin may read it (Wagtail's admin URLs already
    require the `access_admin` permission)."""
    return render(request, "editorguide/guide.html")
