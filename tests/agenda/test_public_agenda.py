"""The public agenda: public items only, the filters, the signal count (never personal data), the item
page, reacting to an item (a signal linked to it), hostile input and the pinned query counts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from agenda.cache import bump_public_agenda_version
from agenda.models import AgendaItem, ItemStatus, Origin
from infrastructure.models import OutboxMessage
from signals.models import Channel, Kind, Signal, Status

from .. import factories as f

pytestmark = pytest.mark.django_db

LIST = reverse("agenda:list")


def make_item(council, title: str = "Eenzaamheid onder ouderen", **kwargs) -> AgendaItem:
    """An agenda item with its themes, wijken and signals (lists of objects in the keyword arguments)."""
    themes = kwargs.pop("themes", ())
    neighbourhoods = kwargs.pop("neighbourhoods", ())
    signals = kwargs.pop("signals", ())
    kwargs.setdefault("description", "Veel ouderen in de wijk zien weinig mensen.")
    kwargs.setdefault("origin", Origin.COUNCIL)
    item = AgendaItem.objects.create(council=council, title=title, **kwargs)
    item.themes.set(themes)
    item.neighbourhoods.set(neighbourhoods)
    item.signals.set(signals)
    return item


def titles(response) -> set[str]:
    return {item.title for item in response.context["page"].object_list}


# --- The list and its filters ----------------------------------------------------------------------


def test_the_agenda_shows_public_items_only(client, world):
    make_item(world.velsen_council, "Toegang tot de Wmo-loketten")
    secret = make_item(world.velsen_council, "Geheim punt", is_public=False)
    response = client.get(LIST)
    assert response.status_code == 200
    assert titles(response) == {"Toegang tot de Wmo-loketten"}
    assert "Geheim punt" not in response.content.decode()
    assert response.context["total"] == 1
    assert client.get(secret.get_public_url()).status_code == 404
    assert client.get(reverse("agenda:react", kwargs={"pk": secret.pk})).status_code == 404
    assert client.post(reverse("agenda:react", kwargs={"pk": secret.pk}), {"text": "Hallo"}).status_code == 404
    for filters in ({"gemeente": "velsen"}, {"gemeente": "regio"}, {"status": ItemStatus.PROPOSED}):
        assert "Geheim punt" not in titles(client.get(LIST, filters))


def test_filter_by_municipality(client, world):
    make_item(world.velsen_council, "Velsen-punt")
    make_item(world.beverwijk_council, "Beverwijk-punt")
    make_item(world.regional_council, "Regio-punt")
    assert titles(client.get(LIST, {"gemeente": "velsen"})) == {"Velsen-punt"}
    assert titles(client.get(LIST, {"gemeente": "beverwijk"})) == {"Beverwijk-punt"}
    assert titles(client.get(LIST)) == {"Velsen-punt", "Beverwijk-punt", "Regio-punt"}


def test_the_regional_agenda_shows_regional_items_and_referred_local_ones(client, world):
    make_item(world.regional_council, "Doelgroepenvervoer in de IJmond")
    make_item(world.velsen_council, "Beschermd wonen", referred_to_region_at=timezone.now())
    make_item(world.heemskerk_council, "Alleen Heemskerk")
    make_item(
        world.beverwijk_council, "Verwezen maar niet openbaar", referred_to_region_at=timezone.now(), is_public=False
    )
    response = client.get(LIST, {"gemeente": "regio"})
    assert titles(response) == {"Doelgroepenvervoer in de IJmond", "Beschermd wonen"}
    # The referred item stays on its own council's agenda too.
    assert titles(client.get(LIST, {"gemeente": "velsen"})) == {"Beschermd wonen"}


def test_filter_by_theme_slug_or_number(client, world):
    care = f.ThemeFactory(name="Schuldhulpverlening", slug="schuldhulp")
    other = f.ThemeFactory(name="Jeugdhulp", slug="jeugdhulp")
    make_item(world.velsen_council, "Schulden", themes=[care])
    make_item(world.velsen_council, "Jeugd", themes=[other])
    make_item(world.velsen_council, "Beide", themes=[care, other])
    assert titles(client.get(LIST, {"thema": "schuldhulp"})) == {"Schulden", "Beide"}
    assert titles(client.get(LIST, {"thema": str(other.pk)})) == {"Jeugd", "Beide"}


def test_filter_by_status(client, world):
    make_item(world.velsen_council, "Voorgesteld")
    make_item(
        world.velsen_council, "Niet opgepakt", status=ItemStatus.NOT_TAKEN_UP, not_taken_up_reason="Valt buiten de Wmo."
    )
    assert titles(client.get(LIST, {"status": "niet_opgepakt"})) == {"Niet opgepakt"}


def test_filter_by_quarter(client, world):
    make_item(world.velsen_council, "Eerste kwartaal", planned_year=2027, planned_quarter=1)
    make_item(world.velsen_council, "Tweede kwartaal", planned_year=2027, planned_quarter=2)
    make_item(world.velsen_council, "Ongepland")
    assert titles(client.get(LIST, {"kwartaal": "2027-K1"})) == {"Eerste kwartaal"}
    assert titles(client.get(LIST, {"kwartaal": "2027-k2"})) == {"Tweede kwartaal"}


def test_filter_by_wijk(client, world):
    ijmuiden = f.NeighbourhoodFactory(municipality=world.velsen, name="IJmuiden")
    make_item(world.velsen_council, "In IJmuiden", neighbourhoods=[ijmuiden])
    make_item(world.velsen_council, "Heel Velsen")
    response = client.get(LIST, {"wijk": ijmuiden.pk})
    assert titles(response) == {"In IJmuiden"}


def test_filters_combine(client, world):
    theme = f.ThemeFactory(slug="ouderen")
    make_item(world.velsen_council, "Velsen ouderen", themes=[theme], status=ItemStatus.SCHEDULED)
    make_item(world.velsen_council, "Velsen ouderen voorgesteld", themes=[theme])
    make_item(world.beverwijk_council, "Beverwijk ouderen", themes=[theme], status=ItemStatus.SCHEDULED)
    response = client.get(LIST, {"gemeente": "velsen", "thema": "ouderen", "status": "geagendeerd"})
    assert titles(response) == {"Velsen ouderen"}


def test_a_row_shows_council_status_quarter_themes_wijken_and_the_number_of_signals(client, world):
    theme = f.ThemeFactory(name="Eenzaamheid")
    wijk = f.NeighbourhoodFactory(municipality=world.velsen, name="Velsen-Noord")
    signals = [
        f.SignalFactory(
            municipality=world.velsen,
            text=f"Mijn buurvrouw {n} ziet niemand meer",
            contact_consent=True,
            contact_name="Jan Jansen",
            contact_email="jan@example.org",
        )
        for n in range(3)
    ]
    make_item(
        world.velsen_council,
        "Eenzaamheid onder ouderen",
        themes=[theme],
        neighbourhoods=[wijk],
        signals=signals,
        status=ItemStatus.SCHEDULED,
        planned_year=2027,
        planned_quarter=3,
    )
    response = client.get(LIST)
    [row] = response.context["page"].object_list
    assert row.signal_count == 3
    html = response.content.decode()
    for shown in ("Eenzaamheid onder ouderen", world.velsen_council.name, "Geagendeerd", "2027-K3", "Velsen-Noord"):
        assert shown in html
    for private in ("Jan Jansen", "jan@example.org", "ziet niemand meer"):
        assert private not in html


def test_the_agenda_pages_by_25_and_the_links_keep_the_filters(client, world):
    now = timezone.now()
    for n in range(30):
        make_item(world.velsen_council, f"Punt {n}", created_at=now - timedelta(minutes=n))
    make_item(world.beverwijk_council, "Ander punt")
    first = client.get(LIST, {"gemeente": "velsen"})
    assert first.context["total"] == 30
    assert len(first.context["page"].object_list) == 25
    assert titles(first) >= {"Punt 0", "Punt 24"}  # newest first
    assert "gemeente=velsen&amp;pagina=2" in first.content.decode()
    second = client.get(LIST, {"gemeente": "velsen", "pagina": "2"})
    assert titles(second) == {f"Punt {n}" for n in range(25, 30)}


def test_an_empty_agenda_says_so(client, world):
    response = client.get(LIST, {"gemeente": "heemskerk"})
    assert response.status_code == 200
    assert response.context["total"] == 0
    assert "Er staan geen agendapunten op de agenda" in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"gemeente": "../../"},
        {"gemeente": "<script>alert(1)</script>"},
        {"gemeente": "nul\x00byte"},
        {"gemeente": "x" * 5001},
        {"thema": "999999"},
        {"thema": "abc"},
        {"thema": "-1"},
        {"status": "bestaat-niet"},
        {"kwartaal": "9999-K9"},
        {"kwartaal": "2027-K5"},
        {"kwartaal": "<svg/onload=alert(1)>"},
        {"wijk": "abc"},
        {"wijk": "99999999999999999999999"},
        {"wijk": "-1"},
        {"pagina": "99999999999999999999999"},
        {"pagina": "abc"},
        {"pagina": "-5"},
        {"gemeente": "velsen", "pagina": "0"},
    ],
)
def test_hostile_filters_are_ignored_or_named_never_a_500(client, world, params):
    make_item(world.velsen_council, "Een punt")
    response = client.get(LIST, params)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert" not in html
    assert "<svg/onload" not in html
    # The item is still listed: a bad filter filters nothing.
    assert titles(response) == {"Een punt"}


def test_an_invalid_filter_is_named_and_the_valid_ones_still_apply(client, world):
    make_item(world.velsen_council, "Velsen-punt")
    make_item(world.beverwijk_council, "Beverwijk-punt")
    response = client.get(LIST, {"gemeente": "velsen", "kwartaal": "9999-K9"})
    assert titles(response) == {"Velsen-punt"}
    assert "kwartaal" in response.context["form"].errors
    assert "Kies een kwartaal zoals 2027-K1" in response.content.decode()


# --- The item page ---------------------------------------------------------------------------------


def test_the_item_page_shows_what_it_is_where_it_stands_and_how_many_signals(client, world):
    theme = f.ThemeFactory(name="Schuldhulpverlening")
    wijk = f.NeighbourhoodFactory(municipality=world.velsen, name="IJmuiden-Noord")
    signal = f.SignalFactory(municipality=world.velsen, text="Ik durf de post niet meer open te maken")
    item = make_item(
        world.velsen_council,
        "Vroegsignalering schulden",
        description="Mensen met schulden vinden de weg naar hulp te laat.",
        origin=Origin.RESIDENT_PROPOSAL,
        status=ItemStatus.IN_PROGRESS,
        planned_year=2026,
        planned_quarter=4,
        themes=[theme],
        neighbourhoods=[wijk],
        signals=[signal],
    )
    response = client.get(item.get_public_url())
    assert response.status_code == 200
    html = response.content.decode()
    for shown in (
        "Vroegsignalering schulden",
        "Mensen met schulden vinden de weg naar hulp te laat.",
        "In uitvoering",
        "Inwonersvoorstel",
        world.velsen_council.name,
        "2026-K4",
        "Schuldhulpverlening",
        "IJmuiden-Noord",
        "1 signaal of reactie",
        reverse("agenda:react", kwargs={"pk": item.pk}),
    ):
        assert shown in html
    assert "post niet meer open" not in html
    # No tables or advice point to it yet: nothing is shown in their place.
    assert response.context["outcomes"] == []
    assert "Wat dit opleverde" not in html


def test_an_item_not_taken_up_shows_the_public_reason(client, world):
    item = make_item(
        world.velsen_council, status=ItemStatus.NOT_TAKEN_UP, not_taken_up_reason="Dit regelt de provincie."
    )
    html = client.get(item.get_public_url()).content.decode()
    assert "Niet opgepakt" in html
    assert "Dit regelt de provincie." in html


def test_unknown_items_are_404(client, world):
    assert client.get(reverse("agenda:item", kwargs={"pk": 999999})).status_code == 404
    assert client.get(reverse("agenda:react", kwargs={"pk": 999999})).status_code == 404
    assert client.get("/agenda/abc/").status_code == 404


# --- Reacting to an item ---------------------------------------------------------------------------


def react_url(item: AgendaItem) -> str:
    return reverse("agenda:react", kwargs={"pk": item.pk})


def test_the_reaction_form_presets_the_theme_and_the_municipality(client, world):
    theme = f.ThemeFactory(name="Jeugdhulp")
    item = make_item(world.velsen_council, themes=[theme])
    response = client.get(react_url(item))
    assert response.status_code == 200
    form = response.context["form"]
    assert "municipality" not in form.fields  # the item's municipality, not the resident's choice
    assert form["theme"].value() == theme.pk
    assert f'<option value="{theme.pk}" selected>' in response.content.decode()


def test_a_reaction_is_stored_as_a_signal_linked_to_the_item(client, world, django_capture_on_commit_callbacks):
    theme = f.ThemeFactory()
    item = make_item(world.velsen_council, themes=[theme])
    data = {
        "text": "Mijn vader zit de hele dag alleen thuis.",
        "theme": theme.pk,
        "municipality": world.beverwijk.pk,  # ignored: the item is Velsen's
        "contact_consent": "on",
        "contact_email": "inwoner@example.org",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(react_url(item), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("signals:received")
    signal = Signal.objects.get()
    assert (signal.kind, signal.channel, signal.status) == (Kind.SIGNAL, Channel.WEB, Status.NEW)
    assert (signal.municipality, signal.theme, signal.is_regional) == (world.velsen, theme, False)
    assert list(item.signals.all()) == [signal]
    assert signal.tracking_code
    assert OutboxMessage.objects.filter(dedup_key=f"signal-receipt:{signal.pk}").exists()
    received = client.get(reverse("signals:received")).content.decode()
    assert signal.tracking_code in received
    assert client.get(signal.get_public_url()).status_code == 200
    # The agenda counts it, without its text.
    page = client.get(item.get_public_url())
    assert page.context["item"].signal_count == 1
    assert "zit de hele dag alleen" not in page.content.decode()


def test_a_reaction_without_consent_queues_no_mail(client, world):
    item = make_item(world.velsen_council)
    response = client.post(react_url(item), {"text": "Goed dat dit op de agenda staat."})
    assert response.status_code == 302
    signal = Signal.objects.get()
    assert not signal.contact_consent
    assert not OutboxMessage.objects.filter(dedup_key=f"signal-receipt:{signal.pk}").exists()


def test_contact_details_without_consent_are_refused_and_the_text_kept(client, world):
    item = make_item(world.velsen_council)
    response = client.post(react_url(item), {"text": "Bel mij maar.", "contact_email": "a@example.org"})
    assert response.status_code == 200
    assert "Zet een vinkje" in response.content.decode()
    assert "Bel mij maar." in response.content.decode()
    assert Signal.objects.count() == 0


def test_a_reaction_on_the_regional_agenda_names_a_municipality_and_goes_to_the_region(client, world):
    item = make_item(world.regional_council, "Doelgroepenvervoer")
    form = client.get(react_url(item)).context["form"]
    assert set(form.fields["municipality"].queryset) == {world.velsen, world.beverwijk, world.heemskerk}
    missing = client.post(react_url(item), {"text": "De taxi komt te laat."})
    assert missing.status_code == 200
    assert "municipality" in missing.context["form"].errors
    response = client.post(react_url(item), {"text": "De taxi komt te laat.", "municipality": world.heemskerk.pk})
    assert response.status_code == 302
    signal = Signal.objects.get()
    assert (signal.municipality, signal.is_regional) == (world.heemskerk, True)
    assert list(item.signals.all()) == [signal]


def test_a_reaction_names_a_wijk_of_the_items_municipality_only(client, world):
    item = make_item(world.velsen_council)
    elsewhere = f.NeighbourhoodFactory(municipality=world.beverwijk, name="Wijk aan Zee")
    response = client.post(react_url(item), {"text": "Hier speelt het.", "neighbourhood": elsewhere.pk})
    assert response.status_code == 200
    assert "neighbourhood" in response.context["form"].errors
    assert Signal.objects.count() == 0


def test_reacting_is_rate_limited_and_keeps_the_text(client, world, settings):
    settings.SIGNAL_SUBMIT_RATE = "1/h"
    item = make_item(world.velsen_council)
    assert client.post(react_url(item), {"text": "Eerste reactie."}).status_code == 302
    response = client.post(react_url(item), {"text": "Tweede reactie die ik niet kwijt wil."})
    assert response.status_code == 429
    html = response.content.decode()
    assert "Uw reactie is nog niet verstuurd" in html
    assert "Tweede reactie die ik niet kwijt wil." in html
    assert Signal.objects.count() == 1


def test_the_honeypot_stores_nothing(client, world):
    item = make_item(world.velsen_council)
    response = client.post(react_url(item), {"text": "Koop nu!", "website": "http://spam.example"})
    assert response.status_code == 302
    assert response["Location"] == reverse("signals:received")
    assert Signal.objects.count() == 0
    assert item.signals.count() == 0


@pytest.mark.parametrize(
    "overrides",
    [
        {"text": "<script>alert('x')</script>"},
        {"text": "x" * 5001},
        {"text": "x" * 100_000},
        {"text": "nul\x00byte"},
        {"text": "\x01\x02\x03"},
        {"theme": "999999"},
        {"theme": "abc"},
        {"neighbourhood": "123456"},
        {"neighbourhood": "abc"},
        {"municipality": "niet-een-getal"},
        {"speaker": "hacker"},
        {"age_group": "'; DROP TABLE signals_signal; --"},
        {"contact_email": "<img src=x onerror=alert(1)>", "contact_consent": "on"},
        {"contact_phone": "<svg/onload=alert(1)>", "contact_consent": "on"},
    ],
)
def test_hostile_reactions_never_give_a_500(client, world, overrides):
    local = make_item(world.velsen_council)
    regional = make_item(world.regional_council)
    for item in (local, regional):
        before = Signal.objects.count()
        data = {"text": "Een gewone reactie.", "municipality": world.velsen.pk, **overrides}
        response = client.post(react_url(item), data)
        assert response.status_code in {200, 302}
        html = response.content.decode()
        assert "<script>alert" not in html
        assert "<img src=x" not in html
        assert "<svg/onload" not in html
        if response.status_code == 200:
            assert Signal.objects.count() == before  # nothing half-saved
            assert item.signals.count() == 0
        if len(overrides.get("text", "")) > 5000:
            assert "text" in response.context["form"].errors


def test_an_unknown_municipality_on_the_regional_agenda_is_a_form_error(client, world):
    item = make_item(world.regional_council)
    response = client.post(react_url(item), {"text": "Reactie.", "municipality": "999999"})
    assert response.status_code == 200
    assert "municipality" in response.context["form"].errors
    assert Signal.objects.count() == 0


# --- Query counts: the same for 5 and for 50 items -------------------------------------------------


def _fill(world, count: int) -> None:
    themes = [f.ThemeFactory() for _ in range(3)]
    wijken = [f.NeighbourhoodFactory(municipality=world.velsen) for _ in range(2)]
    signal = f.SignalFactory(municipality=world.velsen)
    for n in range(count):
        council = (world.velsen_council, world.beverwijk_council, world.regional_council)[n % 3]
        make_item(council, f"Punt {n}", themes=themes[: n % 3 + 1], neighbourhoods=wijken, signals=[signal])


@pytest.mark.parametrize("count", [5, 50])
def test_the_agenda_list_queries(client, world, count, django_assert_num_queries):
    _fill(world, count)
    client.get(LIST)  # fills the navigation cache, the filters' choices and the drawn filter form
    bump_public_agenda_version()  # as after a change: the results are drawn again
    with django_assert_num_queries(4):
        # 1 the number of items
        # 2 one page of items with their council and their number of signals
        # 3 their themes
        # 4 their wijken
        # The filters' choices and the drawn form come from the cache.
        response = client.get(LIST)
    assert len(response.context["page"].object_list) == min(count, 25)
    with django_assert_num_queries(0):
        # Nothing changed: the drawn results of this version come from the cache.
        again = client.get(LIST)

    def results(page) -> str:
        html = page.content.decode()
        return html[html.index('role="status"') : html.index("</main>")]

    assert results(again) == results(response)


@pytest.mark.parametrize("count", [5, 50])
def test_the_filtered_regional_agenda_queries(client, world, count, django_assert_num_queries):
    _fill(world, count)
    params = {"gemeente": "regio", "status": "voorgesteld", "kwartaal": "2027-K1"}
    client.get(LIST, params)
    bump_public_agenda_version()
    with django_assert_num_queries(1):
        # 1 the number of items (none planned in 2027-K1): no page of items to read. The filters' choices
        #   (with the regional council) and the drawn form come from the cache.
        response = client.get(LIST, params)
    assert response.context["total"] == 0


def test_the_filters_choices_are_read_in_three_queries_when_not_cached(client, world, django_assert_num_queries):
    _fill(world, 5)
    client.get(LIST)
    cache.clear()
    with django_assert_num_queries(9):
        # 1 the councils with their municipality, 2 the wijken, 3 the themes; 4-7 as above;
        # 8-9 the navigation's municipalities and region (its cache was emptied too)
        client.get(LIST, {"thema": "abc"})


def test_a_change_to_the_agenda_shows_at_once_despite_the_cache(client, world):
    item = make_item(world.velsen_council, "Eenzaamheid onder ouderen")
    assert "Eenzaamheid onder ouderen" in client.get(LIST).content.decode()
    item.title = "Eenzaamheid onder ouderen in IJmuiden"
    item.save()
    assert "Eenzaamheid onder ouderen in IJmuiden" in client.get(LIST).content.decode()
    signal = f.SignalFactory(municipality=world.velsen)
    item.signals.add(signal)  # the count of signals shown changes too
    assert client.get(LIST).context["page"].object_list[0].signal_count == 1
    hidden = make_item(world.velsen_council, "Nog niet openbaar", is_public=False)
    hidden.is_public = True
    hidden.save()
    assert "Nog niet openbaar" in client.get(LIST).content.decode()


def test_the_list_is_drawn_each_time_without_a_cache(client, world, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    make_item(world.velsen_council, "Schuldhulp eerder in beeld")
    for _ in range(2):
        assert "Schuldhulp eerder in beeld" in client.get(LIST).content.decode()


def test_a_theme_asked_by_number_is_shown_as_chosen(client, world):
    theme = f.ThemeFactory(slug="mantelzorg")
    response = client.get(LIST, {"thema": str(theme.pk), "kwartaal": "2027-k1"})
    html = response.content.decode()
    assert '<option value="mantelzorg" selected>' in html
    assert '<option value="2027-K1" selected>' in html
    assert response.context["query"] == "thema=mantelzorg&kwartaal=2027-K1"


@pytest.mark.parametrize("count", [5, 50])
def test_the_item_page_queries(client, world, count, django_assert_num_queries):
    themes = [f.ThemeFactory() for _ in range(count)]
    wijken = [f.NeighbourhoodFactory(municipality=world.velsen) for _ in range(count)]
    signals = [f.SignalFactory(municipality=world.velsen) for _ in range(count)]
    item = make_item(world.velsen_council, themes=themes, neighbourhoods=wijken, signals=signals)
    client.get(item.get_public_url())
    bump_public_agenda_version()  # as after a change: the page is drawn again
    with django_assert_num_queries(5):
        # 1 the item with its council, its municipality and its number of signals
        # 2 its themes
        # 3 its wijken
        # 4-5 what it led to: its public tables, its published advice (agenda.selectors.public.public_outcomes)
        response = client.get(item.get_public_url())
    assert response.context["item"].signal_count == count
    with django_assert_num_queries(0):
        # Nothing changed: drawn from the cache.
        again = client.get(item.get_public_url())
    assert f"{count} signalen en reacties" in again.content.decode()


def test_an_item_page_shows_a_change_at_once_and_a_hidden_item_is_gone(client, world):
    item = make_item(world.velsen_council, "Respijtzorg")
    assert "Respijtzorg" in client.get(item.get_public_url()).content.decode()
    item.description = "Mantelzorgers vragen om meer logeerplekken."
    item.save()
    assert "meer logeerplekken" in client.get(item.get_public_url()).content.decode()
    item.is_public = False
    item.save()
    assert client.get(item.get_public_url()).status_code == 404
