"""The agenda's actions on a signal's triage page (registered in ``AgendaConfig.ready``)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from members.models import User
from signals.extensions import TriageAction
from signals.models import Signal


def triage_actions(user: User, signal: Signal) -> list[TriageAction]:
    """For the council that handles an open signal: put it on the agenda, or (a proposal) decline it with
    reasons. The scope is cached on the user: no queries."""
    if not signal.is_open or not user.has_perm("signals.change_signal", signal):
        return []
    actions = [
        TriageAction(
            label=_("Op de agenda zetten"),
            url=reverse("agenda:proposal_to_agenda", kwargs={"pk": signal.pk}),
            description=_("Maakt een agendapunt dat naar dit signaal verwijst; de inzender hoort het."),
        )
    ]
    if signal.is_proposal:
        actions.append(
            TriageAction(
                label=_("Voorstel afwijzen"),
                url=reverse("agenda:proposal_decline", kwargs={"pk": signal.pk}),
                description=_("Rondt het voorstel af met uw redenen; de inzender krijgt ze te lezen."),
            )
        )
    return actions
