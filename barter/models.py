"""The marketplace's domain: networks (territories), businesses, memberships, categories, listings.

Models hold data and database constraints only; every rule that changes them lives in
barter/services.py, every read the pages need in barter/selectors.py.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .validators import validate_postcode, validate_siret


class Network(models.Model):
    """A territory's barter network, run by its coordinators (e.g. France Active Essonne)."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    departements = models.JSONField(
        _("départements covered"),
        default=list,
        help_text=_('Department codes, e.g. ["91"] or ["77", "93"].'),
    )
    description = models.TextField(_("description"), blank=True)
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="coordinated_networks",
        blank=True,
        verbose_name=_("coordinators"),
    )
    delegates = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="delegated_networks",
        blank=True,
        verbose_name=_("delegates"),
        help_text=_(
            "Machine accounts of partner networks (API clients) that may act for every business "
            "of this network, within their scopes."
        ),
    )
    default_credit_limit = models.BigIntegerField(
        _("default credit limit (cents)"),
        default=100_000,
        help_text=_("Credit limit given to a newly approved business, in cents of credit."),
    )
    commission_rate = models.PositiveSmallIntegerField(
        _("commission (basis points)"),
        default=0,
        validators=[MaxValueValidator(2000)],
        help_text=_(
            "Share of each exchange's amount excluding VAT kept by the network, in hundredths of "
            "a percent (150 = 1.5 %), paid by the seller."
        ),
    )
    two_factor_required = models.BooleanField(
        _("two-factor authentication required for coordinators"),
        default=False,
        help_text=_(
            "Its coordinators must sign in with a code from an authenticator app as well as their "
            "password before any coordination page or credit movement works."
        ),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(default_credit_limit__gte=0), name="network_credit_limit_non_negative"
            ),
            models.CheckConstraint(
                condition=Q(commission_rate__lte=2000), name="network_commission_at_most_20pc"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class BusinessKind(models.TextChoices):
    """Legal form, grouped into social-economy structures and classic firms."""

    ASSOCIATION = "association", _("Association")
    SCOP = "scop", _("Worker cooperative (SCOP)")
    SCIC = "scic", _("Collective-interest cooperative (SCIC)")
    COOPERATIVE = "cooperative", _("Other cooperative")
    INSERTION = "insertion", _("Work-integration enterprise (SIAE)")
    ESUS = "esus", _("Solidarity enterprise (ESUS)")
    MUTUAL_FOUNDATION = "mutual", _("Mutual or foundation")
    MICRO = "micro", _("Sole trader / micro-enterprise")
    TPE = "tpe", _("Very small business (TPE)")
    PME = "pme", _("Small or medium business (PME)")


SOCIAL_ECONOMY_KINDS = frozenset(
    {
        BusinessKind.ASSOCIATION,
        BusinessKind.SCOP,
        BusinessKind.SCIC,
        BusinessKind.COOPERATIVE,
        BusinessKind.INSERTION,
        BusinessKind.ESUS,
        BusinessKind.MUTUAL_FOUNDATION,
    }
)
CLASSIC_KINDS = frozenset(set(BusinessKind) - SOCIAL_ECONOMY_KINDS)

KIND_CHOICES_GROUPED = [
    (
        _("Social and solidarity economy"),
        [(k.value, k.label) for k in BusinessKind if k in SOCIAL_ECONOMY_KINDS],
    ),
    (_("Classic business"), [(k.value, k.label) for k in BusinessKind if k in CLASSIC_KINDS]),
]


class Sector(models.TextChoices):
    """Activity sector: the sections of the French NAF rév. 2 nomenclature that small firms use."""

    AGRICULTURE = "A", _("Agriculture, forestry and fishing")
    MANUFACTURING = "C", _("Manufacturing and crafts")
    ENERGY = "D", _("Energy")
    WATER_WASTE = "E", _("Water, waste and recycling")
    CONSTRUCTION = "F", _("Construction")
    TRADE = "G", _("Trade and repair")
    TRANSPORT = "H", _("Transport and storage")
    HOSPITALITY = "I", _("Accommodation and food service")
    INFORMATION = "J", _("Information and communication")
    FINANCE = "K", _("Finance and insurance")
    REAL_ESTATE = "L", _("Real estate")
    PROFESSIONAL = "M", _("Professional, scientific and technical services")
    SUPPORT = "N", _("Administrative and support services")
    EDUCATION = "P", _("Education and training")
    HEALTH_SOCIAL = "Q", _("Health and social work")
    ARTS = "R", _("Arts, entertainment and recreation")
    OTHER_SERVICES = "S", _("Other services")


class BusinessStatus(models.TextChoices):
    PENDING = "pending", _("Pending approval")
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    REJECTED = "rejected", _("Rejected")


class Business(models.Model):
    """A member business or social-economy structure of a network."""

    network = models.ForeignKey(
        Network, on_delete=models.PROTECT, related_name="businesses", verbose_name=_("network")
    )
    legal_name = models.CharField(_("legal name"), max_length=200)
    siret = models.CharField(
        _("SIREN or SIRET"),
        max_length=14,
        unique=True,
        validators=[validate_siret],
        help_text=_("9 digits (SIREN) or 14 digits (SIRET)."),
    )
    kind = models.CharField(
        _("legal form"), max_length=20, choices=KIND_CHOICES_GROUPED, db_index=True
    )
    sector = models.CharField(_("sector"), max_length=1, choices=Sector.choices)
    description = models.TextField(_("description"), blank=True)
    address = models.CharField(_("address"), max_length=250, blank=True)
    postcode = models.CharField(_("postcode"), max_length=5, validators=[validate_postcode])
    commune = models.CharField(_("commune"), max_length=120)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("contact e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=BusinessStatus.choices,
        default=BusinessStatus.PENDING,
    )
    status_reason = models.TextField(_("reason for the status"), blank=True)
    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("status changed by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("business")
        verbose_name_plural = _("businesses")
        ordering = ["legal_name"]
        indexes = [models.Index(fields=["network", "status"], name="business_network_status")]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="business_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="business_longitude_range",
            ),
        ]

    def __str__(self) -> str:
        return self.legal_name

    def get_absolute_url(self) -> str:
        return reverse("barter:business-detail", args=[self.pk])

    @property
    def is_social_economy(self) -> bool:
        return self.kind in SOCIAL_ECONOMY_KINDS

    @property
    def is_active(self) -> bool:
        return self.status == BusinessStatus.ACTIVE

    @property
    def has_location(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class MembershipRole(models.TextChoices):
    OWNER = "owner", _("Owner")
    MEMBER = "member", _("Member")


class Membership(models.Model):
    """A person's link to a business, with a role."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(
        _("role"), max_length=10, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "business"], name="membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.business} ({self.role})"


class Category(models.Model):
    """A node of the category tree of goods and services; listings point to any node."""

    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent category"),
    )
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name_fr = models.CharField(_("name (French)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["position", "name_fr"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the active language (French unless English is active)."""
        return self.name_en if (get_language() or "fr").startswith("en") else self.name_fr


class ListingKind(models.TextChoices):
    OFFER = "offer", _("Offer")
    WANT = "want", _("Want")


class ListingNature(models.TextChoices):
    GOOD = "good", _("Good")
    SERVICE = "service", _("Service")
    ASSET = "asset", _("Unused asset")


class ListingUnit(models.TextChoices):
    HOUR = "hour", _("hour")
    HALF_DAY = "half_day", _("half-day")
    DAY = "day", _("day")
    MONTH = "month", _("month")
    PIECE = "piece", _("piece")
    LOT = "lot", _("lot")
    SQUARE_METRE = "m2", _("m²")
    KILOGRAM = "kg", _("kg")
    SERVICE = "service", _("service (flat rate)")


class ListingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")
    EXPIRED = "expired", _("Expired")
    MODERATED = "moderated", _("Unpublished by a coordinator")


class VatRate(models.IntegerChoices):
    """French VAT rates, in basis points (2000 = 20 %)."""

    STANDARD = 2000, _("20 % (standard rate)")
    INTERMEDIATE = 1000, _("10 % (intermediate rate)")
    REDUCED = 550, _("5.5 % (reduced rate)")
    SUPER_REDUCED = 210, _("2.1 % (super-reduced rate)")
    EXEMPT = 0, _("0 % (not subject to VAT or exempt)")


class Listing(models.Model):
    """What a business offers or needs: a good, a service or an unused asset."""

    business = models.ForeignKey(
        Business, on_delete=models.CASCADE, related_name="listings", verbose_name=_("business")
    )
    kind = models.CharField(_("kind"), max_length=5, choices=ListingKind.choices)
    nature = models.CharField(_("nature"), max_length=7, choices=ListingNature.choices)
    title = models.CharField(_("title"), max_length=140)
    description = models.TextField(_("description"), blank=True)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="listings", verbose_name=_("category")
    )
    value = models.BigIntegerField(
        _("value or budget (cents)"),
        validators=[MinValueValidator(0, _("A value cannot be negative."))],
        help_text=_("Value of one unit for an offer, budget for a want; in cents of credit."),
    )
    quantity = models.PositiveIntegerField(
        _("quantity available"),
        default=1,
        validators=[MinValueValidator(1, _("The quantity is at least 1."))],
        help_text=_(
            "Units still available: accepted purchases and open swap proposals take units from "
            "it, and give them back if they do not go through."
        ),
    )
    unit = models.CharField(
        _("unit"), max_length=10, choices=ListingUnit.choices, default=ListingUnit.SERVICE
    )
    vat_rate = models.PositiveSmallIntegerField(
        _("VAT rate"), choices=VatRate.choices, default=VatRate.STANDARD
    )
    valid_from = models.DateField(_("valid from"), default=timezone.localdate)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ListingStatus.choices, default=ListingStatus.DRAFT
    )
    is_remote = models.BooleanField(
        _("remote"),
        default=False,
        help_text=_("Can be delivered at a distance (online, by post); otherwise local."),
    )
    radius_km = models.PositiveSmallIntegerField(
        _("radius (km)"),
        null=True,
        blank=True,
        help_text=_("For a local listing: how far from the business it can be delivered."),
    )
    moderation_reason = models.TextField(_("moderation reason"), blank=True)
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("moderated by"),
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("listing")
        verbose_name_plural = _("listings")
        ordering = ["-published_at", "-created_at"]
        indexes = [
            models.Index(fields=["status", "kind", "category"], name="listing_status_kind_cat"),
            models.Index(fields=["business", "status"], name="listing_business_status"),
            models.Index(fields=["-published_at", "-id"], name="listing_published"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(value__gte=0),
                name="listing_value_non_negative",
                violation_error_message=_("A value cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(quantity__gte=0),
                name="listing_quantity_not_negative",
                violation_error_message=_("The quantity cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="listing_validity_ordered",
                violation_error_message=_("The end of validity comes before its start."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("barter:listing-detail", args=[self.pk])

    @property
    def is_offer(self) -> bool:
        return self.kind == ListingKind.OFFER

    @property
    def is_published(self) -> bool:
        return self.status == ListingStatus.ACTIVE


class PurchaseStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    ACCEPTED = "accepted", _("Accepted, credit held")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")
    DELIVERED = "delivered", _("Delivered")
    DISPUTED = "disputed", _("Disputed")
    SETTLED = "settled", _("Settled")
    REFUNDED = "refunded", _("Refunded")


OPEN_PURCHASE_STATUSES = (
    PurchaseStatus.REQUESTED,
    PurchaseStatus.ACCEPTED,
    PurchaseStatus.DELIVERED,
    PurchaseStatus.DISPUTED,
)


class Purchase(models.Model):
    """A business buys units of another business's offer, paid in credits.

    requested → accepted (the buyer's credit is held) → delivered → settled (the hold is posted
    to the seller, minus the network's commission; the seller's invoice is issued), with the
    side roads declined, cancelled, disputed → settled or refunded (a coordinator decides).
    Prices are snapshots taken at the request: the listing may change later.
    """

    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="purchases")
    listing = models.ForeignKey(Listing, on_delete=models.PROTECT, related_name="purchases")
    buyer = models.ForeignKey(
        Business, on_delete=models.PROTECT, related_name="purchases", verbose_name=_("buyer")
    )
    seller = models.ForeignKey(
        Business, on_delete=models.PROTECT, related_name="sales", verbose_name=_("seller")
    )
    quantity = models.PositiveIntegerField(
        _("quantity"), validators=[MinValueValidator(1, _("The quantity is at least 1."))]
    )
    unit_price = models.BigIntegerField(_("unit price excl. VAT (cents)"))
    vat_rate = models.PositiveSmallIntegerField(_("VAT rate (basis points)"))
    total_ht = models.BigIntegerField(_("total excl. VAT (cents)"))
    total_vat = models.BigIntegerField(_("VAT (cents)"))
    total = models.BigIntegerField(_("total incl. VAT (cents)"))
    commission = models.BigIntegerField(_("network commission (cents)"))
    message = models.TextField(_("message to the seller"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=PurchaseStatus.choices, default=PurchaseStatus.REQUESTED
    )
    status_note = models.TextField(_("reason or note"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    hold = models.OneToOneField(
        "ledger.Hold", on_delete=models.PROTECT, null=True, blank=True, related_name="purchase"
    )
    settlement = models.OneToOneField(
        "ledger.JournalTransaction",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="purchase",
    )
    created_at = models.DateTimeField(_("requested"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    settled_at = models.DateTimeField(_("settled"), null=True, blank=True)

    class Meta:
        verbose_name = _("purchase")
        verbose_name_plural = _("purchases")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["buyer", "status"], name="purchase_buyer_status"),
            models.Index(fields=["seller", "status"], name="purchase_seller_status"),
            models.Index(fields=["network", "status"], name="purchase_network_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(total=models.F("total_ht") + models.F("total_vat")),
                name="purchase_total_is_ht_plus_vat",
            ),
            models.CheckConstraint(
                condition=~Q(buyer=models.F("seller")), name="purchase_not_from_oneself"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.listing} × {self.quantity}"

    def get_absolute_url(self) -> str:
        return reverse("barter:purchase-detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_PURCHASE_STATUSES


class Notification(models.Model):
    """An in-app message for a person: something concerns one of their businesses."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    business = models.ForeignKey(
        Business, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_user_unread")]

    def __str__(self) -> str:
        return self.subject
