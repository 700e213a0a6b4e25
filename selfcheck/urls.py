from django.urls import path

from . import views
from .instruments import INSTRUMENTS

app_name = "selfcheck"

# Not wrapped in content.page_cache.cache_public_page: these pages make one small query
# (the approved wording), so the page cache would save little, and a page cached under
# its full address could one day be keyed by answers someone put in a query string.
urlpatterns = [
    path("self-check/", views.overview, name="overview"),
    *(
        path(f"self-check/{slug}/", views.questionnaire, {"slug": slug}, name=slug)
        for slug in INSTRUMENTS
    ),
]
