"""Files in S3-compatible storage (issue 19): moto's standalone server on a loopback port, a real
HTTP S3 API, not a mock. These run in every suite run; CI also runs every test marked `storage`
a second time with the default storage in S3 (`make test-s3`)."""

import io
import urllib.error
import urllib.request

import boto3
import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from accounts.once import new_token
from recommendations.models import ProgressUpdate
from tests.conftest import s3_storage
from tests.test_settings import PRODUCTION, run_django
from tests.world import PDF_BYTES, build_world

pytestmark = pytest.mark.storage


@pytest.fixture
def bucket(settings, s3_server):
    settings.STORAGES = {**settings.STORAGES, "default": s3_storage(s3_server, "ccec-s3-test")}
    client = boto3.client(
        "s3", endpoint_url=s3_server, aws_access_key_id="t", aws_secret_access_key="t", region_name="us-east-1"
    )

    def keys():
        return sorted(item["Key"] for item in client.list_objects_v2(Bucket="ccec-s3-test").get("Contents", []))

    yield keys
    for key in keys():
        client.delete_object(Bucket="ccec-s3-test", Key=key)
    client.delete_bucket(Bucket="ccec-s3-test")


@pytest.mark.django_db
def test_evidence_goes_to_the_bucket_and_comes_back_only_through_the_checked_view(client, bucket, settings):
    world = build_world()  # its two evidence files are written to the bucket too
    assert default_storage.__class__.__name__ == "S3Storage"
    client.force_login(world.users.officer_a)
    response = client.post(
        reverse("recommendations:log_progress", args=[world.drafting.reference]),
        {
            "form_token": new_token(),
            "status": "partially_implemented",
            "progress": "60",
            "note_en": "Two districts apply the rule.",
            "visibility": "internal",
            "evidence": SimpleUploadedFile("decision.pdf", PDF_BYTES, content_type="application/pdf"),
        },
    )
    assert response.status_code == 302
    update = ProgressUpdate.objects.get(recommendation=world.drafting)
    assert update.evidence.name in bucket()
    assert not settings.MEDIA_ROOT.exists() or not any(settings.MEDIA_ROOT.rglob("*"))  # nothing on disk
    download = client.get(reverse("evidence", args=[update.pk]))
    assert b"".join(download.streaming_content) == PDF_BYTES
    # The bucket is private: the company's liaison gets the shared file from the view, never the
    # internal one, and the object has no public address.
    client.force_login(world.users.liaison_c)
    assert client.get(reverse("evidence", args=[world.internal_update.pk])).status_code == 404
    shared = client.get(reverse("evidence", args=[world.shared_update.pk]))
    assert b"".join(shared.streaming_content) == PDF_BYTES
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(_plain_url(world.internal_update))  # noqa: S310 (the loopback server)
    assert refused.value.code == 403


def _plain_url(update):
    """The object's address without a signature, as someone guessing it would try."""
    return default_storage.url(update.evidence.name).split("?", 1)[0]


def test_s3_settings_choose_django_storages_private_and_never_overwriting():
    code = (
        "from django.conf import settings; s = settings.STORAGES['default'];"
        "print(s['BACKEND'], s['OPTIONS']['bucket_name'], s['OPTIONS']['endpoint_url'],"
        " s['OPTIONS']['default_acl'], s['OPTIONS']['file_overwrite'])"
    )
    result = run_django(
        ["manage.py", "shell", "--verbosity", "0", "-c", code],
        {"S3_BUCKET": "ccec-files", "S3_ENDPOINT_URL": "http://minio:9000"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "storages.backends.s3.S3Storage",
        "ccec-files",
        "http://minio:9000",
        "private",
        "False",
    ]
    code = "from django.conf import settings; print(settings.STORAGES['default']['BACKEND'])"
    disk = run_django(["manage.py", "shell", "--verbosity", "0", "-c", code], {}, drop={"S3_BUCKET"})
    assert disk.stdout.split() == ["django.core.files.storage.FileSystemStorage"], disk.stderr


def test_production_settings_with_s3_and_the_pool_pass_the_deploy_check():
    extra = {**PRODUCTION, "S3_BUCKET": "ccec-files", "DATABASE_POOL": "true"}
    result = run_django(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], extra)
    assert result.returncode == 0, result.stderr


@pytest.mark.django_db
def test_readyz_reports_the_storage_and_ensure_bucket_creates_a_missing_one(client, settings, s3_server):
    settings.STORAGES = {**settings.STORAGES, "default": s3_storage(s3_server, "ccec-ready")}
    assert client.get("/readyz").json()["checks"]["storage"] == "ok"
    missing = s3_storage(s3_server, "ccec-placeholder")
    missing["OPTIONS"]["bucket_name"] = "ccec-not-yet"
    settings.STORAGES = {**settings.STORAGES, "default": missing}
    response = client.get("/readyz")
    assert response.status_code == 200  # storage is reported; only the database fails the node
    assert response.json()["checks"]["storage"] == "unavailable"
    output = io.StringIO()
    call_command("ensure_bucket", stdout=output)
    assert output.getvalue().strip() == "Bucket ccec-not-yet created."
    assert client.get("/readyz").json()["checks"]["storage"] == "ok"
    call_command("ensure_bucket", stdout=output)
    assert output.getvalue().strip().endswith("Bucket ccec-not-yet exists.")


def test_ensure_bucket_on_the_local_disk_does_nothing(settings):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    output = io.StringIO()
    call_command("ensure_bucket", stdout=output)
    assert "local disk" in output.getvalue()
