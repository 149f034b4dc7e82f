"""Private and public files on S3-compatible storage (several machines share them), chosen by
production settings when S3_BUCKET is set. Imported only then: boto3 loads with it."""

from django.utils.deconstruct import deconstructible
from storages.backends.s3 import S3Storage

from cadres.storage import RandomFolderNames


@deconstructible
class PrivateS3Storage(RandomFolderNames, S3Storage):
    """Documents, original images, evidence, imports and job files: objects nobody may read
    without the keys (no public ACL, signed URLs only), handed out by the same access-checked
    views as on disk, under the same random names."""

    default_acl = "private"
    querystring_auth = True
    file_overwrite = False


@deconstructible
class PublicS3Storage(S3Storage):
    """Wagtail's image renditions, which pages show: plain URLs from the public bucket (or
    prefix) or the address in front of it (S3_PUBLIC_URL)."""

    querystring_auth = False
