from django.urls import path

from suggestions import views

app_name = "suggestions"

urlpatterns = [
    path("<int:pk>/confirm/", views.confirm, name="confirm"),
    path("<int:pk>/dismiss/", views.dismiss, name="dismiss"),
]
