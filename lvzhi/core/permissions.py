"""Permission predicates every module uses, written once. Roles and module permissions are
methods of the user (`has_role`, `has_module_perm`, `can_read_module`, defined by `accounts`);
committee scope comes from `lvzhi.core.scope`. A module names its permission:

    can_manage(user, committee, Permission.PROPOSALS)     # the office of that module, in scope
    require_manage(user, committee, Permission.PROPOSALS) # Forbidden otherwise (NotFound if out of scope)
"""

from lvzhi.core.errors import Forbidden, NotFound
from lvzhi.core.scope import committee_ids


def _id(committee):
    return getattr(committee, "pk", committee)


def is_authenticated(user) -> bool:
    return bool(user and getattr(user, "is_authenticated", False))


def in_scope(user, committee) -> bool:
    return is_authenticated(user) and _id(committee) in committee_ids(user)


def can_manage(user, committee, permission) -> bool:
    """Staff holding the module's permission, for a committee in their scope."""
    return is_authenticated(user) and user.has_module_perm(permission) and _id(committee) in committee_ids(user)


def require_manage(user, committee, permission, *, message=None, hide_out_of_scope=False) -> None:
    """Forbidden unless `can_manage`; with `hide_out_of_scope`, a committee outside the user's scope is
    NotFound (as if it did not exist)."""
    if can_manage(user, committee, permission):
        return
    if hide_out_of_scope and committee is not None and not in_scope(user, committee):
        raise NotFound()
    raise Forbidden(message) if message else Forbidden()


def can_read(user, permission) -> bool:
    """Staff holding the module's permission, and leaders (who read every module in scope)."""
    return is_authenticated(user) and user.can_read_module(permission)


def is_member_user(user) -> bool:
    """A member's account: linked to a member and holding the member role."""
    return is_authenticated(user) and bool(user.member_id) and user.has_role("member")


def is_leader_for(user, committee) -> bool:
    return is_authenticated(user) and user.has_role("leader") and _id(committee) in committee_ids(user)
