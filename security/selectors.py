"""Reads about who must use two-factor authentication."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet
from two_factor.utils import default_device

from barter.models import Network
from barter.selectors import user_coordinated_networks


def networks_requiring_two_factor(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Network]:
    """The networks the user coordinates that require two-factor authentication of their
    coordinators (platform administrators coordinate every network)."""
    return user_coordinated_networks(user).filter(two_factor_required=True)


def user_two_factor_required(user: AbstractBaseUser | AnonymousUser) -> bool:
    """True when the user may act only after a second factor: a platform administrator while
    CYCLOTROC_2FA_REQUIRED_FOR_SUPERUSERS is on, or a coordinator of a network that asks it."""
    if not user.is_authenticated:
        return False
    if user.is_superuser and settings.CYCLOTROC_2FA_REQUIRED_FOR_SUPERUSERS:
        return True
    return networks_requiring_two_factor(user).exists()


def user_two_factor_enabled(user: AbstractBaseUser) -> bool:
    """True once the user has enrolled an authenticator app: the device the sign-in asks a
    code from (backup codes alone do not count: the sign-in would not ask for them)."""
    return default_device(user) is not None


def network_coordinators_two_factor(network: Network) -> list[tuple[AbstractBaseUser, bool]]:
    """The network's coordinators, each with whether they enabled two-factor authentication."""
    return [
        (user, user_two_factor_enabled(user))
        for user in network.coordinators.order_by("last_name", "first_name", "username")
    ]
