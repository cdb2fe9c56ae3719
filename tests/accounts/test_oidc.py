"""Log-in through an organisation's OpenID Connect provider, against a real provider running in
the test (tests/accounts/oidc_provider.py) – nothing of allauth or of HTTP is mocked.

The browser is Django's test client for Samverkan and `requests` for the hop to the provider's
authorization endpoint; allauth itself talks to the provider over real HTTP (discovery, token,
userinfo, and JWKS where it checks signatures).

What allauth 65.21.1 checks in the authorization code flow (openid_connect + oauth2 views):
* `state`: the callback must carry a state stashed in *this* session; it is used once.
* PKCE (S256) is sent because settings.py sets OAUTH_PKCE_ENABLED; the verifier is kept in the
  stashed state and sent to the token endpoint.
* The id_token's `iss` (the discovery document's issuer), `aud` (our client id) and `exp`.
What it does not check in this flow:
* The id_token's signature and `alg` – the token came straight from the token endpoint, and
  OpenID Connect Core 3.1.3.7 (6) lets a client rely on TLS to that endpoint instead. This is
  only sound when the provider's URLs are https.
* `nonce` – none is sent (state and PKCE are the replay protection).
* That the userinfo `sub` equals the id_token `sub` (Core 5.3.4); the account is keyed on the
  userinfo response since settings.py sets fetch_userinfo.
The token-authentication path (provider.verify_token, used for ID tokens handed in by apps)
does check the signature against the JWKS; that is tested at the end.
"""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt as pyjwt
import pytest
import requests
from allauth.socialaccount.adapter import get_adapter as get_socialaccount_adapter
from allauth.socialaccount.models import SocialAccount
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from django.core.exceptions import ValidationError
from django.test import Client, RequestFactory
from django.urls import reverse

from samverkan.accounts.models import User

from .conftest import CALLBACK_URL, CLIENT_ID, CLIENT_SECRET, PROVIDER_ID
from .oidc_provider import Grant, OIDCProvider, new_signing_key, s256

pytestmark = pytest.mark.django_db

LOGIN_PATH = f"/accounts/oidc/{PROVIDER_ID}/login/"
CALLBACK_PATH = f"/accounts/oidc/{PROVIDER_ID}/login/callback/"
ERROR_TEMPLATE = "socialaccount/authentication_error.html"


# --- The steps of the flow ------------------------------------------------------------------
def start_login(browser: Client, forms: Any, provider: OIDCProvider) -> str:
    """Samverkan's provider log-in page, confirmed with its POST form; returns the redirect to
    the provider's authorization endpoint."""
    page = browser.get(LOGIN_PATH)
    assert page.status_code == 200
    response = forms.submit(browser, page, action=LOGIN_PATH)
    assert response.status_code == 302, response.content[:500]
    location = response["Location"]
    assert location.startswith(f"{provider.issuer}/authorize?")
    return location


def authorize_at_provider(authorize_url: str) -> str:
    """The browser's hop to the provider, over real HTTP; returns where the provider sends it."""
    response = requests.get(authorize_url, allow_redirects=False, timeout=10)
    assert response.status_code == 302, response.text
    return response.headers["Location"]


def return_to_samverkan(browser: Client, callback_url: str) -> Any:
    assert callback_url.startswith(CALLBACK_URL + "?")
    parts = urlsplit(callback_url)
    return browser.get(f"{parts.path}?{parts.query}")


def log_in_through_provider(browser: Client, forms: Any, provider: OIDCProvider) -> Any:
    return return_to_samverkan(browser, authorize_at_provider(start_login(browser, forms, provider)))


def log_out(browser: Client, forms: Any) -> None:
    page = browser.get(reverse("account_logout"))
    forms.submit(browser, page, action=reverse("account_logout"))
    assert not forms.is_logged_in(browser)


def assert_refused(response: Any, browser: Client, forms: Any) -> Any:
    """allauth shows its authentication error page, and nobody is logged in or created."""
    assert response.status_code == 401
    assert ERROR_TEMPLATE in [t.name for t in response.templates]
    assert not forms.is_logged_in(browser)
    home = browser.get("/")
    assert b'href="/konto/"' not in home.content
    assert not User.objects.exists()
    assert not SocialAccount.objects.exists()
    return response.context["auth_error"]["exception"]


def assert_logged_in_as_provider_user(browser: Client, forms: Any, provider: OIDCProvider, response: Any) -> User:
    assert response.status_code == 302, response.content[:1000]
    assert response["Location"] == "/mina-uppgifter/"
    user = User.objects.get(email=provider.user.email)
    account = SocialAccount.objects.get(user=user)
    assert (account.provider, account.uid) == (PROVIDER_ID, provider.user.sub)
    assert browser.session["_auth_user_id"] == str(user.pk)
    home = browser.get("/")
    assert home.status_code == 200
    assert home.wsgi_request.user == user
    assert b'href="/konto/"' in home.content  # the "My account" link
    assert browser.get("/konto/").status_code == 200
    return user


# --- The flow -------------------------------------------------------------------------------
def test_configured_provider_is_offered_on_the_login_page(browser, oidc_provider, configure_oidc):
    configure_oidc(oidc_provider)
    page = browser.get(reverse("account_login"))
    assert page.status_code == 200
    assert LOGIN_PATH.encode() in page.content
    assert b"Testkommunens inloggning" in page.content


def test_login_through_provider_creates_links_and_logs_in_the_user(browser, forms, oidc_provider, configure_oidc):
    configure_oidc(oidc_provider)
    assert not User.objects.exists()

    response = log_in_through_provider(browser, forms, oidc_provider)

    user = assert_logged_in_as_provider_user(browser, forms, oidc_provider, response)
    assert (user.first_name, user.last_name) == ("Anna", "Andersson")
    assert user.has_usable_password() is False
    assert not user.is_superuser and not user.is_staff  # rights come from an administrator

    # What went over the wire, as the provider saw it.
    [authorize] = oidc_provider.requests_to("/authorize")
    query = {k: v[-1] for k, v in authorize.query.items()}
    assert query["client_id"] == CLIENT_ID
    assert query["redirect_uri"] == CALLBACK_URL
    assert query["response_type"] == "code"
    assert set(query["scope"].split()) == {"openid", "profile", "email"}
    assert query["code_challenge_method"] == "S256"
    assert len(query["state"]) >= 16
    assert "nonce" not in query  # allauth's generic OIDC client sends none
    [token] = oidc_provider.requests_to("/token")
    assert (token.status, token.note) == (200, "client_secret_post")
    assert token.form["client_secret"] == [CLIENT_SECRET]
    assert "authorization" not in token.headers
    assert s256(token.form["code_verifier"][0]) == query["code_challenge"]
    [userinfo] = oidc_provider.requests_to("/userinfo")
    assert userinfo.status == 200 and userinfo.headers["authorization"].startswith("Bearer ")
    # The id_token's signature is not checked in this flow, so the keys are never fetched.
    assert oidc_provider.requests_to("/jwks") == []


def test_second_login_reuses_the_account(browser, forms, oidc_provider, configure_oidc):
    configure_oidc(oidc_provider)
    first = assert_logged_in_as_provider_user(
        browser, forms, oidc_provider, log_in_through_provider(browser, forms, oidc_provider)
    )
    log_out(browser, forms)
    assert b'href="/konto/"' not in browser.get("/").content

    again = assert_logged_in_as_provider_user(
        browser, forms, oidc_provider, log_in_through_provider(browser, forms, oidc_provider)
    )
    assert again == first
    assert User.objects.count() == 1 and SocialAccount.objects.count() == 1


def test_client_secret_basic_when_the_provider_only_accepts_that(browser, forms, make_oidc_provider, configure_oidc):
    provider = make_oidc_provider(auth_methods=("client_secret_basic",))
    configure_oidc(provider)

    assert_logged_in_as_provider_user(browser, forms, provider, log_in_through_provider(browser, forms, provider))

    [token] = provider.requests_to("/token")
    assert (token.status, token.note) == (200, "client_secret_basic")
    assert token.headers["authorization"].startswith("Basic ")
    assert "client_secret" not in token.form


def test_wrong_client_secret_is_refused_by_the_provider(browser, forms, oidc_provider, configure_oidc):
    configure_oidc(oidc_provider, secret="not the secret")

    exception = assert_refused(log_in_through_provider(browser, forms, oidc_provider), browser, forms)

    assert isinstance(exception, OAuth2Error)
    [token] = oidc_provider.requests_to("/token")
    assert token.status == 401 and token.note.startswith("invalid_client")


# --- state ----------------------------------------------------------------------------------
def test_wrong_state_is_refused_and_the_code_is_not_redeemed(browser, forms, oidc_provider, configure_oidc):
    configure_oidc(oidc_provider)
    callback_url = authorize_at_provider(start_login(browser, forms, oidc_provider))
    params = {k: v[-1] for k, v in parse_qs(urlsplit(callback_url).query).items()}
    assert set(params) == {"code", "state"}

    forged = f"{CALLBACK_PATH}?{urlencode({'code': params['code'], 'state': 'forged-state-value'})}"
    assert_refused(browser.get(forged), browser, forms)
    assert_refused(browser.get(f"{CALLBACK_PATH}?{urlencode({'code': params['code']})}"), browser, forms)

    assert oidc_provider.requests_to("/token") == []


def test_state_belongs_to_the_session_that_started_the_login(browser, forms, oidc_provider, configure_oidc):
    """Login CSRF: a callback URL (with a valid code and state) planted in someone else's browser
    does not log that browser in."""
    configure_oidc(oidc_provider)
    callback_url = authorize_at_provider(start_login(browser, forms, oidc_provider))

    victim = Client(enforce_csrf_checks=True)
    assert_refused(return_to_samverkan(victim, callback_url), victim, forms)
    assert oidc_provider.requests_to("/token") == []


def test_replayed_callback_is_refused(browser, forms, oidc_provider, configure_oidc):
    configure_oidc(oidc_provider)
    callback_url = authorize_at_provider(start_login(browser, forms, oidc_provider))
    assert_logged_in_as_provider_user(browser, forms, oidc_provider, return_to_samverkan(browser, callback_url))
    log_out(browser, forms)

    response = return_to_samverkan(browser, callback_url)

    assert response.status_code == 401
    assert ERROR_TEMPLATE in [t.name for t in response.templates]
    assert not forms.is_logged_in(browser)
    assert len(oidc_provider.requests_to("/token")) == 1  # the state was used up; no second exchange


# --- id_token -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "claims",
    [
        pytest.param({"iss": "https://idp.attacker.example"}, id="wrong-issuer"),
        pytest.param({"aud": "some-other-client"}, id="wrong-audience"),
        pytest.param({"exp": int(time.time()) - 120}, id="expired"),
    ],
)
def test_id_token_with_wrong_claims_is_refused(browser, forms, oidc_provider, configure_oidc, claims):
    configure_oidc(oidc_provider)
    oidc_provider.id_token_overrides = claims

    exception = assert_refused(log_in_through_provider(browser, forms, oidc_provider), browser, forms)

    assert isinstance(exception, OAuth2Error) and str(exception) == "Invalid id_token"
    assert isinstance(exception.__cause__, pyjwt.PyJWTError)


@pytest.mark.parametrize("tampering", ["signed-with-another-key", "unsigned-alg-none"])
def test_id_token_signature_is_not_checked_in_the_code_flow(browser, forms, oidc_provider, configure_oidc, tampering):
    """allauth trusts an id_token that came straight from the token endpoint without checking its
    signature (OpenID Connect Core 3.1.3.7 (6) allows this when that channel is TLS). So a bad
    signature is *not* refused here: the protection is https to the provider. If allauth starts
    checking, this test fails and should be turned into a refusal test."""
    configure_oidc(oidc_provider)
    if tampering == "signed-with-another-key":
        oidc_provider.sign_with = new_signing_key(kid="not-published")
    else:
        oidc_provider.unsigned_id_token = True

    response = log_in_through_provider(browser, forms, oidc_provider)

    assert_logged_in_as_provider_user(browser, forms, oidc_provider, response)
    assert oidc_provider.requests_to("/jwks") == []


def test_userinfo_sub_is_not_compared_with_the_id_token_sub(browser, forms, oidc_provider, configure_oidc):
    """OpenID Connect Core 5.3.4 says the userinfo `sub` must match the id_token's; allauth does not
    compare them and keys the account on the userinfo response."""
    configure_oidc(oidc_provider)
    oidc_provider.userinfo_overrides = {"sub": "someone-else"}

    response = log_in_through_provider(browser, forms, oidc_provider)

    assert response.status_code == 302
    assert SocialAccount.objects.get().uid == "someone-else"


def _id_token(provider: OIDCProvider) -> str:
    grant = Grant(
        client_id=provider.client_id,
        redirect_uri=CALLBACK_URL,
        scope=["openid", "email", "profile"],
        nonce=None,
        code_challenge=None,
        code_challenge_method=None,
        auth_time=int(time.time()),
        expires_at=time.time() + 60,
    )
    return provider.make_id_token(grant)


def _root_cause(exc: BaseException) -> BaseException:
    while exc.__cause__ is not None:
        exc = exc.__cause__
    return exc


def test_token_authentication_checks_the_signature_against_the_jwks(oidc_provider, configure_oidc):
    """Where allauth does verify (an ID token handed to it directly, provider.verify_token), the
    signature is checked with the key fetched from the provider's jwks_uri."""
    configure_oidc(oidc_provider)
    request = RequestFactory().get("/")
    provider = get_socialaccount_adapter().get_provider(request, PROVIDER_ID)

    login = provider.verify_token(request, {"id_token": _id_token(oidc_provider)})
    assert login.account.uid == oidc_provider.user.sub
    assert len(oidc_provider.requests_to("/jwks")) == 1

    oidc_provider.sign_with = new_signing_key(kid="not-published")
    with pytest.raises(ValidationError) as refused:
        provider.verify_token(request, {"id_token": _id_token(oidc_provider)})
    assert isinstance(_root_cause(refused.value), pyjwt.InvalidSignatureError)

    oidc_provider.sign_with = None
    oidc_provider.unsigned_id_token = True
    with pytest.raises(ValidationError) as refused:
        provider.verify_token(request, {"id_token": _id_token(oidc_provider)})
    assert isinstance(_root_cause(refused.value), pyjwt.PyJWTError)  # alg "none" with a key


# --- The test provider itself is strict (so the tests above prove something) ---------------
def _authorize_directly(provider: OIDCProvider, verifier: str, redirect_uri: str = CALLBACK_URL) -> requests.Response:
    params = {
        "client_id": provider.client_id,
        "redirect_uri": redirect_uri,
        "response_type": "code",
        "scope": "openid email",
        "state": "s",
        "code_challenge": s256(verifier),
        "code_challenge_method": "S256",
    }
    return requests.get(f"{provider.issuer}/authorize", params=params, allow_redirects=False, timeout=10)


def _code(response: requests.Response) -> str:
    return parse_qs(urlsplit(response.headers["Location"]).query)["code"][0]


def _redeem(provider: OIDCProvider, code: str, verifier: str | None, **overrides: Any) -> requests.Response:
    data = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": CALLBACK_URL,
        "client_id": provider.client_id,
        "client_secret": provider.client_secret,
        "code_verifier": verifier,
        **overrides,
    }
    return requests.post(f"{provider.issuer}/token", data={k: v for k, v in data.items() if v is not None}, timeout=10)


def test_provider_discovery_and_signed_id_token(oidc_provider):
    config = requests.get(f"{oidc_provider.issuer}/.well-known/openid-configuration", timeout=10).json()
    assert config["issuer"] == oidc_provider.issuer
    verifier = "v" * 50
    tokens = _redeem(oidc_provider, _code(_authorize_directly(oidc_provider, verifier)), verifier).json()
    jwks = requests.get(config["jwks_uri"], timeout=10).json()
    key = pyjwt.PyJWK(jwks["keys"][0])
    claims = pyjwt.decode(
        tokens["id_token"], key=key, algorithms=["RS256"], audience=CLIENT_ID, issuer=oidc_provider.issuer
    )
    assert claims["sub"] == oidc_provider.user.sub and claims["email"] == oidc_provider.user.email
    info = requests.get(
        config["userinfo_endpoint"], headers={"Authorization": f"Bearer {tokens['access_token']}"}, timeout=10
    )
    assert info.json()["sub"] == oidc_provider.user.sub
    assert (
        requests.get(config["userinfo_endpoint"], headers={"Authorization": "Bearer nope"}, timeout=10).status_code
        == 401
    )


def test_provider_enforces_pkce_single_use_codes_and_redirect_uri(oidc_provider):
    verifier = "a-proper-verifier-" + "x" * 40
    assert _authorize_directly(oidc_provider, verifier, redirect_uri="https://elsewhere.example/cb").status_code == 400

    code = _code(_authorize_directly(oidc_provider, verifier))
    wrong = _redeem(oidc_provider, code, "another-verifier-" + "y" * 40)
    assert (wrong.status_code, wrong.json()["error"]) == (400, "invalid_grant")
    assert _redeem(oidc_provider, code, verifier).status_code == 400  # the failed attempt used it up

    code = _code(_authorize_directly(oidc_provider, verifier))
    assert _redeem(oidc_provider, code, None).json()["error"] == "invalid_grant"
    code = _code(_authorize_directly(oidc_provider, verifier))
    assert _redeem(oidc_provider, code, verifier, redirect_uri="http://testserver/other/").status_code == 400
    code = _code(_authorize_directly(oidc_provider, verifier))
    assert _redeem(oidc_provider, code, verifier, client_secret="wrong").status_code == 401
    code = _code(_authorize_directly(oidc_provider, verifier))
    assert _redeem(oidc_provider, code, verifier).status_code == 200
    assert _redeem(oidc_provider, code, verifier).json()["error"] == "invalid_grant"  # used once
