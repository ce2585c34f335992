"""Create the S3 bucket of the default storage when it does not exist yet (the compose file's
migrate step runs it); with the local disk there is nothing to do. Safe to run again."""

from botocore.exceptions import ClientError
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create the S3 bucket named by S3_BUCKET if it is missing (no-op on the local disk)."

    def handle(self, *args, **options):
        bucket = getattr(default_storage, "bucket", None)
        if bucket is None:
            self.stdout.write("Files are on the local disk: no bucket to create.")
            return
        try:
            bucket.meta.client.head_bucket(Bucket=bucket.name)
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") not in {"404", "NoSuchBucket"}:
                raise
            bucket.create()
            self.stdout.write(f"Bucket {bucket.name} created.")
            return
        self.stdout.write(f"Bucket {bucket.name} exists.")
