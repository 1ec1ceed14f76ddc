"""Who may do what with advice. ``Advice.objects.for_user`` decides who reads which advice's work side;
these predicates decide who may act on it."""

import rules

from members.access import scope_for
from members.rules import reads_whole_region


def _council(obj):
    if obj is None:
        return None
    if obj.__class__.__name__ == "Council":
        return obj
    return obj.council


@rules.predicate
def sits_on_council_of(user, obj) -> bool:
    council = _council(obj)
    return council is not None and scope_for(user).sits_on(council.pk)


@rules.predicate
def chairs_council_of(user, obj) -> bool:
    """The chair or the secretary of the advice's council: they adopt and send (rule 2)."""
    council = _council(obj)
    return council is not None and scope_for(user).chairs(council.pk)


@rules.predicate
def sits_on_any_council(user) -> bool:
    return bool(scope_for(user).council_ids)


@rules.predicate
def is_policy_advisor(user) -> bool:
    return bool(scope_for(user).advisor_municipality_ids)


@rules.predicate
def advises_addressed_municipality(user, advice) -> bool:
    """A policy advisor of the municipality the advice is addressed to; for regional advice (to the three
    colleges), of any municipality of the region."""
    if advice is None:
        return False
    scope = scope_for(user)
    if advice.addressed_municipality_id is None:
        return bool(scope.advisor_municipality_ids)
    return scope.advises_for(advice.addressed_municipality_id)


# The work side: council members draft, policy advisors read advice to their municipality and record the
# college's response, the regional roles read; each list is scoped by Advice.objects.for_user.
rules.add_perm("advice.view_advice_work", sits_on_any_council | is_policy_advisor | reads_whole_region)
rules.add_perm("advice.add_advice_for", sits_on_council_of)
rules.add_perm("advice.change_advice", sits_on_council_of)
rules.add_perm("advice.adopt_advice", chairs_council_of)
rules.add_perm("advice.send_advice", chairs_council_of)
rules.add_perm("advice.close_advice", sits_on_council_of)
rules.add_perm("advice.record_response", advises_addressed_municipality)
