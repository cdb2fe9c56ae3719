"""Papers in an S3-compatible bucket: moto's S3 server on 127.0.0.1 and real boto3 over HTTP.

Settings are read at import, so the S3 storage is switched on with override_settings(STORAGES)
here, and the parsing of the environment is tested in subprocesses."""

from __future__ import annotations

import datetime
import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import boto3
import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from moto.server import ThreadedMotoServer

from samverkan.meetings import services as meeting_services
from samverkan.meetings.models import Attachment
from samverkan.referrals import links
from samverkan.referrals import services as referral_services
from samverkan.referrals.models import Recipient
from tests.operations.conftest import BIN, ROOT, clean_env, free_port
from tests.support import Personas, pdf_bytes

KEYS = {"access_key": "testing", "secret_key": "testing"}


@dataclass
class S3:
    endpoint: str
    client: Any
    bucket: str

    def keys(self) -> list[str]:
        listed = self.client.list_objects_v2(Bucket=self.bucket)
        return sorted(obj["Key"] for obj in listed.get("Contents", []))

    def body(self, key: str) -> bytes:
        data: bytes = self.client.get_object(Bucket=self.bucket, Key=key)["Body"].read()
        return data


@pytest.fixture
def s3() -> Iterator[S3]:
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        endpoint = f"http://127.0.0.1:{port}"
        client = boto3.client(
            "s3",
            endpoint_url=endpoint,
            region_name="eu-north-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )
        # moto keeps its buckets per process: a fresh name per test.
        bucket = f"samverkan-{uuid.uuid4().hex[:12]}"
        client.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "eu-north-1"})
        yield S3(endpoint, client, bucket)
    finally:
        server.stop()


def s3_storages(s3: S3) -> dict[str, Any]:
    """What config/settings.py builds for FILE_STORAGE=s3 (checked by the subprocess test below)."""
    return {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": s3.bucket,
                "endpoint_url": s3.endpoint,
                "region_name": "eu-north-1",
                **KEYS,
                "location": "papers",
                "default_acl": "private",
                "querystring_auth": True,
                "file_overwrite": False,
            },
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def streamed(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def test_meeting_papers_go_to_the_bucket_and_come_back_byte_for_byte(personas: Personas, s3: S3) -> None:
    meeting = meeting_services.meeting_plan(
        actor=None,
        body=personas.body,
        start=timezone.now() + datetime.timedelta(days=20),
        location_name="Rådhuset",
        with_procedural_items=False,
    )
    public_item = meeting_services.item_add(actor=None, meeting=meeting, title="Budget", kind="decision")
    secret_item = meeting_services.item_add(
        actor=None, meeting=meeting, title="Upphandling", kind="decision", confidential=True
    )
    public_pdf, secret_pdf = pdf_bytes(1), pdf_bytes(3)
    secretary = Client()
    secretary.force_login(personas.secretary)

    with override_settings(STORAGES=s3_storages(s3)):
        for item, data, name in ((public_item, public_pdf, "budget.pdf"), (secret_item, secret_pdf, "anbud.pdf")):
            url = reverse("meetings:attachment_add", kwargs={"pk": meeting.pk, "item_pk": item.pk})
            posted = secretary.post(url, {"file": SimpleUploadedFile(name, data), "title": name})
            assert posted.status_code == 302, posted.content[:500]
        public = Attachment.objects.get(item=public_item)
        secret = Attachment.objects.get(item=secret_item)

        # In the bucket, under the prefix, private, and nowhere else.
        assert s3.keys() == sorted(f"papers/{a.file.name}" for a in (public, secret))
        assert s3.body(f"papers/{public.file.name}") == public_pdf
        grants = s3.client.get_object_acl(Bucket=s3.bucket, Key=f"papers/{secret.file.name}")["Grants"]
        assert all("AllUsers" not in str(g.get("Grantee", {})) for g in grants)
        assert default_storage.exists(public.file.name)

        def fetch(client: Client, paper: Attachment) -> Any:
            return client.get(reverse("meetings:attachment", kwargs={"pk": meeting.pk, "attachment_pk": paper.pk}))

        download = fetch(Client(), public)
        assert download.status_code == 200
        assert (download["Content-Type"], download["X-Content-Type-Options"]) == ("application/pdf", "nosniff")
        assert 'filename="budget.pdf"' in download["Content-Disposition"]
        assert streamed(download) == public_pdf

        # The confidential paper: refused to the public and to an outsider, served to a member.
        assert fetch(Client(), secret).status_code == 404
        outsider = Client()
        outsider.force_login(personas.outsider)
        assert fetch(outsider, secret).status_code == 404
        member = Client()
        member.force_login(personas.member)
        allowed = fetch(member, secret)
        assert allowed.status_code == 200
        assert streamed(allowed) == secret_pdf


def test_recommendation_papers_and_extracts_through_a_personal_link(personas: Personas, s3: S3) -> None:
    today = timezone.localdate()
    with override_settings(STORAGES=s3_storages(s3)):
        recommendation = referral_services.recommendation_create(
            actor=None,
            body=personas.body,
            principals=[personas.principal],
            title="Hjälpmedel",
            question="X kommun ställer sig bakom avtalet.",
            deadline=today + datetime.timedelta(days=30),
            source="test",
        )
        paper_pdf = pdf_bytes(2)
        paper = referral_services.paper_add(
            actor=None,
            recommendation=recommendation,
            upload=SimpleUploadedFile("avtal.pdf", paper_pdf, content_type="application/pdf"),
            title="Avtal",
            source="test",
        )
        referral_services.recommendation_send(actor=None, recommendation=recommendation, source="test")
        recipient = Recipient.objects.get(recommendation=recommendation)
        token = links.token_for(recipient)

        got = Client().get(reverse("referrals:answer_link_paper", kwargs={"token": token, "paper_pk": paper.pk}))
        assert got.status_code == 200
        assert streamed(got) == paper_pdf
        forged = Client().get(
            reverse("referrals:answer_link_paper", kwargs={"token": token + "x", "paper_pk": paper.pk})
        )
        assert forged.status_code == 403

        # The registrar answers through the link with the extract of the minutes.
        client = Client()
        form = client.get(reverse("referrals:answer_link", kwargs={"token": token}))
        submission = form.context["form"]["submission"].value()
        extract_pdf = pdf_bytes(1)
        posted = client.post(
            reverse("referrals:answer_link", kwargs={"token": token}),
            {
                "submission": submission,
                "answer": "approved",
                "decided_on": today.isoformat(),
                "decided_by": "council",
                "paragraph": "§ 7",
                "extract": SimpleUploadedFile("utdrag.pdf", extract_pdf, content_type="application/pdf"),
            },
        )
        assert posted.status_code == 302, posted.content[:800]
        recipient.refresh_from_db()
        response = recipient.current_response
        assert response is not None
        assert s3.body(f"papers/{response.extract.name}") == extract_pdf
        assert s3.body(f"papers/{paper.file.name}") == paper_pdf
        extract = Client().get(
            reverse("referrals:extract", kwargs={"pk": recommendation.pk, "response_pk": response.pk})
        )
        assert extract.status_code == 200
        assert streamed(extract) == extract_pdf


# --- The environment, read by config/settings.py in a fresh process ---------------------------

PRINT_STORAGE = (
    "import json; from django.conf import settings; print(json.dumps(settings.STORAGES['default'], sort_keys=True))"
)


def settings_process(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own interpreter, fixed arguments
        [str(BIN / "python"), "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=clean_env(DJANGO_SETTINGS_MODULE="config.settings", **env),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


PRODUCTION = {
    "SAMVERKAN_ENV": "production",
    "SECRET_KEY": "a-production-secret-for-the-test-only",
    "ALLOWED_HOSTS": "samverkan.example",
    "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none",
}


def test_filesystem_is_the_default(tmp_path: Any) -> None:
    done = settings_process(PRINT_STORAGE, MEDIA_ROOT=str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert '"BACKEND": "django.core.files.storage.FileSystemStorage"' in done.stdout


def test_s3_is_configured_from_the_environment() -> None:
    done = settings_process(
        PRINT_STORAGE,
        **PRODUCTION,
        FILE_STORAGE="s3",
        S3_BUCKET="papper",
        S3_ENDPOINT_URL="https://s3.example",
        S3_REGION="eu-north-1",
        S3_ACCESS_KEY_ID="AKIA",
        S3_SECRET_ACCESS_KEY="hemligt",
        S3_PREFIX="/samverkan/",
    )
    assert done.returncode == 0, done.stderr
    assert '"BACKEND": "storages.backends.s3.S3Storage"' in done.stdout
    for fragment in (
        '"bucket_name": "papper"',
        '"endpoint_url": "https://s3.example"',
        '"region_name": "eu-north-1"',
        '"access_key": "AKIA"',
        '"secret_key": "hemligt"',
        '"location": "samverkan"',
        '"default_acl": "private"',
        '"file_overwrite": false',
    ):
        assert fragment in done.stdout


def test_production_with_s3_and_no_bucket_refuses_to_start() -> None:
    done = subprocess.run(  # noqa: S603 - our own CLI, fixed arguments
        [str(BIN / "samverkan"), "check"],
        cwd=ROOT,
        env=clean_env(**PRODUCTION, FILE_STORAGE="s3"),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode != 0
    assert "ImproperlyConfigured: The environment variable S3_BUCKET must be set in production." in done.stderr


def test_an_unknown_storage_is_refused() -> None:
    done = settings_process(PRINT_STORAGE, FILE_STORAGE="ftp")
    assert done.returncode != 0
    assert "FILE_STORAGE must be filesystem or s3." in done.stderr
