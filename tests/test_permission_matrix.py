"""The permission matrix: every URL of the project × every demo role (and anonymous) → status.

This is the access contract. ``test_every_url_pattern_has_a_row`` fails when a URL pattern has no
row, so every new view must add its row here (or, for admin model pages, register the model).

A redirect is not a success: for every REDIRECT the test also checks where it goes. The visitor is sent
to the login page with ``next`` (the admin's own login for /beheer/) unless the row's ``goes_to`` says
otherwise; a redirect of a signed-in role must be named in ``goes_to``. With MFA required, every staff
role is sent to set up TOTP on the work and admin pages first. One test per row, so pytest-xdist spreads
the rows over its workers.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from urllib.parse import parse_qsl, urlsplit

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLResolver, get_resolver, resolve, reverse
from django.utils import timezone

from advice.models import AdviceNumberCounter, CollegeResponse
from agenda.models import ParticipationAdvice
from ijmond_participatie.models import CoordinatorTerm, EvaluationCriterion, RollupRefresh
from infrastructure.models import OutboxMessage
from members.access import scope_for
from members.middleware import MFA_ENFORCED_PREFIXES
from members.models import ExpertInvitation
from signals.models import PendingYouthContact, SignalNote, SignalStatusChange
from tables.models import Meeting, Table

from . import factories as f
from . import matrix_rows_regional, matrix_rows_support
from .conftest import PERSONAS, World
from .matrix_base import (  # noqa: F401 - re-exported for the row files
    ADMIN_ONLY,
    ANONYMOUS_ONLY,
    FORBIDDEN,
    LOGGED_IN_NOT_FOUND,
    LOGGED_IN_ONLY,
    LOGGED_IN_REDIRECT,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    PUBLIC,
    REDIRECT,
    REGIONAL_COUNCIL_WORK,
    ROLES,
    VELSEN_COUNCIL_WORK,
    Row,
    _cached,
    expect,
    url,
    with_next,
)

# Who works on a local Velsen signal: its council. The aanjager and beheerder may read it, not change it.
VELSEN_SIGNAL_READ = expect(
    anonymous=REDIRECT, default=NOT_FOUND, lid_velsen=OK, voorzitter_velsen=OK, aanjager=OK, beheer=OK
)
VELSEN_SIGNAL_CHANGE = expect(
    anonymous=REDIRECT,
    default=NOT_FOUND,
    lid_velsen=REDIRECT,
    voorzitter_velsen=REDIRECT,
    aanjager=FORBIDDEN,
    beheer=FORBIDDEN,
)
COUNCIL_MEMBERS_ONLY = expect(
    anonymous=REDIRECT,
    default=FORBIDDEN,
    lid_velsen=OK,
    lid_beverwijk=OK,
    lid_heemskerk=OK,
    voorzitter_velsen=OK,
    lid_regio=OK,
)
SIGNAL_TRIAGE = {**COUNCIL_MEMBERS_ONLY, "aanjager": OK, "beheer": OK}


def velsen_signal(world: World, key: str):
    """A local Velsen signal per matrix row, so that one row's change does not affect another."""
    cache = world.__dict__.setdefault("_signals", {})
    if key not in cache:
        cache[key] = f.SignalFactory(municipality=world.velsen)
    return cache[key]


def signal_url(name: str, key: str) -> Callable[[World], str]:
    return lambda w: reverse(name, kwargs={"pk": velsen_signal(w, key).pk})


def public_signal_url(name: str) -> Callable[[World], str]:
    return lambda w: reverse(name, kwargs={"code": velsen_signal(w, "public").tracking_code})


# After a change the member is back on the signal's page; the follow forms lead back to the status page.
def back_to_signal(key: str) -> dict[str, Callable[[World], str]]:
    return {"signed_in": signal_url("signals:triage_detail", key)}


BACK_TO_FOLLOW = {role: public_signal_url("signals:follow_detail") for role in ("signed_in", "anonymous")}


# --- The agenda and early involvement (issue 9) ----------------------------------------------------
# The agenda's work side: members of any council, policy advisors and the regional roles read it.
AGENDA_WORK = expect(
    anonymous=REDIRECT,
    default=FORBIDDEN,
    lid_beverwijk=OK,
    lid_heemskerk=OK,
    lid_velsen=OK,
    voorzitter_velsen=OK,
    lid_regio=OK,
    beleid_velsen=OK,
    beleid_beverwijk=OK,
    aanjager=OK,
    ondersteuning=OK,
    beheer=OK,
)
# Adding an item: whoever edits some council's agenda (members, advisors); the regional roles only read.
AGENDA_ADD = {**AGENDA_WORK, "aanjager": FORBIDDEN, "ondersteuning": FORBIDDEN, "beheer": FORBIDDEN}
# A Velsen item or request: read by its council, Velsen's advisor and the regional roles; not by others.
VELSEN_AGENDA_READ = VELSEN_COUNCIL_WORK
# Changing a Velsen item: its council and Velsen's advisor; the regional roles read only (403).
VELSEN_AGENDA_EDIT = {**VELSEN_COUNCIL_WORK, "aanjager": FORBIDDEN, "ondersteuning": FORBIDDEN, "beheer": FORBIDDEN}


def _only_members(statuses: dict[str, int], status: int) -> dict[str, int]:
    """A council's own act: its members get ``status``; who may read but is not a member gets 403."""
    return {
        role: (
            status if code == OK and role in ("lid_velsen", "voorzitter_velsen") else FORBIDDEN if code == OK else code
        )
        for role, code in statuses.items()
    }


# Acting on a Velsen item or request as its council (refer, acknowledge, advise): its members only.
VELSEN_COUNCIL_ACT_GET = _only_members(VELSEN_COUNCIL_WORK, OK)
VELSEN_COUNCIL_ACT_POST = _only_members(VELSEN_COUNCIL_WORK, REDIRECT)
# Filing a request: policy advisors only.
ADVISORS_ONLY = expect(anonymous=REDIRECT, default=FORBIDDEN, beleid_velsen=OK, beleid_beverwijk=OK)
# A regional request filed by Beverwijk's advisor: the regional council, Beverwijk's advisor and the
# regional roles read it; Velsen's advisor does not.
BEVERWIJK_REGIONAL_REQUEST_READ = {**REGIONAL_COUNCIL_WORK, "beleid_beverwijk": OK}
# Proposal actions on a Velsen signal: the council that handles it; readers of the signal get 403.
VELSEN_SIGNAL_ACT_GET = {**VELSEN_SIGNAL_CHANGE, "lid_velsen": OK, "voorzitter_velsen": OK}


def velsen_item(world: World, key: str, **kwargs):
    return _cached(world, f"item-{key}", lambda: f.AgendaItemFactory(council=world.velsen_council, **kwargs))


def velsen_request(world: World, key: str, **kwargs):
    return _cached(
        world,
        f"request-{key}",
        lambda: f.EarlyInvolvementRequestFactory(
            council=world.velsen_council, municipality=world.velsen, filed_by=world.people["beleid_velsen"], **kwargs
        ),
    )


def item_url(name: str, key: str, **kwargs) -> Callable[[World], str]:
    return lambda w: reverse(name, kwargs={"pk": velsen_item(w, key, **kwargs).pk})


def request_url(name: str, key: str, **kwargs) -> Callable[[World], str]:
    return lambda w: reverse(name, kwargs={"pk": velsen_request(w, key, **kwargs).pk})


def proposal_url(name: str, key: str) -> Callable[[World], str]:
    return lambda w: reverse(
        name,
        kwargs={
            "pk": _cached(w, f"proposal-{key}", lambda: f.SignalFactory(municipality=w.velsen, kind="onderwerp")).pk
        },
    )


def regional_request_url(name: str) -> Callable[[World], str]:
    return lambda w: reverse(
        name,
        kwargs={
            "pk": _cached(
                w,
                "regional-request",
                lambda: f.EarlyInvolvementRequestFactory(
                    council=w.regional_council, municipality=w.beverwijk, filed_by=w.people["beleid_beverwijk"]
                ),
            ).pk
        },
    )


# --- Tables, meetings and the registries (issue 10) -------------------------------------------------
# The work side of tables and meetings: members of any council and policy advisors (they co-organise), and
# the regional roles who read.
TABLES_WORK = AGENDA_WORK
# Starting a table or a meeting: whoever organises for some council; the regional roles only read.
TABLES_ADD = AGENDA_ADD
# A Velsen table or meeting: read by its council, Velsen's advisor and the regional roles; changed by the
# council and Velsen's advisor (they co-organise), 403 for the regional readers, 404 for everyone else.
VELSEN_TABLE_READ = VELSEN_COUNCIL_WORK
VELSEN_TABLE_EDIT = VELSEN_AGENDA_EDIT
VELSEN_TABLE_POST = {role: (REDIRECT if code == OK else code) for role, code in VELSEN_AGENDA_EDIT.items()}
# The personal calendar feed: council members.
COUNCIL_MEMBERS_OK = expect(
    anonymous=REDIRECT,
    default=FORBIDDEN,
    lid_velsen=OK,
    lid_beverwijk=OK,
    lid_heemskerk=OK,
    voorzitter_velsen=OK,
    lid_regio=OK,
)
# The network organisations and the expert network: council members and the support team read; the aanjager
# and beheerder read too; policy advisors do not (residents' details).
REGISTRY_READ = {**COUNCIL_MEMBERS_OK, "aanjager": OK, "ondersteuning": OK, "beheer": OK}
REGISTRY_ADD = {**COUNCIL_MEMBERS_OK, "ondersteuning": OK}
VELSEN_ORGANISATION_READ = {
    **{role: (NOT_FOUND if code == FORBIDDEN else code) for role, code in REGISTRY_READ.items()},
}
VELSEN_ORGANISATION_EDIT = {
    **VELSEN_ORGANISATION_READ,
    "lid_beverwijk": FORBIDDEN,
    "lid_heemskerk": FORBIDDEN,
    "aanjager": FORBIDDEN,
    "beheer": FORBIDDEN,
}
EXPERT_INVITE = COUNCIL_MEMBERS_OK
# A Velsen expert: Velsen's council and the regional roles; nobody else (not even Velsen's advisor).
VELSEN_EXPERT_READ = expect(
    anonymous=REDIRECT,
    default=NOT_FOUND,
    lid_velsen=OK,
    voorzitter_velsen=OK,
    aanjager=OK,
    ondersteuning=OK,
    beheer=OK,
)
VELSEN_EXPERT_CONFIRM = {
    **VELSEN_EXPERT_READ,
    "lid_velsen": REDIRECT,
    "voorzitter_velsen": REDIRECT,
    "aanjager": FORBIDDEN,
    "ondersteuning": FORBIDDEN,
    "beheer": FORBIDDEN,
}
TOKEN_NOT_FOUND = expect(anonymous=NOT_FOUND, default=NOT_FOUND)


def velsen_table(world: World, key: str, **kwargs):
    from tables.models import Table

    def build():
        kwargs.setdefault("origin", "eigen_initiatief")
        return Table.objects.create(
            council=world.velsen_council, title=f"Tafel {key}", question="Wat is nodig?", **kwargs
        )

    return _cached(world, f"table-{key}", build)


def velsen_meeting(world: World, key: str, **kwargs):
    return _cached(
        world,
        f"meeting-{key}",
        lambda: f.MeetingFactory(
            council=world.velsen_council, table=velsen_table(world, f"m-{key}"), kind="tafel", **kwargs
        ),
    )


def table_url(name: str, key: str, **kwargs) -> Callable[[World], str]:
    return lambda w: reverse(name, kwargs={"pk": velsen_table(w, key, **kwargs).pk})


def meeting_url(name: str, key: str, **kwargs) -> Callable[[World], str]:
    return lambda w: reverse(name, kwargs={"pk": velsen_meeting(w, key, **kwargs).pk})


def seat_url(name: str, key: str) -> Callable[[World], str]:
    def build(w: World):
        from tables.services import seat_add

        return seat_add(
            table=velsen_table(w, f"s-{key}"),
            stakeholder_type="inwoner",
            by=None,
            guest_name="Gast",
            guest_email="gast@example.org",
        )

    return lambda w: reverse(name, kwargs={"pk": _cached(w, f"seat-{key}", lambda: build(w)).pk})


def join_request_url(name: str, key: str) -> Callable[[World], str]:
    def build(w: World):
        from tables.services import join_request_submit

        return join_request_submit(
            table=velsen_table(w, f"j-{key}"),
            name="Inwoner",
            email="inwoner.tafel@example.org",
            stakeholder_type="inwoner",
            message="Ik wil meedoen.",
        )

    return lambda w: reverse(name, kwargs={"pk": _cached(w, f"join-{key}", lambda: build(w)).pk})


def organisation_url(name: str, key: str) -> Callable[[World], str]:
    return lambda w: reverse(
        name,
        kwargs={"pk": _cached(w, f"org-{key}", lambda: f.NetworkOrganisationFactory(municipality=w.velsen)).pk},
    )


def expert_url(name: str, key: str, **kwargs) -> Callable[[World], str]:
    return lambda w: reverse(
        name,
        kwargs={
            "pk": _cached(w, f"expert-{key}", lambda: f.ExpertProfileFactory(council=w.velsen_council, **kwargs)).pk
        },
    )


# --- Advice (issue 11) ----------------------------------------------------------------------------------
# The work side: members of any council draft, policy advisors read advice to their municipality and record
# the response, the regional roles read.
ADVICE_WORK = AGENDA_WORK
# A Velsen draft: its council's alone (404 for everyone else, the regional readers included).
VELSEN_DRAFT_READ = expect(anonymous=REDIRECT, default=NOT_FOUND, lid_velsen=OK, voorzitter_velsen=OK)
VELSEN_DRAFT_POST = expect(anonymous=REDIRECT, default=NOT_FOUND, lid_velsen=REDIRECT, voorzitter_velsen=REDIRECT)
# Adoption: the chair or secretary; another member of the council may look but not act.
VELSEN_DRAFT_ADOPT = {**VELSEN_DRAFT_READ, "lid_velsen": FORBIDDEN}
# An adopted Velsen advice: its council, Velsen's advisors and the regional roles read it.
VELSEN_ADVICE_READ = VELSEN_COUNCIL_WORK
# Sending: the chair or secretary; other readers 403.
VELSEN_ADVICE_SEND = {
    role: (FORBIDDEN if code == OK and role != "voorzitter_velsen" else code)
    for role, code in VELSEN_ADVICE_READ.items()
}
# Recording the college's response: the addressed municipality's advisor; other readers 403.
VELSEN_ADVICE_RESPOND = {
    role: (FORBIDDEN if code == OK and role != "beleid_velsen" else code) for role, code in VELSEN_ADVICE_READ.items()
}
# The council's own acts on an adopted advice (close, correct): its members; other readers 403.
VELSEN_ADVICE_ACT_GET = _only_members(VELSEN_ADVICE_READ, OK)
VELSEN_ADVICE_ACT_POST = _only_members(VELSEN_ADVICE_READ, REDIRECT)

_ADVICE_STATES = ("concept", "ter_vaststelling", "vastgesteld", "verzonden", "beantwoord")


def velsen_advice(world: World, state: str):
    """A Velsen advice in ``state``, with two recommendations; from "verzonden" on it is public, and a
    "beantwoord" one has the college's letter as PDF."""
    from advice.models import Advice, CollegeResponse

    def build():
        advice = f.AdviceFactory(council=world.velsen_council, with_recommendations=2)
        index = _ADVICE_STATES.index(state)
        today = timezone.localdate()
        if index >= 1:
            Advice.objects.filter(pk=advice.pk).update(status="ter_vaststelling")
        if index >= 2:
            sequence = 100 + advice.pk
            Advice.objects.filter(pk=advice.pk).update(
                status="vastgesteld",
                number=f"VEL-{today.year}-{sequence}",
                number_year=today.year,
                number_sequence=sequence,
                adopted_on=today,
            )
            from advice.services import advice_store_pdf

            # Rendered once here, not per role (each role's request is rolled back).
            advice_store_pdf(advice.pk)
        if index >= 3:
            Advice.objects.filter(pk=advice.pk).update(
                status="verzonden",
                sent_at=timezone.now(),
                response_due_on=today + timedelta(weeks=6),
                published_on=today,
            )
        if index >= 4:
            from django.core.files.base import ContentFile

            from tests.advice.test_services import small_pdf

            response = CollegeResponse(
                advice_id=advice.pk, received_on=today, letter_text="Het college neemt het advies over."
            )
            response.letter_pdf.save("reactie.pdf", ContentFile(small_pdf()), save=False)
            response.save()
            Advice.objects.filter(pk=advice.pk).update(status="beantwoord")
        return Advice.objects.get(pk=advice.pk)

    return _cached(world, f"advice-{state}", build)


def advice_url(name: str, state: str) -> Callable[[World], str]:
    return lambda w: reverse(name, kwargs={"pk": velsen_advice(w, state).pk})


def public_advice_url(name: str, state: str) -> Callable[[World], str]:
    return lambda w: reverse(name, kwargs={"number": velsen_advice(w, state).number})


MATRIX: dict[str, Row] = {
    # The public shell
    "home": Row(url("home"), PUBLIC),
    "accessibility": Row(url("accessibility"), PUBLIC),
    "privacy": Row(url("privacy"), PUBLIC),
    "health": Row(url("health"), PUBLIC),
    "municipality": Row(url("councils:municipality_detail", slug="velsen"), PUBLIC),
    "municipality-unknown": Row(
        url("councils:municipality_detail", slug="amsterdam"), expect(anonymous=NOT_FOUND, default=NOT_FOUND)
    ),
    "region": Row(url("councils:region_detail"), PUBLIC),
    "set-language": Row(
        url("set_language"),
        expect(anonymous=REDIRECT, default=REDIRECT),
        method="post",
        data={"language": "en"},
        goes_to={"signed_in": url("home"), "anonymous": url("home")},
    ),
    # Signals: public
    "signal-submit": Row(url("signals:submit"), PUBLIC),
    "signal-received": Row(url("signals:received"), PUBLIC),
    "signal-follow": Row(url("signals:follow"), PUBLIC),
    "signal-follow-detail": Row(public_signal_url("signals:follow_detail"), PUBLIC),
    # Not closed, so there is nothing to answer: back to the status page with a message.
    "signal-follow-satisfaction": Row(
        public_signal_url("signals:follow_satisfaction"),
        expect(anonymous=REDIRECT, default=REDIRECT),
        method="post",
        data={"helped": "ja"},
        goes_to=BACK_TO_FOLLOW,
    ),
    "signal-follow-reopen": Row(
        public_signal_url("signals:follow_reopen"),
        expect(anonymous=REDIRECT, default=REDIRECT),
        method="post",
        data={"reason": "Het hielp niet."},
        goes_to=BACK_TO_FOLLOW,
    ),
    "signal-follow-erase": Row(
        public_signal_url("signals:follow_erase"),
        expect(anonymous=REDIRECT, default=REDIRECT),
        method="post",
        data={"email": "niet-van-mij@example.org"},
        goes_to=BACK_TO_FOLLOW,
    ),
    "signal-parent-consent": Row(
        url("signals:parent_consent", token="onbekend"), expect(anonymous=NOT_FOUND, default=NOT_FOUND)
    ),
    "what-we-hear": Row(url("signals:what_we_hear"), PUBLIC),
    # Signals: work
    "signal-triage": Row(url("signals:triage"), SIGNAL_TRIAGE),
    "signal-record": Row(url("signals:record"), COUNCIL_MEMBERS_ONLY),
    "signal-detail": Row(signal_url("signals:triage_detail", "detail"), VELSEN_SIGNAL_READ),
    "signal-set-status": Row(
        signal_url("signals:set_status", "status"),
        VELSEN_SIGNAL_CHANGE,
        method="post",
        data={"status": "in_behandeling"},
        goes_to=back_to_signal("status"),
    ),
    "signal-close": Row(
        signal_url("signals:close", "close"),
        VELSEN_SIGNAL_CHANGE,
        method="post",
        data={"feedback": "Opgepakt."},
        goes_to=back_to_signal("close"),
    ),
    "signal-mark-duplicate": Row(
        signal_url("signals:mark_duplicate", "duplicate"),
        VELSEN_SIGNAL_CHANGE,
        method="post",
        data={"original": "wordt-gezet-in-de-test"},
        goes_to=back_to_signal("duplicate"),
    ),
    "signal-add-note": Row(
        signal_url("signals:add_note", "note"),
        VELSEN_SIGNAL_CHANGE,
        method="post",
        data={"text": "Gebeld."},
        goes_to=back_to_signal("note"),
    ),
    "signal-refer": Row(
        signal_url("signals:refer", "refer"),
        VELSEN_SIGNAL_CHANGE,
        method="post",
        goes_to={"signed_in": url("signals:triage")},
    ),
    # The daily digest of new signals is for council members only.
    "signal-digest-settings": Row(url("signals:digest_settings"), COUNCIL_MEMBERS_ONLY),
    # The agenda: public
    "agenda-list": Row(url("agenda:list"), PUBLIC),
    "agenda-propose": Row(url("agenda:propose"), PUBLIC),
    "agenda-item": Row(item_url("agenda:item", "public"), PUBLIC),
    "agenda-item-not-public": Row(
        item_url("agenda:item", "hidden", is_public=False), expect(anonymous=NOT_FOUND, default=NOT_FOUND)
    ),
    "agenda-react": Row(item_url("agenda:react", "public"), PUBLIC),
    # The agenda: work
    "agenda-work-list": Row(url("agenda:work_list"), AGENDA_WORK),
    "agenda-work-create": Row(url("agenda:work_create"), AGENDA_ADD),
    "agenda-work-item": Row(item_url("agenda:work_item", "work", is_public=False), VELSEN_AGENDA_READ),
    "agenda-work-edit": Row(item_url("agenda:work_edit", "edit"), VELSEN_AGENDA_EDIT),
    "agenda-work-refer": Row(
        item_url("agenda:work_refer", "refer"),
        VELSEN_COUNCIL_ACT_POST,
        method="post",
        goes_to={"signed_in": item_url("agenda:work_item", "refer")},
    ),
    "agenda-proposal-to-agenda": Row(proposal_url("agenda:proposal_to_agenda", "to-agenda"), VELSEN_SIGNAL_ACT_GET),
    "agenda-proposal-decline": Row(proposal_url("agenda:proposal_decline", "decline"), VELSEN_SIGNAL_ACT_GET),
    # Early-involvement requests
    "request-list": Row(url("agenda:request_list"), AGENDA_WORK),
    "request-create": Row(url("agenda:request_create"), ADVISORS_ONLY),
    "request-detail": Row(request_url("agenda:request_detail", "detail"), VELSEN_AGENDA_READ),
    "request-detail-regional": Row(regional_request_url("agenda:request_detail"), BEVERWIJK_REGIONAL_REQUEST_READ),
    "request-acknowledge": Row(
        request_url("agenda:request_acknowledge", "acknowledge"),
        VELSEN_COUNCIL_ACT_POST,
        method="post",
        goes_to={"signed_in": request_url("agenda:request_detail", "acknowledge")},
    ),
    "request-advice": Row(request_url("agenda:request_advice", "advice"), VELSEN_COUNCIL_ACT_GET),
    "request-to-agenda": Row(request_url("agenda:request_to_agenda", "to-agenda"), VELSEN_COUNCIL_ACT_GET),
    "request-refer": Row(
        request_url("agenda:request_refer", "refer"),
        VELSEN_COUNCIL_ACT_POST,
        method="post",
        goes_to={"signed_in": url("agenda:request_list")},
    ),
    "request-close": Row(
        request_url("agenda:request_close", "close", status="advies_gegeven"),
        VELSEN_COUNCIL_ACT_POST,
        method="post",
        goes_to={"signed_in": request_url("agenda:request_detail", "close")},
    ),
    # Tables: public
    "table-list": Row(url("tables:list"), PUBLIC),
    "table-detail": Row(table_url("tables:detail", "public"), PUBLIC),
    "table-detail-not-public": Row(table_url("tables:detail", "hidden", is_public=False), TOKEN_NOT_FOUND),
    "table-join": Row(table_url("tables:join", "public"), PUBLIC),
    "invitation-unknown": Row(url("tables:invitation", token="onbekend-token"), TOKEN_NOT_FOUND),
    "calendar-feed-unknown": Row(url("tables:calendar_feed", token="onbekend-token"), TOKEN_NOT_FOUND),
    # Tables: work
    "table-work-list": Row(url("tables:work_list"), TABLES_WORK),
    "table-work-create": Row(url("tables:work_create"), TABLES_ADD),
    "table-work-detail": Row(table_url("tables:work_detail", "work", is_public=False), VELSEN_TABLE_READ),
    "table-work-edit": Row(table_url("tables:work_edit", "edit"), VELSEN_TABLE_EDIT),
    "table-work-status": Row(
        table_url("tables:work_status", "status"),
        VELSEN_TABLE_POST,
        method="post",
        data={"status": "actief"},
        goes_to={"signed_in": table_url("tables:work_detail", "status")},
    ),
    "table-work-conclude": Row(table_url("tables:work_conclude", "conclude", status="afronding"), VELSEN_TABLE_EDIT),
    "table-seat-add": Row(table_url("tables:seat_add", "seats"), VELSEN_TABLE_EDIT),
    "table-seat-status": Row(
        seat_url("tables:seat_status", "status"),
        VELSEN_TABLE_POST,
        method="post",
        data={"status": "doet_mee"},
        goes_to={"signed_in": table_url("tables:work_detail", "s-status")},
    ),
    "table-join-decide": Row(
        join_request_url("tables:join_decide", "decide"),
        VELSEN_TABLE_POST,
        method="post",
        data={"besluit": "accepteren"},
        goes_to={"signed_in": table_url("tables:work_detail", "j-decide")},
    ),
    # Meetings
    "meeting-list": Row(url("tables:meeting_list"), TABLES_WORK),
    "meeting-create": Row(url("tables:meeting_create"), TABLES_ADD),
    "meeting-detail": Row(meeting_url("tables:meeting_detail", "detail"), VELSEN_TABLE_READ),
    "meeting-edit": Row(meeting_url("tables:meeting_edit", "edit"), VELSEN_TABLE_EDIT),
    "meeting-cancel": Row(meeting_url("tables:meeting_cancel", "cancel"), VELSEN_TABLE_EDIT),
    "meeting-minutes": Row(
        meeting_url(
            "tables:meeting_minutes",
            "minutes",
            starts_at=timezone.now() - timedelta(days=2),
            ends_at=timezone.now() - timedelta(days=2) + timedelta(hours=2),
        ),
        VELSEN_TABLE_EDIT,
    ),
    "meeting-invite": Row(
        meeting_url("tables:meeting_invite", "invite"),
        VELSEN_TABLE_POST,
        method="post",
        goes_to={"signed_in": meeting_url("tables:meeting_detail", "invite")},
    ),
    "calendar-settings": Row(url("tables:calendar_settings"), COUNCIL_MEMBERS_OK),
    # The registries: network organisations and the expert network
    "expert-signup": Row(url("members:expert_signup"), PUBLIC),
    "expert-signup-done": Row(url("members:expert_signup_done"), PUBLIC),
    "expert-consent-unknown": Row(url("members:expert_consent", token="onbekend-token"), TOKEN_NOT_FOUND),
    "organisation-list": Row(url("members:organisation_list"), REGISTRY_READ),
    "organisation-export": Row(url("members:organisation_export"), REGISTRY_READ),
    "organisation-create": Row(url("members:organisation_create"), REGISTRY_ADD),
    "organisation-import": Row(url("members:organisation_import"), REGISTRY_ADD),
    "organisation-detail": Row(organisation_url("members:organisation_detail", "detail"), VELSEN_ORGANISATION_READ),
    "organisation-edit": Row(organisation_url("members:organisation_edit", "edit"), VELSEN_ORGANISATION_EDIT),
    "expert-list": Row(url("members:expert_list"), REGISTRY_READ),
    "expert-invite": Row(url("members:expert_invite"), EXPERT_INVITE),
    "expert-detail": Row(expert_url("members:expert_detail", "detail"), VELSEN_EXPERT_READ),
    "expert-confirm": Row(
        expert_url("members:expert_confirm", "confirm", status="aangemeld"),
        VELSEN_EXPERT_CONFIRM,
        method="post",
        goes_to={"signed_in": expert_url("members:expert_detail", "confirm")},
    ),
    # Advice: the public archive, its feed and what came of signals
    "advice-archive": Row(url("advice:archive"), PUBLIC),
    "advice-feed": Row(url("advice:feed"), PUBLIC),
    "advice-what-was-done": Row(url("advice:what_was_done"), PUBLIC),
    "advice-public-detail": Row(public_advice_url("advice:detail", "verzonden"), PUBLIC),
    "advice-public-pdf": Row(public_advice_url("advice:pdf", "verzonden"), PUBLIC),
    "advice-public-letter": Row(public_advice_url("advice:response_letter", "beantwoord"), PUBLIC),
    # An adopted advice that was not sent yet is not public: 404 for everyone.
    "advice-public-detail-unsent": Row(
        public_advice_url("advice:detail", "vastgesteld"), expect(anonymous=NOT_FOUND, default=NOT_FOUND)
    ),
    # Advice: the work side
    "advice-work-list": Row(url("advice:work_list"), ADVICE_WORK),
    "advice-work-create": Row(url("advice:work_create"), COUNCIL_MEMBERS_OK),
    "advice-work-detail-draft": Row(advice_url("advice:work_detail", "concept"), VELSEN_DRAFT_READ),
    "advice-work-detail-adopted": Row(advice_url("advice:work_detail", "vastgesteld"), VELSEN_ADVICE_READ),
    "advice-work-edit": Row(advice_url("advice:work_edit", "concept"), VELSEN_DRAFT_READ),
    "advice-work-recommendations": Row(advice_url("advice:work_recommendations", "concept"), VELSEN_DRAFT_READ),
    "advice-work-status": Row(
        advice_url("advice:work_status", "concept"),
        VELSEN_DRAFT_POST,
        method="post",
        data={"actie": "ter_vaststelling"},
        goes_to={"signed_in": advice_url("advice:work_detail", "concept")},
    ),
    "advice-work-adopt": Row(advice_url("advice:work_adopt", "ter_vaststelling"), VELSEN_DRAFT_ADOPT),
    "advice-work-preview": Row(advice_url("advice:work_preview", "concept"), VELSEN_DRAFT_READ),
    "advice-work-send": Row(advice_url("advice:work_send", "vastgesteld"), VELSEN_ADVICE_SEND),
    "advice-work-pdf": Row(advice_url("advice:work_pdf", "vastgesteld"), VELSEN_ADVICE_READ),
    "advice-work-response": Row(advice_url("advice:work_response", "verzonden"), VELSEN_ADVICE_RESPOND),
    "advice-work-response-letter": Row(advice_url("advice:work_response_letter", "beantwoord"), VELSEN_ADVICE_READ),
    "advice-work-close": Row(
        advice_url("advice:work_close", "beantwoord"),
        VELSEN_ADVICE_ACT_POST,
        method="post",
        goes_to={"signed_in": advice_url("advice:work_detail", "beantwoord")},
    ),
    "advice-work-correct": Row(advice_url("advice:work_correct", "vastgesteld"), VELSEN_ADVICE_ACT_GET),
    # Work area
    "work-dashboard": Row(url("work_dashboard"), LOGGED_IN_ONLY),
    "council-work-velsen": Row(lambda w: w.velsen_council.get_work_url(), VELSEN_COUNCIL_WORK),
    "council-work-regional": Row(lambda w: w.regional_council.get_work_url(), REGIONAL_COUNCIL_WORK),
    # django-allauth
    "login": Row(url("account_login"), ANONYMOUS_ONLY, goes_to={"signed_in": url("work_dashboard")}),
    "logout": Row(url("account_logout"), LOGGED_IN_ONLY, goes_to={"anonymous": url("home")}),
    "inactive": Row(url("account_inactive"), PUBLIC),
    "signup": Row(url("account_signup"), ANONYMOUS_ONLY, goes_to={"signed_in": url("work_dashboard")}),
    "reauthenticate": Row(url("account_reauthenticate"), LOGGED_IN_ONLY),
    "reauthenticate-code": Row(url("account_request_reauthentication_code"), LOGGED_IN_ONLY),
    "reauthenticate-code-confirm": Row(
        url("account_confirm_reauthentication_code"),
        LOGGED_IN_REDIRECT,
        goes_to={"signed_in": url("account_request_reauthentication_code")},
    ),
    "email": Row(url("account_email"), LOGGED_IN_ONLY),
    "email-verification-sent": Row(url("account_email_verification_sent"), PUBLIC),
    "confirm-email": Row(url("account_confirm_email", key="bogus-key"), PUBLIC),
    "password-change": Row(url("account_change_password"), LOGGED_IN_ONLY),
    "password-set": Row(
        url("account_set_password"), LOGGED_IN_REDIRECT, goes_to={"signed_in": url("account_change_password")}
    ),
    "password-reset": Row(url("account_reset_password"), PUBLIC),
    "password-reset-done": Row(url("account_reset_password_done"), PUBLIC),
    "password-reset-key": Row(url("account_reset_password_from_key", uidb36="1", key="bogus"), PUBLIC),
    "password-reset-key-done": Row(url("account_reset_password_from_key_done"), PUBLIC),
    # Without a login in progress there is no code to confirm: back to the start.
    "login-code-confirm": Row(
        url("account_confirm_login_code"),
        expect(anonymous=REDIRECT, default=REDIRECT),
        goes_to={"signed_in": url("work_dashboard"), "anonymous": url("account_login")},
    ),
    "mfa-index": Row(url("mfa_index"), LOGGED_IN_ONLY),
    "mfa-authenticate": Row(
        url("mfa_authenticate"),
        expect(anonymous=REDIRECT, default=REDIRECT),
        goes_to={"signed_in": url("work_dashboard"), "anonymous": url("account_login")},
    ),
    # Without an authenticator there is nothing to reauthenticate with but the password.
    "mfa-reauthenticate": Row(
        url("mfa_reauthenticate"), LOGGED_IN_REDIRECT, goes_to={"signed_in": url("account_reauthenticate")}
    ),
    # Activating TOTP or generating codes asks for the password again first.
    "mfa-totp-activate": Row(
        url("mfa_activate_totp"),
        LOGGED_IN_REDIRECT,
        goes_to={"signed_in": with_next("account_reauthenticate", "mfa_activate_totp")},
    ),
    "mfa-totp-deactivate": Row(url("mfa_deactivate_totp"), LOGGED_IN_NOT_FOUND),
    "mfa-recovery-codes": Row(url("mfa_view_recovery_codes"), LOGGED_IN_NOT_FOUND),
    "mfa-recovery-codes-generate": Row(
        url("mfa_generate_recovery_codes"),
        LOGGED_IN_REDIRECT,
        goes_to={"signed_in": with_next("account_reauthenticate", "mfa_generate_recovery_codes")},
    ),
    "mfa-recovery-codes-download": Row(url("mfa_download_recovery_codes"), LOGGED_IN_NOT_FOUND),
    # The admin's own pages
    "admin-index": Row(url("admin:index"), ADMIN_ONLY),
    # The admin's login is allauth's (MFA, rate limits); the beheerder, signed in already, goes on.
    "admin-login": Row(
        url("admin:login"),
        expect(anonymous=REDIRECT, default=FORBIDDEN, beheer=REDIRECT),
        goes_to={"anonymous": with_next("account_login", "admin:login"), "beheer": url("admin:index")},
    ),
    "admin-logout": Row(
        url("admin:logout"),
        expect(anonymous=REDIRECT, default=REDIRECT, beheer=NOT_ALLOWED),
        goes_to={"signed_in": url("admin:index"), "anonymous": url("admin:index")},
    ),
    "admin-password-change": Row(url("admin:password_change"), ADMIN_ONLY),
    "admin-password-change-done": Row(url("admin:password_change_done"), ADMIN_ONLY),
    "admin-jsi18n": Row(url("admin:jsi18n"), ADMIN_ONLY),
    # Without its query parameters the autocomplete refuses even staff.
    "admin-autocomplete": Row(
        url("admin:autocomplete"), expect(anonymous=REDIRECT, default=REDIRECT, beheer=FORBIDDEN)
    ),
    "admin-app-index": Row(url("admin:app_list", app_label="members"), ADMIN_ONLY),
    "admin-catch-all": Row(
        lambda w: "/beheer/bestaat-niet/", expect(anonymous=REDIRECT, default=REDIRECT, beheer=NOT_FOUND)
    ),
    "admin-view-on-site": Row(
        lambda w: reverse("admin:view_on_site", args=[_content_type_id(w.velsen), w.velsen.pk]),
        expect(anonymous=REDIRECT, default=REDIRECT, beheer=REDIRECT),
        goes_to={"beheer": lambda w: f"http://testserver{w.velsen.get_absolute_url()}"},
    ),
}


def _content_type_id(obj) -> int:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(obj).pk


def _admin_object(model, world: World):
    """One instance of each registered model, for its change/delete/history pages."""
    existing = model.objects.first()
    if existing is not None:
        return existing
    if model is Group:
        return Group.objects.create(name="Redactie")
    if model is OutboxMessage:
        return OutboxMessage.objects.create(
            subject="Test", body="Hallo", from_email="a@example.org", to=["b@example.org"]
        )
    if model is SignalStatusChange:
        return SignalStatusChange.objects.create(signal=f.SignalFactory(municipality=world.velsen), to_status="nieuw")
    if model is SignalNote:
        return SignalNote.objects.create(signal=f.SignalFactory(municipality=world.velsen), text="Gebeld.")
    if model is PendingYouthContact:
        return PendingYouthContact.objects.create(
            signal=f.SignalFactory(municipality=world.velsen), token_hash="0" * 64, parent_email="ouder@example.org"
        )
    if model is Authenticator:
        return Authenticator.objects.create(
            user=world.people["beheer"], type=Authenticator.Type.RECOVERY_CODES, data={"seed": "00" * 20}
        )
    factories: dict[str, Callable[[], object]] = {
        "Neighbourhood": f.NeighbourhoodFactory,
        "Theme": f.ThemeFactory,
        "Signal": lambda: f.SignalFactory(municipality=world.velsen),
        "NetworkOrganisation": lambda: f.NetworkOrganisationFactory(municipality=world.velsen),
        "AgendaItem": lambda: f.AgendaItemFactory(council=world.velsen_council),
        "ExpertProfile": lambda: f.ExpertProfileFactory(council=world.velsen_council),
        "ExpertInvitation": lambda: ExpertInvitation.objects.create(
            council=world.velsen_council, email="oud-lid@example.org", token_hash="1" * 64
        ),
        "Table": lambda: Table.objects.create(
            council=world.velsen_council,
            title="Tafel mantelzorg",
            question="Wat hebben mantelzorgers nodig?",
            origin="eigen_initiatief",
        ),
        "Meeting": lambda: Meeting.objects.create(
            council=world.velsen_council,
            kind="raad",
            title="Vergadering",
            starts_at=timezone.now() + timedelta(days=3),
            ends_at=timezone.now() + timedelta(days=3, hours=2),
        ),
        "EarlyInvolvementRequest": lambda: f.EarlyInvolvementRequestFactory(council=world.velsen_council),
        "Advice": lambda: f.AdviceFactory(council=world.velsen_council),
        "Recommendation": lambda: f.RecommendationFactory(advice=f.AdviceFactory(council=world.velsen_council)),
        "CollegeResponse": lambda: CollegeResponse.objects.create(
            advice=f.AdviceFactory(council=world.velsen_council),
            received_on=timezone.localdate(),
            letter_text="Het college neemt het advies over.",
        ),
        "AdviceNumberCounter": lambda: AdviceNumberCounter.objects.create(
            council=world.velsen_council, year=2026, last_sequence=3
        ),
        "SupportRequest": lambda: f.SupportRequestFactory(council=world.velsen_council),
        "SelfEvaluation": lambda: f.SelfEvaluationFactory(council=world.velsen_council),
        "CoordinatorTerm": lambda: CoordinatorTerm.objects.create(
            person=world.people["aanjager"], starts_on=date(2026, 1, 1), ends_on=date(2028, 1, 1)
        ),
        "EvaluationCriterion": lambda: EvaluationCriterion.objects.create(
            name="Elke tafel een cliënt", metric="tafels_clientplaats", default_target=100
        ),
        "GoodPractice": lambda: f.GoodPracticeFactory(table=f.ConcludedTableFactory(council=world.velsen_council)),
        "AnnualReport": lambda: f.AnnualReportFactory(council=world.velsen_council),
        "RollupRefresh": lambda: RollupRefresh.objects.create(finished_at=timezone.now(), duration_ms=5, rows=1),
        "ParticipationAdvice": lambda: ParticipationAdvice.objects.create(
            request=f.EarlyInvolvementRequestFactory(council=world.velsen_council),
            summary="Betrek cliënten vroeg.",
            client_perspective="Cliënten willen meepraten over de toegang.",
        ),
    }
    return factories[model.__name__]()


# Who may log in as whom (sign-in addresses, authenticators): the beheerder reads, a superuser writes.
SUPERUSER_WRITES = {"account.EmailAddress", "mfa.Authenticator"}


def _admin_rows() -> dict[str, Row]:
    """Changelist, add, change, delete and history for every model registered in the admin."""
    rows: dict[str, Row] = {}
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        prefix = f"admin-{info[0]}-{info[1]}"
        rows[f"{prefix}-changelist"] = Row(url(f"admin:{info[0]}_{info[1]}_changelist"), ADMIN_ONLY)
        # Models that are written by the software only (the outbox) refuse "add" even for staff.
        add_status = OK if model_admin.has_add_permission(_FakeSuperuserRequest()) else FORBIDDEN
        if model._meta.label in SUPERUSER_WRITES:
            add_status = FORBIDDEN
        rows[f"{prefix}-add"] = Row(
            url(f"admin:{info[0]}_{info[1]}_add"), expect(anonymous=REDIRECT, default=REDIRECT, beheer=add_status)
        )
        for action in ("change", "delete", "history"):
            writes_only_for_superuser = action == "delete" and model._meta.label in SUPERUSER_WRITES
            rows[f"{prefix}-{action}"] = Row(
                (lambda m, a, i: lambda w: reverse(f"admin:{i[0]}_{i[1]}_{a}", args=[_admin_object(m, w).pk]))(
                    model, action, info
                ),
                expect(anonymous=REDIRECT, default=REDIRECT, beheer=FORBIDDEN)
                if writes_only_for_superuser
                else ADMIN_ONLY,
            )
        # The bare object URL redirects to its change page.
        rows[f"{prefix}-object"] = Row(
            (lambda m, i: lambda w: f"/beheer/{i[0]}/{i[1]}/{_admin_object(m, w).pk}/")(model, info),
            expect(anonymous=REDIRECT, default=REDIRECT, beheer=REDIRECT),
            goes_to={
                "beheer": (
                    lambda m, i: lambda w: reverse(f"admin:{i[0]}_{i[1]}_change", args=[_admin_object(m, w).pk])
                )(model, info)
            },
        )
        if hasattr(model, "history") and hasattr(model_admin, "history_form_view"):
            # django-simple-history: one past version of the object.
            rows[f"{prefix}-history-version"] = Row(
                (
                    lambda m, i: (
                        lambda w: reverse(
                            f"admin:{i[0]}_{i[1]}_simple_history",
                            args=[_admin_object(m, w).pk, _admin_object(m, w).history.first().history_id],
                        )
                    )
                )(model, info),
                ADMIN_ONLY,
            )
    rows["admin-user-password"] = Row(
        lambda w: reverse("admin:auth_user_password_change", args=[w.people["inwoner"].pk]), ADMIN_ONLY
    )
    return rows


class _FakeSuperuserRequest:
    class user:  # noqa: N801 - mimics request.user for has_add_permission
        is_active = is_staff = is_superuser = True

        @staticmethod
        def has_perm(perm, obj=None) -> bool:
            return True


# Later features keep their rows in their own files (tests/matrix_rows_*.py), each a ``ROWS`` dict.
FULL_MATRIX = {**MATRIX, **matrix_rows_regional.ROWS, **matrix_rows_support.ROWS, **_admin_rows()}


def _all_routes() -> set[str]:
    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, URLResolver._join_route(prefix, str(pattern.pattern)))
            else:
                yield URLResolver._join_route(prefix, str(pattern.pattern))

    return set(walk(get_resolver().url_patterns))


def test_every_url_pattern_has_a_row(world):
    covered = {resolve(row.url(world).split("?")[0]).route for row in FULL_MATRIX.values()}
    missing = sorted(_all_routes() - covered)
    assert not missing, "URL patterns without a row in the permission matrix:\n" + "\n".join(missing)


def test_every_row_names_every_role():
    for name, row in FULL_MATRIX.items():
        assert set(row.statuses) == set(ROLES), name


def _location(value: str) -> tuple[str, str, list[tuple[str, str]]]:
    """A Location in a form that compares equal however its query string is encoded."""
    parts = urlsplit(value)
    return parts.netloc, parts.path, sorted(parse_qsl(parts.query))


def _expected_location(row: Row, role: str, path: str, world: World) -> str:
    goes_to = row.goes_to.get(role) or (row.goes_to.get("signed_in") if role != "anonymous" else None)
    if goes_to is not None:
        return goes_to(world)
    login = reverse("admin:login") if path.startswith(reverse("admin:index")) else reverse("account_login")
    if role == "anonymous" or login == reverse("admin:login"):
        return f"{login}?next={path}"
    raise AssertionError(f"{role} is redirected: say where to in the row's goes_to")


def _client(world: World, role: str) -> Client:
    client = Client()
    user = world.persona(role)
    if user is not None:
        client.force_login(user)
    return client


def _request(client: Client, row: Row, path: str, data: dict) -> tuple[int, str]:
    """One request in a savepoint that is rolled back, so that each role meets the row's objects unchanged."""
    with transaction.atomic():
        response = getattr(client, row.method)(path, data)
        transaction.set_rollback(True)
    return response.status_code, response.get("Location", "")


@pytest.mark.parametrize("name", list(FULL_MATRIX))
def test_permission_matrix(world, name):
    row = FULL_MATRIX[name]
    # The row's objects are made once, before the savepoints.
    path = row.url(world)
    data = dict(row.data)
    if data.get("original") == "wordt-gezet-in-de-test":
        data["original"] = velsen_signal(world, "original").tracking_code
    clients = {role: _client(world, role) for role in ROLES}
    failures = []
    for role in ROLES:
        status, location = _request(clients[role], row, path, data)
        expected = row.statuses[role]
        if status != expected:
            failures.append(f"{role}: expected {expected}, got {status} {location}".rstrip())
        elif status == REDIRECT and _location(location) != _location(_expected_location(row, role, path, world)):
            failures.append(f"{role}: redirected to {location}, expected {_expected_location(row, role, path, world)}")
    if path.startswith(MFA_ENFORCED_PREFIXES):
        # Where MFA is required, staff without an authenticator set one up before anything else. On the
        # generated admin model pages only the beheerder is asked: the same gate stops the others at
        # every /beheer/ row written out in MATRIX.
        with override_settings(MFA_REQUIRED_FOR_STAFF=True):
            for role in PERSONAS if name in MATRIX else ["beheer"]:
                user = world.people[role]
                if scope_for(user).has_staff_role and not is_mfa_enabled(user):
                    status, location = _request(clients[role], row, path, data)
                    if (status, location) != (REDIRECT, reverse("mfa_activate_totp")):
                        failures.append(f"{role} without MFA: expected the MFA set-up, got {status} {location}")
    assert not failures, f"{name} {path}:\n" + "\n".join(failures)
