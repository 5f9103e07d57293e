"""Views of « Échanger ».

Public reading (`/echanges/…`: a thread, the charter) needs no account and may be served from the page cache;
everything personal (`/communaute/…`: sign-up, writing, « suivre », « utile », reports, one's account, the teams'
moderation queue) is never cached."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.addresses import client_address
from community import services
from community.forms import EditForm, ReplyForm, ReportForm, SignUpForm, ThreadForm
from community.models import CONSENT_TEXT, CONSENT_VERSION, Follow, Member, Reply, Status, Thread, UsefulMark
from community.permissions import (
    can_moderate_practice,
    is_community_moderator,
    team_practice_ids,
    teams_answering_for,
)
from community.text import clean_text
from pagecache import cacheable
from practices.models import PracticePage

CONFIRM_MAX_AGE = 3 * 24 * 3600


# Actions per hour: (per member, per address). Several members may share one address (a day hospital, a GEM, a
# household), hence the wider limit per address; both count atomically in the shared cache (accounts.throttle).
RATE_LIMITS = {
    "signup": (None, 5),
    "resend": (3, 10),
    "post": (10, 30),
    "report": (20, 60),
}


def rate_limited(request: HttpRequest, action: str, member: Member | None) -> bool:
    """Count this action for the member and for the real client address (behind the load balancer); True when
    either went over its limit (settings.COMMUNITY_RATE_LIMITS may change them)."""
    per_member, per_address = {**RATE_LIMITS, **getattr(settings, "COMMUNITY_RATE_LIMITS", {})}[action]
    keys = [(f"community:{action}:ip:{client_address(request)}", per_address)]
    if member is not None and per_member is not None:
        keys.append((f"community:{action}:member:{member.pk}", per_member))
    return services.over_rate_limit(keys)


RATE_MESSAGE = (
    "Vous avez beaucoup écrit en peu de temps. Votre texte est gardé ci-dessous : réessayez dans une heure."
)


def member_of(request: HttpRequest) -> Member | None:
    """The member profile of the logged-in user. Support team members and community moderators get one the first
    time they write: their account was opened by an administrator, and they write in their professional role."""
    if not request.user.is_authenticated:
        return None
    member = Member.objects.filter(user=request.user).select_related("user").first()
    if member is None and (is_community_moderator(request.user) or team_practice_ids(request.user)):
        member = services.staff_member(request.user)
    return member


def published_replies() -> Prefetch:
    return Prefetch(
        "replies",
        queryset=Reply.objects.published()
        .select_related("author", "as_team")
        .annotate(useful=Count("useful_marks"))
        .order_by("created_at", "pk"),
        to_attr="published_replies",
    )


# --- public reading ----------------------------------------------------------------------------------------------


@cacheable
def thread_detail(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    thread = get_object_or_404(
        Thread.objects.published()
        .filter(practice__live=True)
        .select_related("author", "practice")
        .prefetch_related(published_replies()),
        pk=pk,
    )
    canonical = thread.get_absolute_url()
    if request.path != canonical:
        return redirect(canonical, permanent=True)
    from community.templatetags.community_tags import member_slot

    return render(
        request,
        "community/thread.html",
        {"thread": thread, "practice": thread.practice, **member_slot(request, thread_id=thread.pk)},
    )


@cacheable
def practice_threads(request: HttpRequest, practice_slug: str) -> HttpResponse:
    practice = get_object_or_404(PracticePage.objects.live().public(), slug=practice_slug)
    threads = (
        Thread.objects.published()
        .filter(practice=practice)
        .select_related("author")
        .annotate(replies_count=Count("replies", filter=Q(replies__status=Status.PUBLISHED)))
        .order_by("-pinned", "-created_at", "-pk")
    )
    page = Paginator(threads, 30).get_page(request.GET.get("page"))
    return render(request, "community/practice_threads.html", {"practice": practice, "threads": page})


@cacheable
def charter(request: HttpRequest) -> HttpResponse:
    return render(request, "community/charter.html")


# --- sign-up ------------------------------------------------------------------------------------------------------


def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and member_of(request):
        return redirect("community:account")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if rate_limited(request, "signup", None):
            form.add_error(None, RATE_MESSAGE)
        else:
            User = get_user_model()
            with transaction.atomic():
                user = User.objects.create_user(
                    username=form.cleaned_data["pseudonym"],
                    email=form.cleaned_data["email"],
                    password=form.cleaned_data["password1"],
                )
                member = Member.objects.create(
                    user=user,
                    pseudonym=form.cleaned_data["pseudonym"],
                    consent_given_at=timezone.now(),
                    consent_version=CONSENT_VERSION,
                )
            services.send_confirmation(member)
            return render(request, "community/signup_sent.html", {"email": user.email})
    return render(request, "community/signup.html", {"form": form})


def confirm_email(request: HttpRequest, token: str) -> HttpResponse:
    try:
        member_pk, email = signing.loads(token, salt=services.CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.SignatureExpired:
        return render(request, "community/confirm_failed.html", {"expired": True}, status=400)
    except (signing.BadSignature, ValueError, TypeError):
        return render(request, "community/confirm_failed.html", {"expired": False}, status=400)
    member = Member.objects.select_related("user").filter(pk=member_pk, user__email=email).first()
    if member is None:
        return render(request, "community/confirm_failed.html", {"expired": False}, status=400)
    if member.email_verified_at is None:
        member.email_verified_at = timezone.now()
        member.save(update_fields=["email_verified_at"])
    if not request.user.is_authenticated:
        login(request, member.user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(request, "Votre adresse est confirmée. Vous pouvez écrire dans les échanges.")
    return redirect("community:account")


@login_required
@require_POST
def resend_confirmation(request: HttpRequest) -> HttpResponse:
    member = member_of(request)
    if member is None:
        raise Http404
    if member.email_verified_at is None and not rate_limited(request, "resend", member):
        services.send_confirmation(member)
        messages.success(request, f"Un nouveau lien a été envoyé à {member.user.email}.")
    return redirect("community:account")


# --- one's account ------------------------------------------------------------------------------------------------


@login_required
def account(request: HttpRequest) -> HttpResponse:
    member = member_of(request)
    if member is None:
        return redirect("community:signup")
    threads = member.threads.select_related("practice").order_by("-created_at")
    replies = member.replies.select_related("thread").order_by("-created_at")
    return render(
        request,
        "community/account.html",
        {"member": member, "threads": threads, "replies": replies, "consent_text": CONSENT_TEXT},
    )


@login_required
@require_POST
def consent(request: HttpRequest) -> HttpResponse:
    member = member_of(request)
    if member is None:
        raise Http404
    if request.POST.get("action") == "withdraw":
        member.consent_withdrawn_at = timezone.now()
        messages.success(
            request,
            "Votre accord est retiré : vous ne pouvez plus écrire. Vos messages restent "
            "visibles tant que vous ne les effacez pas (ou votre compte).",
        )
    elif request.POST.get("action") == "give" and request.POST.get("consent"):
        member.consent_given_at, member.consent_withdrawn_at = timezone.now(), None
        member.consent_version = CONSENT_VERSION
        messages.success(request, "Merci, votre accord est enregistré.")
    else:
        messages.error(request, "Cochez la case pour donner votre accord.")
    member.save(update_fields=["consent_given_at", "consent_withdrawn_at", "consent_version"])
    return redirect("community:account")


@login_required
def export(request: HttpRequest) -> HttpResponse:
    member = member_of(request)
    if member is None:
        raise Http404
    response = JsonResponse(
        services.export_member(member), json_dumps_params={"ensure_ascii": False, "indent": 2}
    )
    response["Content-Disposition"] = 'attachment; filename="mes-echanges.json"'
    return response


@login_required
def erase(request: HttpRequest) -> HttpResponse:
    member = member_of(request)
    if member is None:
        raise Http404
    if request.method == "POST":
        if request.POST.get("confirm") != "oui":
            messages.error(request, "Cochez la case pour confirmer l'effacement.")
            return redirect("community:erase")
        services.erase_member(member)
        from django.contrib.auth import logout

        logout(request)
        return render(request, "community/erased.html")
    return render(request, "community/erase.html", {"member": member})


# --- writing ------------------------------------------------------------------------------------------------------


def _writer_or_redirect(request: HttpRequest) -> tuple[Member | None, HttpResponse | None]:
    member = member_of(request)
    if member is None:
        return None, redirect("community:signup")
    if not member.can_post:
        return member, render(request, "community/cannot_post.html", {"member": member}, status=403)
    return member, None


@login_required(login_url="community:signup")
def new_thread(request: HttpRequest, practice_slug: str) -> HttpResponse:
    practice = get_object_or_404(PracticePage.objects.live().public(), slug=practice_slug)
    member, refusal = _writer_or_redirect(request)
    if refusal:
        return refusal
    form = ThreadForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if rate_limited(request, "post", member):
            form.add_error(None, RATE_MESSAGE)
        else:
            thread, _created = services.create_thread(
                member,
                practice,
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                submission_key=form.cleaned_data.get("submission_key"),
            )
            return _after_post(request, thread, practice)
    return render(request, "community/thread_form.html", {"form": form, "practice": practice})


def _after_post(request: HttpRequest, post: Thread | Reply, practice: PracticePage) -> HttpResponse:
    if post.status == Status.PUBLISHED and not post.thread.is_published:
        messages.success(
            request, "Votre réponse est enregistrée : elle sera visible dès que le fil sera publié."
        )
        return redirect("community:moderation")
    if post.status == Status.PUBLISHED:
        messages.success(request, "Votre message est publié. Merci !")
        return redirect(post.get_absolute_url())
    return render(request, "community/post_waiting.html", {"post": post, "practice": practice}, status=200)


@login_required(login_url="community:signup")
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    thread = get_object_or_404(Thread.objects.select_related("practice"), pk=pk, practice__live=True)
    if thread.status != Status.PUBLISHED and not (
        thread.status == Status.PENDING and can_moderate_practice(request.user, thread.practice_id)
    ):
        raise Http404  # a thread waiting for moderation can be answered by its moderators only
    member, refusal = _writer_or_redirect(request)
    if refusal:
        return refusal
    if thread.closed:
        messages.error(request, "Ce fil est fermé : on ne peut plus y répondre.")
        return redirect(thread.get_absolute_url())
    teams = teams_answering_for(request.user, thread.practice_id)
    moderator = is_community_moderator(request.user)
    form = ReplyForm(request.POST or None, teams=teams, moderator=moderator)
    if request.method == "POST" and form.is_valid():
        if rate_limited(request, "post", member):
            form.add_error(None, RATE_MESSAGE)
        else:
            post, _created = services.create_reply(
                member,
                thread,
                body=form.cleaned_data["body"],
                submission_key=form.cleaned_data.get("submission_key"),
                as_team=form.cleaned_data.get("as_team"),
                as_moderator=bool(form.cleaned_data.get("as_moderator")),
            )
            return _after_post(request, post, thread.practice)
    return render(request, "community/reply_form.html", {"form": form, "thread": thread})


def _own_post(request: HttpRequest, kind: str, pk: int) -> Thread | Reply:
    model = {"fil": Thread, "reponse": Reply}.get(kind)
    if model is None:
        raise Http404
    member = member_of(request)
    if member is None:
        raise Http404
    return get_object_or_404(model.objects.select_related("author"), pk=pk, author=member)


@login_required
def edit(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    post = _own_post(request, kind, pk)
    is_thread = isinstance(post, Thread)
    if not post.author.can_post:
        return render(request, "community/cannot_post.html", {"member": post.author}, status=403)
    initial = {"body": post.body, **({"title": post.title} if is_thread else {})}
    form = EditForm(request.POST or None, initial=initial, with_title=is_thread)
    if request.method == "POST" and form.is_valid():
        services.edit_post(post, body=form.cleaned_data["body"], title=form.cleaned_data.get("title"))
        if post.status == Status.PUBLISHED:
            messages.success(request, "Votre message est modifié.")
            return redirect(post.get_absolute_url())
        return render(
            request, "community/post_waiting.html", {"post": post, "practice": post.thread.practice}
        )
    return render(request, "community/edit_form.html", {"form": form, "post": post, "is_thread": is_thread})


@login_required
def delete(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    post = _own_post(request, kind, pk)
    if request.method == "POST":
        post.delete()
        messages.success(request, "Votre message est effacé.")
        return redirect("community:account")
    return render(
        request, "community/delete_confirm.html", {"post": post, "is_thread": isinstance(post, Thread)}
    )


# --- taking part --------------------------------------------------------------------------------------------------


@login_required(login_url="community:signup")
def useful(request: HttpRequest, pk: int) -> HttpResponse:
    target = get_object_or_404(Reply.objects.published().select_related("thread"), pk=pk)
    member, refusal = _writer_or_redirect(request)
    if refusal:
        return refusal
    if request.method == "POST":
        mark = UsefulMark.objects.filter(reply=target, member=member).first()
        if mark:
            mark.delete()
            messages.success(request, "Vous avez retiré votre mention « utile ».")
        elif target.author_id != member.pk:
            UsefulMark.objects.get_or_create(reply=target, member=member)
            messages.success(request, "Merci : la réponse est marquée « utile ».")
        return redirect(target.get_absolute_url())
    marked = UsefulMark.objects.filter(reply=target, member=member).exists()
    return render(request, "community/useful.html", {"reply": target, "marked": marked})


@login_required(login_url="community:signup")
def follow(request: HttpRequest, pk: int) -> HttpResponse:
    thread = get_object_or_404(Thread.objects.published(), pk=pk)
    member = member_of(request)
    if member is None:
        return redirect("community:signup")
    following = Follow.objects.filter(thread=thread, member=member)
    if request.method == "POST":
        if following.exists():
            following.delete()
            messages.success(request, "Vous ne suivez plus ce fil.")
        else:
            Follow.objects.get_or_create(thread=thread, member=member)
            messages.success(
                request, "Vous suivez ce fil : un courriel vous prévient de chaque nouvelle réponse."
            )
        return redirect("community:follow", pk=thread.pk)
    return render(request, "community/follow.html", {"thread": thread, "following": following.exists()})


def unfollow(request: HttpRequest, token: str) -> HttpResponse:
    """One click from the e-mail, no login: the signed link names the follow it ends."""
    try:
        follow_pk, member_pk = signing.loads(token, salt=services.UNFOLLOW_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return render(request, "community/unfollowed.html", {"bad": True}, status=400)
    found = Follow.objects.filter(pk=follow_pk, member_id=member_pk).select_related("thread").first()
    thread = found.thread if found else None
    if found:
        found.delete()
    return render(request, "community/unfollowed.html", {"thread": thread})


@login_required(login_url="community:signup")
def report(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    model = {"fil": Thread, "reponse": Reply}.get(kind)
    if model is None:
        raise Http404
    post = get_object_or_404(model.objects.published(), pk=pk)
    member, refusal = _writer_or_redirect(request)
    if refusal:
        return refusal
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if rate_limited(request, "report", member):
            form.add_error(
                None, "Vous avez fait beaucoup de signalements en peu de temps. Réessayez dans une heure."
            )
        else:
            services.report(member, post, form.cleaned_data["reason"])
            messages.success(request, "Merci. Votre signalement est transmis à l'équipe de modération.")
            return redirect(post.thread.get_absolute_url())
    return render(request, "community/report_form.html", {"form": form, "post": post})


@login_required
@require_POST
def manage_thread(request: HttpRequest, pk: int) -> HttpResponse:
    """Pin or close a thread: the practice's support team or a community moderator."""
    thread = get_object_or_404(Thread.objects.select_related("practice"), pk=pk)
    if not can_moderate_practice(request.user, thread.practice_id):
        raise Http404
    action = request.POST.get("action", "")
    if action not in ("pin", "unpin", "close", "reopen"):
        messages.error(request, "Action inconnue.")
    else:
        services.set_thread_flag(request.user, thread, action)
        messages.success(request, "C'est fait.")
    return redirect("community:manage", pk=thread.pk)


@login_required
def manage_page(request: HttpRequest, pk: int) -> HttpResponse:
    thread = get_object_or_404(Thread.objects.select_related("practice"), pk=pk)
    if not can_moderate_practice(request.user, thread.practice_id):
        raise Http404
    return render(request, "community/manage.html", {"thread": thread})


@login_required
def animate_practice(request: HttpRequest, practice_slug: str) -> HttpResponse:
    """A support team chooses whom the space of its practice addresses first, and writes a welcome."""
    from community.forms import PracticeCommunityForm
    from community.models import PracticeCommunity

    practice = get_object_or_404(PracticePage.objects.live(), slug=practice_slug)
    if not can_moderate_practice(request.user, practice.pk):
        raise Http404
    space = PracticeCommunity.objects.filter(practice=practice).first() or PracticeCommunity(
        practice=practice
    )
    form = PracticeCommunityForm(request.POST or None, instance=space)
    if request.method == "POST" and form.is_valid():
        space = form.save(commit=False)
        space.welcome = clean_text(space.welcome)
        space.updated_at = timezone.now()
        space.save()
        from community.cache import purge_practice

        purge_practice(practice)
        messages.success(request, "C'est enregistré : la page de la pratique le montre déjà.")
        return redirect("community:animate", practice_slug=practice.slug)
    return render(request, "community/animate.html", {"form": form, "practice": practice})


# --- the reader's own part of a cached page -----------------------------------------------------------------------


def member_part_context(
    request: HttpRequest, *, practice_id: int | None, thread_id: int | None
) -> dict | None:
    """What a practice or thread page shows of the logged-in reader: their pseudonym, their posts there still
    waiting for moderation, whether they follow the thread. None for an anonymous reader."""
    member = Member.objects.filter(user=request.user).first() if request.user.is_authenticated else None
    if member is None:
        return None
    if thread_id is not None:
        thread = Thread.objects.filter(pk=thread_id).only("pk", "practice_id", "title").first()
        if thread is None:
            return None
        practice_id = thread.practice_id
    else:
        thread = None
    pending_threads = Thread.objects.filter(author=member, practice_id=practice_id, status=Status.PENDING)
    pending_replies = Reply.objects.filter(
        author=member, thread__practice_id=practice_id, status=Status.PENDING
    ).select_related("thread")
    return {
        "member": member,
        "thread": thread,
        "following": thread is not None and Follow.objects.filter(thread=thread, member=member).exists(),
        "pending_threads": list(pending_threads.order_by("-created_at")[:10]),
        "pending_replies": list(pending_replies.order_by("-created_at")[:10]),
    }


def _id_param(request: HttpRequest, name: str) -> int | None:
    value = request.GET.get(name, "")
    if not value:
        return None
    if not (value.isascii() and value.isdigit() and len(value) <= 12):
        raise ValueError(name)
    return int(value)


def member_part(request: HttpRequest) -> HttpResponse:
    """`/communaute/moi/?pratique=<id>` or `?fil=<id>`: the small part of a cached page that depends on the
    logged-in reader, fetched by community/member.js (never cached; empty for an anonymous reader)."""
    try:
        practice_id, thread_id = _id_param(request, "pratique"), _id_param(request, "fil")
    except ValueError:
        return HttpResponse(
            "Adresse incomplète : il manque le numéro de la page.", status=400, content_type="text/plain"
        )
    if practice_id is None and thread_id is None:
        return HttpResponse(
            "Adresse incomplète : il manque le numéro de la page.", status=400, content_type="text/plain"
        )
    context = member_part_context(request, practice_id=practice_id, thread_id=thread_id)
    if context is None:
        return HttpResponse(status=204)
    response = render(request, "community/_member_part.html", context)
    response["Cache-Control"] = "private, no-cache"
    return response
