"""The translation workflow: what needs a translation, the side-by-side screen, machine drafts
from a LibreTranslate-compatible server (a real HTTP server on a loopback port)."""

import datetime
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from accounts.once import new_token
from recommendations.models import Recommendation
from tests.helpers import free_port
from translations.models import TranslationJob
from translations.tasks import sweep

pytestmark = pytest.mark.django_db


class FakeLibreTranslate(BaseHTTPRequestHandler):
    """Answers POST /translate as LibreTranslate does, from a small dictionary."""

    WORDS = {"Build a hydrogen corridor": "建设氢能走廊", "建设数字园区": "Build a digital park"}
    requests = []
    down = False

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).requests.append(body)
        if self.path != "/translate" or type(self).down:
            self.send_response(503)
            self.end_headers()
            return
        answer = json.dumps({"translatedText": self.WORDS.get(body["q"], f"[{body['target']}] {body['q']}")})
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(answer.encode())

    def log_message(self, *args):
        pass


@pytest.fixture
def translator(settings):
    FakeLibreTranslate.requests, FakeLibreTranslate.down = [], False
    server = ThreadingHTTPServer(("127.0.0.1", free_port()), FakeLibreTranslate)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.MACHINE_TRANSLATION_URL = f"http://127.0.0.1:{server.server_address[1]}"
    settings.MACHINE_TRANSLATION_API_KEY = "secret"
    yield FakeLibreTranslate
    server.shutdown()
    server.server_close()


@pytest.fixture
def english_only(world):
    item = world.drafting
    item.title_en, item.title_zh_hans = "Build a hydrogen corridor", ""
    item.text_en, item.text_zh_hans = "Along the expressway.", ""
    item.translation = ""
    item.save()
    return item


def test_what_lacks_a_language_needs_translation_and_the_list_filters_it(client, world, english_only):
    for item in Recommendation.objects.exclude(pk=english_only.pk):
        item.title_zh_hans, item.text_zh_hans = "已译标题", ("已译" if item.text_en else "")
        item.save()
    assert set(Recommendation.objects.needs_translation()) == {english_only}
    client.force_login(world.users.secretariat)
    page = client.get(reverse("recommendations:list"), {"translation": "needs"})
    assert [item.reference for item in page.context["page"]] == [english_only.reference]
    # A Chinese reader sees the English title, marked as such.
    client.cookies["django_language"] = "zh-hans"
    page = client.get(reverse("recommendations:list"), {"translation": "needs"}).content.decode()
    assert "Build a hydrogen corridor" in page and "仅有英文" in page


def test_the_secretariat_fills_the_other_language_side_by_side_with_history(client, world, english_only):
    client.force_login(world.users.secretariat)
    url = reverse("translations:translate", args=[english_only.reference])
    page = client.get(url)
    assert 'name="title_zh_hans"' in page.content.decode() and 'name="title_en"' in page.content.decode()
    response = client.post(
        url,
        {
            "opened": page.context["form"]["opened"].value(),
            "title_en": "Build a hydrogen corridor",
            "text_en": "Along the expressway.",
            "title_zh_hans": "建设氢能走廊",
            "text_zh_hans": "沿高速公路建设。",
            "source_language": "en",
            "translation": "person",
        },
    )
    assert response.status_code == 302
    english_only.refresh_from_db()
    assert (english_only.title_zh_hans, english_only.translation) == ("建设氢能走廊", "person")
    latest = english_only.history.order_by("-history_date").first()
    assert (latest.title_zh_hans, latest.history_user) == ("建设氢能走廊", world.users.secretariat)
    assert english_only not in Recommendation.objects.needs_translation()


def test_a_translation_without_any_title_is_refused(client, world, english_only):
    client.force_login(world.users.secretariat)
    url = reverse("translations:translate", args=[english_only.reference])
    data = {"title_en": "", "title_zh_hans": "", "source_language": "en", "translation": "person"}
    assert client.post(url, data).status_code == 400
    english_only.refresh_from_db()
    assert english_only.title_en == "Build a hydrogen corridor"


def test_only_the_secretariat_translates(client, world, english_only):
    client.force_login(world.users.officer_a)
    assert client.get(reverse("translations:translate", args=[english_only.reference])).status_code == 403


def test_machine_drafts_are_off_without_a_server(client, world, english_only, settings):
    settings.MACHINE_TRANSLATION_URL = ""
    client.force_login(world.users.secretariat)
    page = client.get(reverse("translations:translate", args=[english_only.reference])).content.decode()
    assert "Machine translation is off" in page
    response = client.post(reverse("translations:draft", args=[english_only.reference]), follow=True)
    assert "Machine translation is off" in response.content.decode()
    english_only.refresh_from_db()
    assert english_only.title_zh_hans == ""


def test_a_machine_draft_fills_the_empty_side_marked_until_a_person_saves(client, world, english_only, translator):
    client.force_login(world.users.secretariat)
    client.post(reverse("translations:draft", args=[english_only.reference]))
    english_only.refresh_from_db()
    assert english_only.title_zh_hans == "建设氢能走廊"
    assert english_only.text_zh_hans == "[zh-Hans] Along the expressway."
    assert english_only.translation == "machine"
    assert {request["source"] for request in translator.requests} == {"en"}
    assert {request["api_key"] for request in translator.requests} == {"secret"}
    # Still waiting for a person, and marked on the page.
    assert english_only in Recommendation.objects.needs_translation()
    page = client.get(english_only.get_absolute_url()).content.decode()
    assert "Machine draft, not yet checked by a person." in page


def test_a_server_failure_changes_nothing(client, world, english_only, translator):
    translator.down = True
    client.force_login(world.users.secretariat)
    response = client.post(reverse("translations:draft", args=[english_only.reference]), follow=True)
    assert "The translation server did not answer" in response.content.decode()
    english_only.refresh_from_db()
    assert (english_only.title_zh_hans, english_only.translation) == ("", "")


def test_bulk_drafting_runs_as_a_job_with_progress(client, world, english_only, translator):
    chinese_only = world.other
    chinese_only.title_en, chinese_only.title_zh_hans, chinese_only.text_en, chinese_only.text_zh_hans = (
        "",
        "建设数字园区",
        "",
        "",
    )
    chinese_only.save()
    waiting = Recommendation.objects.needs_translation().count()
    client.force_login(world.users.secretariat)
    response = client.post(reverse("translations:draft_all"), {"form_token": new_token()})
    job = TranslationJob.objects.get()
    assert response["Location"] == job.get_absolute_url()
    assert (job.status, job.total, job.drafted, job.progress) == ("done", waiting, waiting, 100)
    chinese_only.refresh_from_db()
    assert (chinese_only.title_en, chinese_only.translation) == ("Build a digital park", "machine")
    page = client.get(job.get_absolute_url()).content.decode()
    assert "machine draft to check" in page


def test_bulk_drafting_with_the_broker_down_is_failed_with_a_retry_button(
    client, world, english_only, translator, broker_down
):
    client.force_login(world.users.secretariat)
    page = client.post(reverse("translations:draft_all"), {"form_token": new_token()}, follow=True).content.decode()
    job = TranslationJob.objects.get()
    assert (job.status, job.error) == ("failed", TranslationJob.BROKER_DOWN)
    assert "Try again" in page and 'http-equiv="refresh"' not in page


def test_the_sweep_fails_a_drafting_job_that_stopped_moving(world):
    job = TranslationJob.objects.create(requested_by=world.users.secretariat)
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=30)):
        assert sweep() == 1
    job.refresh_from_db()
    assert (job.status, job.error, job.can_retry) == ("failed", TranslationJob.STALLED, True)


def test_two_translators_at_once_the_second_sees_a_conflict_and_nothing_is_lost(client, world, english_only):
    client.force_login(world.users.secretariat)
    url = reverse("translations:translate", args=[english_only.reference])
    opened = client.get(url).context["form"]["opened"].value()
    data = {"title_en": "Build a hydrogen corridor", "text_en": "Along the expressway.", "source_language": "en"}
    first = {**data, "title_zh_hans": "建设氢能走廊", "translation": "person", "opened": opened}
    assert client.post(url, first).status_code == 302
    second = client.post(url, {**data, "title_zh_hans": "打造氢能通道", "translation": "person", "opened": opened})
    assert second.status_code == 400 and "Someone saved this translation" in second.content.decode()
    english_only.refresh_from_db()
    assert english_only.title_zh_hans == "建设氢能走廊"
    # The form now carries the current fingerprint: after merging, the save goes through.
    merged = client.post(
        url,
        {
            **data,
            "title_zh_hans": "建设氢能走廊",
            "translation": "person",
            "opened": second.context["form"]["opened"].value(),
        },
    )
    assert merged.status_code == 302


def test_saving_a_translation_keeps_an_assignment_made_meanwhile(client, world, english_only):
    client.force_login(world.users.secretariat)
    url = reverse("translations:translate", args=[english_only.reference])
    opened = client.get(url).context["form"]["opened"].value()
    Recommendation.objects.filter(pk=english_only.pk).update(lead_department=world.department_b)
    client.post(
        url,
        {
            "title_en": "Build a hydrogen corridor",
            "text_en": "Along the expressway.",
            "title_zh_hans": "建设氢能走廊",
            "source_language": "en",
            "translation": "person",
            "opened": opened,
        },
    )
    english_only.refresh_from_db()
    assert (english_only.title_zh_hans, english_only.lead_department) == ("建设氢能走廊", world.department_b)


def test_the_bulk_drafting_button_sent_twice_starts_one_job(client, world, english_only, translator):
    client.force_login(world.users.secretariat)
    data = {"form_token": new_token()}
    client.post(reverse("translations:draft_all"), data)
    client.post(reverse("translations:draft_all"), data)
    assert TranslationJob.objects.count() == 1
