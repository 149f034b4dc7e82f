"""Demo data of the registry, called by `seed_demo` (training)."""


def seed_registry(stdout) -> None:
    """Agencies, cadres and postings for the demo province (filled in by the registry issue)."""
