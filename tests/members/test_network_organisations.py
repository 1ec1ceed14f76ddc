"""The network organisations in the work area: list, detail, create and edit, CSV export and import."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.csv_io import safe_cell
from members.models import NetworkOrganisation
from tests import factories as f

LIST = reverse("members:organisation_list")
CREATE = reverse("members:organisation_create")
EXPORT = reverse("members:organisation_export")
IMPORT = reverse("members:organisation_import")
HEADER = "naam;soort;gemeente;themas;contactpersoon;e-mailadres;telefoonnummer"


def org(municipality, name="Sportclub Velsen", **kwargs) -> NetworkOrganisation:
    return f.NetworkOrganisationFactory(name=name, municipality=municipality, **kwargs)


def names(response) -> set[str]:
    return {o.name for o in response.context["page"].object_list}


def upload(text: str | bytes, name: str = "organisaties.csv") -> SimpleUploadedFile:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return SimpleUploadedFile(name, data, content_type="text/csv")


# --- Who sees what ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("lid_velsen", 200),
        ("lid_beverwijk", 200),
        ("voorzitter_velsen", 200),
        ("lid_regio", 200),
        ("aanjager", 200),
        ("ondersteuning", 200),
        ("beheer", 200),
        ("beleid_velsen", 403),
        ("commissie", 403),
        ("ervaring", 403),
        ("inwoner", 403),
    ],
)
def test_who_reads_the_network(client, world, persona, status):
    organisation = org(world.velsen)
    client.force_login(world.people[persona])
    assert client.get(LIST).status_code == status
    assert client.get(reverse("members:organisation_detail", args=[organisation.pk])).status_code == (
        200 if status == 200 else 404
    )
    assert client.get(EXPORT).status_code == status


def test_anonymous_is_sent_to_login(client, world):
    organisation = org(world.velsen)
    for url in (LIST, CREATE, EXPORT, IMPORT, reverse("members:organisation_detail", args=[organisation.pk])):
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    ("persona", "velsen", "regional"),
    [
        ("lid_velsen", 200, 200),
        ("voorzitter_velsen", 200, 200),
        ("lid_beverwijk", 403, 200),
        ("lid_regio", 200, 200),  # the regional council keeps the whole region's network
        ("ondersteuning", 200, 200),
        ("aanjager", 403, 403),
        ("beheer", 403, 403),
        ("beleid_velsen", 404, 404),
        ("inwoner", 404, 404),
    ],
)
def test_who_edits_which_organisation(client, world, persona, velsen, regional):
    local = org(world.velsen)
    region_wide = org(None, name="Platform IJmond", kind="platform")
    client.force_login(world.people[persona])
    assert client.get(reverse("members:organisation_edit", args=[local.pk])).status_code == velsen
    assert client.get(reverse("members:organisation_edit", args=[region_wide.pk])).status_code == regional


def test_create_and_import_are_for_members_and_support(client, world):
    for persona, status in [("lid_velsen", 200), ("ondersteuning", 200), ("aanjager", 403), ("beheer", 403)]:
        client.force_login(world.people[persona])
        assert client.get(CREATE).status_code == status
        assert client.get(IMPORT).status_code == status


# --- The list --------------------------------------------------------------------------------------


def test_list_searches_and_filters(client, world):
    theme = f.ThemeFactory(name="Sport")
    velsen = org(world.velsen, name="Sportclub Velsen", contact_name="Anna de Vries")
    velsen.themes.add(theme)
    org(world.beverwijk, name="Basisschool De Klimop", kind="school")
    org(None, name="Mantelzorgplatform IJmond", kind="mantelzorg")
    org(world.heemskerk, name="Oude club", is_active=False)
    client.force_login(world.people["lid_velsen"])
    assert names(client.get(LIST)) == {
        "Sportclub Velsen",
        "Basisschool De Klimop",
        "Mantelzorgplatform IJmond",
        "Oude club",
    }
    assert names(client.get(LIST, {"q": "anna"})) == {"Sportclub Velsen"}
    assert names(client.get(LIST, {"kind": "school"})) == {"Basisschool De Klimop"}
    assert names(client.get(LIST, {"municipality": "regio"})) == {"Mantelzorgplatform IJmond"}
    assert names(client.get(LIST, {"municipality": "beverwijk"})) == {"Basisschool De Klimop"}
    assert names(client.get(LIST, {"active": "nee"})) == {"Oude club"}
    response = client.get(LIST)
    assert "Sport" in response.content.decode()


@pytest.mark.parametrize("field", ["q", "kind", "municipality", "active", "pagina"])
@pytest.mark.parametrize("value", ["²", "٣", "9" * 5000, "\x00", "<script>", "' OR 1=1 --"])
def test_list_filters_with_odd_values_never_fail(client, world, field, value):
    org(world.velsen)
    client.force_login(world.people["lid_velsen"])
    assert client.get(LIST, {field: value}).status_code == 200


def _list_queries(client, world, count: int) -> int:
    theme = f.ThemeFactory()
    for n in range(count):
        organisation = org(world.velsen if n % 2 else None, name=f"Organisatie {n:03}")
        organisation.themes.add(theme)
    client.force_login(world.people["lid_velsen"])
    client.get(LIST)  # fills the navigation cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST)
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == min(count, 25)
    return len(queries)


def test_list_queries_do_not_grow_with_rows(client, world):
    few = _list_queries(client, world, 5)
    NetworkOrganisation.objects.all().delete()
    many = _list_queries(client, world, 50)
    # session, user, scope ×2; the filter's municipalities; count, rows, their themes; session save ×3
    assert few == many == 11


# --- Create and edit -------------------------------------------------------------------------------


def _post(theme_slugs=(), **values):
    data = {
        "name": "Buurthuis De Brug",
        "kind": "welzijn",
        "municipality": "velsen",
        "contact_name": "Piet",
        "email": "Info@DeBrug.example.org",
        "phone": "0255 123456",
        "is_active": "on",
        "themes": list(theme_slugs),
    }
    data.update(values)
    return data


def test_member_creates_an_organisation(client, world):
    theme = f.ThemeFactory(slug="wonen", name="Wonen")
    client.force_login(world.people["lid_velsen"])
    response = client.post(CREATE, _post(theme_slugs=["wonen"]))
    organisation = NetworkOrganisation.objects.get(name="Buurthuis De Brug")
    assert response.status_code == 302
    assert response["Location"] == reverse("members:organisation_detail", args=[organisation.pk])
    assert organisation.municipality == world.velsen
    assert organisation.email == "info@debrug.example.org"
    assert list(organisation.themes.all()) == [theme]


def test_member_creates_a_region_wide_organisation(client, world):
    client.force_login(world.people["lid_velsen"])
    assert client.post(CREATE, _post(municipality="")).status_code == 302
    assert NetworkOrganisation.objects.get().municipality is None


def test_member_cannot_pick_another_municipality(client, world):
    client.force_login(world.people["lid_velsen"])
    response = client.post(CREATE, _post(municipality="beverwijk"))
    assert response.status_code == 400
    assert "municipality" in response.context["form"].errors
    assert not NetworkOrganisation.objects.exists()


def test_support_team_picks_any_municipality(client, world):
    client.force_login(world.people["ondersteuning"])
    assert client.post(CREATE, _post(municipality="beverwijk")).status_code == 302


def test_duplicate_name_in_the_same_place_is_refused(client, world):
    org(world.velsen, name="Buurthuis De Brug")
    org(None, name="Platform IJmond")
    client.force_login(world.people["lid_velsen"])
    response = client.post(CREATE, _post(name="buurthuis de brug"))
    assert response.status_code == 400
    assert "name" in response.context["form"].errors
    assert client.post(CREATE, _post(name="Platform IJmond", municipality="")).status_code == 400
    assert NetworkOrganisation.objects.count() == 2


def test_member_edits_their_organisation(client, world):
    organisation = org(world.velsen, name="Oud")
    client.force_login(world.people["lid_velsen"])
    response = client.post(reverse("members:organisation_edit", args=[organisation.pk]), _post(name="Nieuw"))
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.name == "Nieuw"


@pytest.mark.parametrize(
    "values",
    [
        {"name": "x" * 5000},
        {"name": "\x00\x01"},
        {"kind": "geheim"},
        {"municipality": "٣"},
        {"municipality": "9" * 5000},
        {"themes": ["<script>"]},
        {"themes": ["bestaat-niet"]},
        {"email": "geen adres"},
        {"phone": "1" * 500},
    ],
)
def test_hostile_input_is_a_form_error(client, world, values):
    client.force_login(world.people["lid_velsen"])
    response = client.post(CREATE, _post(**values))
    assert response.status_code == 400
    assert response.context["form"].errors
    assert not NetworkOrganisation.objects.exists()


def test_non_numeric_and_huge_ids_are_not_found(client, world):
    client.force_login(world.people["lid_velsen"])
    assert client.get("/werk/netwerk/abc/").status_code == 404
    assert client.get(f"/werk/netwerk/{'9' * 30}/").status_code == 404


# --- Export ----------------------------------------------------------------------------------------


def _rows(response) -> list[list[str]]:
    body = response.content
    assert body.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


def test_export_lists_every_visible_organisation(client, world):
    theme = f.ThemeFactory(name="Sport")
    club = org(world.velsen, name="Sportclub Velsen", contact_name="Anna", email="anna@example.org", phone="0255")
    club.themes.add(theme)
    org(None, name="Platform IJmond", kind="platform", is_active=False)
    client.force_login(world.people["lid_beverwijk"])
    response = client.get(EXPORT)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = _rows(response)
    assert rows[0] == [*HEADER.split(";"), "actief"]
    assert rows[1] == ["Platform IJmond", "platform", "regio", "", "", "", "", "nee"]
    assert rows[2] == ["Sportclub Velsen", "sportclub", "Velsen", "Sport", "Anna", "anna@example.org", "0255", "ja"]


def test_export_follows_the_filters(client, world):
    org(world.velsen, name="Sportclub Velsen")
    org(world.beverwijk, name="School Beverwijk", kind="school")
    client.force_login(world.people["lid_velsen"])
    rows = _rows(client.get(EXPORT, {"kind": "school"}))
    assert [row[0] for row in rows[1:]] == ["School Beverwijk"]


def test_export_guards_against_formulas(client, world):
    org(world.velsen, name='=HYPERLINK("http://kwaad.example","klik")', contact_name="+31 6 1234", phone="-1+1")
    org(world.velsen, name="@SUM(A1)", contact_name=" =1+1")
    client.force_login(world.people["lid_velsen"])
    rows = _rows(client.get(EXPORT))
    cells = [cell for row in rows[1:] for cell in row]
    assert '\'=HYPERLINK("http://kwaad.example","klik")' in cells
    assert "'+31 6 1234" in cells
    assert "'-1+1" in cells
    assert "'@SUM(A1)" in cells
    assert "' =1+1" in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)


def test_safe_cell():
    assert safe_cell("=1") == "'=1"
    assert safe_cell("\t=1") == "'\t=1"
    assert safe_cell("gewoon") == "gewoon"
    assert safe_cell(None) == ""


# --- Import ----------------------------------------------------------------------------------------


def _import(client, world, text, persona="lid_velsen"):
    client.force_login(world.people[persona])
    file = text if isinstance(text, SimpleUploadedFile) else upload(text)
    return client.post(IMPORT, {"file": file})


def test_import_stores_every_good_row(client, world):
    f.ThemeFactory(name="Sport", slug="sport")
    f.ThemeFactory(name="Jeugd", slug="jeugd")
    text = "\ufeff" + "\r\n".join(
        [
            HEADER,
            "Sportclub Velsen-Noord;sportclub;Velsen;Sport, Jeugd;Anna;ANNA@example.org;0255 1",
            "Cliëntenraad Zorggroep;cliëntenraad van een zorginstelling;velsen;;;;",
            "Platform Mantelzorg;mantelzorg;regio;;;;",
            "Buurtteam;wijkteam;;;;;",
            "",
        ]
    )
    response = _import(client, world, text)
    assert response.status_code == 200
    report = response.context["report"]
    assert report.imported == 4
    assert not report.refused
    club = NetworkOrganisation.objects.get(name="Sportclub Velsen-Noord")
    assert club.email == "anna@example.org"
    assert sorted(t.slug for t in club.themes.all()) == ["jeugd", "sport"]
    assert NetworkOrganisation.objects.get(name="Cliëntenraad Zorggroep").kind == "clientenraad"
    assert NetworkOrganisation.objects.get(name="Platform Mantelzorg").municipality is None
    assert NetworkOrganisation.objects.get(name="Buurtteam").municipality is None


def test_import_accepts_commas_between_cells(client, world):
    response = _import(
        client,
        world,
        "naam,soort,gemeente,themas,contactpersoon,e-mailadres,telefoonnummer\nClub,sportclub,Velsen,,,,\n",
    )
    assert response.context["report"].imported == 1


def test_one_bad_row_among_good_ones_imports_nothing(client, world):
    org(world.velsen, name="Bestaat al")
    text = "\n".join(
        [
            HEADER,
            "Goede club;sportclub;Velsen;;;;",
            "Slechte soort;kroeg;Velsen;;;;",
            "Andere gemeente;school;Beverwijk;;;;",
            "Onbekend thema;school;Velsen;Bestaat niet;;;",
            "Bestaat al;sportclub;Velsen;;;;",
            "Goede club;sportclub;velsen;;;;",
            ";school;Velsen;;;geen-adres;",
            "Nog een goede;school;regio;;;;",
        ]
    )
    response = _import(client, world, text)
    assert response.status_code == 400
    report = response.context["report"]
    assert report.imported == 0
    assert NetworkOrganisation.objects.count() == 1  # only the one that was there
    by_line = {row.number: row for row in report.rows}
    assert by_line[2].accepted and by_line[9].accepted
    assert "Onbekende soort" in " ".join(by_line[3].reasons)
    assert "Beverwijk" in " ".join(by_line[4].reasons)
    assert "Onbekend thema" in " ".join(by_line[5].reasons)
    assert "staat er al" in " ".join(by_line[6].reasons)
    assert "twee keer" in " ".join(by_line[7].reasons)
    reasons = " ".join(by_line[8].reasons)
    assert "Naam" in reasons and "E-mailadres" in reasons
    page = response.content.decode()
    assert "Er is niets ingelezen" in page
    assert "Onbekende soort: kroeg." in page


def test_support_team_imports_for_any_municipality(client, world):
    response = _import(client, world, f"{HEADER}\nSchool;school;Beverwijk;;;;\n", persona="ondersteuning")
    assert response.context["report"].imported == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"Name;Kind\nClub;sportclub\n", "ontbreekt"),
        (f"{HEADER}\nCafé;sportclub;Velsen;;;;\n".encode("cp1252"), "UTF-8"),
        (b"", "leeg"),
        (f"{HEADER}\n".encode(), "geen regels"),
        (f'{HEADER}\n"open;sportclub\n'.encode() + b"x" * 200_000, "geen geldig"),
        (f"{HEADER}\n".encode() + b"a;sportclub;Velsen;;;;\n" * 2001, "2000"),
        (b"x" * (1024 * 1024 + 1), "te groot"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "UTF-8"),
    ],
)
def test_a_file_that_cannot_be_read_is_a_form_error(client, world, content, message):
    response = _import(client, world, upload(content))
    assert response.status_code == 400
    errors = " ".join(response.context["form"].errors["file"])
    assert message in errors
    assert response.context["report"] is None
    assert not NetworkOrganisation.objects.exists()


def test_hostile_cells_are_refused_or_cleaned(client, world):
    text = f"{HEADER}\n{'x' * 300};sportclub;Velsen;;;;\nNul\x00byte;school;Velsen;;;;\n"
    response = _import(client, world, text)
    report = response.context["report"]
    assert report.imported == 0
    assert "Naam" in " ".join(report.rows[0].reasons)
    assert report.rows[1].accepted
    assert report.rows[1].name == "Nulbyte"
