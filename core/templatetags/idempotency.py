"""`{% form_token %}`: the hidden token that makes a create form safe to send twice (`core.idempotency`)."""

from django import template
from django.utils.html import format_html

from core.idempotency import FIELD, new_token, token_for

register = template.Library()


@register.simple_tag(takes_context=True)
def form_token(context):
    request = context.get("request")
    token = token_for(request) if request is not None else new_token()
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, token)
