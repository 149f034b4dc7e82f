"""Every string of the project's own catalogues has a Vietnamese translation that is not fuzzy.

`make messages` refreshes the catalogues; a new string left untranslated (or a changed one left
fuzzy) would show English, or an old sentence, to Vietnamese users.
"""

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = [
    "cadres/locale/vi/LC_MESSAGES/django.po",
    "curriculum/locale/vi/LC_MESSAGES/django.po",
    "training/locale/vi/LC_MESSAGES/django.po",
    "site/cadre_site/locale/vi/LC_MESSAGES/django.po",
]


@pytest.mark.parametrize("catalogue", CATALOGUES)
def test_every_message_is_translated(catalogue):
    with open(ROOT / catalogue, "rb") as po_file:
        messages = [m for m in read_po(po_file) if m.id]
    missing = []
    for message in messages:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            missing.append(message.id)
    assert messages
    assert missing == []


# Django merges the apps' catalogues into one: for a message two apps translate differently,
# the app listed first in INSTALLED_APPS wins everywhere (so "Try again" on the outage page
# once turned the quiz's "Làm lại" into "Thử lại"). A message that means different things in
# different places needs a context (pgettext); the same meaning, the same words. These clashes
# were there before this check; the list may only shrink.
KNOWN_CLASHES = {
    "agency",
    "topic",
    "results",
    "Results",
    "created at",
    "By responsibility",
    "This agency is outside the agencies you manage.",
    "Approve",
    "Kind",
    "The import was cancelled; nothing was written.",
    "Nothing is written until you confirm on the next page.",
    "Courses",
}


def test_no_new_message_is_translated_two_ways():
    seen: dict[tuple, set] = {}
    for catalogue in CATALOGUES:
        with open(ROOT / catalogue, "rb") as po_file:
            for message in read_po(po_file):
                if message.id and message.string and not message.fuzzy:
                    key = (message.context, str(message.id))
                    seen.setdefault(key, set()).add(str(message.string))
    clashes = {msgid for (_context, msgid), strings in seen.items() if len(strings) > 1}
    assert clashes - KNOWN_CLASHES == set()
