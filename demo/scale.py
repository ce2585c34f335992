"""A generated dataset of any size, for the scale benchmarks (scripts/bench_scale.py) and the
tests that pin what the optimised paths return.

`generate(count, today)` fills an empty database with `count` recommendations over ten yearly
meetings (the last one a hundred days before `today`), 300 companies with a liaison each and
20 departments with two officers and a head each, in English and Chinese. Each recommendation
gets what its meeting's age makes likely: older ones answered and mostly implementing, with
about five progress updates each, internal and shared; the newest meeting a mix of drafts,
responses awaiting sign-off, published ones and none yet; a few unassigned, returned, rated.

Everything is written with bulk inserts, and every stored field that the application computes
(both progress tracks, their next-update dates and search tokens, `Recommendation.sync_progress`)
is computed here by the same functions, so the rows are what the application would have
written (tests/demo/test_scale.py checks that `sync_progress()` changes nothing on them).
The sequence is deterministic: the same count and day give the same rows (each meeting draws
from its own random stream; on PostgreSQL two processes write the meetings, so only the
primary keys may interleave differently).
"""

import datetime
import functools
import random
from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection
from django.utils import timezone

from demo import bulk

MEETINGS = 10
ROLES = ("officer-a", "officer-b", "head")
COMPANIES = 300
DEPARTMENTS = 20

WORDS = [
    "digital",
    "economy",
    "hydrogen",
    "logistics",
    "talent",
    "finance",
    "innovation",
    "customs",
    "corridor",
    "railway",
    "manufacturing",
    "cluster",
    "carbon",
    "energy",
    "platform",
    "investment",
    "training",
    "export",
    "semiconductor",
    "healthcare",
]
CHINESE = [
    "数字经济",
    "氢能产业",
    "物流枢纽",
    "人才引进",
    "绿色金融",
    "科技创新",
    "通关便利",
    "智能制造",
    "碳中和",
    "对外开放",
]
NOTES = (
    ("Working group met the company and agreed next steps.", "工作组与企业会面，商定了下一步工作。"),
    ("Draft policy circulated to the districts for comment.", "政策草案已发各区征求意见。"),
    ("Pilot started in two districts; first results expected next quarter.", "两个区已启动试点，预计下季度见效。"),
    ("Funding approved in this year's budget.", "资金已列入本年度预算。"),
    ("Waiting for the national ministry's guidance.", "正在等待国家部委的指导意见。"),
)


def generate(count, today, seed=0, processes=None):
    """Create the dataset; returns a namespace of what a benchmark needs (users, meetings).
    On PostgreSQL outside a transaction, PROCESSES processes (one per core by default) write
    the meetings."""
    from accounts.models import Department, Officer
    from companies.models import Company, Liaison
    from meetings.models import Meeting, Paper, Topic

    rng = random.Random(seed)  # noqa: S311 (sample data, not secrets)
    User = get_user_model()
    departments = Department.objects.bulk_create(
        [
            Department(slug=f"dept-{i}", name_en=f"Department {i}", name_zh_hans=f"第{i}部门", short_name_en=f"D{i}")
            for i in range(DEPARTMENTS)
        ]
    )
    # One password hash for every generated user ("x"): hashing it 360 times took minutes.
    password = make_password("x")

    def users(names):
        return User.objects.bulk_create(
            [User(username=name, email=f"{name}@example.org", password=password) for name in names]
        )

    officers, heads, people = {}, {}, []
    for department in departments:
        for role, user in zip(ROLES, users(f"{role}-{department.slug}" for role in ROLES), strict=True):
            people.append(Officer(user=user, department=department, is_head=role == "head", language="zh-hans"))
            (heads if role == "head" else officers).setdefault(department.pk, []).append(user)
    Officer.objects.bulk_create(people)
    companies = Company.objects.bulk_create(
        [
            Company(slug=f"company-{i}", name_en=f"Company {i} Ltd", name_zh_hans=f"第{i}公司", country="Germany")
            for i in range(COMPANIES)
        ]
    )
    liaisons = users(f"liaison-{i}" for i in range(len(companies)))
    Liaison.objects.bulk_create(
        [
            Liaison(user=user, company=company, language="zh-hans" if i % 2 else "en")
            for i, (user, company) in enumerate(zip(liaisons, companies, strict=True))
        ]
    )
    topics = Topic.objects.bulk_create(
        [Topic(slug=f"topic-{i}", name_en=word.title(), name_zh_hans=CHINESE[i]) for i, word in enumerate(WORDS[:10])]
    )
    meetings = []
    for index in range(MEETINGS):
        date = today - datetime.timedelta(days=100 + 365 * (MEETINGS - 1 - index))
        meetings.append(
            Meeting.objects.create(
                number=index + 1,
                year=date.year,
                date=date,
                theme_en=f"Meeting {index + 1}",
                theme_zh_hans=f"第{index + 1}届会议",
                response_deadline=date + datetime.timedelta(days=60),
            )
        )
    per_meeting = [count // MEETINGS + (1 if i < count % MEETINGS else 0) for i in range(MEETINGS)]
    papers = []
    for meeting, size in zip(meetings, per_meeting, strict=True):
        papers.append(
            Paper.objects.bulk_create(
                [
                    Paper(meeting=meeting, position=p + 1, company=companies[p], title_en=f"Paper {p + 1}")
                    for p in range(min(COMPANIES, max(1, size // 10)))
                ]
            )
        )
    world = SimpleNamespace(
        rng=rng,
        today=today,
        departments=departments,
        officers=officers,
        heads=heads,
        liaisons=liaisons,
        companies=companies,
        topics=topics,
        meetings=meetings,
    )
    from recommendations.models import Recommendation

    work = list(zip(meetings, papers, per_meeting, strict=True))

    def fill(share):
        for meeting, meeting_papers, size in share:
            # Each meeting draws from its own stream, so the rows do not depend on which
            # process writes which meeting.
            world.rng = random.Random(f"{seed}-{meeting.number}")  # noqa: S311
            _recommendations(world, meeting, meeting_papers, size)

    # The search indexes are built once at the end, not row by row.
    bulk.without_gin_indexes(Recommendation._meta.db_table, lambda: bulk.in_processes(fill, work, processes))
    return world


def _recommendations(world, meeting, papers, size):
    """One meeting's recommendations, responses, updates and feedback, in bulk."""
    from recommendations import search, tracks
    from recommendations.models import Recommendation
    from recommendations.models.recommendation import sort_key

    rng = world.rng
    age_days = (world.today - meeting.date).days
    rows = []
    for index in range(size):
        paper = papers[index % len(papers)]
        order = index // len(papers) + 1
        words = rng.sample(WORDS, 3)
        chinese = rng.sample(CHINESE, 2)
        english_only = rng.random() < 0.1
        rows.append(
            Recommendation(
                paper=paper,
                reference=f"{meeting.number}-{paper.position:02d}-{order:02d}",
                order=order,
                title_en=f"Support {words[0]} and {words[1]} for {words[2]}",
                title_zh_hans="" if english_only else f"关于{chinese[0]}与{chinese[1]}的建议",
                text_en=f"The municipal government should support {words[0]} and {words[1]}. " * 6,
                text_zh_hans="" if english_only else f"建议市政府加快发展{chinese[0]}，推动{chinese[1]}。" * 5,
                lead_department=None if rng.random() < 0.02 else rng.choice(world.departments),
                is_priority=rng.random() < 0.05,
                target_date=meeting.date + datetime.timedelta(days=rng.randint(180, 900)),
                sort_key=sort_key(meeting.number, paper.position, order),
            )
        )
    for recommendation in rows:
        recommendation.assigned_at = timezone.now() if recommendation.lead_department_id else None
    # Computed before anything is written: the rows go in once, complete.
    responses = _responses(world, meeting, rows, age_days)
    updates = _updates(world, rows, responses)
    feedback = _feedback(world, responses)
    _compute(rows, responses, updates)
    if connection.vendor == "postgresql":
        # The tsvectors of the search tokens (recommendations/search.py), computed on the way in.
        vectors = {
            track.vector: search.SimpleVector.template % {"expressions": track.search} for track in tracks.TRACKS
        }
        bulk.insert(Recommendation, rows, computed=vectors)
    else:
        bulk.insert(Recommendation, rows)
    through = Recommendation.topics.through
    bulk.insert(through, [through(recommendation_id=r.pk, topic_id=rng.choice(world.topics).pk) for r in rows])
    # The related rows learn their recommendation's new key as they are saved.
    from recommendations.models import Feedback, ProgressUpdate, Response

    bulk.insert(Response, responses.values())
    bulk.insert(ProgressUpdate, [u for own in updates.values() for u in own])
    bulk.insert(Feedback, feedback)


def _responses(world, meeting, recommendations, age_days):
    from recommendations.models import Response, ResponseState, Stance

    rng = world.rng
    stances = [Stance.ACCEPTED] * 5 + [Stance.PARTIALLY_ACCEPTED] * 2 + [Stance.UNDER_STUDY, Stance.NOT_ADOPTED]
    stances.append(Stance.NOTED)
    responses = {}
    for recommendation in recommendations:
        if recommendation.lead_department_id is None:
            continue
        roll = rng.random()
        # The newest meeting is still being answered; older ones mostly are.
        answered_share = 0.55 if age_days < 365 else 0.95
        if roll > answered_share + 0.04:
            continue
        if roll > answered_share:
            state, published_at = rng.choice([ResponseState.DRAFT, ResponseState.AWAITING_SIGNOFF]), None
        else:
            state = ResponseState.PUBLISHED
            late = rng.random() < 0.3
            delay = rng.randint(61, 120) if late else rng.randint(10, 59)
            published_at = timezone.make_aware(
                datetime.datetime.combine(meeting.date + datetime.timedelta(days=delay), datetime.time(10))
            )
            if published_at.date() > world.today:
                published_at = timezone.make_aware(datetime.datetime.combine(world.today, datetime.time(9)))
        drafter = rng.choice(world.officers[recommendation.lead_department_id])
        responses[id(recommendation)] = Response(
            recommendation=recommendation,
            department_id=recommendation.lead_department_id,
            stance=rng.choice(stances),
            text_en="The department accepts the recommendation and will act on it this year. " * 3,
            text_zh_hans="本部门采纳该建议，将于今年内落实。" * 3,
            planned_measures_en="A working group with the district governments.",
            state=state,
            drafted_by=drafter,
            published_at=published_at,
            signed_off_by=world.heads[recommendation.lead_department_id][0] if published_at else None,
            submitted_at=published_at,
        )
    return responses


def _updates(world, recommendations, responses):
    """About five updates per acting answered recommendation, from its publication to today."""
    from recommendations.choices import ACTING_STANCES, ImplementationStatus, Visibility
    from recommendations.models import ProgressUpdate

    rng = world.rng
    updates = {}
    for recommendation in recommendations:
        response = responses.get(id(recommendation))
        if response is None or response.published_at is None or response.stance not in ACTING_STANCES:
            continue
        start = response.published_at.date()
        span = (world.today - start).days
        if span < 2:
            continue
        steps = min(span - 1, rng.randint(2, 9))
        days = sorted(rng.sample(range(1, span), steps))
        progress = 0
        fate = rng.random()
        own = []
        for step, offset in enumerate(days):
            progress = min(100, progress + rng.randint(5, 30))
            last = step == len(days) - 1
            if last and fate < 0.25:
                status, progress = ImplementationStatus.IMPLEMENTED, 100
            elif last and fate < 0.3:
                status = ImplementationStatus.STALLED
            elif progress == 100:
                status, progress = ImplementationStatus.PARTIALLY_IMPLEMENTED, 90
            else:
                status = ImplementationStatus.IN_PROGRESS
            note_en, note_zh = rng.choice(NOTES)
            own.append(
                ProgressUpdate(
                    recommendation=recommendation,
                    author=response.drafted_by,
                    date=start + datetime.timedelta(days=offset),
                    status=status,
                    progress=progress,
                    note_en=note_en,
                    note_zh_hans=note_zh,
                    visibility=Visibility.SHARED if rng.random() < 0.5 else Visibility.INTERNAL,
                )
            )
        updates[id(recommendation)] = own
    return updates


def _feedback(world, responses):
    from recommendations.models import Feedback

    rng = world.rng
    rows = []
    for response in responses.values():
        if response.published_at is None or rng.random() > 0.1:
            continue
        company_index = int(response.recommendation.paper.company.slug.rsplit("-", 1)[1])
        asks = rng.random() < 0.2
        rows.append(
            Feedback(
                response=response,
                author=world.liaisons[company_index],
                answer_satisfaction=rng.randint(1, 5),
                result_satisfaction=rng.randint(1, 5) if rng.random() < 0.5 else None,
                comment="Thank you for the answer." if not asks else "Which district runs the pilot?",
                requests_clarification=asks,
            )
        )
    return rows


@functools.lru_cache(maxsize=50_000)
def _tokens(text):
    from recommendations import search

    return search.tokens(text)


def _compute(recommendations, responses, updates):
    """Both tracks and their search tokens, as Recommendation.sync_progress() computes them."""
    from recommendations import tracks
    from recommendations.choices import ResponseState
    from recommendations.models import Recommendation

    for recommendation in recommendations:
        response = responses.get(id(recommendation))
        own = updates.get(id(recommendation), [])
        for track in tracks.TRACKS:
            followed = [u for u in own if track.visibility is None or u.visibility == track.visibility]
            latest = max(followed, key=lambda u: u.date, default=None)  # one update a day at most
            status, progress, last_update_at = Recommendation._track_state(track, latest, [])
            due = recommendation._next_update_due(response, status, last_update_at)
            for name, value in zip(track.fields, (status, progress, last_update_at, due), strict=True):
                setattr(recommendation, name, value)
            texts = [recommendation.title_en, recommendation.title_zh_hans, recommendation.text_en]
            texts.append(recommendation.text_zh_hans)
            if response is not None and (track is tracks.GOVERNMENT or response.state == ResponseState.PUBLISHED):
                texts += [response.text_en, response.text_zh_hans, response.planned_measures_en]
                texts.append(response.planned_measures_zh_hans)
            # ProgressUpdate's ordering: newest first.
            texts += [note for u in reversed(followed) for note in (u.note_en, u.note_zh_hans)]
            # search.tokens(*texts) is the tokens of each text, joined: each text's are cached.
            setattr(recommendation, track.search, " ".join(filter(None, map(_tokens, texts))))
