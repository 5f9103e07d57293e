"""A form that arrives without a field its page always sends (a robot, a script, a page left open across a
release) is the sender's mistake, not the server's: Wagtail's StreamField, for one, reads `body-count` without a
default. Such a POST is answered 400 with the French « demande incorrecte » page, never a 500; the error is raised
while the form is read, before anything is saved."""

import logging

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.template import loader
from django.utils.datastructures import MultiValueDictKeyError

logger = logging.getLogger(__name__)


class IncompleteFormMiddleware:
    def __init__(self, get_response):  # noqa: ANN001 — Django's middleware protocol
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if request.method != "POST" or not isinstance(exception, MultiValueDictKeyError):
            return None
        logger.warning("Formulaire incomplet envoyé à %s : champ %s absent", request.path, exception)
        return HttpResponseBadRequest(loader.get_template("400.html").render({}, request))
