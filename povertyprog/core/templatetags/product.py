"""{% product_name %} and {% product_short_name %}: the product's name in templates.

Tags, not a context processor, so the 500 page (rendered without any context) names the
product too.
"""

from django import template

from povertyprog.core.product import PRODUCT_NAME, PRODUCT_SHORT_NAME

register = template.Library()


@register.simple_tag
def product_name() -> str:
    return str(PRODUCT_NAME)


@register.simple_tag
def product_short_name() -> str:
    return str(PRODUCT_SHORT_NAME)
