"""Demo content of the CMS, called by `seed_demo` (training)."""


def seed_content(stdout) -> None:
    """Catalog, courses, lessons, resources and case studies (filled in by the curriculum issue)."""
