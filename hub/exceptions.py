"""Errors raised by hub models and services; each carries a French message shown to the user."""


class HubError(Exception):
    """A rule of the call was broken; `str(error)` is a French sentence for the user."""


class GridFrozen(HubError):
    pass


class DeadlinePassed(HubError):
    pass


class InvalidTransition(HubError):
    pass


class ReviewLocked(HubError):
    pass


class ConflictOfInterest(HubError):
    pass


class AuditIsAppendOnly(HubError):
    pass


class IncompleteSubmission(HubError):
    """Lists every missing item in `missing`."""

    def __init__(self, message, missing=()):
        super().__init__(message)
        self.missing = list(missing)


class ReadOnlyMember(HubError):
    """A « Lecteur » of the organisation tried to change the application."""


READ_ONLY_MESSAGE = (
    "Vous êtes « Lecteur » de cette organisation : vous pouvez consulter la candidature, pas la modifier. "
    "Demandez au responsable de l'organisation de vous donner le rôle « Rédacteur »."
)
