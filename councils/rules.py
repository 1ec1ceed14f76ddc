import rules

from members.access import scope_for
from members.rules import (
    advises_for_municipality,
    chairs_council,
    is_beheerder,
    is_ondersteuner,
    reads_whole_region,
    sits_on_any_council,
    sits_on_council,
)


@rules.predicate
def sits_on_regional_council(user) -> bool:
    return scope_for(user).sits_on_regional_council


# The non-public side of a council (members' contact details, terms): its members, the municipality's
# policy advisors, and the regional roles.
rules.add_perm("councils.view_council_work", sits_on_council | advises_for_municipality | reads_whole_region)
# Managing the council's members: its chair or secretary, and the functional administrator.
rules.add_perm("councils.manage_council_members", chairs_council | is_beheerder)

# --- Support requests ------------------------------------------------------------------------------
# Names unlike Django's model permissions ("view_supportrequest" …): the beheerder holds every model
# permission, which must not let them act here. The list itself is scoped by SupportRequest.objects.for_user.
# The list: members of any council (their councils' requests) and the regional readers (every council's).
rules.add_perm("councils.view_support_requests", sits_on_any_council | reads_whole_region)
# Asking for help: a member, for a council they sit on.
rules.add_perm("councils.ask_support", sits_on_any_council)
rules.add_perm("councils.ask_support_for", sits_on_council)
# Taking and answering: the support team. The aanjager and beheerder read along, they do not act.
rules.add_perm("councils.handle_support_request", is_ondersteuner)

# --- Self-evaluation -------------------------------------------------------------------------------
# The page of one's evaluations: members of a council, and the regional readers (every council's).
rules.add_perm("councils.view_self_evaluations", sits_on_any_council | reads_whole_region)
# One council's evaluation (obj: the council or the evaluation): read by its members and the regional
# readers; filled in by any member while it is a concept; submitted by the chair or secretary.
rules.add_perm("councils.read_self_evaluation", sits_on_council | reads_whole_region)
rules.add_perm("councils.fill_in_self_evaluation", sits_on_council)
rules.add_perm("councils.submit_self_evaluation", chairs_council)
# The councils side by side: the regional readers and the members of the regional council.
rules.add_perm("councils.compare_self_evaluations", reads_whole_region | sits_on_regional_council)
