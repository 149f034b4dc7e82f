"""Vietnamese for django-allauth (which ships none) and the Wagtail admin strings it lacks.

An app of its own, listed after the project's apps and before the libraries, because Django
gives earlier apps' translations precedence: the libraries' strings get Vietnamese from here,
while the project's own translations of the same English words still win over these generic
ones. So a project string whose Vietnamese fits only its own page (e.g. "Continue" → "Học tiếp"
on a course) takes a context (pgettext), or it would replace the generic word everywhere.
"""

from django.apps import AppConfig


class VendorVietnameseConfig(AppConfig):
    name = "cadre_site.vendor_vi"
    label = "vendor_vi"
    verbose_name = "Vietnamese for allauth and Wagtail"
