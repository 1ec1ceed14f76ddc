"""factory_boy factories for the base apps. Later issues add theirs here."""

from __future__ import annotations

from datetime import date, timedelta

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from councils.models import Council, Law, Municipality, Neighbourhood, Region, Theme
from members.models import CouncilRole, Membership, Role, RoleAssignment, User

TEST_PASSWORD = "een-lang-testwachtwoord-2026"


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("slug",)

    name = "IJmond"
    slug = "ijmond"


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("slug",)

    region = factory.SubFactory(RegionFactory)
    name = factory.Sequence(lambda n: f"Gemeente {n}")
    slug = factory.Sequence(lambda n: f"gemeente-{n}")
    # GM9000–GM9999: never a real code, and always six characters however many tests ran before.
    cbs_code = factory.Sequence(lambda n: f"GM{9000 + n % 1000:04d}")
    college_name = factory.LazyAttribute(lambda o: f"College van B&W van {o.name}")
    college_address = "Postbus 1\n1000 AA Ergens"


class NeighbourhoodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Neighbourhood

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Wijk {n}")


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    name = factory.Sequence(lambda n: f"Thema {n}")
    slug = factory.Sequence(lambda n: f"thema-{n}")
    law = Law.WMO


class CouncilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Council
        django_get_or_create = ("slug",)

    region = factory.LazyAttribute(lambda o: o.municipality.region if o.municipality else RegionFactory())
    municipality = factory.SubFactory(MunicipalityFactory)
    kind = factory.LazyAttribute(lambda o: Council.Kind.LOCAL if o.municipality else Council.Kind.REGIONAL)
    name = factory.LazyAttribute(lambda o: f"Participatieraad {o.municipality.name if o.municipality else 'IJmond'}")
    slug = factory.LazyAttribute(lambda o: f"participatieraad-{o.municipality.slug if o.municipality else 'ijmond'}")
    code = factory.Sequence(lambda n: "".join(chr(65 + (n // 26**i) % 26) for i in (2, 1, 0)))

    class Params:
        regional = factory.Trait(municipality=None)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"persoon{n}@example.org")
    full_name = factory.Faker("name", locale="nl_NL")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create:
            self.save()
            EmailAddress.objects.get_or_create(
                user=self, email=self.email, defaults={"verified": True, "primary": True}
            )


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    person = factory.SubFactory(UserFactory)
    council = factory.SubFactory(CouncilFactory)
    role = CouncilRole.RAADSLID
    term_start = date(2024, 4, 1)
    term_end = date(2099, 3, 31)
    appointment_decision_date = date(2024, 3, 12)


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    person = factory.SubFactory(UserFactory)
    role = Role.AANJAGER
    valid_from = date(2024, 1, 1)


class NetworkOrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "members.NetworkOrganisation"

    name = factory.Sequence(lambda n: f"Sportclub {n}")
    kind = "sportclub"
    municipality = factory.SubFactory(MunicipalityFactory)


class SignalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "signals.Signal"

    text = factory.Faker("paragraph", locale="nl_NL")
    municipality = factory.SubFactory(MunicipalityFactory)
    channel = "web"


# --- agenda (base factories; areas add theirs below) ------------------------------------------------


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "agenda.AgendaItem"

    council = factory.SubFactory(CouncilFactory)
    title = factory.Sequence(lambda n: f"Agendapunt {n}")
    description = "Waar het over gaat."
    origin = "participatieraad"
    status = "geagendeerd"
    is_public = True


class EarlyInvolvementRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "agenda.EarlyInvolvementRequest"

    council = factory.SubFactory(CouncilFactory)
    municipality = factory.LazyAttribute(lambda o: o.council.municipality or MunicipalityFactory())
    title = factory.Sequence(lambda n: f"Beleidstraject {n}")
    phase = "verkenning"
    phase_at_filing = factory.LazyAttribute(lambda o: o.phase)
    question = "Wie moeten we betrekken, en hoe?"
    wanted_by = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))


# --- members: the expert network (issue 10, registries) ---------------------------------------------


class ExpertProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "members.ExpertProfile"

    council = factory.SubFactory(CouncilFactory)
    municipality = factory.LazyAttribute(lambda o: o.council.municipality)
    name = factory.Sequence(lambda n: f"Ervaringsdeskundige {n}")
    email = factory.Sequence(lambda n: f"expert{n}@example.org")
    domains = factory.LazyFunction(lambda: ["wmo"])
    backgrounds = factory.LazyFunction(lambda: ["client"])
    status = "actief"
    consent_at = factory.LazyFunction(timezone.now)


# --- tables: meetings and invitations (C10) ----------------------------------------------------------


def _next_evening(days: int = 10):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    day = timezone.localdate() + timedelta(days=days)
    return datetime(day.year, day.month, day.day, 19, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "tables.Meeting"

    council = factory.SubFactory(CouncilFactory)
    table = None
    kind = "raad"
    title = factory.Sequence(lambda n: f"Vergadering {n}")
    starts_at = factory.LazyFunction(_next_evening)
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=2))
    location = "Stadhuis, Dudokplein 1, IJmuiden"


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "tables.Invitation"

    meeting = factory.SubFactory(MeetingFactory)
    name = factory.Sequence(lambda n: f"Genodigde {n}")
    email = factory.Sequence(lambda n: f"genodigde{n}@example.org")
    token_hash = factory.Sequence(lambda n: f"{n:064x}")
    sent_sequence = 0


def calendar_attachment(email) -> str:
    """The text of the calendar file (text/calendar) attached to a delivered mail ('' when none)."""
    for part in email.message().walk():
        if part.get_content_type() == "text/calendar":
            return part.get_payload(decode=True).decode("utf-8")
    return ""


# --- advice (issue 11) ---------------------------------------------------------------------------------


class AdviceFactory(factory.django.DjangoModelFactory):
    """A draft advice with every section a chair needs to adopt it (add recommendations: ``with_recommendations``)."""

    class Meta:
        model = "advice.Advice"
        skip_postgeneration_save = True

    council = factory.SubFactory(CouncilFactory)
    kind = "ongevraagd"
    addressed_municipality = factory.LazyAttribute(lambda o: o.council.municipality)
    subject = factory.Sequence(lambda n: f"Advies over onderwerp {n}")
    occasion = "Inwoners meldden dat de aanvraag te lang duurt."
    method = "Een tijdelijke tafel met vijf cliënten en twee mantelzorgers, drie bijeenkomsten."
    findings = "De wachttijd is het grootste probleem."
    client_perspective = "Cliënten vragen één vast aanspreekpunt."
    plain_summary = "Maak het aanvragen korter en eenvoudiger."

    @factory.post_generation
    def with_recommendations(self, create, extracted, **kwargs):
        if create and extracted:
            for number in range(1, int(extracted) + 1):
                RecommendationFactory(advice=self, number=number)


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "advice.Recommendation"

    advice = factory.SubFactory(AdviceFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Aanbeveling {n}")
    text = "Zorg dat een aanvraag binnen vier weken is afgehandeld."


# --- support requests and self-evaluation (issue 12, councils) -----------------------------------------


class SupportRequestFactory(factory.django.DjangoModelFactory):
    """An open support request of a council, wanted in two weeks."""

    class Meta:
        model = "councils.SupportRequest"

    council = factory.SubFactory(CouncilFactory)
    kind = "communicatie"
    title = factory.Sequence(lambda n: f"Hulp bij een flyer {n}")
    description = "Kan het team een flyer maken voor onze bijeenkomst?"
    wanted_by = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=14))
    status = "open"


class SelfEvaluationFactory(factory.django.DjangoModelFactory):
    """A concept self-evaluation of this year (add answers with ``SelfEvaluationAnswerFactory``)."""

    class Meta:
        model = "councils.SelfEvaluation"

    council = factory.SubFactory(CouncilFactory)
    year = factory.LazyFunction(lambda: timezone.localdate().year)
    status = "concept"


class SelfEvaluationAnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "councils.SelfEvaluationAnswer"

    evaluation = factory.SubFactory(SelfEvaluationFactory)
    question = "bereik"
    score = 3
    reflection = "Inwoners vinden ons steeds beter."


# --- good practice and annual report (issue 12, regional presentation) ---------------------------------


class ConcludedTableFactory(factory.django.DjangoModelFactory):
    """A concluded, public table with its client perspective (what good practice may point at)."""

    class Meta:
        model = "tables.Table"

    council = factory.SubFactory(CouncilFactory)
    title = factory.Sequence(lambda n: f"Tafel over vervoer {n}")
    question = "Hoe komen inwoners met een beperking op hun werk?"
    origin = "eigen_initiatief"
    status = "afgerond"
    is_public = True
    outcome_summary = "Een proef met deelvervoer in twee wijken."
    client_perspective = "Cliënten willen één loket voor al het vervoer."
    concluded_at = factory.LazyFunction(timezone.now)


class GoodPracticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "ijmond_participatie.GoodPractice"

    table = factory.SubFactory(ConcludedTableFactory)
    council = factory.LazyAttribute(lambda o: o.table.council if o.table else o.advice.council)
    advice = None
    lesson = "Begin met de cliënten aan tafel, niet met de nota."


class AnnualReportFactory(factory.django.DjangoModelFactory):
    """A draft annual report of last year."""

    class Meta:
        model = "ijmond_participatie.AnnualReport"

    council = factory.SubFactory(CouncilFactory)
    year = factory.LazyFunction(lambda: timezone.localdate().year - 1)
    foreword = "Een jaar waarin we veel inwoners spraken."
