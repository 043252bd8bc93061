import factory
from django.contrib.auth import get_user_model
from django.utils import timezone
from factory.django import DjangoModelFactory

from barter.data.taxonomy import sync_categories
from barter.models import (
    Business,
    BusinessKind,
    BusinessStatus,
    Category,
    Listing,
    ListingKind,
    ListingNature,
    ListingStatus,
    Membership,
    MembershipRole,
    Network,
    Sector,
)


def siret_from(seed: int) -> str:
    """A valid 14-digit SIRET derived from an integer (Luhn check digit appended)."""
    body = f"{(seed * 7919 + 123456789) % 10**13:013d}"
    if body.startswith("356000000"):
        body = "4" + body[1:]
    for check in range(10):
        candidate = body + str(check)
        total = 0
        for index, char in enumerate(reversed(candidate)):
            value = int(char) * (2 if index % 2 else 1)
            total += value - 9 if value > 9 else value
        if total % 10 == 0:
            return candidate
    raise AssertionError("unreachable")


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"Martin{n}")
    password = factory.django.Password("motdepasse-solide-42")


class NetworkFactory(DjangoModelFactory):
    class Meta:
        model = Network
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Réseau {n}")
    slug = factory.Sequence(lambda n: f"reseau-{n}")
    departements = factory.LazyFunction(lambda: ["91"])
    default_credit_limit = 100_000

    @factory.post_generation
    def coordinators(self, create, extracted, **kwargs):
        if create and extracted:
            self.coordinators.add(*extracted)


class BusinessFactory(DjangoModelFactory):
    class Meta:
        model = Business
        skip_postgeneration_save = True

    network = factory.SubFactory(NetworkFactory)
    legal_name = factory.Sequence(lambda n: f"Entreprise {n}")
    siret = factory.Sequence(siret_from)
    kind = BusinessKind.TPE
    sector = Sector.PROFESSIONAL
    postcode = "91000"
    commune = "Évry-Courcouronnes"
    latitude = 48.6290
    longitude = 2.4410
    status = BusinessStatus.ACTIVE

    @factory.post_generation
    def owner(self, create, extracted, **kwargs):
        if create and extracted:
            Membership.objects.create(user=extracted, business=self, role=MembershipRole.OWNER)


def leaf_category(slug: str = "graphisme") -> Category:
    """A category of the tree the migration seeds. A transactional test's flush empties the
    tables, migration data included: the tree is seeded again when missing."""
    found = Category.objects.filter(slug=slug).first()
    if found is None:
        sync_categories(Category)
        found = Category.objects.get(slug=slug)
    return found


class ListingFactory(DjangoModelFactory):
    class Meta:
        model = Listing

    business = factory.SubFactory(BusinessFactory)
    kind = ListingKind.OFFER
    nature = ListingNature.SERVICE
    title = factory.Sequence(lambda n: f"Annonce {n}")
    description = "Une description."
    category = factory.LazyFunction(leaf_category)
    value = 10_000
    quantity = 1
    status = ListingStatus.ACTIVE
    published_at = factory.LazyFunction(timezone.now)


def delivered_purchase(network, *, value: int = 10_000):
    """One unit of a seller's offer (`value` cents, no VAT) bought in `network`, accepted and
    delivered, waiting for the buyer's confirmation. Returns (purchase, buyer's user)."""
    from barter.services import purchases
    from ledger import services as ledger_services

    buyer_user, seller_user = UserFactory(), UserFactory()
    buyer = BusinessFactory(network=network, owner=buyer_user)
    seller = BusinessFactory(network=network, owner=seller_user)
    for business in (buyer, seller):
        ledger_services.account_open(business=business)
    offer = ListingFactory(business=seller, value=value, vat_rate=0, quantity=2)
    purchase = purchases.purchase_request(actor=buyer_user, buyer=buyer, listing=offer, quantity=1)
    purchase = purchases.purchase_accept(actor=seller_user, purchase=purchase)
    return purchases.purchase_deliver(actor=seller_user, purchase=purchase), buyer_user
