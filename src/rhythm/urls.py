"""Top-level URLs: the web UI, the JSON API under /api/v1/, and the admin."""

from django.contrib import admin
from django.urls import include, path

from rhythm.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("", include("rhythm.web.urls")),
]
