"""Private files (documents, evidence, imports, job results, original images) in a root of their
own, apart from the public media folder a web server may publish; under random names."""

import os
import secrets
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible

# Folders of MEDIA_ROOT that are public: Wagtail's image renditions, which pages show.
PUBLIC_MEDIA_FOLDERS = ("images",)


class RandomFolderNames:
    """Every name gets a random folder ("documents/<32 hex>/nghi-quyet.pdf"): the file keeps the
    name its owner gave it for downloads, and knowing one name tells nothing of another."""

    def get_available_name(self, name, max_length=None):
        path = PurePosixPath(name.replace("\\", "/"))
        name = str(path.parent / secrets.token_hex(16) / path.name)
        return super().get_available_name(name, max_length=max_length)


@deconstructible
class PrivateStorage(RandomFolderNames, FileSystemStorage):
    """Files under PRIVATE_ROOT, handed out only by views that check who asks (on S3-compatible
    storage: cadres.storage_s3.PrivateS3Storage)."""

    @property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)


def private_files_in_media(media_root) -> list[str]:
    """Names of files under MEDIA_ROOT outside its public folders (left by an older version)."""
    root = os.path.abspath(media_root)
    found = []
    if not os.path.isdir(root):
        return found
    for folder, _dirs, files in os.walk(root):
        relative = os.path.relpath(folder, root)
        top = relative.split(os.sep, 1)[0]
        if relative == "." or top in PUBLIC_MEDIA_FOLDERS:
            if relative == ".":
                found.extend(f for f in files if not f.startswith("."))
            continue
        found.extend(os.path.join(relative, f).replace(os.sep, "/") for f in files)
    return sorted(found)
