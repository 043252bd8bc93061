"""Reads for matching: which want accepts which offer, and the engine's input document.

Compatibility of a want with an offer (both active listings of active businesses of the same
network, with units left, still valid, of different businesses):
- the offer's category is the want's category or one under it;
- the offer's price for one unit (incl. VAT: the credits that would move) fits the want's
  budget, within the network's budget tolerance;
- the giver can deliver to the receiver: the offer is remote, or the two businesses lie within
  the smallest radius that applies (the offer's, the want's unless it is remote, else the
  network's default radius);
- the combination was not declined before (passed to the engine as `forbidden`).
The text relevance of the pair becomes the engine's `score` (PostgreSQL: French full-text rank
of the offer against the want's words; elsewhere: the share of the want's words in the offer).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Q, QuerySet
from django.utils import timezone

from barter.geo import haversine_km
from barter.models import Business, BusinessStatus, Listing, ListingKind, ListingStatus
from barter.selectors import category_descendant_ids
from ledger.models import Account, AccountKind
from ledger.money import line_amounts

from .models import MatchingRun, MatchingSettings, Proposal, ProposalStatus

SCORE_FLOOR = 0.5  # a category match alone; text relevance lifts it towards 1


def matching_settings(network) -> MatchingSettings:
    settings, _ = MatchingSettings.objects.get_or_create(network=network)
    return settings


def combination_digest(legs: list[tuple[int, int]]) -> str:
    """The identity of a set of (offer id, want id) legs, whatever their order."""
    canonical = ";".join(f"{o}:{w}" for o, w in sorted(legs))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _unit_credits(listing: Listing) -> int:
    return line_amounts(unit_price=listing.value, quantity=1, vat_rate=listing.vat_rate)[2]


def _candidate_listings(network, kind: str) -> QuerySet[Listing]:
    today = timezone.localdate()
    return (
        Listing.objects.filter(
            business__network=network,
            business__status=BusinessStatus.ACTIVE,
            kind=kind,
            status=ListingStatus.ACTIVE,
            quantity__gte=1,
            valid_from__lte=today,
        )
        .exclude(valid_until__lt=today)
        .select_related("business")
        .order_by("pk")
    )


_WORD = re.compile(r"[a-z0-9]+")
_STOPWORDS = (
    "a au aux avec ce ces dans de des du en et la le les leur leurs nos notre nous ou par "
    "pour que qui sa se ses son sur un une vos votre vous d l"
)
_STOP = frozenset(_STOPWORDS.split())


def _words(text: str) -> set[str]:
    plain = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    # A crude French stem: drop plural and common endings, enough to match "salles"/"salle".
    return {w.rstrip("s")[:7] for w in _WORD.findall(plain) if w not in _STOP and len(w) > 2}


def _scores_python(pairs, wants: dict[int, Listing], offers: dict[int, Listing]) -> dict:
    want_words = {pk: _words(f"{w.title} {w.description}") for pk, w in wants.items()}
    offer_words = {pk: _words(f"{o.title} {o.description}") for pk, o in offers.items()}
    scores = {}
    for want_id, offer_id in pairs:
        asked = want_words[want_id]
        shared = len(asked & offer_words[offer_id]) / len(asked) if asked else 0.0
        scores[(want_id, offer_id)] = SCORE_FLOOR + (1 - SCORE_FLOOR) * min(1.0, shared * 2)
    return scores


def _scores_postgres(pairs) -> dict:
    """ts_rank of each offer's French vector against its want's words (OR-ed), normalised."""
    scores = {}
    chunk = 2000
    with connection.cursor() as cursor:
        for start in range(0, len(pairs), chunk):
            part = pairs[start : start + chunk]
            values = ", ".join(["(%s, %s)"] * len(part))
            cursor.execute(
                f"""
                WITH pairs(want_id, offer_id) AS (VALUES {values})
                SELECT p.want_id, p.offer_id,
                       ts_rank(
                         setweight(to_tsvector('french', coalesce(o.title, '')), 'A')
                         || setweight(to_tsvector('french', coalesce(o.description, '')), 'B'),
                         coalesce(
                           nullif(replace(plainto_tsquery('french', w.title)::text, '&', '|'), ''),
                           'zzzzz'
                         )::tsquery
                       )
                FROM pairs p
                JOIN barter_listing o ON o.id = p.offer_id
                JOIN barter_listing w ON w.id = p.want_id
                """,  # noqa: S608 - only placeholders are interpolated
                [v for pair in part for v in pair],
            )
            for want_id, offer_id, rank in cursor.fetchall():
                relevance = min(1.0, float(rank) / 0.6)
                scores[(want_id, offer_id)] = SCORE_FLOOR + (1 - SCORE_FLOOR) * relevance
    return scores


@dataclass
class EngineInput:
    """The engine's input document, and what its ids stand for."""

    document: dict
    businesses: dict[str, Business] = field(default_factory=dict)
    offers: dict[str, Listing] = field(default_factory=dict)
    wants: dict[str, Listing] = field(default_factory=dict)
    accounts: dict[str, Account] = field(default_factory=dict)
    scores: dict[tuple[int, int], float] = field(default_factory=dict)


def engine_input(network, *, settings: MatchingSettings | None = None) -> EngineInput:
    """Build the engine's input document for a network's current listings.

    Headroom is each business's available credit; the tolerance is the network's balance
    tolerance. Declined or expired combinations are passed as `forbidden`.
    """
    settings = settings or matching_settings(network)
    offers = {o.pk: o for o in _candidate_listings(network, ListingKind.OFFER)}
    wants = {w.pk: w for w in _candidate_listings(network, ListingKind.WANT)}
    accounts = {
        a.business_id: a
        for a in Account.objects.filter(network=network, kind=AccountKind.BUSINESS).select_related(
            "business"
        )
    }
    offers = {pk: o for pk, o in offers.items() if o.business_id in accounts}
    wants = {pk: w for pk, w in wants.items() if w.business_id in accounts}

    offers_by_category: dict[int, list[Listing]] = {}
    for offer in offers.values():
        offers_by_category.setdefault(offer.category_id, []).append(offer)
    descendants: dict[int, set[int]] = {}
    unit_credits = {pk: _unit_credits(o) for pk, o in offers.items()}
    tolerance = settings.budget_tolerance / 100

    pairs: list[tuple[int, int]] = []
    for want in wants.values():
        if want.category_id not in descendants:
            descendants[want.category_id] = category_descendant_ids(want.category_id)
        ceiling = want.value * (1 + tolerance)
        receiver = want.business
        for category_id in sorted(descendants[want.category_id]):
            for offer in offers_by_category.get(category_id, []):
                if offer.business_id == want.business_id or unit_credits[offer.pk] > ceiling:
                    continue
                if unit_credits[offer.pk] <= 0:
                    continue
                if not _deliverable(offer, want, receiver, settings.default_radius_km):
                    continue
                pairs.append((want.pk, offer.pk))

    used_offers = {o for _, o in pairs}
    used_wants = {w for w, _ in pairs}
    if connection.vendor == "postgresql" and pairs:
        scores = _scores_postgres(pairs)
    else:
        scores = _scores_python(
            pairs,
            {pk: wants[pk] for pk in used_wants},
            {pk: offers[pk] for pk in used_offers},
        )

    participants_ids = sorted(
        {offers[o].business_id for o in used_offers} | {wants[w].business_id for w in used_wants}
    )
    result = EngineInput(document={}, scores=scores)
    document_participants = []
    for business_id in participants_ids:
        account = accounts[business_id]
        key = f"b{business_id}"
        result.businesses[key] = account.business
        result.accounts[key] = account
        document_participants.append(
            {
                "id": key,
                "headroom": max(0, account.available),
                "tolerance": settings.balance_tolerance,
            }
        )
    document_offers = []
    for offer_id in sorted(used_offers):
        offer = offers[offer_id]
        result.offers[f"o{offer_id}"] = offer
        document_offers.append(
            {
                "id": f"o{offer_id}",
                "participant": f"b{offer.business_id}",
                "value": unit_credits[offer_id],
                "quantity": offer.quantity,
            }
        )
    accepts: dict[int, list[dict]] = {}
    for want_id, offer_id in pairs:
        accepts.setdefault(want_id, []).append(
            {"offer": f"o{offer_id}", "score": round(scores[(want_id, offer_id)], 4)}
        )
    document_wants = []
    for want_id in sorted(accepts):
        result.wants[f"w{want_id}"] = wants[want_id]
        document_wants.append(
            {
                "id": f"w{want_id}",
                "participant": f"b{wants[want_id].business_id}",
                "accepts": accepts[want_id],
            }
        )
    result.document = {
        "max_cycle_length": settings.max_cycle_length,
        "objective": settings.objective,
        "time_limit_s": settings.time_limit_s,
        "participants": document_participants,
        "offers": document_offers,
        "wants": document_wants,
        "forbidden": forbidden_combinations(network, offers=used_offers, wants=used_wants),
    }
    return result


def _deliverable(offer: Listing, want: Listing, receiver: Business, default_radius: int) -> bool:
    if offer.is_remote:
        return True
    giver = offer.business
    if not (giver.has_location and receiver.has_location):
        return True  # no coordinates to judge by: let the businesses decide
    radii = [offer.radius_km or default_radius]
    if not want.is_remote and want.radius_km:
        radii.append(want.radius_km)
    distance = haversine_km(giver.latitude, giver.longitude, receiver.latitude, receiver.longitude)
    return distance <= min(radii)


def forbidden_combinations(network, *, offers: set[int], wants: set[int]) -> list[list[dict]]:
    """Leg sets of declined or expired proposals still possible today: never proposed again."""
    forbidden = []
    closed = (
        Proposal.objects.filter(
            network=network, status__in=[ProposalStatus.DECLINED, ProposalStatus.EXPIRED]
        )
        .prefetch_related("legs")
        .order_by("pk")
    )
    seen = set()
    for proposal in closed:
        legs = [(leg.offer_id, leg.want_id) for leg in proposal.legs.all()]
        if proposal.combination in seen:
            continue
        seen.add(proposal.combination)
        if all(o in offers and w in wants for o, w in legs):
            forbidden.append([{"offer": f"o{o}", "want": f"w{w}"} for o, w in legs])
    return forbidden


def runs_of(networks) -> QuerySet[MatchingRun]:
    return MatchingRun.objects.filter(network__in=networks).select_related("network", "started_by")


def proposals_of(business) -> QuerySet[Proposal]:
    """The proposals a business takes part in, newest first."""
    return (
        Proposal.objects.filter(participants__business=business)
        .distinct()
        .prefetch_related("participants__business", "legs")
    )


def proposals_visible_to(user) -> QuerySet[Proposal]:
    """Proposals of the user's businesses and of the networks they coordinate."""
    from barter.selectors import user_coordinated_networks

    if not user.is_authenticated:
        return Proposal.objects.none()
    visible = Q(participants__business__memberships__user=user) | Q(
        network__in=user_coordinated_networks(user)
    )
    return Proposal.objects.filter(visible).distinct().select_related("network", "run")
