"""Recount the running counts behind the figures (evaluation.services.counts) from the rows, or only check them.

    manage.py recount_figures                 # every campaign
    manage.py recount_figures --campaign 3    # one campaign
    manage.py recount_figures --check         # compare, change nothing; exit 1 when they disagree

For rows written without Django's signals (``QuerySet.update``, ``bulk_create``, SQL, a restored dump): the counts
of the campaigns touched are behind until recounted. A recount only adds differences, so it is safe to run at any
time, also while the portal is in use.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from campaign.models import Campaign
from campaign.selectors import today_local
from evaluation.selectors.figures import figures_check
from evaluation.services.counts import counts_recount


class Command(BaseCommand):
    help = "Recount (or with --check only compare) the figures' running counts from the rows."

    def add_arguments(self, parser):
        parser.add_argument("--campaign", type=int, help="only this campaign (id)")
        parser.add_argument("--check", action="store_true", help="compare with the rows; change nothing")

    def handle(self, *args, campaign=None, check=False, **options):
        campaigns = Campaign.objects.order_by("pk")
        if campaign is not None:
            campaigns = campaigns.filter(pk=campaign)
            if not campaigns.exists():
                raise CommandError(f"no campaign {campaign}")
        today = today_local()
        disagreeing = 0
        for row in campaigns:
            if check:
                differences = figures_check(row, today)
                if differences:
                    disagreeing += 1
                    self.stdout.write(f"{row.pk} {row}: {len(differences)} figures differ")
                    for line in differences[:20]:
                        self.stdout.write(f"    {line}")
                else:
                    self.stdout.write(f"{row.pk} {row}: the counts agree with the rows")
            else:
                counts_recount(row)
                self.stdout.write(f"{row.pk} {row}: recounted")
        if disagreeing:
            raise CommandError(f"{disagreeing} campaign(s) disagree: run manage.py recount_figures")
