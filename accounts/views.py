"""Sign-in: Django's login view with a user name that cannot overflow django-axes' column."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy


class LoginForm(AuthenticationForm):
    def clean_username(self):
        # AuthenticationForm sets the field's max_length after its validators were built, so
        # nothing checks it: a long name would reach django-axes' column and fail there.
        username = self.cleaned_data["username"]
        limit = self.fields["username"].max_length
        if len(username) > limit:
            raise ValidationError(
                gettext_lazy("A user name has at most %(limit)d characters."), params={"limit": limit}
            )
        return username


class LoginView(auth_views.LoginView):
    authentication_form = LoginForm
