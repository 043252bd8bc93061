from django import template

from ledger.money import format_credits

register = template.Library()


@register.filter
def credits(cents):
    """Format integer cents of credit: 1250 -> '12,50 crédits'."""
    if cents in (None, ""):
        return ""
    return format_credits(int(cents))


@register.filter
def credits_amount(cents):
    """Format integer cents of credit without the unit: 1250 -> '12,50'."""
    if cents in (None, ""):
        return ""
    return format_credits(int(cents), with_unit=False)
