"""The demo's made-up activity, spread from the meeting to the day of the first load.

The 16th meeting is real (2021); what the departments did since is sample data, dated so that
the first screens show a working system on the day the demo is loaded: most recommendations
answered (each department on time at its own rate), a few still unanswered, progress updates up
to the last weeks with a few stalled, some rated by the companies, a few clarification requests
and requests to move a target date open. Every text says it is sample data ("[Sample data]",
【示例数据】) and every response and update is flagged `is_sample`.

Each recommendation draws from its own random stream, seeded by its reference and the day, so
the result is the same for a given first-load day; a later run of load_demo creates nothing
(the loader only adds samples to the recommendations it creates), so the dates stay put.
"""

import datetime
import random

from django.utils import timezone

from recommendations.choices import ACTING_STANCES, ExtensionStatus
from recommendations.models import ProgressUpdate, Recommendation, Response, ResponseState, Stance
from recommendations.models.followup import DeadlineExtension, Feedback

# The share of each department's answers published by the deadline (spread on purpose: the
# department dashboard compares them). Departments not named answer on time at DEFAULT_PUNCTUALITY.
PUNCTUALITY = {"finance": 0.9, "econ": 0.8, "commerce": 0.7, "ndrc": 0.6, "science": 0.5, "hrss": 0.4, "ports": 0.3}
DEFAULT_PUNCTUALITY = 0.6
UNANSWERED = 0.08  # still without a published response
STALLED = 0.12  # of those being implemented: no update for months
IMPLEMENTED = 0.15
RATED = 0.7  # of a demo liaison's company's published answers
CLARIFICATION = 0.15  # of the rated ones: a clarification request still open
EXTENSION = 0.06  # of those being implemented: a request to move the target date

SAMPLE = "[Sample data] "
SAMPLE_ZH = "【示例数据】"
RESPONSES = {
    Stance.ACCEPTED: (
        "The recommendation is accepted. The department will work it into this year's work plan and "
        "report progress to the company.",
        "采纳该建议。我单位将其纳入年度工作计划，并向企业通报进展。",
    ),
    Stance.PARTIALLY_ACCEPTED: (
        "The recommendation is partly accepted: the parts within the city's powers will be taken up this year.",
        "部分采纳该建议：属于市级事权的部分将于今年推进。",
    ),
    Stance.UNDER_STUDY: (
        "The recommendation is under study with the departments concerned.",
        "该建议正在会同有关部门研究。",
    ),
    Stance.NOTED: ("The recommendation is noted for reference.", "该建议已留作参考。"),
    Stance.NOT_ADOPTED: (
        "The recommendation is not adopted: it falls under national rules the city cannot change.",
        "暂不采纳该建议：相关事项属国家规定，市级无法调整。",
    ),
}
STANCE_WEIGHTS = [
    (Stance.ACCEPTED, 45),
    (Stance.PARTIALLY_ACCEPTED, 25),
    (Stance.UNDER_STUDY, 10),
    (Stance.NOTED, 10),
    (Stance.NOT_ADOPTED, 10),
]
NOTES = [
    ("Work plan agreed with the supporting departments.", "已与协办单位商定工作方案。"),
    ("Draft measures circulated to the districts for comment.", "措施草案已发各区征求意见。"),
    ("Pilot running in two districts; first results in.", "两个区试点运行，已取得初步成效。"),
    ("Funding confirmed in this year's budget.", "资金已列入本年度预算。"),
    ("Met the company to review progress and next steps.", "与企业会面，回顾进展并商定下一步工作。"),
]
STALLED_NOTE = ("Waiting for the national ministry's guidance.", "正在等待国家部委的指导意见。")


def aware(day, hour=10):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def add_samples(recommendation, item, users, today, result):
    """The sample response, updates, rating and extension request of a new recommendation."""
    department = recommendation.lead_department
    if department is None:
        return
    rng = random.Random(f"{recommendation.reference}/{today.isoformat()}")  # noqa: S311 (sample data)
    meeting = recommendation.paper.meeting
    sample = item.get("sample_response") or {}
    stance = sample.get("stance") or rng.choices(*zip(*STANCE_WEIGHTS, strict=True))[0]
    text_en, text_zh = (
        (sample["text_en"], sample["text_zh_hans"])
        if sample.get("text_en")
        else (SAMPLE + RESPONSES[stance][0], SAMPLE_ZH + RESPONSES[stance][1])
    )
    drafter = users.get(f"officer-{department.slug}")
    head = users.get(f"head-{department.slug}")
    # A few still unanswered; those the sample data has waiting for sign-off stay there (the
    # heads' queue).
    if rng.random() < UNANSWERED or sample.get("state") == ResponseState.AWAITING_SIGNOFF:
        state = sample.get("state") if sample.get("state") != ResponseState.PUBLISHED else ResponseState.DRAFT
        if state:
            Response.objects.create(
                recommendation=recommendation,
                department=department,
                stance=stance,
                text_en=text_en,
                text_zh_hans=text_zh,
                state=state,
                drafted_by=drafter,
                submitted_at=aware(today - datetime.timedelta(days=rng.randint(2, 12)))
                if state == ResponseState.AWAITING_SIGNOFF
                else None,
                is_sample=True,
            )
            result.count("sample responses", True)
        return
    on_time = rng.random() < PUNCTUALITY.get(department.slug, DEFAULT_PUNCTUALITY)
    allowed = (meeting.response_deadline - meeting.date).days
    delay = rng.randint(15, allowed) if on_time else rng.randint(allowed + 1, allowed + 75)
    published = meeting.date + datetime.timedelta(days=delay)
    acting = stance in ACTING_STANCES
    fate = rng.random()
    implemented = acting and fate < IMPLEMENTED
    stalled = acting and IMPLEMENTED <= fate < IMPLEMENTED + STALLED
    target = (
        published + datetime.timedelta(days=rng.randint(300, 700))
        if implemented
        else today + datetime.timedelta(days=rng.randint(60, 540))
    )
    response = Response.objects.create(
        recommendation=recommendation,
        department=department,
        stance=stance,
        text_en=text_en,
        text_zh_hans=text_zh,
        target_date=target if acting else None,
        state=ResponseState.PUBLISHED,
        drafted_by=drafter,
        submitted_at=aware(published - datetime.timedelta(days=3)),
        signed_off_by=head,
        published_at=aware(published),
        is_sample=True,
    )
    if acting:
        # As publishing through the site does: the planned date is the response's target date.
        Recommendation.objects.filter(pk=recommendation.pk).update(target_date=target)
    result.count("sample responses", True)
    if acting:
        add_updates(recommendation, item, drafter, published, today, rng, implemented, stalled, result)
        if not implemented and not stalled and drafter and rng.random() < EXTENSION:
            extension = DeadlineExtension.objects.create(
                recommendation=recommendation,
                requested_by=drafter,
                previous_date=target,
                requested_date=target + datetime.timedelta(days=180),
                reason=SAMPLE + "The pilot needs another budget year. / " + SAMPLE_ZH + "试点需要再一个预算年度。",
                status=ExtensionStatus.PENDING,
            )
            requested = aware(today - datetime.timedelta(days=rng.randint(1, 14)))
            DeadlineExtension.objects.filter(pk=extension.pk).update(created_at=requested)
            result.count("sample extension requests", True)
    liaison = users.get(f"liaison-{getattr(recommendation.paper.company, 'slug', '')}")
    if liaison and rng.random() < RATED:
        asks = rng.random() < CLARIFICATION
        rated_on = published + datetime.timedelta(days=rng.randint(3, max(3, min(60, (today - published).days))))
        if asks:  # a request still open is recent
            rated_on = today - datetime.timedelta(days=rng.randint(1, 20))
        feedback = Feedback.objects.create(
            response=response,
            author=liaison,
            answer_satisfaction=rng.choice([2, 3, 4, 4, 5, 5]),
            result_satisfaction=rng.choice([3, 4, 5]) if acting and rng.random() < 0.6 else None,
            comment=SAMPLE + ("Could you say which district pilots first?" if asks else "Thank you."),
            requests_clarification=asks,
        )
        Feedback.objects.filter(pk=feedback.pk).update(created_at=aware(rated_on))
        result.count("sample ratings", True)


def add_updates(recommendation, item, author, published, today, rng, implemented, stalled, result):
    """Progress from the publication to the last weeks (a stalled one stops months ago)."""
    span = (today - published).days
    if span < 30:
        return
    written = item.get("sample_updates") or []
    count = max(len(written), rng.randint(2, 5))
    if stalled:
        last = today - datetime.timedelta(days=rng.randint(120, 400))
    elif implemented:
        last = published + datetime.timedelta(days=rng.randint(min(200, span - 1), span - 1))
    else:
        last = today - datetime.timedelta(days=rng.randint(3, 75))
    last = max(last, published + datetime.timedelta(days=count))
    days = sorted(rng.sample(range(1, (last - published).days), count - 1)) if count > 1 else []
    dates = [published + datetime.timedelta(days=day) for day in days] + [last]
    progress = 0
    for index, date in enumerate(dates):
        final = index == len(dates) - 1
        progress = 100 if implemented and final else min(90, progress + rng.randint(10, 30))
        if index < len(written):
            note_en, note_zh = written[index]["note_en"], written[index]["note_zh_hans"]
        else:
            note_en, note_zh = STALLED_NOTE if stalled and final else rng.choice(NOTES)
            note_en, note_zh = SAMPLE + note_en, SAMPLE_ZH + note_zh
        ProgressUpdate(
            recommendation=recommendation,
            author=author,
            date=date,
            status="implemented" if implemented and final else "in_progress",
            progress=progress,
            note_en=note_en,
            note_zh_hans=note_zh,
            visibility="shared" if rng.random() < 0.6 else "internal",
            is_sample=True,
        ).save()
        result.count("sample progress updates", True)
