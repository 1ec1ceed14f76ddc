"""Who may do what with signals. The queryset ``Signal.objects.for_user`` decides who sees a signal."""

import rules

from members.access import scope_for
from members.rules import is_aanjager, is_beheerder


@rules.predicate
def sits_on_any_council(user) -> bool:
    return bool(scope_for(user).council_ids)


@rules.predicate
def sits_on_handling_council(user, signal) -> bool:
    """The council that handles the signal now: the regional one for regional or referred signals,
    otherwise the local council of the signal's municipality."""
    if signal is None:
        return False
    scope = scope_for(user)
    if signal.handled_regionally:
        return scope.sits_on_regional_council
    return signal.municipality_id in scope.seated_municipality_ids


@rules.predicate
def sits_on_local_council_of(user, signal) -> bool:
    return signal is not None and signal.municipality_id in scope_for(user).seated_municipality_ids


rules.add_perm("signals.triage_signals", sits_on_any_council | is_aanjager | is_beheerder)
rules.add_perm("signals.record_signal", sits_on_any_council)
# Bulk status and referral on the triage list: council members only (the aanjager and beheerder read).
# Each chosen signal is still checked with signals.change_signal.
rules.add_perm("signals.bulk_change_signals", sits_on_any_council)
rules.add_perm("signals.change_signal", sits_on_handling_council)
# Contact details are for the council that handles the signal, not for readers such as the aanjager.
rules.add_perm("signals.view_contact_details", sits_on_handling_council)
rules.add_perm("signals.refer_signal", sits_on_local_council_of)
# The daily digest of new and reopened signals (DESIGN.md rule 9) is for council members.
rules.add_perm("signals.receive_digest", sits_on_any_council)
