"""Who may do what with the agenda and early-involvement requests. The querysets ``for_user`` decide who
sees which item or request; these predicates decide who may change them."""

import rules

from members.access import scope_for
from members.rules import reads_whole_region


def _council(obj):
    """The council an item or request belongs to, or the council itself."""
    if obj is None:
        return None
    if obj.__class__.__name__ == "Council":
        return obj
    return obj.council


@rules.predicate
def edits_agenda_of(user, obj) -> bool:
    """The council's members, and the policy advisors of its municipality: a local council keeps its
    agenda together with the municipality. The regional agenda is edited by the regional council's
    members; a local item referred to it stays the local council's to edit."""
    council = _council(obj)
    if council is None:
        return False
    scope = scope_for(user)
    if scope.sits_on(council.pk):
        return True
    return not council.is_regional and scope.advises_for(council.municipality_id)


@rules.predicate
def sits_on_council_of(user, obj) -> bool:
    council = _council(obj)
    return council is not None and scope_for(user).sits_on(council.pk)


@rules.predicate
def sits_on_any_council(user) -> bool:
    return bool(scope_for(user).council_ids)


@rules.predicate
def is_policy_advisor(user) -> bool:
    return bool(scope_for(user).advisor_municipality_ids)


@rules.predicate
def may_file_request_to(user, council) -> bool:
    """A policy advisor files for the council of their own municipality, or a regional request for the
    regional council (any of the region's advisors may)."""
    if council is None:
        return False
    scope = scope_for(user)
    if council.is_regional:
        return bool(scope.advisor_municipality_ids)
    return scope.advises_for(council.municipality_id)


@rules.predicate
def filed_for_own_municipality(user, request) -> bool:
    return request is not None and scope_for(user).advises_for(request.municipality_id)


@rules.predicate
def is_local_item_or_request(user, obj) -> bool:
    council = _council(obj)
    return council is not None and not council.is_regional


# Reading the non-public side of the agenda (the work pages): members of any council, policy advisors and
# the regional roles; each list is scoped by the querysets.
rules.add_perm(
    "agenda.view_agenda_work",
    sits_on_any_council | is_policy_advisor | reads_whole_region,
)
rules.add_perm("agenda.add_agenda_item", edits_agenda_of)
rules.add_perm("agenda.change_agenda_item", edits_agenda_of)
# Referral to the regional agenda: members of the local council that owns the item.
rules.add_perm("agenda.refer_agenda_item", sits_on_council_of & is_local_item_or_request)

rules.add_perm("agenda.file_request", is_policy_advisor)
rules.add_perm("agenda.file_request_to", may_file_request_to)
# The council answers: its members acknowledge, give the participation advice, put it on the agenda,
# refer it to the region and close it. The advisor who filed it reads along.
rules.add_perm("agenda.answer_request", sits_on_council_of)
rules.add_perm("agenda.refer_request", sits_on_council_of & is_local_item_or_request)
# Proposals: putting a signal on the agenda or declining it is for the council that handles the signal
# (the signals app's "signals.change_signal"), onto that council's agenda.
rules.add_perm("agenda.view_requests", sits_on_any_council | is_policy_advisor | reads_whole_region)
