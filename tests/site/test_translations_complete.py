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
