from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from content.sitemaps import SITEMAPS

from . import views

admin.site.site_header = f"{settings.CLINIC['name']} staff"
admin.site.site_title = f"{settings.CLINIC['name']} staff"
admin.site.index_title = "Articles, pages and consultation requests"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("", include("inquiries.urls")),
    path("", include("content.urls")),
]

handler500 = "clinic_site.views.server_error"
