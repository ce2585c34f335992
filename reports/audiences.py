"""Whose eyes a report reads with, by name (a ReportJob stores the name; accounts.roles.Viewer)."""

from accounts.roles import GOVERNMENT_VIEW, PUBLIC_VIEW, company_view

GOVERNMENT, PUBLIC, COMPANY = "government", "public", "company"


def viewer_for(audience, company_id=None):
    if audience == COMPANY:
        return company_view(company_id)
    return PUBLIC_VIEW if audience == PUBLIC else GOVERNMENT_VIEW


def audience_of(viewer):
    if viewer.company_id is not None:
        return COMPANY
    return GOVERNMENT if viewer.is_government else PUBLIC
