"""Authentication backends that read the signed-in user from the shared cache.

Every signed-in request loads its user by the id in the session. These are Django's and
allauth's backends with that look-up kept per user in cadres.user_state (with the roles, in one
round trip), retired by any save or deletion of the user (signals, cadres.apps) and by the bulk
writes of users that send none. What is checked on every request stays the same: the session's
hash of the password, is_active.
"""

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth.backends import ModelBackend

from cadres import user_state


class _CachedUser:
    def get_user(self, user_id):
        read = super().get_user
        return user_state.user_value(user_id, "user", lambda: read(user_id))


class CachedModelBackend(_CachedUser, ModelBackend):
    pass


class CachedAuthenticationBackend(_CachedUser, AuthenticationBackend):
    pass
