"""Who may do what with tables and meetings. ``Table.objects.for_user`` decides who sees a table."""

import rules

from members.access import scope_for
from members.rules import reads_whole_region


def _council(obj):
    if obj is None:
        return None
    if obj.__class__.__name__ == "Council":
        return obj
    if obj.__class__.__name__ in ("Seat", "JoinRequest"):
        return obj.table.council
    if obj.__class__.__name__ == "Invitation":
        return obj.meeting.council
    return obj.council


@rules.predicate
def organises_for(user, obj) -> bool:
    """Council members run the council's tables and meetings; the policy advisors of its municipality
    co-organise them (the source document: "participatieraad" may be read as "gemeente"). The regional
    council's tables are its members'."""
    council = _council(obj)
    if council is None:
        return False
    scope = scope_for(user)
    if scope.sits_on(council.pk):
        return True
    return not council.is_regional and scope.advises_for(council.municipality_id)


@rules.predicate
def organises_any(user) -> bool:
    scope = scope_for(user)
    return bool(scope.council_ids or scope.advisor_municipality_ids)


@rules.predicate
def sits_on_any_council(user) -> bool:
    return bool(scope_for(user).council_ids)


@rules.predicate
def sits_on_council_of(user, obj) -> bool:
    council = _council(obj)
    return council is not None and scope_for(user).sits_on(council.pk)


# The work side of tables and meetings: organisers read and act; the regional roles read.
rules.add_perm("tables.view_tables_work", organises_any | reads_whole_region)
rules.add_perm("tables.add_table", organises_for)
rules.add_perm("tables.change_table", organises_for)
rules.add_perm("tables.manage_seats", organises_for)
rules.add_perm("tables.add_meeting", organises_for)
rules.add_perm("tables.change_meeting", organises_for)
# Council members subscribe to a personal calendar feed of their meetings.
rules.add_perm("tables.subscribe_calendar", sits_on_any_council)
