from django.apps import AppConfig


class EditorGuideConfig(AppConfig):
    name = "editorguide"
    verbose_name = "Guide de l'éditeur"
