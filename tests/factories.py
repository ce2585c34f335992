"""Factories for every model, in one place."""

import datetime

import factory
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from accounts.models import Department, Officer
from accounts.roles import SECRETARIAT_APPS
from companies.models import Company, Liaison
from meetings.models import Meeting, Paper, Topic
from recommendations.models import (
    Feedback,
    ImplementationStatus,
    ProgressUpdate,
    Recommendation,
    Response,
    ResponseState,
    Stance,
    Visibility,
)

PASSWORD = "a-test-password"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password(PASSWORD)


class SecretariatUserFactory(UserFactory):
    username = factory.Sequence(lambda n: f"secretariat{n}")
    is_staff = True

    @factory.post_generation
    def secretariat_group(user, create, extracted, **kwargs):
        if not create:
            return
        group, created = Group.objects.get_or_create(name=settings.SECRETARIAT_GROUP)
        if created:
            group.permissions.set(Permission.objects.filter(content_type__app_label__in=[*SECRETARIAT_APPS, "auth"]))
        user.groups.add(group)


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company
        django_get_or_create = ["slug"]

    name_en = factory.Sequence(lambda n: f"Company {n}")
    name_zh_hans = factory.Sequence(lambda n: f"公司{n}")
    slug = factory.Sequence(lambda n: f"company-{n}")
    country = "Sweden"


class LiaisonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Liaison

    user = factory.SubFactory(UserFactory, username=factory.Sequence(lambda n: f"liaison{n}"))
    company = factory.SubFactory(CompanyFactory)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting
        django_get_or_create = ["number"]

    number = 16
    year = factory.LazyAttribute(lambda meeting: 2005 + meeting.number)
    date = factory.LazyAttribute(lambda meeting: datetime.date(meeting.year, 11, 5))
    theme_en = "Good Tale of Two Cities"
    theme_zh_hans = "唱好双城记"


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ["slug"]

    name_en = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ["slug"]

    name_en = factory.Sequence(lambda n: f"Municipal Commission {n}")
    name_zh_hans = factory.Sequence(lambda n: f"市委员会{n}")
    short_name_en = factory.Sequence(lambda n: f"Commission {n}")
    slug = factory.Sequence(lambda n: f"dept-{n}")


class OfficerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Officer

    user = factory.SubFactory(UserFactory, username=factory.Sequence(lambda n: f"officer{n}"))
    department = factory.SubFactory(DepartmentFactory)
    is_head = False


class PaperFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Paper

    meeting = factory.SubFactory(MeetingFactory)
    position = factory.Sequence(lambda n: n + 1)
    company = factory.SubFactory(CompanyFactory)
    title_en = factory.Sequence(lambda n: f"Paper {n}")


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation

    paper = factory.SubFactory(PaperFactory)
    title_en = factory.Sequence(lambda n: f"Recommendation {n}")
    text_en = "The municipal government should act."


class ResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Response

    recommendation = factory.SubFactory(RecommendationFactory)
    department = factory.SubFactory(DepartmentFactory)
    stance = Stance.ACCEPTED
    text_en = "Accepted."
    state = ResponseState.DRAFT


class ProgressUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressUpdate

    recommendation = factory.SubFactory(RecommendationFactory)
    date = datetime.date(2022, 3, 1)
    status = ImplementationStatus.IN_PROGRESS
    progress = 30
    note_en = "Work has started."
    visibility = Visibility.INTERNAL


class FeedbackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Feedback

    response = factory.SubFactory(ResponseFactory, state=ResponseState.PUBLISHED)
    author = factory.SubFactory(UserFactory)
    answer_satisfaction = 4
