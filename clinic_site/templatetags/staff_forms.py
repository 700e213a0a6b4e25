"""The staff site's error summary: every problem on a long form, listed at its top with
a link to the field, so nobody hunts for an error 1,000 pixels down."""

from django import template

register = template.Library()


def _problems(form, prefix_label=""):
    for name, errors in form.errors.items():
        if name == "__all__":
            label, anchor = prefix_label or "This page", ""
        else:
            field = form.fields.get(name)
            label = str(field.label if field and field.label else name).capitalize()
            label = f"{prefix_label}: {label}" if prefix_label else label
            # A date-and-time field's own id is empty: point at its first box.
            anchor = (form[name].id_for_label or f"{form[name].auto_id}_0") if field else ""
        for message in errors:
            yield {"label": label, "message": message, "anchor": anchor}


@register.simple_tag
def form_error_summary(adminform, inline_admin_formsets=()):
    """Every error on an admin form and its inlines: label, message and field anchor."""
    problems = list(_problems(adminform.form)) if adminform else []
    for inline in inline_admin_formsets or ():
        formset = inline.formset
        name = str(inline.opts.verbose_name).capitalize()
        for number, form in enumerate(formset.forms, start=1):
            problems += _problems(form, f"{name} {number}")
        for message in formset.non_form_errors():
            problems.append({"label": name, "message": message, "anchor": ""})
    return problems
