"""Load the 16th annual meeting (2021) as demo data: real papers, made-up sample answers.

The data lives in demo_data/ (built from the seed papers by scripts/build_demo_data.py).
Every object is looked up by its natural key and only created when missing, so a second run
changes nothing, not even the history. The sample activity (present.py) runs from the meeting
to the day of the first load; it carries is_sample=True and a visible "[Sample data]" /
【示例数据】 prefix.
"""

import datetime
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from accounts.models import Department, Officer
from accounts.roles import SECRETARIAT_APPS
from companies.models import Company, Liaison
from demo import present
from meetings.models import Meeting, Paper, Topic
from recommendations.models import Recommendation

DATA_DIR = Path(__file__).resolve().parent / "demo_data"
# The papers' texts are the paper import's evaluation set, which the demo shows as well.
PAPERS_DIR = Path(__file__).resolve().parents[1] / "imports" / "reading" / "evaluation" / "papers"
DEFAULT_PASSWORD = "ccec-demo"  # noqa: S105 (documented demo password; refused when DEBUG is off)

# username, first name, last name, role, department or company slug, is head
DEMO_USERS = [
    ("secretariat", "Jing", "Chen", "secretariat", None, False),
    ("officer-econ", "Wei", "Li", "officer", "econ", False),
    ("head-econ", "Min", "Zhang", "officer", "econ", True),
    ("officer-commerce", "Yang", "Liu", "officer", "commerce", False),
    ("liaison-corning", "Sarah", "Miller", "liaison", "corning", False),
    ("liaison-ericsson", "Erik", "Lindqvist", "liaison", "ericsson", False),
]
# The secretariat also unlocks accounts that django-axes locked after too many wrong passwords.
SECRETARIAT_AUTH_MODELS = ["user", "group"]


@dataclass
class LoadResult:
    created: dict = field(default_factory=dict)

    def count(self, label, was_created):
        self.created.setdefault(label, 0)
        if was_created:
            self.created[label] += 1


def read_data():
    return json.loads((DATA_DIR / "meeting16.json").read_text(encoding="utf-8"))


def aware(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))


@transaction.atomic
def load_demo(password=DEFAULT_PASSWORD, with_users=True):
    data = read_data()
    result = LoadResult()
    meeting_data = data["meeting"]
    meeting_date = datetime.date.fromisoformat(meeting_data["date"])
    meeting, created = Meeting.objects.get_or_create(
        number=meeting_data["number"],
        defaults={
            "year": meeting_data["year"],
            "date": meeting_date,
            "theme_en": meeting_data["theme_en"],
            "theme_zh_hans": meeting_data["theme_zh_hans"],
        },
    )
    result.count("meetings", created)

    companies = {}
    for item in data["companies"]:
        companies[item["slug"]], created = Company.objects.get_or_create(
            slug=item["slug"],
            defaults={
                "name_en": item["name_en"],
                "name_zh_hans": item["name_zh_hans"],
                "country_en": item["country_en"],
                "country_zh_hans": item["country_zh_hans"],
                "sector_en": data["sectors"].get(item["slug"], ""),
                "sector_zh_hans": data["sectors_zh_hans"].get(item["slug"], ""),
            },
        )
        result.count("companies", created)

    topics = {}
    for order, item in enumerate(data["topics"], start=1):
        topics[item["slug"]], created = Topic.objects.get_or_create(
            slug=item["slug"],
            defaults={"name_en": item["name_en"], "name_zh_hans": item["name_zh_hans"], "order": order},
        )
        result.count("topics", created)

    departments = {}
    for item in data["departments"]:
        departments[item["slug"]], created = Department.objects.get_or_create(
            slug=item["slug"],
            defaults={key: item[key] for key in ("name_en", "name_zh_hans", "short_name_en", "short_name_zh_hans")},
        )
        result.count("departments", created)

    users = load_users(password, departments, companies, result) if with_users else {}
    today = timezone.localdate()  # the sample activity runs up to the day of the first load

    for paper_data in data["papers"]:
        paper, created = Paper.objects.get_or_create(
            meeting=meeting,
            position=paper_data["position"],
            defaults={
                "company": companies.get(paper_data["company"]),
                "title_en": paper_data["title_en"],
                "title_zh_hans": paper_data["title_zh_hans"],
                "authors": paper_data["authors"],
                "language": "en",
                "submitted_on": meeting_date - datetime.timedelta(days=30),
                "entered_at": aware(meeting_date),
            },
        )
        result.count("papers", created)
        if created:
            text = (PAPERS_DIR / paper_data["file"]).read_text(encoding="utf-8")
            paper.extracted_text = text
            paper.document.save(paper_data["file"], ContentFile(text.encode("utf-8")), save=False)
            paper.save()
        loaded = []
        for order, item in enumerate(paper_data["recommendations"], start=1):
            recommendation, created = Recommendation.objects.get_or_create(
                paper=paper,
                order=order,
                defaults={
                    "number": item["number"],
                    "title_en": item["title_en"],
                    "text_en": item["text_en"],
                    "title_zh_hans": item["title_zh_hans"],
                    "text_zh_hans": item["text_zh_hans"],
                    "source_language": "en",
                    "translation": item["translation"],
                    "parent": loaded[item["parent"]] if item["parent"] is not None else None,
                    "source_line_start": item["line_start"],
                    "source_line_end": item["line_end"],
                    "lead_department": departments.get(item["lead_department"]),
                },
            )
            result.count("recommendations", created)
            loaded.append(recommendation)
            if created:
                recommendation.topics.set([topics[slug] for slug in item["topics"]])
                present.add_samples(recommendation, item, users, today, result)
    link_related(result)
    return result


def link_related(result):
    """The pairs of the meeting checked by hand as the same ask (demo_data/related.json)."""
    pairs = json.loads((DATA_DIR / "related.json").read_text(encoding="utf-8"))["pairs"]
    by_reference = Recommendation.objects.in_bulk(
        [reference for pair in pairs for reference in pair], field_name="reference"
    )
    for first, second in pairs:
        if first in by_reference and second in by_reference:
            linked = by_reference[first].related.filter(pk=by_reference[second].pk).exists()
            if not linked:
                by_reference[first].related.add(by_reference[second])
            result.count("related pairs", not linked)


def load_users(password, departments, companies, result):
    group, _created = Group.objects.get_or_create(name=settings.SECRETARIAT_GROUP)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label__in=SECRETARIAT_APPS),
        *Permission.objects.filter(content_type__app_label="auth", content_type__model__in=SECRETARIAT_AUTH_MODELS),
    )
    users = {}
    User = get_user_model()
    for username, first, last, role, slug, is_head in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@example.org",
                "is_staff": role == "secretariat",
            },
        )
        result.count("users", created)
        if created:
            user.set_password(password)
            user.save(update_fields=["password"])
        if role == "secretariat":
            user.groups.add(group)
        elif role == "officer":
            Officer.objects.get_or_create(user=user, defaults={"department": departments[slug], "is_head": is_head})
        elif role == "liaison":
            Liaison.objects.get_or_create(
                user=user, defaults={"company": companies[slug], "title": "Government relations manager"}
            )
        users[username] = user
    return users
