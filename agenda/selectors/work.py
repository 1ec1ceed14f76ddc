"""Reads of the work pages: whom an item or request may name, where a proposal goes, and the history of
an item or request as a list of who changed what and when (simple-history), in a fixed number of queries.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, cast

from django.apps import apps
from django.db.models import Field, ForeignKey, ManyToManyField, Model, Q, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from councils.models import Council, Neighbourhood
from members.models import Membership, NetworkOrganisation, Role, RoleAssignment, User
from signals.models import Signal

from ..models import quarter_label

# --- Whom and what a council's forms offer ---------------------------------------------------------


def editable_councils(user: User) -> list[Council]:
    """The councils whose agenda the user may add to (members; a local council's advisors)."""
    councils = Council.objects.select_related("municipality").order_by("kind", "name")
    return [council for council in councils if user.has_perm("agenda.add_agenda_item", council)]


def council_members(council: Council, *, keep: int | None = None) -> QuerySet[User]:
    """People with a seat on the council today: who may own one of its items (``keep``: the item's
    present owner stays a choice, so that a form can be saved after their term ended)."""
    seats = Membership.objects.filter(council=council).active()
    chosen = Q(is_active=True, memberships__in=seats)
    if keep:
        chosen |= Q(pk=keep)
    return User.objects.filter(chosen).distinct().order_by("full_name", "email")


def _council_municipalities(council: Council) -> Q:
    """The municipality of a local council; every municipality of the region for the regional one."""
    if council.is_regional:
        return Q(municipality__region_id=council.region_id)
    return Q(municipality_id=council.municipality_id)


def municipal_contacts(council: Council, *, keep: int | None = None) -> QuerySet[User]:
    """Policy advisors of the council's municipality (of the region's municipalities for the regional
    council): who may be an item's municipal contact (``keep``: the present one stays a choice)."""
    advisors = RoleAssignment.objects.filter(_council_municipalities(council), role=Role.BELEIDSADVISEUR).active()
    chosen = Q(is_active=True, role_assignments__in=advisors)
    if keep:
        chosen |= Q(pk=keep)
    return User.objects.filter(chosen).distinct().order_by("full_name", "email")


def council_neighbourhoods(council: Council) -> QuerySet[Neighbourhood]:
    return (
        Neighbourhood.objects.filter(_council_municipalities(council))
        .select_related("municipality")
        .order_by("municipality__name", "name")
    )


def advice_organisations(council: Council) -> QuerySet[NetworkOrganisation]:
    """Active network organisations of the council's municipality (the region's for the regional
    council) and those that work region-wide (no municipality)."""
    return NetworkOrganisation.objects.filter(
        _council_municipalities(council) | Q(municipality__isnull=True), is_active=True
    ).order_by("name")


def handling_council(signal: Signal) -> Council | None:
    """The council whose agenda a proposal goes on: the one that handles the signal (the regional council
    for a regional or referred signal, else the local council of its municipality)."""
    if signal.handled_regionally:
        return Council.objects.regional().filter(region_id=signal.municipality.region_id).first()
    return Council.objects.filter(municipality_id=signal.municipality_id).first()


# --- History ---------------------------------------------------------------------------------------

# A save and the setting of its themes and wijken right after (two records) read as one change.
MERGE_WINDOW = timedelta(seconds=10)
# Never shown as a change: bookkeeping, or shown elsewhere on the page.
HIDDEN_FIELDS = frozenset(
    {"id", "created_at", "created_by", "filed_at", "filed_by", "reminder_sent_at", "acknowledged_by"}
)
QUARTER_FIELDS = ("planned_year", "planned_quarter")


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: datetime
    who: str
    created: bool
    changes: list[FieldChange] = field(default_factory=list)


def _history_m2m_model(model: type[Model], m2m_field: ManyToManyField[Any, Any]) -> type[Model]:
    through = cast(type[Model], m2m_field.remote_field.through)
    return apps.get_model(model._meta.app_label, f"Historical{through._meta.object_name}")


def _related(model_field: ForeignKey[Any, Any]) -> type[Model]:
    return cast(type[Model], model_field.related_model)


def _format(model_field: Field[Any, Any], value: Any, names: dict[type[Model], dict[int, str]]) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(model_field, ForeignKey):
        return names.get(_related(model_field), {}).get(value, _("(verwijderd)"))
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), "j F Y H:i")
    if isinstance(value, date):
        return formats.date_format(value, "j F Y")
    return str(value)


def history_entries(obj: Model, *, hide: Sequence[str] = ()) -> list[HistoryEntry]:
    """Who changed what and when, newest first. Queries: the records with their users, one per
    many-to-many field (the snapshots simple-history keeps per record), and one per kind of object a
    changed foreign key names (people, councils …) — never one per record."""
    model = type(obj)
    manager = obj.history  # type: ignore[attr-defined]
    records = list(manager.select_related("history_user").order_by("history_date", "history_id"))
    if not records:
        return []
    history_model = manager.model
    m2m_fields = list(history_model._history_m2m_fields)
    hidden = HIDDEN_FIELDS | set(hide)

    # The many-to-many snapshots: history id → the names in it, per field.
    snapshots: dict[str, dict[int, list[str]]] = {}
    for m2m_field in m2m_fields:
        target = m2m_field.m2m_reverse_field_name()
        rows = (
            _history_m2m_model(model, m2m_field)
            ._default_manager.filter(history_id__in=[r.history_id for r in records])
            .select_related(target)
        )
        per_record: dict[int, list[str]] = defaultdict(list)
        for row in cast(Iterable[Any], rows):
            per_record[row.history_id].append(str(getattr(row, target)))
        snapshots[m2m_field.name] = {key: sorted(names) for key, names in per_record.items()}

    # Raw changes between consecutive records; foreign keys as ids, resolved below in one go.
    raw: list[tuple[Any, list[tuple[Any, Any, Any]]]] = []  # (record, [(model field, old, new)])
    wanted_ids: dict[type[Model], set[int]] = defaultdict(set)
    previous = None
    for record in records:
        changes: list[tuple[Any, Any, Any]] = []
        if previous is not None:
            delta = record.diff_against(previous, excluded_fields=[f.name for f in m2m_fields] + sorted(hidden))
            for change in delta.changes:
                model_field = model._meta.get_field(change.field)
                changes.append((model_field, change.old, change.new))
                if isinstance(model_field, ForeignKey):
                    wanted_ids[_related(model_field)].update(v for v in (change.old, change.new) if v)
            for m2m_field in m2m_fields:
                old = snapshots[m2m_field.name].get(previous.history_id, [])
                new = snapshots[m2m_field.name].get(record.history_id, [])
                if old != new:
                    changes.append((m2m_field, old, new))
        raw.append((record, changes))
        previous = record
    names: dict[type[Model], dict[int, str]] = {
        related: {o.pk: str(o) for o in related._base_manager.filter(pk__in=ids)} for related, ids in wanted_ids.items()
    }

    entries: list[HistoryEntry] = []
    # Per entry: field name → [model field, first old, last new]; and the records before and at its end.
    pending: list[dict[str, list[Any]]] = []
    bounds: list[list[Any]] = []  # [record before the entry, last record of the entry]
    before = None
    for record, changes in raw:
        last = bounds[-1][1] if bounds else None
        # A record that only changed many-to-many fields is the second half of one save (the item, then
        # its themes): it joins the entry before it when the same person made it right after.
        only_m2m = bool(changes) and all(isinstance(c[0], ManyToManyField) for c in changes)
        if (
            last is not None
            and only_m2m
            and last.history_user_id == record.history_user_id
            and (record.history_date - last.history_date <= MERGE_WINDOW)
        ):
            bounds[-1][1] = record
        else:
            who = str(record.history_user) if record.history_user else _("het systeem")
            entries.append(HistoryEntry(when=record.history_date, who=who, created=record.history_type == "+"))
            pending.append({})
            bounds.append([before, record])
        for model_field, old, new in changes:
            pending[-1].setdefault(model_field.name, [model_field, old, new])[2] = new
        before = record

    for entry, fields, (first, last) in zip(entries, pending, bounds, strict=True):
        if entry.created:
            continue  # "aangemaakt": what it holds now is on the page
        if first is not None and any(name in fields for name in QUARTER_FIELDS):
            old_quarter = quarter_label(first.planned_year, first.planned_quarter)
            new_quarter = quarter_label(last.planned_year, last.planned_quarter)
            if old_quarter != new_quarter:
                entry.changes.append(FieldChange(_("gepland kwartaal"), old_quarter or "–", new_quarter or "–"))
        for name, (model_field, old, new) in fields.items():
            if name in QUARTER_FIELDS or old == new:
                continue
            label = str(model_field.verbose_name)
            if isinstance(old, list):
                entry.changes.append(FieldChange(label, ", ".join(old) or "–", ", ".join(new) or "–"))
            else:
                entry.changes.append(
                    FieldChange(label, _format(model_field, old, names), _format(model_field, new, names))
                )
    entries.reverse()
    return [entry for entry in entries if entry.created or entry.changes]
