import rules

from members.rules import advises_for_municipality, chairs_council, is_beheerder, reads_whole_region, sits_on_council

# The non-public side of a council (members' contact details, terms): its members, the municipality's
# policy advisors, and the regional roles.
rules.add_perm("councils.view_council_work", sits_on_council | advises_for_municipality | reads_whole_region)
# Managing the council's members: its chair or secretary, and the functional administrator.
rules.add_perm("councils.manage_council_members", chairs_council | is_beheerder)
