"""The registry: users and their roles (agencies, cadres and postings join them)."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A login. Cadres log in with their personnel code as username; staff usually by email."""

    language = models.CharField(
        _("language"),
        max_length=8,
        blank=True,
        choices=settings.LANGUAGES,
        help_text=_("Language of the interface; empty means Vietnamese."),
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")
        swappable = "AUTH_USER_MODEL"

    def get_full_name(self):
        # Vietnamese order: family and middle names (last_name) before the given name.
        return " ".join(part for part in (self.last_name, self.first_name) if part).strip()

    def __str__(self):
        return self.get_full_name() or self.username


class CadreCategory(models.Model):
    """A group of cadres that courses are aimed at and hour targets are set for (editable)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("cadre category")
        verbose_name_plural = _("cadre categories")

    def __str__(self):
        return self.name
