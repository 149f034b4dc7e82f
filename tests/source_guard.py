"""Guards read from the project's source: modules that do something without doing its duty."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROJECT_FOLDERS = ("cadres", "training", "curriculum", "site")


def modules_without(pattern: re.Pattern, duty: str, folders=PROJECT_FOLDERS) -> list[str]:
    """The modules of these folders (migrations aside) where `pattern` matches and `duty` is
    nowhere written."""
    found = []
    for folder in folders:
        for path in (ROOT / folder).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            text = path.read_text(encoding="utf-8")
            if pattern.search(text) and duty not in text:
                found.append(str(path.relative_to(ROOT)))
    return found
