from django.urls import path

from people import away, views

urlpatterns = [
    path("invite/", views.invite, name="invite"),
    path("people/", views.people_list, name="people"),
    path("people/away/", away.away, name="away"),
    path("people/away/<int:pk>/end/", away.end_period, name="away_end"),
    path("people/<int:pk>/unlock/", views.unlock, name="people_unlock"),
    path("people/<int:pk>/invite/", views.invite_again, name="people_invite_again"),
    path("password_reset/", views.PasswordResetView.as_view(), name="password_reset"),
]
