"""Who may use the pages that span the apps: the regional dashboard, the evaluation criteria, good practice
and the annual reports."""

import rules

from members.access import scope_for
from members.rules import chairs_council, is_aanjager, reads_whole_region, sits_on_council


@rules.predicate
def sits_on_regional_council(user) -> bool:
    return scope_for(user).sits_on_regional_council


# The dashboard: the aanjager; read-only for the regional council's members and the other regional roles
# (support team, functional administrator). Local members and policy advisors see their own council's
# figures in its annual report instead.
rules.add_perm("regional.view_dashboard", reads_whole_region | sits_on_regional_council)
# Setting the yardsticks and refreshing the figures on demand: the aanjager alone.
rules.add_perm("regional.manage_criteria", is_aanjager)
rules.add_perm("regional.refresh_figures", is_aanjager)
# Good practice: a member of the council whose table or advice it is marks it (the object is the council).
rules.add_perm("regional.mark_good_practice", sits_on_council)
# A council's annual report: its members and the regional roles read the draft; the members write the
# foreword; the chair or secretary adopts it.
rules.add_perm("regional.view_annual_report", sits_on_council | reads_whole_region)
rules.add_perm("regional.change_annual_report", sits_on_council)
rules.add_perm("regional.adopt_annual_report", chairs_council)
