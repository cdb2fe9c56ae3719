"""A small but real OpenID Connect provider for tests, served over HTTP on 127.0.0.1.

It implements the authorization code flow (OpenID Connect Core 1.0, section 3.1) as far as a
relying party can observe it:

* ``/.well-known/openid-configuration`` – discovery metadata;
* ``/authorize`` – checks the client and its registered redirect URI, then approves the one
  configured test user at once (no log-in page) and redirects back with ``code`` and ``state``;
  PKCE (RFC 7636) with ``code_challenge_method=S256`` is honoured and, by default, required;
* ``/token`` – authenticates the client with ``client_secret_post`` or ``client_secret_basic``
  (whichever the provider is configured to accept), redeems a code once, checks the
  ``redirect_uri`` and the PKCE ``code_verifier``, and returns an access token and an RS256-signed
  ``id_token`` (iss, sub, aud, exp, iat, auth_time, email, email_verified, name, and nonce when the
  authorization request carried one);
* ``/userinfo`` – the user's claims for a valid bearer access token (GET or POST);
* ``/jwks`` – the public signing key.

Everything it received is recorded in ``provider.log`` so tests can assert on what the relying
party actually sent. Knobs for negative tests: ``sign_with`` (sign id_tokens with a key that is
not published), ``unsigned_id_token`` (``alg: none``), ``id_token_overrides`` and
``userinfo_overrides`` (replace claims).

Keys and JWTs are made with jwcrypto, deliberately not with PyJWT, which is what allauth uses
to check them.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote_plus, urlencode, urlsplit, urlunsplit

from jwcrypto import jwk
from jwcrypto import jwt as jwcrypto_jwt

CODE_LIFETIME = 60
TOKEN_LIFETIME = 300
AUTH_METHODS = ("client_secret_post", "client_secret_basic")


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def s256(verifier: str) -> str:
    """The PKCE S256 transformation: BASE64URL(SHA256(ASCII(code_verifier)))."""
    return b64url(hashlib.sha256(verifier.encode("ascii")).digest())


def new_signing_key(kid: str) -> jwk.JWK:
    return jwk.JWK.generate(kty="RSA", size=2048, kid=kid, alg="RS256", use="sig")


@dataclass
class ProviderUser:
    sub: str
    email: str
    name: str
    given_name: str = ""
    family_name: str = ""
    email_verified: bool = True

    def claims(self) -> dict[str, Any]:
        claims: dict[str, Any] = {
            "sub": self.sub,
            "email": self.email,
            "email_verified": self.email_verified,
            "name": self.name,
        }
        if self.given_name:
            claims["given_name"] = self.given_name
        if self.family_name:
            claims["family_name"] = self.family_name
        return claims


@dataclass
class Grant:
    client_id: str
    redirect_uri: str
    scope: list[str]
    nonce: str | None
    code_challenge: str | None
    code_challenge_method: str | None
    auth_time: int
    expires_at: float


@dataclass
class LoggedRequest:
    method: str
    path: str
    query: dict[str, list[str]]
    form: dict[str, list[str]]
    headers: dict[str, str]
    status: int = 0
    note: str = ""  # which client authentication was used, or why the request was refused


@dataclass
class OIDCProvider:
    client_id: str
    client_secret: str
    redirect_uris: list[str]
    user: ProviderUser
    auth_methods: tuple[str, ...] = AUTH_METHODS
    require_pkce: bool = True
    # Negative-test knobs, changeable while the server runs.
    sign_with: jwk.JWK | None = None
    unsigned_id_token: bool = False
    id_token_overrides: dict[str, Any] = field(default_factory=dict)
    userinfo_overrides: dict[str, Any] = field(default_factory=dict)

    log: list[LoggedRequest] = field(default_factory=list, init=False)
    key: jwk.JWK = field(init=False)
    _codes: dict[str, Grant] = field(default_factory=dict, init=False)
    _access_tokens: dict[str, float] = field(default_factory=dict, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)
    _server: ThreadingHTTPServer | None = field(default=None, init=False)
    _thread: threading.Thread | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        self.key = new_signing_key(kid=f"test-{secrets.token_hex(4)}")

    # --- Lifecycle ---------------------------------------------------------------------------
    def start(self) -> OIDCProvider:
        handler = type("Handler", (_Handler,), {"provider": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name="oidc-provider", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = self._thread = None

    def __enter__(self) -> OIDCProvider:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def issuer(self) -> str:
        assert self._server is not None, "the provider is not running"
        port = self._server.server_address[1]
        return f"http://127.0.0.1:{port}"

    def requests_to(self, path: str) -> list[LoggedRequest]:
        with self._lock:
            return [r for r in self.log if r.path == path]

    # --- Documents ---------------------------------------------------------------------------
    def discovery(self) -> dict[str, Any]:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"],
            "grant_types_supported": ["authorization_code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": ["openid", "profile", "email"],
            "token_endpoint_auth_methods_supported": list(self.auth_methods),
            "code_challenge_methods_supported": ["S256"],
            "claims_supported": [
                "sub",
                "iss",
                "aud",
                "exp",
                "iat",
                "auth_time",
                "nonce",
                "email",
                "email_verified",
                "name",
                "given_name",
                "family_name",
            ],
        }

    def jwks(self) -> dict[str, Any]:
        return {"keys": [self.key.export_public(as_dict=True)]}

    def make_id_token(self, grant: Grant) -> str:
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "sub": self.user.sub,
            "aud": grant.client_id,
            "exp": now + TOKEN_LIFETIME,
            "iat": now,
            "auth_time": grant.auth_time,
        }
        if grant.nonce is not None:
            claims["nonce"] = grant.nonce
        user_claims = self.user.claims()
        if "email" in grant.scope:
            claims.update({k: user_claims[k] for k in ("email", "email_verified")})
        if "profile" in grant.scope:
            claims.update({k: v for k, v in user_claims.items() if k in ("name", "given_name", "family_name")})
        claims.update(self.id_token_overrides)
        if self.unsigned_id_token:
            header = {"alg": "none", "typ": "JWT", "kid": self.key.kid}
            return ".".join(b64url(json.dumps(part).encode()) for part in (header, claims)) + "."
        key = self.sign_with or self.key
        # The header names the published key's id even when signing with another key: a relying
        # party that verifies finds that key and the signature does not match it.
        token = jwcrypto_jwt.JWT(header={"alg": "RS256", "typ": "JWT", "kid": self.key.kid}, claims=claims)
        token.make_signed_token(key)
        return token.serialize()

    def userinfo(self) -> dict[str, Any]:
        return {**self.user.claims(), **self.userinfo_overrides}


class OAuthError(Exception):
    def __init__(self, error: str, description: str, status: int = 400) -> None:
        super().__init__(description)
        self.error, self.description, self.status = error, description, status


class _Handler(BaseHTTPRequestHandler):
    provider: OIDCProvider
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # silence the server
        pass

    # --- Plumbing ----------------------------------------------------------------------------
    def _record(self) -> LoggedRequest:
        parts = urlsplit(self.path)
        form: dict[str, list[str]] = {}
        if self.command == "POST":
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode("utf-8") if length else ""
            form = parse_qs(body, keep_blank_values=True)
        entry = LoggedRequest(
            method=self.command,
            path=parts.path,
            query=parse_qs(parts.query, keep_blank_values=True),
            form=form,
            headers={k.lower(): v for k, v in self.headers.items()},
        )
        with self.provider._lock:
            self.provider.log.append(entry)
        return entry

    def _send(self, entry: LoggedRequest, status: int, body: bytes, content_type: str, **headers: str) -> None:
        entry.status = status
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def _json(self, entry: LoggedRequest, data: dict[str, Any], status: int = 200, **headers: str) -> None:
        self._send(entry, status, json.dumps(data).encode(), "application/json", **headers)

    def _error(self, entry: LoggedRequest, exc: OAuthError, **headers: str) -> None:
        entry.note = f"{exc.error}: {exc.description}"
        self._json(entry, {"error": exc.error, "error_description": exc.description}, exc.status, **headers)

    def do_GET(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    def _dispatch(self) -> None:
        entry = self._record()
        routes = {
            "/.well-known/openid-configuration": ("GET", self._discovery),
            "/authorize": ("GET", self._authorize),
            "/token": ("POST", self._token),
            "/userinfo": ("GET POST", self._userinfo),
            "/jwks": ("GET", self._jwks),
        }
        route = routes.get(entry.path)
        if route is None:
            self._send(entry, 404, b"not found", "text/plain")
        elif self.command not in route[0].split():
            self._send(entry, 405, b"method not allowed", "text/plain", Allow=route[0].replace(" ", ", "))
        else:
            route[1](entry)

    # --- Endpoints ---------------------------------------------------------------------------
    def _discovery(self, entry: LoggedRequest) -> None:
        self._json(entry, self.provider.discovery())

    def _jwks(self, entry: LoggedRequest) -> None:
        self._json(entry, self.provider.jwks())

    def _authorize(self, entry: LoggedRequest) -> None:
        p = self.provider
        q = {k: v[-1] for k, v in entry.query.items()}
        client_id, redirect_uri = q.get("client_id"), q.get("redirect_uri")
        # An unknown client or redirect URI must not be redirected to (RFC 6749, 4.1.2.1).
        if client_id != p.client_id or redirect_uri not in p.redirect_uris:
            entry.note = "unknown client or redirect_uri"
            self._send(entry, 400, b"unknown client_id or unregistered redirect_uri", "text/plain")
            return
        state = q.get("state")
        try:
            if q.get("response_type") != "code":
                raise OAuthError("unsupported_response_type", "only response_type=code is supported")
            scope = q.get("scope", "").split()
            if "openid" not in scope:
                raise OAuthError("invalid_scope", "the openid scope is required")
            challenge, method = q.get("code_challenge"), q.get("code_challenge_method")
            if challenge is None:
                if p.require_pkce:
                    raise OAuthError("invalid_request", "PKCE code_challenge is required")
            elif method != "S256":
                raise OAuthError("invalid_request", "only code_challenge_method=S256 is supported")
            code = secrets.token_urlsafe(32)
            grant = Grant(
                client_id=client_id,
                redirect_uri=redirect_uri,
                scope=scope,
                nonce=q.get("nonce"),
                code_challenge=challenge,
                code_challenge_method=method,
                auth_time=int(time.time()),
                expires_at=time.time() + CODE_LIFETIME,
            )
            with p._lock:
                p._codes[code] = grant
            params = {"code": code}
        except OAuthError as exc:
            entry.note = f"{exc.error}: {exc.description}"
            params = {"error": exc.error, "error_description": exc.description}
        if state is not None:
            params["state"] = state
        self._redirect(entry, _add_query(redirect_uri, params))

    def _redirect(self, entry: LoggedRequest, location: str) -> None:
        self._send(entry, 302, b"", "text/plain", Location=location)

    def _authenticate_client(self, entry: LoggedRequest) -> str:
        p = self.provider
        form = {k: v[-1] for k, v in entry.form.items()}
        authorization = entry.headers.get("authorization", "")
        used: list[tuple[str, str, str | None]] = []
        if authorization[:6].lower() == "basic ":
            try:
                decoded = base64.b64decode(authorization[6:], validate=True).decode("utf-8")
                raw_id, _, raw_secret = decoded.partition(":")
            except (ValueError, UnicodeDecodeError) as exc:
                raise OAuthError("invalid_client", "malformed Basic credentials", 401) from exc
            # RFC 6749, 2.3.1: the id and secret are form-urlencoded before Base64.
            used.append(("client_secret_basic", unquote_plus(raw_id), unquote_plus(raw_secret)))
        if "client_secret" in form:
            used.append(("client_secret_post", form.get("client_id", ""), form["client_secret"]))
        if len(used) != 1:
            raise OAuthError(
                "invalid_client" if not used else "invalid_request",
                "exactly one client authentication method must be used",
                401 if not used else 400,
            )
        method, client_id, secret = used[0]
        if method not in p.auth_methods:
            raise OAuthError("invalid_client", f"{method} is not allowed for this client", 401)
        if form.get("client_id", client_id) != client_id:
            raise OAuthError("invalid_request", "client_id in the body does not match the credentials")
        if client_id != p.client_id or not hmac.compare_digest((secret or "").encode(), p.client_secret.encode()):
            raise OAuthError("invalid_client", "client authentication failed", 401)
        entry.note = method
        return client_id

    def _token(self, entry: LoggedRequest) -> None:
        p = self.provider
        try:
            client_id = self._authenticate_client(entry)
        except OAuthError as exc:
            headers = {"WWW_Authenticate": 'Basic realm="oidc-test"'} if exc.status == 401 else {}
            self._error(entry, exc, **headers)
            return
        method = entry.note
        form = {k: v[-1] for k, v in entry.form.items()}
        try:
            if form.get("grant_type") != "authorization_code":
                raise OAuthError("unsupported_grant_type", "only authorization_code is supported")
            with p._lock:
                # A code is good for one attempt only, successful or not.
                grant = p._codes.pop(form.get("code", ""), None)
            if grant is None or grant.expires_at < time.time():
                raise OAuthError("invalid_grant", "unknown, used or expired code")
            if grant.client_id != client_id:
                raise OAuthError("invalid_grant", "the code was issued to another client")
            if form.get("redirect_uri") != grant.redirect_uri:
                raise OAuthError("invalid_grant", "redirect_uri does not match the authorization request")
            verifier = form.get("code_verifier")
            if grant.code_challenge is not None:
                if not verifier:
                    raise OAuthError("invalid_grant", "code_verifier is required")
                if not hmac.compare_digest(s256(verifier), grant.code_challenge):
                    raise OAuthError("invalid_grant", "code_verifier does not match code_challenge")
            elif verifier:
                raise OAuthError("invalid_grant", "code_verifier without a code_challenge")
        except OAuthError as exc:
            self._error(entry, exc)
            return
        access_token = secrets.token_urlsafe(32)
        with p._lock:
            p._access_tokens[access_token] = time.time() + TOKEN_LIFETIME
        entry.note = method
        self._json(
            entry,
            {
                "access_token": access_token,
                "token_type": "Bearer",
                "expires_in": TOKEN_LIFETIME,
                "scope": " ".join(grant.scope),
                "id_token": p.make_id_token(grant),
            },
            Pragma="no-cache",
        )

    def _userinfo(self, entry: LoggedRequest) -> None:
        p = self.provider
        authorization = entry.headers.get("authorization", "")
        token = authorization[7:] if authorization[:7].lower() == "bearer " else ""
        with p._lock:
            expires_at = p._access_tokens.get(token)
        if not token or expires_at is None or expires_at < time.time():
            entry.note = "invalid_token"
            self._json(
                entry,
                {"error": "invalid_token"},
                401,
                WWW_Authenticate='Bearer error="invalid_token"',
            )
            return
        self._json(entry, p.userinfo())


def _add_query(url: str, params: dict[str, str]) -> str:
    parts = urlsplit(url)
    query = f"{parts.query}&{urlencode(params)}" if parts.query else urlencode(params)
    return urlunsplit(parts._replace(query=query))
