"""The OAuth2/OIDC endpoints under /o/, in DOT's namespace (its views reverse these names).

Listed one by one instead of including ``oauth2_provider.urls``: that module also
publishes the application management pages (any logged-in person could register a
client), the device flow and dynamic registration, none of which Compte inclusion offers.
"""

from django.urls import path, re_path
from oauth2_provider import views as dot

from . import views

app_name = "oauth2_provider"
urlpatterns = [
    path("authorize/", views.InclusionAuthorizationView.as_view(), name="authorize"),
    path("token/", dot.TokenView.as_view(), name="token"),
    path("revoke_token/", dot.RevokeTokenView.as_view(), name="revoke-token"),
    path("introspect/", views.OwnTokensIntrospectionView.as_view(), name="introspect"),
    path("userinfo/", dot.UserInfoView.as_view(), name="user-info"),
    path("logout/", views.InclusionLogoutView.as_view(), name="rp-initiated-logout"),
    path(".well-known/jwks.json", dot.JwksInfoView.as_view(), name="jwks-info"),
    re_path(
        r"^\.well-known/openid-configuration/?$",
        views.InclusionDiscoveryView.as_view(),
        name="oidc-connect-discovery-info",
    ),
    path(
        ".well-known/oauth-authorization-server",
        dot.OAuthServerMetadataView.as_view(),
        name="oauth-server-metadata",
    ),
]
