"""Writes of the marketplace, one module per area; import them from here.

Every function is keyword-only, names its acting user, checks that the actor may act on the
object (a member of the business, a coordinator of its network) and raises a BarterError
subclass with a translatable message when a rule refuses the action. Field-level problems are
raised as django.core.exceptions.ValidationError, which forms and the API render per field.
"""

from ._common import notifications_mark_read
from .businesses import (
    BUSINESS_EDITABLE_FIELDS,
    business_approve,
    business_reactivate,
    business_register,
    business_reject,
    business_suspend,
    business_update,
)
from .listings import (
    LISTING_EDITABLE_FIELDS,
    listing_create,
    listing_delete,
    listing_moderate,
    listing_pause,
    listing_publish,
    listing_restore,
    listing_update,
    listings_expire,
)
from .purchases import (
    purchase_accept,
    purchase_cancel,
    purchase_confirm,
    purchase_decline,
    purchase_deliver,
    purchase_dispute,
    purchase_request,
    purchase_resolve,
)

__all__ = [
    "BUSINESS_EDITABLE_FIELDS",
    "LISTING_EDITABLE_FIELDS",
    "business_approve",
    "business_reactivate",
    "business_register",
    "business_reject",
    "business_suspend",
    "business_update",
    "listing_create",
    "listing_delete",
    "listing_moderate",
    "listing_pause",
    "listing_publish",
    "listing_restore",
    "listing_update",
    "listings_expire",
    "notifications_mark_read",
    "purchase_accept",
    "purchase_cancel",
    "purchase_confirm",
    "purchase_decline",
    "purchase_deliver",
    "purchase_dispute",
    "purchase_request",
    "purchase_resolve",
]
