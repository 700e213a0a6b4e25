from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "content"
    verbose_name = "Articles and pages"

    def ready(self):
        from .page_cache import connect_signals

        connect_signals()
