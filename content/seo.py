"""Structured data (JSON-LD) that tells search engines what a page is about.

Articles are ``MedicalWebPage`` with the date and reviewer of their approval; the home and about
pages describe the clinic as a ``MedicalClinic``, from the clinic settings.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone


def machine_time(value):
    """ISO 8601 in the clinic's time zone, to the second, or None."""
    if value is None:
        return None
    return timezone.localtime(value).replace(microsecond=0).isoformat()


def clinic_data(request):
    clinic = settings.CLINIC
    return {
        "@context": "https://schema.org",
        "@type": "MedicalClinic",
        "name": clinic["name"],
        "url": request.build_absolute_uri(reverse("content:home")),
        "telephone": clinic["phone"],
        "email": clinic["email"],
        "address": {
            "@type": "PostalAddress",
            "streetAddress": clinic["street"],
            "addressLocality": clinic["city"],
            "addressRegion": clinic["region"],
            "postalCode": clinic["postal_code"],
            "addressCountry": "US",
        },
        "medicalSpecialty": "Psychiatric",
    }


def article_data(article, request):
    data = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": article.meta_title,
        "headline": article.title,
        "description": article.meta_description,
        "url": request.build_absolute_uri(article.get_absolute_url()),
        "inLanguage": "en-US",
        "about": {"@type": "MedicalCondition", "name": "Depression"},
        "datePublished": machine_time(article.published_at),
        "dateModified": machine_time(article.updated_at),
        "publisher": {"@type": "MedicalClinic", "name": settings.CLINIC["name"]},
    }
    if article.approval.shown_to_readers:
        # From the approval of exactly this text: who signed it off, and when.
        data["lastReviewed"] = article.last_reviewed.isoformat()
        data["reviewedBy"] = {
            "@type": "Person",
            "name": article.approval.reviewer_name,
            "jobTitle": article.approval.reviewer_credentials,
        }
    if article.author_name:
        data["author"] = {"@type": "Person", "name": article.author_name}
    return {key: value for key, value in data.items() if value is not None}
