from django.apps import AppConfig


class CadreSiteConfig(AppConfig):
    name = "cadre_site"
    verbose_name = "Site shell"

    def ready(self):
        from cadre_site import checks  # noqa: F401  (registers the system checks)

        # A signed-in page's header is read with the user (cadre_site.templatetags.shell).
        from cadre_site.templatetags.shell import header_entry
        from curriculum.middleware import register_read_ahead

        register_read_ahead(lambda request, _page: [header_entry(request)])
