"""Structured data (JSON-LD) that tells search engines what a page is about.

Articles are ``MedicalWebPage`` with their review dates and reviewer; the home and about
pages describe the clinic as a ``MedicalClinic``, from the clinic settings.
"""

from django.conf import settings
from django.urls import reverse


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
        "datePublished": article.published_at.isoformat() if article.published_at else None,
        "dateModified": article.updated_at.isoformat() if article.updated_at else None,
        "publisher": {"@type": "MedicalClinic", "name": settings.CLINIC["name"]},
    }
    if article.last_reviewed:
        data["lastReviewed"] = article.last_reviewed.isoformat()
    if article.reviewer:
        data["reviewedBy"] = {
            "@type": "Person",
            "name": article.reviewer.name,
            "jobTitle": article.reviewer.credentials,
        }
    if article.author_name:
        data["author"] = {"@type": "Person", "name": article.author_name}
    return {key: value for key, value in data.items() if value is not None}
