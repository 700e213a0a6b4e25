"""The site's URLs plus one view that fails, to show the 500 page."""

from django.urls import path

from clinic_site.urls import handler500  # noqa: F401 (Django reads it from this module)
from clinic_site.urls import urlpatterns as site_urlpatterns


def fails(request):
    raise RuntimeError("a failure inside a view")


urlpatterns = [path("fails/", fails), *site_urlpatterns]
