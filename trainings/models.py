"""Training sessions (formations, webinaires, MOOC, visites sur site) and the readers' registrations.

Registrations keep the minimum (name, e-mail, organisation, role) and are anonymised
`TRAINING_REGISTRATION_RETENTION_DAYS` after the session ends; the counts of registrations and attendances stay,
they feed the indicators (« nombre de formations/webinar suivies »).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count, Q
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

CANCEL_SALT = "trainings.registration.cancel"
# The years a session may fall in: older or later dates are typing slips (see TrainingSession.clean).
EARLIEST_SESSION_YEAR = 2000
SESSION_YEARS_AHEAD = 10


def registration_retention_days() -> int:
    return int(getattr(settings, "TRAINING_REGISTRATION_RETENTION_DAYS", 365))


class TrainingSessionQuerySet(models.QuerySet):
    def published(self) -> TrainingSessionQuerySet:
        return self.filter(is_published=True, practice__live=True)

    def coming(self, now: datetime.datetime | None = None) -> TrainingSessionQuerySet:
        """Not finished yet (a MOOC open for weeks stays listed until it closes)."""
        return self.published().filter(ends_at__gte=now or timezone.now())

    def with_counts(self) -> TrainingSessionQuerySet:
        return self.annotate(
            confirmed_count=Count(
                "registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED)
            ),
            waiting_count=Count("registrations", filter=Q(registrations__status=Registration.Status.WAITING)),
            attended_count=Count("registrations", filter=Q(registrations__attended=True)),
        )

    def for_listing(self) -> TrainingSessionQuerySet:
        return self.select_related("practice", "team", "departement__region").with_counts()


class TrainingSession(models.Model):
    class Kind(models.TextChoices):
        IN_PERSON = "presentiel", "Formation en présentiel"
        WEBINAR = "webinaire", "Webinaire"
        ELEARNING = "e-learning", "MOOC ou formation en ligne (e-learning)"
        VISIT = "visite", "Visite sur site"

    ONLINE_KINDS = (Kind.WEBINAR, Kind.ELEARNING)

    practice = models.ForeignKey(
        "practices.PracticePage",
        verbose_name="bonne pratique",
        on_delete=models.CASCADE,
        related_name="training_sessions",
    )
    team = models.ForeignKey(
        "practices.SupportTeam",
        verbose_name="équipe d'appui qui l'organise",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="training_sessions",
    )
    title = models.CharField("titre", max_length=200)
    kind = models.CharField("type", max_length=20, choices=Kind.choices)
    description = models.TextField(
        "programme",
        blank=True,
        max_length=5000,
        help_text="Ce que les participants vont apprendre, en quelques phrases.",
    )
    starts_at = models.DateTimeField("début", help_text="Heure de Paris.")
    ends_at = models.DateTimeField("fin", help_text="Heure de Paris. Pour un MOOC : la date de fermeture.")
    town = models.CharField("ville", max_length=120, blank=True)
    departement = models.ForeignKey(
        "practices.Departement",
        verbose_name="département",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="training_sessions",
    )
    online_url = models.URLField(
        "adresse de connexion ou du cours",
        blank=True,
        help_text="Webinaire : envoyée aux inscrits seulement. MOOC : montrée à tous.",
    )
    audience = models.CharField("pour qui", max_length=300, help_text="Par exemple « Équipes de secteur ».")
    prerequisites = models.TextField("prérequis", blank=True, max_length=2000)
    capacity = models.PositiveIntegerField(
        "nombre de places", null=True, blank=True, help_text="Laissez vide s'il n'y a pas de limite."
    )
    is_free = models.BooleanField("gratuit", default=True)
    cost = models.CharField(
        "tarif", max_length=200, blank=True, help_text="Par exemple « 350 € par personne »."
    )
    registration_deadline = models.DateTimeField(
        "fin des inscriptions", null=True, blank=True, help_text="Vide : jusqu'au début de la session."
    )
    replay_url = models.URLField("adresse du replay", blank=True, help_text="Pour un webinaire enregistré.")
    is_published = models.BooleanField("publiée", default=True)
    is_demo = models.BooleanField("donnée de démonstration", default=False)
    created_at = models.DateTimeField("créée le", default=timezone.now)
    updated_at = models.DateTimeField("mise à jour le", auto_now=True)

    objects = TrainingSessionQuerySet.as_manager()

    panels = [
        FieldPanel("practice"),
        FieldPanel("team"),
        FieldPanel("title"),
        FieldPanel("kind"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("town"), FieldPanel("departement")]), FieldPanel("online_url")],
            heading="Lieu",
        ),
        FieldPanel("audience"),
        FieldPanel("prerequisites"),
        FieldRowPanel([FieldPanel("capacity"), FieldPanel("registration_deadline")]),
        FieldRowPanel([FieldPanel("is_free"), FieldPanel("cost")]),
        FieldPanel("replay_url"),
        FieldRowPanel([FieldPanel("is_published"), FieldPanel("is_demo")]),
    ]

    class Meta:
        verbose_name = "session de formation"
        verbose_name_plural = "sessions de formation"
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="trainings_session_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        local = timezone.localtime(self.starts_at) if self.starts_at else None
        return f"{self.title} ({local:%d/%m/%Y})" if local else self.title

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        # 0001-01-01 or 9999-12-31 are typing slips; year 1 in Paris time cannot even be stored in UTC.
        latest_year = timezone.now().year + SESSION_YEARS_AHEAD
        for name in ("starts_at", "ends_at", "registration_deadline"):
            value = getattr(self, name)
            if value and not EARLIEST_SESSION_YEAR <= value.year <= latest_year:
                errors[name] = (
                    f"Cette date ne semble pas juste : écrivez une date entre {EARLIEST_SESSION_YEAR} et "
                    f"{latest_year}, par exemple 25/03/{timezone.now().year + 1} 14:00."
                )
        if errors:
            raise ValidationError(errors)
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = "La fin doit être après le début."
        if self.kind and not self.is_online:
            if not self.town.strip():
                errors["town"] = "Indiquez la ville où a lieu la session."
            if not self.departement_id:
                errors["departement"] = "Indiquez le département où a lieu la session."
        if not self.is_free and not self.cost.strip():
            errors["cost"] = "Indiquez le tarif, ou cochez « gratuit »."
        if self.registration_deadline and self.ends_at and self.registration_deadline > self.ends_at:
            errors["registration_deadline"] = "La fin des inscriptions doit être avant la fin de la session."
        if (
            self.team_id
            and self.practice_id
            and not self.team.practice_links.filter(practice_id=self.practice_id).exists()
        ):
            errors["practice"] = "Cette équipe n'est pas équipe d'appui de cette bonne pratique."
        if errors:
            raise ValidationError(errors)

    # --- derived values ---------------------------------------------------------
    @property
    def is_online(self) -> bool:
        return self.kind in self.ONLINE_KINDS

    @property
    def place(self) -> str:
        if self.is_online:
            return "En ligne"
        return f"{self.town} ({self.departement.code})" if self.departement_id else self.town

    @property
    def price(self) -> str:
        return "Gratuit" if self.is_free else self.cost

    @property
    def deadline(self) -> datetime.datetime:
        return self.registration_deadline or self.starts_at

    def registrations_open(self, now: datetime.datetime | None = None) -> bool:
        now = now or timezone.now()
        if self.kind == self.Kind.ELEARNING:
            return (
                self.is_published
                and now < self.ends_at
                and (self.registration_deadline is None or now < self.registration_deadline)
            )
        return self.is_published and now < self.deadline

    def confirmed_total(self) -> int:
        value = getattr(self, "confirmed_count", None)
        return (
            value
            if value is not None
            else self.registrations.filter(status=Registration.Status.CONFIRMED).count()
        )

    @property
    def places_left(self) -> int | None:
        if self.capacity is None:
            return None
        return max(self.capacity - self.confirmed_total(), 0)

    @property
    def is_full(self) -> bool:
        return self.capacity is not None and self.places_left == 0

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("trainings:session", args=[self.pk])

    def fill_from_waiting_list(self) -> list[Registration]:
        """Move people up from the waiting list while there is room; call inside a transaction with the session
        row locked. Returns the registrations moved up (they are told by e-mail once the transaction commits)."""
        moved = []
        confirmed = self.registrations.filter(status=Registration.Status.CONFIRMED).count()
        waiting = (
            self.registrations.select_for_update()
            .filter(status=Registration.Status.WAITING)
            .order_by("created_at", "pk")
        )
        for registration in waiting:
            if self.capacity is not None and confirmed >= self.capacity:
                break
            registration.status = Registration.Status.CONFIRMED
            registration.promoted_at = timezone.now()
            registration.save(update_fields=["status", "promoted_at"])
            confirmed += 1
            moved.append(registration)
        return moved


class RegistrationQuerySet(models.QuerySet):
    def active(self) -> RegistrationQuerySet:
        return self.exclude(status=Registration.Status.CANCELLED)

    def expired(self, now: datetime.datetime | None = None) -> RegistrationQuerySet:
        limit = (now or timezone.now()) - datetime.timedelta(days=registration_retention_days())
        return self.filter(session__ends_at__lt=limit, anonymised_at__isnull=True)


class Registration(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "inscrit", "Inscrit"
        WAITING = "attente", "Liste d'attente"
        CANCELLED = "annule", "Annulé"

    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="registrations", verbose_name="session"
    )
    name = models.CharField("nom et prénom", max_length=120)
    email = models.EmailField("adresse électronique")
    organisation = models.CharField("structure", max_length=200)
    role = models.CharField("fonction", max_length=120)
    consent = models.BooleanField("consentement", default=False)
    status = models.CharField("état", max_length=10, choices=Status.choices, default=Status.CONFIRMED)
    attended = models.BooleanField("présent", null=True, blank=True)
    created_at = models.DateTimeField("inscrit le", default=timezone.now)
    promoted_at = models.DateTimeField("sorti de la liste d'attente le", null=True, blank=True)
    cancelled_at = models.DateTimeField("annulé le", null=True, blank=True)
    reminded_at = models.DateTimeField("rappel envoyé le", null=True, blank=True)
    anonymised_at = models.DateTimeField("anonymisé le", null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = "inscription"
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "email"],
                condition=~Q(status="annule"),
                name="trainings_one_active_registration",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} — {self.session}"

    @property
    def cancel_token(self) -> str:
        return signing.dumps(self.pk, salt=CANCEL_SALT)

    @classmethod
    def from_cancel_token(cls, token: str) -> Registration | None:
        try:
            pk = signing.loads(token, salt=CANCEL_SALT)
        except signing.BadSignature:
            return None
        return cls.objects.select_related("session__practice", "session__departement").filter(pk=pk).first()

    def cancel_url(self) -> str:
        from django.urls import reverse

        return settings.WAGTAILADMIN_BASE_URL + reverse("trainings:cancel", args=[self.cancel_token])

    def waiting_position(self) -> int:
        return (
            self.session.registrations.filter(status=self.Status.WAITING, created_at__lte=self.created_at)
            .exclude(created_at=self.created_at, pk__gt=self.pk)
            .count()
        )

    def anonymise(self, now: datetime.datetime | None = None) -> None:
        self.name = "Personne anonymisée"
        self.email = f"anonyme-{self.pk}@example.org"
        self.organisation = "—"
        self.role = "—"
        self.anonymised_at = now or timezone.now()
        self.save()

    def personal_data(self) -> dict[str, str]:
        return {
            "nom": self.name,
            "adresse électronique": self.email,
            "structure": self.organisation,
            "fonction": self.role,
            "session": str(self.session),
            "état": self.get_status_display(),
            "inscrit le": self.created_at.isoformat(),
        }


class RegistrationError(Exception):
    """A registration that cannot be taken (closed, already registered); the message is for the reader."""


def register(
    session: TrainingSession, *, name: str, email: str, organisation: str, role: str
) -> Registration:
    """Register someone, on the waiting list when the session is full. Atomic: the session row is locked."""
    with transaction.atomic():
        locked = TrainingSession.objects.select_for_update().get(pk=session.pk)
        if not locked.registrations_open():
            raise RegistrationError("Les inscriptions à cette session sont fermées.")
        email = email.strip().lower()
        if locked.registrations.active().filter(email=email).exists():
            raise RegistrationError("Vous êtes déjà inscrit à cette session avec cette adresse électronique.")
        confirmed = locked.registrations.filter(status=Registration.Status.CONFIRMED).count()
        full = locked.capacity is not None and confirmed >= locked.capacity
        registration = Registration.objects.create(
            session=locked,
            name=name,
            email=email,
            organisation=organisation,
            role=role,
            consent=True,
            status=Registration.Status.WAITING if full else Registration.Status.CONFIRMED,
        )
        from trainings.tasks import send_registration_email

        transaction.on_commit(lambda: send_registration_email.enqueue(registration.pk, "confirmation"))
    return registration


def cancel(registration: Registration) -> list[Registration]:
    """Cancel a registration; the first people waiting move up and are told. Returns those moved up."""
    with transaction.atomic():
        session = TrainingSession.objects.select_for_update().get(pk=registration.session_id)
        current = Registration.objects.select_for_update().get(pk=registration.pk)
        if current.status == Registration.Status.CANCELLED:
            return []
        current.status = Registration.Status.CANCELLED
        current.cancelled_at = timezone.now()
        current.save(update_fields=["status", "cancelled_at"])
        moved = session.fill_from_waiting_list() if session.ends_at > timezone.now() else []
        from trainings.tasks import send_registration_email

        for promoted in moved:
            transaction.on_commit(lambda pk=promoted.pk: send_registration_email.enqueue(pk, "promoted"))
    registration.status = current.status
    return moved
