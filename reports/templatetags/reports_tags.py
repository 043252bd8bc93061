from django import template

from reports.formatting import display_rows, format_value

register = template.Library()


@register.filter
def report_value(value, kind):
    """A measure as text: report_value:"money" → 1 234,50."""
    return format_value(value, kind)


@register.simple_tag
def table_display(table):
    return display_rows(table)


@register.simple_tag
def chart_rows(chart):
    """The figures of a chart as table rows: label, then one value per series."""
    return [
        [label, *[s["data"][i] for s in chart["series"]]] for i, label in enumerate(chart["labels"])
    ]


@register.filter
def chart_kind(chart):
    return "decimal" if chart.get("unit") == "credits" else "int"
