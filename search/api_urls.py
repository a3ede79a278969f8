from django.urls import path

from . import views

urlpatterns = [
    path("search/", views.api_search, name="api_search"),
    path("search/suggest/", views.api_suggest, name="api_suggest"),
]
