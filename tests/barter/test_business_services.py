import pytest
from django.core.exceptions import ValidationError

from barter import services
from barter.errors import InvalidTransition, NotAllowed
from barter.models import Business, BusinessStatus, Membership, MembershipRole
from tests.factories.barter import BusinessFactory, NetworkFactory, UserFactory, siret_from

pytestmark = pytest.mark.django_db


def register(user, network, **overrides):
    fields = {
        "legal_name": "Imprimerie Morel",
        "siret": "732 829 320 00074",
        "kind": "tpe",
        "sector": "C",
        "postcode": "91100",
        "commune": "Corbeil-Essonnes",
    }
    fields.update(overrides)
    return services.business_register(actor=user, network=network, **fields)


def test_register_creates_a_pending_business_owned_by_the_actor():
    user, network = UserFactory(), NetworkFactory()
    business = register(user, network)
    assert business.status == BusinessStatus.PENDING
    assert business.siret == "73282932000074"
    membership = Membership.objects.get(business=business)
    assert (membership.user, membership.role) == (user, MembershipRole.OWNER)


def test_register_places_a_known_commune_on_the_map():
    business = register(UserFactory(), NetworkFactory())
    assert business.latitude == pytest.approx(48.6139)
    assert business.longitude == pytest.approx(2.4820)


def test_register_leaves_an_unknown_commune_without_coordinates():
    business = register(UserFactory(), NetworkFactory(), commune="Trifouilly", postcode="91999")
    assert business.latitude is None


def test_register_refuses_an_invalid_siret_per_field():
    with pytest.raises(ValidationError) as exc:
        register(UserFactory(), NetworkFactory(), siret="73282932000075")
    assert "siret" in exc.value.error_dict
    assert not Business.objects.exists()


def test_register_refuses_a_siret_already_registered():
    network = NetworkFactory()
    register(UserFactory(), network)
    with pytest.raises(ValidationError) as exc:
        register(UserFactory(), network, legal_name="Autre")
    assert "siret" in exc.value.error_dict


def test_register_tells_the_coordinators_by_email(mailoutbox, django_capture_on_commit_callbacks):
    coordinator = UserFactory(email="coord@example.org")
    network = NetworkFactory(coordinators=[coordinator])
    with django_capture_on_commit_callbacks(execute=True):
        register(UserFactory(), network)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["coord@example.org"]
    assert "Imprimerie Morel" in mailoutbox[0].subject


def test_coordinator_approves_a_pending_business():
    coordinator = UserFactory()
    network = NetworkFactory(coordinators=[coordinator])
    business = register(UserFactory(), network)
    business = services.business_approve(actor=coordinator, business=business)
    assert business.status == BusinessStatus.ACTIVE
    assert business.status_changed_by == coordinator


def test_a_coordinator_of_another_network_cannot_approve():
    other_coordinator = UserFactory()
    NetworkFactory(coordinators=[other_coordinator])
    business = register(UserFactory(), NetworkFactory())
    with pytest.raises(NotAllowed):
        services.business_approve(actor=other_coordinator, business=business)
    business.refresh_from_db()
    assert business.status == BusinessStatus.PENDING


def test_a_member_cannot_approve_their_own_business():
    owner = UserFactory()
    business = register(owner, NetworkFactory())
    with pytest.raises(NotAllowed):
        services.business_approve(actor=owner, business=business)


def test_reject_needs_a_reason_and_keeps_it():
    coordinator = UserFactory()
    business = register(UserFactory(), NetworkFactory(coordinators=[coordinator]))
    with pytest.raises(InvalidTransition):
        services.business_reject(actor=coordinator, business=business, reason="  ")
    business = services.business_reject(
        actor=coordinator, business=business, reason="Hors territoire"
    )
    assert (business.status, business.status_reason) == (BusinessStatus.REJECTED, "Hors territoire")


def test_suspend_then_reactivate():
    coordinator = UserFactory()
    business = BusinessFactory(network=NetworkFactory(coordinators=[coordinator]))
    business = services.business_suspend(actor=coordinator, business=business, reason="Impayés")
    assert business.status == BusinessStatus.SUSPENDED
    business = services.business_reactivate(actor=coordinator, business=business)
    assert business.status == BusinessStatus.ACTIVE


def test_a_pending_business_cannot_be_suspended():
    coordinator = UserFactory()
    business = BusinessFactory(
        network=NetworkFactory(coordinators=[coordinator]), status=BusinessStatus.PENDING
    )
    with pytest.raises(InvalidTransition):
        services.business_suspend(actor=coordinator, business=business, reason="x")


def test_update_by_a_member_changes_the_profile_but_not_the_siret():
    owner = UserFactory()
    business = BusinessFactory(owner=owner, siret=siret_from(1))
    with pytest.raises(TypeError):
        services.business_update(actor=owner, business=business, siret=siret_from(2))
    services.business_update(actor=owner, business=business, description="Nouvelle description")
    business.refresh_from_db()
    assert business.description == "Nouvelle description"


def test_update_by_a_stranger_is_refused():
    business = BusinessFactory(owner=UserFactory())
    with pytest.raises(NotAllowed):
        services.business_update(actor=UserFactory(), business=business, description="piraté")


def test_moving_the_business_relocates_it_from_the_gazetteer():
    owner = UserFactory()
    business = BusinessFactory(owner=owner)
    services.business_update(actor=owner, business=business, postcode="77000", commune="Melun")
    business.refresh_from_db()
    assert (business.latitude, business.longitude) == pytest.approx((48.5397, 2.6553))


def test_a_network_delegate_acts_for_the_networks_businesses_only():
    from barter import selectors

    delegate = UserFactory()
    network = NetworkFactory()
    network.delegates.add(delegate)
    inside = BusinessFactory(network=network)
    outside = BusinessFactory()
    assert selectors.user_is_member(delegate, inside)
    assert not selectors.user_is_member(delegate, outside)
    services.business_update(actor=delegate, business=inside, description="Synchronisé")
    with pytest.raises(NotAllowed):
        services.business_update(actor=delegate, business=outside, description="x")
