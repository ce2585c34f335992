"""A company's reply letters: the secretariat issues them (each issue archived with its date);
the government side reads them; the company's liaisons download those issued once every answer
to the paper was published, and never another company's (404)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import roles
from accounts.once import submitted_once
from companies.models import Company
from letters import content, issue
from letters.forms import IssueForm
from letters.models import ReplyLetter
from recommendations.choices import ResponseState
from recommendations.models import Recommendation


def letters_visible_to(user):
    """The letters `user` may read: a liaison, their company's issued with every answer
    published; the government side, all."""
    letters = ReplyLetter.objects.filter(company__in=Company.objects.visible_to(user))
    if roles.role_of(user) == roles.LIAISON:
        letters = letters.filter(complete=True)
    return letters


def company_letters(request, slug, form=None):
    company = get_object_or_404(Company.objects.visible_to(request.user), slug=slug)
    is_secretariat = roles.role_of(request.user) == roles.SECRETARIAT
    # Each meeting with a paper of the company: how many of its answers are published (on the
    # company's track, which is what a letter holds).
    meetings = (
        Recommendation.objects.visible_to(request.user)
        .filter(paper__company=company)
        .values("paper__meeting__number", "paper__meeting__year")
        .annotate(total=Count("pk"), published=Count("pk", filter=Q(response__state=ResponseState.PUBLISHED)))
        .order_by("-paper__meeting__number")
    )
    return render(
        request,
        "letters/company_letters.html",
        {
            "company": company,
            "meetings": meetings,
            "letters": letters_visible_to(request.user).filter(company=company).select_related("meeting"),
            "form": form or (IssueForm(company=company) if is_secretariat else None),
        },
    )


@require_POST
@submitted_once(back=lambda request, slug: reverse("letters:company", args=[slug]))
def issue_letter(request, slug):
    if roles.role_of(request.user) != roles.SECRETARIAT:
        raise PermissionDenied
    company = get_object_or_404(Company, slug=slug)
    form = IssueForm(request.POST, company=company)
    if not form.is_valid():
        return company_letters(request, slug, form=form)
    try:
        letter = issue.issue(
            company,
            form.cleaned_data["meeting"],
            form.cleaned_data["language"],
            form.cleaned_data["file_format"],
            request.user,
        )
    except content.NoPaper as exc:
        form.add_error("meeting", str(exc))
        return company_letters(request, slug, form=form)
    if letter.complete:
        messages.success(request, _("The letter was issued. The company's liaisons can download it."))
    else:
        messages.warning(
            request,
            _(
                "The letter was issued, but not every answer is published yet: it says so, and the "
                "company's liaisons do not see it. Issue it again once every answer is published."
            ),
        )
    return redirect("letters:company", slug=slug)


def download(request, pk):
    letter = get_object_or_404(letters_visible_to(request.user), pk=pk)
    return FileResponse(letter.file.open("rb"), as_attachment=True, filename=letter.file.name.rsplit("/", 1)[-1])
