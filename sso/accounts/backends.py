from django.contrib.auth.backends import ModelBackend


class EmailBackend(ModelBackend):
    """Password login by email. Rule: an account whose email is not verified cannot log in."""

    def user_can_authenticate(self, user):
        return super().user_can_authenticate(user) and user.email_verified
