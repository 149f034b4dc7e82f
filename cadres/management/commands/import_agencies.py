"""`manage.py import_agencies FILE [--dry-run]`: the registry's agency import from the shell."""

from django.utils.translation import gettext_lazy as _

from cadres.imports import import_agencies
from cadres.management.commands._import_command import ImportCommand


class Command(ImportCommand):
    help = "Import agencies from an .xlsx or .csv file (all rows or none)."
    import_function = staticmethod(import_agencies)
    transferred_label = _("moved")
