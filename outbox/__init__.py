"""The project's outgoing mail: saved first, sent by the django-tasks queue, retried, sent once (see delivery)."""
