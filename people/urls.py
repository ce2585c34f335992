from django.urls import path

from people import views

urlpatterns = [
    path("invite/", views.invite, name="invite"),
    path("password_reset/", views.PasswordResetView.as_view(), name="password_reset"),
]
