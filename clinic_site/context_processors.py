from django.conf import settings


def clinic(request):
    """The clinic's contact details, for the header, footer and contact pages."""
    details = settings.CLINIC
    digits = "".join(ch for ch in details["phone"] if ch.isdigit())
    place = f"{details['city']}, {details['region']}"
    return {
        "clinic": details
        | {
            "phone_link": f"tel:+1{digits[-10:]}",
            "place": place,
            "description": f"Ketamine treatment for depression in {place}, with "
            "plain-language information on its science, benefits and risks.",
        }
    }
