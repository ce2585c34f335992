from django.urls import path

from letters import views

app_name = "letters"

urlpatterns = [
    path("<int:pk>/file/", views.download, name="download"),
    path("<slug:slug>/", views.company_letters, name="company"),
    path("<slug:slug>/issue/", views.issue_letter, name="issue"),
]
