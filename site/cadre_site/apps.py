from django.apps import AppConfig


class CadreSiteConfig(AppConfig):
    name = "cadre_site"
    verbose_name = "Site shell"

    def ready(self):
        from cadre_site import checks  # noqa: F401  (registers the system checks)
