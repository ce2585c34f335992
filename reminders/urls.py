from django.urls import path

from reminders import views

urlpatterns = [path("notifications/", views.notifications, name="notifications")]
