"""The site's URLs plus a cached page that (wrongly) carries a CSRF token."""

from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.urls import path

from clinic_site.urls import urlpatterns as site_urlpatterns
from content.page_cache import cache_public_page


def page_with_token(request):
    return HttpResponse(f"token {get_token(request)}")


urlpatterns = [path("with-token/", cache_public_page(page_with_token)), *site_urlpatterns]
