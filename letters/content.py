"""What a reply letter (答复函) says: for one company and meeting, in one language or both, the
letterhead, a salutation, then for each of the company's recommendations its reference, title,
the stance and the published response with its planned measures and target date, and a closing.

Only published responses are read (a draft or a response waiting for sign-off is "being
prepared"); progress updates are not part of a letter. A text missing in the letter's language
is given in the other one, marked as such.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ccec import bilingual
from meetings.models import Paper
from recommendations.choices import ResponseState
from recommendations.models import Recommendation

# The letter's languages: one of settings.LANGUAGES, or both (Chinese first).
BOTH = "both"
LANGUAGE_CHOICES = [code for code, _name in settings.LANGUAGES] + [BOTH]


class NoPaper(Exception):
    """The company has no paper in that meeting: there is nothing to answer."""


@dataclass
class Item:
    reference: str
    title: str
    stance: str = ""
    text: str = ""
    measures: str = ""
    target_date: object = None
    pending: bool = False
    # "English only" / "Chinese only" where the letter's language had no text.
    marks: list = field(default_factory=list)


@dataclass
class Section:
    """The letter in one language."""

    language: str
    letterhead: str
    heading: str
    salutation: str
    opening: str
    items: list
    closing: str
    signature: str
    date_line: str


@dataclass
class Letter:
    company: object
    meeting: object
    issued_on: object
    sections: list
    complete: bool


def text_in(obj, name, language, marks):
    """`obj.name` in `language`, else in the other language with its mark added to `marks`
    (ccec/bilingual.py, as the pages show it)."""
    value = bilingual.in_language(getattr(obj, f"{name}_en"), getattr(obj, f"{name}_zh_hans"), language) or ""
    label = str(bilingual.only_in_other_language(obj, name, language))
    if label and label not in marks:
        marks.append(label)
    return value.strip()


def recommendations_of(company, meeting):
    papers = Paper.objects.filter(company=company, meeting=meeting)
    if not papers.exists():
        raise NoPaper(
            _("%(company)s has no paper in annual meeting %(number)s.") % {"company": company, "number": meeting.number}
        )
    return list(
        Recommendation.objects.filter(paper__in=papers).select_related("response", "paper").order_by("sort_key")
    )


def is_complete(recommendations):
    """Every recommendation of the paper has a published response."""
    return all(
        getattr(getattr(item, "response", None), "state", None) == ResponseState.PUBLISHED for item in recommendations
    )


def item_for(recommendation, language):
    marks = []
    item = Item(reference=recommendation.reference, title=text_in(recommendation, "title", language, marks))
    response = getattr(recommendation, "response", None)
    if response is None or response.state != ResponseState.PUBLISHED:
        item.pending = True
    else:
        item.stance = response.get_stance_display()
        item.text = text_in(response, "text", language, marks)
        item.measures = text_in(response, "planned_measures", language, marks)
        item.target_date = response.target_date
    item.marks = marks
    return item


def section(company, meeting, language, recommendations, issued_on):
    with translation.override(language):
        name = bilingual.in_language(company.name_en, company.name_zh_hans, language) or company.name
        date_line = (
            f"{issued_on.year}年{issued_on.month}月{issued_on.day}日"
            if language.startswith("zh")
            else issued_on.strftime("%-d %B %Y")
        )
        return Section(
            language=language,
            letterhead=settings.LETTERHEAD["zh-hans" if language.startswith("zh") else "en"],
            heading=_("Reply to the recommendations of %(company)s to annual meeting %(number)s (%(year)s)")
            % {"company": name, "number": meeting.number, "year": meeting.year},
            salutation=_("Dear %(company)s,") % {"company": name},
            opening=_(
                "Thank you for the recommendations in your paper to annual meeting %(number)s (%(year)s) of "
                "the Chongqing Mayor's International Economic Advisory Council. The departments concerned "
                "have studied each of them. Our answers follow."
            )
            % {"number": meeting.number, "year": meeting.year},
            items=[item_for(recommendation, language) for recommendation in recommendations],
            closing=_(
                "We thank you for your continued support of Chongqing's development and look forward to "
                "working with you."
            ),
            signature=_("Secretariat of the Chongqing Mayor's International Economic Advisory Council"),
            date_line=date_line,
        )


def build(company, meeting, language, issued_on=None):
    """The letter of `company` for `meeting` in `language` (a code, or BOTH); NoPaper when the
    company has no paper in it."""
    if language not in LANGUAGE_CHOICES:
        raise ValueError(f"unknown letter language {language!r}")
    issued_on = issued_on or timezone.localdate()
    recommendations = recommendations_of(company, meeting)
    languages = ["zh-hans", "en"] if language == BOTH else [language]
    return Letter(
        company=company,
        meeting=meeting,
        issued_on=issued_on,
        sections=[section(company, meeting, code, recommendations, issued_on) for code in languages],
        complete=is_complete(recommendations),
    )


def language_of(company):
    """The company's language: its liaisons' (the first one's), English when it has none."""
    chosen = company.liaisons.order_by("pk").values_list("language", flat=True).first()
    return chosen or settings.LANGUAGE_CODE
