"""`manage.py import_cadres FILE [--dry-run]`: the registry's cadre import from the shell."""

from django.utils.translation import gettext_lazy as _

from cadres.imports import import_cadres
from cadres.management.commands._import_command import ImportCommand


class Command(ImportCommand):
    help = "Import cadres from an .xlsx or .csv file (all rows or none)."
    import_function = staticmethod(import_cadres)
    transferred_label = _("transferred")
