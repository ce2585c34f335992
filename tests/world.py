"""A small world of every role and every state of a recommendation, shared by the app tests."""

import datetime
from types import SimpleNamespace

from django.core.files.base import ContentFile

from recommendations.models import ResponseState, Visibility
from tests import factories

TODAY = datetime.date(2026, 11, 29)
PUBLISHED_AT = datetime.datetime(2021, 12, 20, 10, 0, tzinfo=datetime.UTC)
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def build_world():
    """Two departments, two companies, one of every role, and recommendations in every state.

    - `drafting`: company C's, lead department A, no response yet.
    - `awaiting`: company C's, lead A, response awaiting sign-off.
    - `published`: company C's, lead A, published accepted response, one internal and one
      shared update, each with an evidence file.
    - `other`: company D's, lead B.
    """
    department_a = factories.DepartmentFactory(slug="dept-a")
    department_b = factories.DepartmentFactory(slug="dept-b")
    company_c = factories.CompanyFactory(slug="company-c")
    company_d = factories.CompanyFactory(slug="company-d")
    meeting = factories.MeetingFactory(number=16)
    paper_c = factories.PaperFactory(meeting=meeting, company=company_c, position=1)
    paper_d = factories.PaperFactory(meeting=meeting, company=company_d, position=2)
    users = SimpleNamespace(
        secretariat=factories.SecretariatUserFactory(),
        officer_a=factories.OfficerFactory(department=department_a).user,
        officer_b=factories.OfficerFactory(department=department_b).user,
        head_a=factories.OfficerFactory(department=department_a, is_head=True).user,
        liaison_c=factories.LiaisonFactory(company=company_c).user,
        liaison_d=factories.LiaisonFactory(company=company_d).user,
    )
    drafting = factories.RecommendationFactory(paper=paper_c, lead_department=department_a)
    awaiting = factories.RecommendationFactory(paper=paper_c, lead_department=department_a)
    factories.ResponseFactory(
        recommendation=awaiting, department=department_a, state=ResponseState.AWAITING_SIGNOFF, text_en="Draft text"
    )
    published = factories.RecommendationFactory(paper=paper_c, lead_department=department_a)
    factories.ResponseFactory(
        recommendation=published,
        department=department_a,
        state=ResponseState.PUBLISHED,
        text_en="Published text",
        published_at=PUBLISHED_AT,
    )
    internal_update = factories.ProgressUpdateFactory(
        recommendation=published,
        visibility=Visibility.INTERNAL,
        note_en="Internal note",
        date=datetime.date(2022, 1, 1),
    )
    shared_update = factories.ProgressUpdateFactory(
        recommendation=published, visibility=Visibility.SHARED, note_en="Shared note", date=datetime.date(2022, 2, 1)
    )
    for update in (internal_update, shared_update):
        update.evidence.save("evidence.pdf", ContentFile(PDF_BYTES))
    other = factories.RecommendationFactory(paper=paper_d, lead_department=department_b)
    return SimpleNamespace(
        users=users,
        department_a=department_a,
        department_b=department_b,
        company_c=company_c,
        company_d=company_d,
        paper_c=paper_c,
        paper_d=paper_d,
        drafting=drafting,
        awaiting=awaiting,
        published=published,
        other=other,
        internal_update=internal_update,
        shared_update=shared_update,
    )
