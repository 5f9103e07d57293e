from django.apps import AppConfig


class EasyReadConfig(AppConfig):
    name = "easyread"
    verbose_name = "Facile à lire et à comprendre"

    def ready(self):
        from easyread.models import urls_of_easy_read_version
        from pagecache.core import urls_showing

        urls_showing.connect(urls_of_easy_read_version, dispatch_uid="easyread.urls")
        from django.db.models.signals import post_save

        from easyread.models import EasyReadSettings, purge_when_the_logo_changes

        post_save.connect(purge_when_the_logo_changes, sender=EasyReadSettings, dispatch_uid="easyread.logo")
