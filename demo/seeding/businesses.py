"""The businesses: registered by their owners and approved by the coordinators through the
services; a few stay pending, a few are suspended with a reason."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model

from barter import services
from barter.data.communes import COMMUNES
from barter.models import BusinessKind

from ..context import DemoBusiness, DemoContext
from ..data import (
    ENTREPRENEUR,
    KIND_SENTENCES,
    LIEUX,
    NETWORKS,
    PROFILES,
    STAFF,
    STREETS,
    SUSPENSION_REASONS,
    NetworkSpec,
)
from ..identities import (
    a,
    ascii_slug,
    de,
    domain,
    jitter,
    moment,
    person,
    phone,
    siret,
    unique,
    weighted,
)
from .networks import create_user


def seed_businesses(context: DemoContext) -> None:
    """About 170 businesses registered and approved through the services; a few stay pending."""
    rng = context.rng
    sirets: list[str] = []
    names: list[str] = []
    usernames = list(get_user_model().objects.values_list("username", flat=True))
    for spec in NETWORKS:
        count = spec.businesses
        communes = [c for c in COMMUNES if c[0][:2] in spec.departements]
        social_count = round(count * 0.4)
        families = ["ess"] * social_count + ["classic"] * (count - social_count)
        rng.shuffle(families)
        fates = ["active"] * count
        chosen = rng.sample(range(1, count), spec.pending + spec.suspended)
        for index in chosen[: spec.pending]:
            fates[index] = "pending"
        for index in chosen[spec.pending :]:
            fates[index] = "suspended"
        for index in range(count):
            if spec.slug == "essonne" and index == 0:
                entrepreneur = _register(
                    context, spec, ENTREPRENEUR, communes, "active", sirets, names
                )
                context.businesses.append(entrepreneur)
                continue
            family = families[index]
            profile = weighted(rng, [(p, p.weight) for p in PROFILES if p.family == family])
            first, last = person(rng)
            username = unique(ascii_slug(f"{first}.{last}", "."), usernames, ".")
            usernames.append(username)
            commune = rng.choice(communes)
            draft = _draft_business(context, spec, profile, commune, first, last, names)
            draft.update(username=username, first=first, last=last)
            context.businesses.append(
                _register(context, spec, draft, communes, fates[index], sirets, names)
            )
    context.group.user_set.add(*[b.owner for b in context.businesses])
    context.say(f"  businesses: {len(context.businesses)}")


def seed_suspensions(context: DemoContext) -> None:
    """The coordinators suspend the businesses the demo meant to suspend, with a reason."""
    suspended = [member for member in context.businesses if member.fate == "suspended"]
    for index, member in enumerate(suspended):
        member.business = services.business_suspend(
            actor=context.coordinators[member.network_slug],
            business=member.business,
            reason=SUSPENSION_REASONS[index % len(SUSPENSION_REASONS)],
        )


def _draft_business(context, spec: NetworkSpec, profile, commune, first, last, names) -> dict:
    """The registration form of a generated business."""
    rng = context.rng
    postcode, place, _, _ = commune
    kind = weighted(rng, profile.kinds)
    terroir = rng.choice(spec.terroirs)
    for _ in range(40):
        legal_name = rng.choice(profile.names).format(
            nom=last,
            prenom=first,
            terroir=terroir,
            de_ville=de(place),
            ville=place,
            lieu=rng.choice(LIEUX),
        )
        if legal_name not in names:
            break
    else:
        legal_name = unique(f"{legal_name} ({place})", names, " ")
    staff = rng.randint(*STAFF[kind])
    founded = context.today.year - rng.randint(2, 30)
    offers = [context.categories[s].name_fr.lower() for s in profile.offers[:3]]
    wants = [context.categories[s].name_fr.lower() for s in profile.wants[:2]]
    description = " ".join(
        [
            rng.choice(profile.descriptions).format(
                a_ville=a(place), de_ville=de(place), terroir=terroir, annee=founded, ville=place
            ),
            KIND_SENTENCES[kind].format(n=staff, annee=founded),
            f"Sur Cyclotroc, nous proposons : {', '.join(offers)}. "
            f"Nous cherchons : {', '.join(wants)}.",
        ]
    )
    return {
        "legal_name": legal_name,
        "kind": kind,
        "profile": profile,
        "sector": profile.sector,
        "description": description,
        "postcode": postcode,
        "commune": place,
        "mobile": kind == BusinessKind.MICRO and rng.random() < 0.6,
        "website": rng.random() < 0.7,
    }


def _register(context, spec: NetworkSpec, draft, communes, fate, sirets, names) -> DemoBusiness:
    """Create the owner, register the business as them and have the coordinator approve it."""
    rng = context.rng
    commune = next(c for c in communes if c[1] == draft["commune"])
    latitude, longitude = jitter(rng, commune[2], commune[3])
    web_domain = domain(draft["legal_name"])
    if fate == "pending":
        created = moment(rng, context.today - timedelta(days=rng.randint(1, 12)))
    else:
        created = moment(rng, context.today - timedelta(days=rng.randint(150, 900)))
    owner = create_user(
        context,
        username=draft["username"],
        first_name=draft["first"],
        last_name=draft["last"],
        email=f"{ascii_slug(draft['first'] + ' ' + draft['last'], '.')}@{web_domain}",
        joined=created,
    )
    address = f"{rng.randint(1, 120)} {rng.choice(STREETS)}"
    business = services.business_register(
        actor=owner,
        network=context.networks[spec.slug],
        legal_name=draft["legal_name"],
        siret=siret(rng, sirets),
        kind=draft["kind"],
        sector=draft["sector"],
        description=draft["description"],
        address=address,
        postcode=draft["postcode"],
        commune=draft["commune"],
        latitude=latitude,
        longitude=longitude,
        website=f"https://www.{web_domain}" if draft["website"] else "",
        email=f"contact@{web_domain}",
        phone=phone(rng, spec.departements[0], draft["mobile"]),
    )
    names.append(draft["legal_name"])
    if fate != "pending":
        business = services.business_approve(
            actor=context.coordinators[spec.slug], business=business
        )
    return DemoBusiness(
        business=business,
        owner=owner,
        profile=draft["profile"],
        network_slug=spec.slug,
        fate=fate,
        created=created,
    )
