from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from wagtail.models import Site

from glossary.models import Term
from pagecache import cacheable


@cacheable
def glossary_page(request: HttpRequest) -> HttpResponse:
    site = Site.find_for_request(request)
    terms = list(Term.objects.all())
    letters: dict[str, list[Term]] = {}
    for term in terms:
        letters.setdefault(_letter(term.term), []).append(term)
    return render(
        request,
        "glossary/glossary.html",
        {
            "letters": letters,
            "count": len(terms),
            "home_crumb": [site.root_page] if site else [],
            "no_glossary": True,
        },
    )


def _letter(word: str) -> str:
    import unicodedata

    first = unicodedata.normalize("NFD", word[:1].upper())[:1]
    return first if first.isalpha() else "#"
