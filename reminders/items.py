"""What one e-mail says: a Digest of items by group, bounded to fit on a screen, and one item
(a recommendation as the reader sees it, in their language, with its link)."""

from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils import translation


@dataclass
class Digest:
    """One e-mail to plan: who, in which language, and the items by group.

    `groups` holds the items the e-mail may show; `counts` how many the group has in all
    (more than it shows when the rule found more) and `links` the list of all of them."""

    user: object
    language: str
    kind: str
    key: str = ""
    groups: dict = field(default_factory=lambda: defaultdict(dict))
    counts: dict = field(default_factory=lambda: defaultdict(int))
    links: dict = field(default_factory=dict)
    # Reminders show the earliest deadline first; a company's news the latest event first.
    newest_first: bool = False

    def add(self, group, reference, item):
        # A recommendation appears once per group even when two rules put it there.
        self.groups[group].setdefault(reference, item)

    @property
    def references(self):
        return sorted({reference for items in self.groups.values() for reference in items})

    def count_of(self, group):
        return max(self.counts.get(group, 0), len(self.groups.get(group) or ()))

    def payload(self, order, per_group=None, limit=None):
        """What the e-mail says: per group its count, link and most urgent items, at most
        `limit` items in all, the most urgent (earliest deadline) first."""
        per_group = per_group or settings.DIGEST_GROUP_ITEMS
        limit = limit or settings.DIGEST_MAX_ITEMS

        def ordered(items):
            return sorted(items, key=urgency, reverse=self.newest_first)

        candidates = [
            (urgency(item), position, group, item)
            for group in order
            for position, item in enumerate(ordered(self.groups.get(group, {}).values())[:per_group])
        ]
        candidates.sort(key=lambda row: row[0], reverse=self.newest_first)
        shown = defaultdict(list)
        for _key, _position, group, item in candidates[:limit]:
            shown[group].append(item)
        groups = [
            {
                "kind": group,
                "count": self.count_of(group),
                "url": self.links.get(group, ""),
                "items": ordered(shown[group]),
            }
            for group in order
            if self.count_of(group)
        ]
        return {"groups": groups, "count": sum(group["count"] for group in groups)}


def urgency(item):
    """An item's sort key: the earliest deadline (or the longest wait for sign-off) first."""
    return item.get("deadline") or item.get("submitted") or "9999-12-31"


def item_for(recommendation, language, deadline, today):
    """What the e-mail says about one recommendation, in the recipient's language."""
    with translation.override(language):
        company = recommendation.paper.company
        return {
            "reference": recommendation.reference,
            "title": recommendation.title,
            # Shown in the other language when it lacks the recipient's, and marked so.
            "title_note": str(recommendation.only_in_other_language(language)),
            "company": company.name if company else "",
            "deadline": deadline.isoformat() if deadline else None,
            "days_overdue": max((today - deadline).days, 0) if deadline else 0,
            "url": f"{settings.SITE_URL}{recommendation.get_absolute_url()}",
        }


def list_url(**params):
    """The recommendation list filtered as `params` say, as a full address for an e-mail."""
    return f"{settings.SITE_URL}{reverse('recommendations:list')}?{urlencode(params)}"
