"""The one acting on a request, and what its role lets it do.

Roles: `admin` — the street office: everything; `inspector` — community
staff: reads and writes records of their own communities only; `viewer` — leaders
and other departments: reads everything, personal data masked, never writes;
`system` — another system's API key, with scopes (`read`, `pii`, `write`,
`complaints:write`); `public` — no login: only the public routes.
"""

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    INSPECTOR = "inspector"
    VIEWER = "viewer"
    SYSTEM = "system"
    PUBLIC = "public"


class Permission(StrEnum):
    READ = "read"  # read records (scoped for inspectors)
    WRITE_RECORDS = "write_records"  # households, violations, sweeps
    WRITE_PLACES = "write_places"  # communities, compounds, grid cells
    ADMIN = "admin"  # users, API keys, the audit log
    PII = "pii"  # see personal data unmasked


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(Permission),
    Role.INSPECTOR: frozenset({Permission.READ, Permission.WRITE_RECORDS, Permission.PII}),
    Role.VIEWER: frozenset({Permission.READ}),
    Role.PUBLIC: frozenset(),
}

SCOPE_PERMISSIONS: dict[str, frozenset[Permission]] = {
    "read": frozenset({Permission.READ}),
    "pii": frozenset({Permission.PII}),
    "write": frozenset({Permission.READ, Permission.WRITE_RECORDS, Permission.WRITE_PLACES}),
    "complaints:write": frozenset(),
}
API_KEY_SCOPES: tuple[str, ...] = tuple(SCOPE_PERMISSIONS)  # as api.vocabulary holds them


@dataclass(frozen=True)
class Principal:
    name: str  # username, "key:<name>", or "public"
    role: Role
    permissions: frozenset[Permission]
    communities: tuple[int, ...] | None = None  # None: every community
    user_id: int | None = None
    api_key_id: int | None = None
    token_digest: str | None = None
    scopes: tuple[str, ...] = ()

    @property
    def kind(self) -> str:
        if self.api_key_id is not None:
            return "api_key"
        return "user" if self.user_id is not None else "public"

    @property
    def authenticated(self) -> bool:
        return self.role is not Role.PUBLIC

    def can(self, permission: Permission) -> bool:
        return permission in self.permissions

    @property
    def sees_pii(self) -> bool:
        return self.can(Permission.PII)

    def in_scope(self, community_id: int | None) -> bool:
        return self.communities is None or community_id in self.communities


PUBLIC = Principal(name="public", role=Role.PUBLIC, permissions=frozenset())


def user_principal(
    user_id: int, username: str, role: str, communities: list[int], token_digest: str | None
) -> Principal:
    the_role = Role(role)
    return Principal(
        name=username,
        role=the_role,
        permissions=ROLE_PERMISSIONS[the_role],
        communities=tuple(communities) if the_role is Role.INSPECTOR else None,
        user_id=user_id,
        token_digest=token_digest,
    )


def key_principal(key_id: int, name: str, scopes: list[str]) -> Principal:
    permissions: frozenset[Permission] = frozenset().union(*(SCOPE_PERMISSIONS[s] for s in scopes))
    return Principal(
        name=f"key:{name}",
        role=Role.SYSTEM,
        permissions=permissions,
        api_key_id=key_id,
        scopes=tuple(scopes),
    )


@dataclass(frozen=True)
class Actor:
    """The principal acting on one request, as services record it."""

    principal: Principal
    request_id: str | None = None

    @property
    def username(self) -> str:
        return self.principal.name
