from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    name = "pagecache"
    verbose_name = "Cache des pages"

    def ready(self) -> None:
        from pagecache import receivers

        receivers.connect()
