from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CurriculumConfig(AppConfig):
    name = "curriculum"
    verbose_name = _("Curriculum")

    def ready(self):
        # Replacing a course file or an image is a moderator's (curriculum.media_rights).
        from curriculum import media_rights

        media_rights.register()
        # Cached fragments show several pages at once: any change to pages, topics or images
        # invalidates them all (see content_version in curriculum.models).
        from django.db.models.signals import post_delete, post_save
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from cadres import imports
        from curriculum.emulation import imports as emulation_imports
        from curriculum.models import bump_content_version

        # A year's list of "Dân vận khéo" registrations comes in as an import on the job base.
        imports.register_import(emulation_imports.KIND, emulation_imports.import_registrations)

        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(bump_content_version, dispatch_uid=f"curriculum-bump-{id(signal)}")
        # Saving a page only makes a draft (publishing is signalled above); deleting one matters.
        senders = [
            (post_delete, "wagtailcore.Page"),
            (post_save, "curriculum.Topic"),
            (post_delete, "curriculum.Topic"),
            (post_save, "wagtailimages.Image"),
            (post_delete, "wagtailimages.Image"),
            (post_save, "wagtailcore.Site"),
            (post_delete, "wagtailcore.Site"),
            # Making a page private (or public again) must reach pages stored whole at once.
            (post_save, "wagtailcore.PageViewRestriction"),
            (post_delete, "wagtailcore.PageViewRestriction"),
            (post_save, "cadres.CadreCategory"),
            (post_delete, "cadres.CadreCategory"),
        ]
        for signal, model in senders:
            signal.connect(
                bump_content_version,
                sender=model,
                dispatch_uid=f"curriculum-bump-{model}-{id(signal)}",
            )
